// Scalar resolution that follows PyYAML's safe loader (YAML 1.1), which is
// what Mistral parses definitions with. yaml-cpp only tokenizes; the meaning
// of a plain scalar is decided here.
#include "dsl/yaml_scalar.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace bora::dsl {
namespace {

bool is_bool_word(std::string_view s, bool& value) {
  static constexpr std::string_view yes[] = {"yes",  "Yes", "YES", "true", "True",
                                             "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view no[] = {"no",    "No",  "NO",  "false", "False",
                                            "FALSE", "off", "Off", "OFF"};
  for (auto w : yes) {
    if (s == w) {
      value = true;
      return true;
    }
  }
  for (auto w : no) {
    if (s == w) {
      value = false;
      return true;
    }
  }
  return false;
}

bool is_null_word(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// The YAML 1.1 int and float patterns PyYAML registers, matched by hand:
// std::regex recurses per character and overflows the stack on long input.
bool all_in(std::string_view s, bool (*ok)(char)) {
  for (char c : s) {
    if (!ok(c)) {
      return false;
    }
  }
  return true;
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool digit_(char c) {
  return digit(c) || c == '_';
}
bool octal_(char c) {
  return (c >= '0' && c <= '7') || c == '_';
}
bool binary_(char c) {
  return c == '0' || c == '1' || c == '_';
}
bool hex_(char c) {
  return digit_(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view unsigned_part(std::string_view s) {
  return !s.empty() && (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
}

// `(:[0-5]?[0-9])+` over the whole of `s`.
bool sexagesimal_groups(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  while (!s.empty()) {
    if (s[0] != ':') {
      return false;
    }
    std::size_t n = 1;
    while (n < s.size() && digit(s[n])) {
      ++n;
    }
    std::size_t digits = n - 1;
    if (digits == 0 || digits > 2 || (digits == 2 && s[1] > '5')) {
      return false;
    }
    s.remove_prefix(n);
  }
  return true;
}

bool is_yaml11_int(std::string_view s) {
  std::string_view t = unsigned_part(s);
  if (t.empty()) {
    return false;
  }
  if (t.substr(0, 2) == "0b") {
    return t.size() > 2 && all_in(t.substr(2), binary_);
  }
  if (t.substr(0, 2) == "0x") {
    return t.size() > 2 && all_in(t.substr(2), hex_);
  }
  if (t[0] == '0') {
    return all_in(t.substr(1), octal_);
  }
  if (t[0] < '1' || t[0] > '9') {
    return false;
  }
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos) {
    return all_in(t, digit_);
  }
  return all_in(t.substr(0, colon), digit_) && sexagesimal_groups(t.substr(colon));
}

// `[0-9_]*` then an optional `[eE][-+][0-9]+`, to the end of `s`.
bool fraction_and_exponent(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && digit_(s[i])) {
    ++i;
  }
  if (i == s.size()) {
    return true;
  }
  if ((s[i] != 'e' && s[i] != 'E') || i + 1 >= s.size() || (s[i + 1] != '-' && s[i + 1] != '+')) {
    return false;
  }
  std::string_view exponent = s.substr(i + 2);
  return !exponent.empty() && all_in(exponent, digit);
}

bool is_yaml11_float(std::string_view s) {
  bool sign = !s.empty() && (s[0] == '-' || s[0] == '+');
  std::string_view t = unsigned_part(s);
  if (t == ".inf" || t == ".Inf" || t == ".INF") {
    return true;
  }
  if (!sign && (t == ".nan" || t == ".NaN" || t == ".NAN")) {
    return true;
  }
  if (t.empty()) {
    return false;
  }
  if (t[0] == '.') {
    return !sign && t.size() > 1 && digit(t[1]) && fraction_and_exponent(t.substr(1));
  }
  if (!digit(t[0])) {
    return false;
  }
  std::size_t i = 0;
  while (i < t.size() && digit_(t[i])) {
    ++i;
  }
  if (i < t.size() && t[i] == '.') {
    return fraction_and_exponent(t.substr(i + 1));
  }
  // Sexagesimal: digits, `(:[0-5]?[0-9])+`, then `.` and `[0-9_]*`.
  std::size_t dot = t.find('.', i);
  if (i == t.size() || t[i] != ':' || dot == std::string_view::npos) {
    return false;
  }
  return sexagesimal_groups(t.substr(i, dot - i)) && all_in(t.substr(dot + 1), digit_);
}

std::string without_underscores(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s) {
    if (c != '_') {
      r += c;
    }
  }
  return r;
}

// Python ints are unbounded; JSON numbers here are int64, so huge values
// become doubles.
boost::json::value make_int(long double magnitude, bool negative) {
  long double v = negative ? -magnitude : magnitude;
  if (v >= static_cast<long double>(std::numeric_limits<int64_t>::min()) &&
      v <= static_cast<long double>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(v);
  }
  return static_cast<double>(v);
}

long double parse_digits(std::string_view s, int base) {
  long double v = 0;
  for (char c : s) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;
    v = v * base + d;
  }
  return v;
}

// Mirrors PyYAML's int construction on text that already matched.
boost::json::value construct_int(std::string_view text) {
  std::string s = without_underscores(text);
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.erase(0, 1);
  }
  if (s == "0") {
    return int64_t{0};
  }
  if (s.rfind("0b", 0) == 0) {
    return make_int(parse_digits(std::string_view(s).substr(2), 2), negative);
  }
  if (s.rfind("0x", 0) == 0) {
    return make_int(parse_digits(std::string_view(s).substr(2), 16), negative);
  }
  if (s[0] == '0') {
    return make_int(parse_digits(s, 8), negative);
  }
  if (s.find(':') != std::string::npos) {
    long double total = 0;
    std::size_t start = 0;
    while (true) {
      std::size_t colon = s.find(':', start);
      total = total * 60 + parse_digits(std::string_view(s).substr(start, colon - start), 10);
      if (colon == std::string::npos) {
        break;
      }
      start = colon + 1;
    }
    return make_int(total, negative);
  }
  return make_int(parse_digits(s, 10), negative);
}

boost::json::value construct_float(std::string_view text) {
  std::string s = without_underscores(text);
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  double sign = 1.0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    sign = s[0] == '-' ? -1.0 : 1.0;
    s.erase(0, 1);
  }
  if (s == ".inf") {
    return sign * std::numeric_limits<double>::infinity();
  }
  if (s == ".nan") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (s.find(':') != std::string::npos) {
    double total = 0;
    std::size_t start = 0;
    while (true) {
      std::size_t colon = s.find(':', start);
      total = total * 60 + std::strtod(s.substr(start, colon - start).c_str(), nullptr);
      if (colon == std::string::npos) {
        break;
      }
      start = colon + 1;
    }
    return sign * total;
  }
  return sign * std::strtod(s.c_str(), nullptr);
}

