#pragma once

// Helpers shared by the .cpp files of src/actors/actions; not for use outside
// this directory. Python conversion rules (float(), int()) and the pieces of
// std.http that are pure functions (building a request from the input).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "actors/actions/system_actions.hpp"
#include "dsl/pystr.hpp"
#include "result.hpp"

namespace bora::actors::actions::detail {

// -- Python value conversions ------------------------------------------------

/// How a Python conversion (`float(x)`, `int(x)`) ended.
enum class PyConv : uint8_t {
  ok = 1,
  /// ValueError: text that is not a number (Mistral's actions fall back to 0).
  value_error,
  /// TypeError: null, list or dict.
  type_error,
  /// OverflowError: `int(float('inf'))`.
  overflow,
};

/// The outcome of a conversion; `value` is meaningful when `status` is ok.
/// Integers beyond 2^53 lose precision, which no caller depends on.
struct PyNumber {
  PyConv status = PyConv::ok;
  double value = 0;
};

/// Returns Python's `float(v)` for a JSON value (bool and numbers, and text
/// such as " 1.5 ", "1_0", "inf", "nan").
PyNumber py_float(const boost::json::value& v);

/// Returns Python's `int(v)`: floats truncate, text must be a base-10 integer.
PyNumber py_int(const boost::json::value& v);

using dsl::py_type_name;

/// Returns true if `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

/// Returns true when `seconds` cannot be slept by Python's time.sleep
/// (it raises OverflowError), i.e. the value exceeds 2^63 nanoseconds.
bool sleep_overflows(double seconds);

/// The OverflowError text Python's time.sleep gives for such a value.
inline constexpr std::string_view sleep_overflow_text =
    "timestamp too large to convert to C _PyTime_t";

// -- error texts ---------------------------------------------------------------

/// Returns the error Mistral's executor reports when an action raises:
/// `The action raised an exception [action=<repr>, action_ex_id=<id or None>, msg='<msg>']`.
std::string raised_text(std::string_view action_repr, const CallInfo& call, std::string_view msg);

/// Returns how error texts name `action`: `Fail action` for std.fail (its
/// Python repr), else the action name (Mistral prints an object address).
std::string_view action_repr(const SystemAction& action);

/// Returns an error result holding `raised_text(...)`.
ActionResult raised(std::string_view action_repr, const CallInfo& call, std::string_view msg);

/// Returns the text eventlet's Timeout gives for `seconds` ("1 second",
/// "5 seconds", "2.5 seconds").
std::string timeout_text(double seconds);

// -- std.http ------------------------------------------------------------------

/// Largest response body std.http keeps (after decompression).
inline constexpr std::size_t max_http_body_bytes = std::size_t{64} << 20;
/// Per-operation timeout when the input gives none (Mistral waits forever).
inline constexpr double default_http_timeout_seconds = 300;
/// Largest per-operation timeout honoured.
inline constexpr double max_http_timeout_seconds = 86'400;
/// Deepest JSON a response body may nest and still be parsed as JSON.
inline constexpr unsigned max_http_json_depth = 100;

/// Where a request goes, parsed from `url` as Python requests prepares it.
struct HttpTarget {
  std::string scheme;  // "http" or "https"
  std::string host;    // without IPv6 brackets
  uint16_t port = 0;
  /// Path plus `?query`, percent-encoded, as sent on the request line.
  std::string target;
  /// The prepared URL (reported as `url` in the result).
  std::string url;
  /// `scheme://[userinfo@]host[:port]`, the start of `url`.
  std::string origin;
  /// Decoded user and password from the URL's userinfo, if any.
  std::optional<std::pair<std::string, std::string>> userinfo;
};

/// A proxy for the request (`proxies` input).
struct HttpProxy {
  std::string host;
  uint16_t port = 0;
  std::optional<std::pair<std::string, std::string>> userinfo;
};

/// Everything std.http sends, resolved from the action input.
struct HttpRequest {
  std::string method;
  HttpTarget target;
  /// Request headers, names unique case-insensitively, in insertion order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// Per-operation timeout (connect, each read, each write) in seconds.
  double timeout_seconds = default_http_timeout_seconds;
  /// The timeout as the user wrote it (for error texts), empty for none.
  std::string timeout_text;
  bool follow_redirects = false;
  std::optional<HttpProxy> proxy;
  /// TLS verification (https only); `ca_path` is a bundle file or directory.
  bool verify = true;
  std::string ca_path;
};

/// Returns the failure std.http's constructor raises for this input, if any
/// (both `json` and `body`; `auth` that is not text), as Mistral's text.
std::optional<std::string> http_constructor_error(const boost::json::object& input);

/// Builds the request from checked input plus `extra_headers` (which win over
/// the input's headers). Errors carry the reason Mistral's HTTP client gives,
/// without the `Failed to send HTTP request: ` prefix.
Result<HttpRequest> build_http_request(
    const boost::json::object& input,
    const std::vector<std::pair<std::string, std::string>>& extra_headers);

/// Returns the request URL parsed as Python requests does, with `params`
/// (any JSON value) appended to the query. Errors as for build_http_request.
Result<HttpTarget> parse_http_url(const boost::json::value& url, const boost::json::value& params);

/// Returns `params` encoded as a query string (`a=1&b=x+y`); errors for
/// values requests refuses.
Result<std::string> encode_query(const boost::json::value& params);

/// Returns the `encoding` requests derives from a Content-Type header value:
/// its charset, ISO-8859-1 for text/*, utf-8 for application/json, else null.
boost::json::value encoding_from_content_type(std::string_view content_type);

}  // namespace bora::actors::actions::detail
