#pragma once

// Internal to the list query files (list_query.cpp, list_convert.cpp,
// list_match.cpp, list_page.cpp): the conversions of argument text and the
// text helpers they share. Not part of the HTTP API.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/list_query.hpp"
#include "result.hpp"

#include <boost/json/parse_options.hpp>

namespace bora::http::detail {

/// The deepest nesting accepted in JSON filter values and read back from
/// JSON-typed attributes; deeper text is refused (filters) or never matches.
constexpr unsigned kMaxJsonDepth = 100;

/// Returns the parse options that enforce `kMaxJsonDepth`.
boost::json::parse_options json_options();

/// Returns `s` with ASCII letters lower-cased; other bytes unchanged.
std::string ascii_lower(std::string_view s);

/// Returns true when `text` matches the SQL LIKE `pattern` as SQLite matches
/// it: `%` is any run of characters, `_` one (UTF-8) character, and ASCII
/// letters compare case-insensitively. `pattern` must already be lower-cased
/// with `ascii_lower`. There is no escape character. Time is at most
/// proportional to `text.size() * pattern.size()`; no recursion.
bool sql_like(std::string_view text, std::string_view pattern);

/// Returns `s` split at every `sep` (Python's `str.split(sep)`: empty parts
/// kept, an empty `s` gives one empty part).
std::vector<std::string> split(std::string_view s, char sep);

/// Returns `s` without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);

/// Converts the values of an integer argument as Python's `int()` reads text
/// (whitespace around, a sign, `_` between digits). `type` is the type name in
/// Mistral's message ("int" for limit, "integer" for filters). Several values
/// are an error, as in Mistral. Magnitudes past int64 saturate.
Result<int64_t> convert_int(const std::string& name, const char* type,
                            const std::vector<std::string>& values);

/// Converts the values of a UUID argument: an `op:` prefix is dropped, and
/// what is left must look like a UUID (any case, dashes and braces optional).
Result<std::string> convert_uuid(const std::string& name, const std::vector<std::string>& values);

/// Converts the values of the filter argument `name` of the given kind into a
/// filter; nothing when the value sets no filter (JSON `null`, no tags, a
/// text-typed tags argument with an operator other than `eq`).
Result<std::optional<Filter>> convert_filter(const std::string& name, FilterKind kind,
                                             const std::vector<std::string>& values);

/// Returns the LIKE pattern that finds `tag` inside the JSON text of a list
/// of tags, lower-cased: `%"tag"%`.
std::string tag_pattern(std::string_view tag);

/// Appends `s` to `out` percent-encoded for a URL query value: letters,
/// digits and `-._~:,/@!$'()*;` stay as they are, every other byte is `%XX`.
void append_query_value(std::string& out, std::string_view s);

}  // namespace bora::http::detail