bool may_be_number(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  char c = s[0];
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

}  // namespace

boost::json::value resolve_yaml11_scalar(std::string_view text) {
  bool b = false;
  if (is_bool_word(text, b)) {
    return b;
  }
  if (may_be_number(text)) {
    if (is_yaml11_float(text)) {
      return construct_float(text);
    }
    if (is_yaml11_int(text)) {
      return construct_int(text);
    }
  }
  if (is_null_word(text)) {
    return nullptr;
  }
  return boost::json::string(text);
}

bool resolve_tagged_scalar(std::string_view tag, std::string_view text, boost::json::value& out) {
  constexpr std::string_view prefix = "tag:yaml.org,2002:";
  std::string_view name = tag;
  if (tag.substr(0, prefix.size()) == prefix) {
    name = tag.substr(prefix.size());
  } else if (tag != "!") {
    return false;
  }
  if (name == "!" || name == "str" || name == "binary" || name == "timestamp") {
    out = boost::json::string(text);
    return true;
  }
  if (name == "null") {
    out = nullptr;
    return true;
  }
  if (name == "bool") {
    std::string lower;
    for (char c : text) {
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    bool b = false;
    if (is_bool_word(lower, b)) {
      out = b;
      return true;
    }
    return false;
  }
  if (name == "int" && is_yaml11_int(text)) {
    out = construct_int(text);
    return true;
  }
  if (name == "float" && (is_yaml11_float(text) || is_yaml11_int(text))) {
    boost::json::value v = is_yaml11_float(text) ? construct_float(text) : construct_int(text);
    out = v.is_double() ? v.as_double() : static_cast<double>(v.as_int64());
    return true;
  }
  return false;
}

}  // namespace bora::dsl
