#pragma once

#include <string_view>

#include <boost/json/value.hpp>

namespace bora::dsl {

/// Resolves a plain (unquoted, untagged) YAML scalar as a safe YAML 1.1
/// loader does: `~`, `null`, `Null`, `NULL` and the empty text are null;
/// `yes/no/on/off/true/false` (lower, Capitalised or UPPER) are booleans;
/// integers may be decimal, `0x` hex, `0b` binary, leading-`0` octal or
/// sexagesimal (`1:30`) with `_` separators; floats need a dot (`1e3` stays
/// text) or are `.inf`/`.nan`. Anything else is returned as a string.
boost::json::value resolve_yaml11_scalar(std::string_view text);

/// Applies an explicit core tag (`tag:yaml.org,2002:str|int|float|bool|null`)
/// to scalar text; returns false when the text does not fit the tag.
bool resolve_tagged_scalar(std::string_view tag, std::string_view text, boost::json::value& out);

}  // namespace bora::dsl
