#pragma once

// Internal to the resources_*.cpp files: small value converters shared by
// every resource.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

namespace bora::http::detail {

/// Returns a JSON-typed field as Mistral serves it: null stays null, any
/// other value becomes the text Python's `json.dumps` gives for it.
boost::json::value json_text(const boost::json::value& v);

/// Returns the API timestamp of `ms`, or null when empty.
boost::json::value time_or_null(const std::optional<int64_t>& ms);

/// Returns the string, or null when empty.
boost::json::value string_or_null(const std::optional<std::string>& s);

/// Returns the tags as a JSON array of strings.
boost::json::array tags_json(const std::vector<std::string>& tags);

}  // namespace bora::http::detail
