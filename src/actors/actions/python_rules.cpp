// Python's number conversions and the error texts Mistral's executor builds,
// which the std.* actions reproduce.

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include <boost/json/string.hpp>

#include "actors/actions/internal.hpp"
#include "dsl/pystr.hpp"

namespace bora::actors::actions::detail {

namespace json = boost::json;

namespace {

bool is_py_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_py_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_py_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Copies a run of digits where single underscores may separate digits (as
// Python's int() and float() accept); returns the number of bytes consumed,
// 0 when the run is empty or malformed.
std::size_t take_digits(std::string_view s, std::string& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_digit(s[i])) {
      out.push_back(s[i]);
      ++i;
    } else if (s[i] == '_' && i > 0 && is_digit(s[i - 1]) && i + 1 < s.size() &&
               is_digit(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

// Normalises Python float() text into what from_chars reads; empty when the
// text is not a float literal.
std::string float_literal(std::string_view s) {
  std::string out;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    out.push_back(s.front());
    s.remove_prefix(1);
  }
  std::size_t n = take_digits(s, out);
  s.remove_prefix(n);
  bool any_digits = n > 0;
  if (!s.empty() && s.front() == '.') {
    out.push_back('.');
    s.remove_prefix(1);
    std::size_t f = take_digits(s, out);
    s.remove_prefix(f);
    any_digits = any_digits || f > 0;
  }
  if (!any_digits) {
    return {};
  }
  if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
    out.push_back('e');
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
      out.push_back(s.front());
      s.remove_prefix(1);
    }
    std::size_t e = take_digits(s, out);
    if (e == 0) {
      return {};
    }
    s.remove_prefix(e);
  }
  return s.empty() ? out : std::string{};
}

PyNumber float_from_text(std::string_view text) {
  std::string_view s = strip(text);
  bool negative = !s.empty() && s.front() == '-';
  std::string_view body = s;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    body.remove_prefix(1);
  }
  if (iequals(body, "inf") || iequals(body, "infinity")) {
    return {PyConv::ok, negative ? -HUGE_VAL : HUGE_VAL};
  }
  if (iequals(body, "nan")) {
    return {PyConv::ok, std::nan("")};
  }
  std::string lit = float_literal(s);
  if (lit.empty()) {
    return {PyConv::value_error, 0};
  }
  const char* first = lit.data();
  if (*first == '+') {
    ++first;  // from_chars takes no plus sign
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(first, lit.data() + lit.size(), d);
  if (ec == std::errc::result_out_of_range) {
    // Python rounds to inf or 0 instead of failing.
    bool tiny = lit.find("e-") != std::string::npos;
    d = tiny ? 0.0 : HUGE_VAL;
    return {PyConv::ok, negative ? -d : d};
  }
  if (ec != std::errc{} || ptr != lit.data() + lit.size()) {
    return {PyConv::value_error, 0};
  }
  return {PyConv::ok, d};
}

PyNumber int_from_text(std::string_view text) {
  std::string_view s = strip(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::string digits;
  std::size_t n = take_digits(s, digits);
  if (n == 0 || n != s.size()) {
    return {PyConv::value_error, 0};
  }
  // Digits only, so the double conversion cannot fail; huge values become
  // large doubles, which the callers treat as "too long to sleep".
  double d = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), d);
  return {PyConv::ok, negative ? -d : d};
}

}  // namespace

PyNumber py_float(const json::value& v) {
  switch (v.kind()) {
    case json::kind::bool_:
      return {PyConv::ok, v.get_bool() ? 1.0 : 0.0};
    case json::kind::int64:
      return {PyConv::ok, static_cast<double>(v.get_int64())};
    case json::kind::uint64:
      return {PyConv::ok, static_cast<double>(v.get_uint64())};
    case json::kind::double_:
      return {PyConv::ok, v.get_double()};
    case json::kind::string:
      return float_from_text(v.get_string());
    case json::kind::null:
    case json::kind::array:
    case json::kind::object:
      return {PyConv::type_error, 0};
  }
  return {PyConv::type_error, 0};
}

PyNumber py_int(const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_: {
      double d = v.get_double();
      if (std::isnan(d)) {
        return {PyConv::value_error, 0};
      }
      if (std::isinf(d)) {
        return {PyConv::overflow, 0};
      }
      return {PyConv::ok, std::trunc(d)};
    }
    case json::kind::string:
      return int_from_text(v.get_string());
    case json::kind::bool_:
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::null:
    case json::kind::array:
    case json::kind::object:
      return py_float(v);
  }
  return {PyConv::type_error, 0};
}

bool sleep_overflows(double seconds) {
  // time.sleep converts to a signed 64-bit count of nanoseconds.
  return std::isinf(seconds) || seconds * 1e9 >= 9223372036854775807.0;
}

std::string raised_text(std::string_view action_repr, const CallInfo& call, std::string_view msg) {
  std::string out = "The action raised an exception [action=";
  out.append(action_repr);
  out += ", action_ex_id=";
  out += call.action_execution_id.empty() ? std::string("None") : call.action_execution_id;
  out += ", msg='";
  out.append(msg);
  out += "']";
  return out;
}

ActionResult raised(std::string_view action_repr, const CallInfo& call, std::string_view msg) {
  return ActionResult::error(json::string(raised_text(action_repr, call, msg)));
}

std::string timeout_text(double seconds) {
  std::string n;
  if (std::isfinite(seconds) && seconds == std::trunc(seconds) && std::fabs(seconds) < 1e15) {
    n = std::to_string(static_cast<int64_t>(seconds));
  } else {
    n = dsl::py_float_repr(seconds);
  }
  return n + (seconds == 1 ? " second" : " seconds");
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace bora::actors::actions::detail
