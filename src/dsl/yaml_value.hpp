#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "result.hpp"

namespace bora::dsl {

/// Parses YAML text into a JSON value the way a safe YAML 1.1 loader does
/// (plain scalars resolve to null, booleans, integers and floats by YAML 1.1
/// rules; an empty document is null). Bounded like definitions are: depth,
/// size and alias expansion. Fails with `Errc::parse_error` (with line and
/// column) or `Errc::limit_exceeded`.
Result<boost::json::value> parse_yaml_value(std::string_view text);

/// Returns the block-style YAML text of `v` as a safe YAML dumper writes it
/// with default_flow_style off: keys sorted, two-space indentation, sequences
/// under a key not indented, empty collections in flow style, strings quoted
/// only when a plain scalar would read back as something else.
std::string dump_yaml_value(const boost::json::value& v);

}  // namespace bora::dsl
