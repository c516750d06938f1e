#include "dsl/pystr.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include <boost/json.hpp>

namespace bora::dsl {
namespace json = boost::json;
namespace {

// Decodes one UTF-8 code point starting at s[i]; advances i. Invalid bytes
// decode as themselves (U+0080..U+00FF) so output stays deterministic.
uint32_t next_code_point(std::string_view s, std::size_t& i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
  if (b0 < 0x80 || extra == 0 || i + extra >= s.size()) {
    // ASCII, a stray continuation byte, or a sequence cut short.
    ++i;
    return b0;
  }
  uint32_t cp = b0 & (0x3Fu >> extra);
  for (std::size_t k = 1; k <= extra; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  i += extra + 1;
  return cp;
}

void append_hex(std::string& out, uint32_t v, int digits) {
  static const char* hex = "0123456789abcdef";
  for (int k = digits - 1; k >= 0; --k) {
    out.push_back(hex[(v >> (4 * k)) & 0xF]);
  }
}

// Python's str.isprintable() for the code points we can judge cheaply:
// controls and the C1 range are not printable; everything else is shown.
bool printable(uint32_t cp) {
  return !(cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0xD800 && cp < 0xE000));
}

void append_py_string_repr(std::string& out, std::string_view s) {
  // Python picks single quotes unless the text has a single quote and no
  // double quote.
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  out.push_back(quote);
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    uint32_t cp = next_code_point(s, i);
    if (cp == static_cast<uint32_t>(quote) || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (!printable(cp)) {
      if (cp < 0x100) {
        out += "\\x";
        append_hex(out, cp, 2);
      } else if (cp < 0x10000) {
        out += "\\u";
        append_hex(out, cp, 4);
      } else {
        out += "\\U";
        append_hex(out, cp, 8);
      }
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  out.push_back(quote);
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = next_code_point(s, i);
    switch (cp) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (cp < 0x20 || cp > 0x7E) {
      if (cp >= 0x10000) {
        uint32_t v = cp - 0x10000;
        out += "\\u";
        append_hex(out, 0xD800 + (v >> 10), 4);
        out += "\\u";
        append_hex(out, 0xDC00 + (v & 0x3FF), 4);
      } else {
        out += "\\u";
        append_hex(out, cp, 4);
      }
    } else {
      out.push_back(static_cast<char>(cp));
    }
  }
  out.push_back('"');
}

void append_number(std::string& out, const json::value& v) {
  char buf[32];
  if (v.is_int64()) {
    auto r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
    out.append(buf, r.ptr);
  } else if (v.is_uint64()) {
    auto r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
    out.append(buf, r.ptr);
  } else {
    out += py_float_repr(v.get_double());
  }
}

void append_json_float(std::string& out, double d) {
  // json.dumps writes NaN and Infinity for the non-finite values.
  if (std::isnan(d)) {
    out += "NaN";
  } else if (std::isinf(d)) {
    out += d > 0 ? "Infinity" : "-Infinity";
  } else {
    out += py_float_repr(d);
  }
}

void newline(std::string& out, int indent, int level) {
  out.push_back('\n');
  out.append(static_cast<std::size_t>(indent * level), ' ');
}

void append_json(std::string& out, const json::value& v, int indent, bool sort_keys, int level);

void append_json_object(std::string& out, const json::object& o, int indent, bool sort_keys,
                        int level) {
  if (o.empty()) {
    out += "{}";
    return;
  }
  std::vector<const json::key_value_pair*> items;
  items.reserve(o.size());
  for (const auto& kv : o) {
    items.push_back(&kv);
  }
  if (sort_keys) {
    std::stable_sort(items.begin(), items.end(),
                     [](auto* a, auto* b) { return a->key() < b->key(); });
  }
  out.push_back('{');
  bool first = true;
  for (const auto* kv : items) {
    if (!first) {
      out.push_back(',');
      if (indent < 0) {
        out.push_back(' ');
      }
    }
    first = false;
    if (indent >= 0) {
      newline(out, indent, level + 1);
    }
    append_json_string(out, kv->key());
    out += ": ";
    append_json(out, kv->value(), indent, sort_keys, level + 1);
  }
  if (indent >= 0) {
    newline(out, indent, level);
  }
  out.push_back('}');
}

void append_json(std::string& out, const json::value& v, int indent, bool sort_keys, int level) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
    case json::kind::uint64:
      append_number(out, v);
      return;
    case json::kind::double_:
      append_json_float(out, v.get_double());
      return;
    case json::kind::string:
      append_json_string(out, v.get_string());
      return;
    case json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out.push_back('[');
      bool first = true;
      for (const auto& e : a) {
        if (!first) {
          out.push_back(',');
          if (indent < 0) {
            out.push_back(' ');
          }
        }
        first = false;
        if (indent >= 0) {
          newline(out, indent, level + 1);
        }
        append_json(out, e, indent, sort_keys, level + 1);
      }
      if (indent >= 0) {
        newline(out, indent, level);
      }
      out.push_back(']');
      return;
    }
    case json::kind::object:
      append_json_object(out, v.get_object(), indent, sort_keys, level);
      return;
  }
}

// Returns a number as double for cross-kind comparison.
double as_double(const json::value& v) {
  switch (v.kind()) {
    case json::kind::int64:
      return static_cast<double>(v.get_int64());
    case json::kind::uint64:
      return static_cast<double>(v.get_uint64());
    case json::kind::double_:
      return v.get_double();
    case json::kind::bool_:
      return v.get_bool() ? 1.0 : 0.0;
    default:
      return 0.0;
  }
}

bool is_numeric(const json::value& v) {
  return v.is_number() || v.is_bool();
}

}  // namespace

std::string py_float_repr(double d) {
  if (std::isnan(d)) {
    return "nan";
  }
  if (std::isinf(d)) {
    return d > 0 ? "inf" : "-inf";
  }
  if (d == 0.0) {
    return std::signbit(d) ? "-0.0" : "0.0";
  }
  // Shortest round-trip digits in scientific form, then laid out the way
  // Python's repr does: fixed notation for exponents -4..15, else scientific.
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  bool negative = sci[0] == '-';
  std::size_t epos = sci.find('e');
  std::string mant = sci.substr(negative ? 1 : 0, epos - (negative ? 1 : 0));
  int exp = std::atoi(sci.c_str() + epos + 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') {
      digits.push_back(c);
    }
  }
  std::string out = negative ? "-" : "";
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      std::size_t int_len = static_cast<std::size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_len);
        out += '.';
        out += digits.substr(int_len);
      }
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += 'e';
  out += exp < 0 ? '-' : '+';
  int aexp = exp < 0 ? -exp : exp;
  if (aexp < 10) {
    out += '0';
  }
  out += std::to_string(aexp);
  return out;
}

void append_py_repr(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "None";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "True" : "False";
      return;
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      append_number(out, v);
      return;
    case json::kind::string:
      append_py_string_repr(out, v.get_string());
      return;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) {
          out += ", ";
        }
        first = false;
        append_py_repr(out, e);
      }
      out.push_back(']');
      return;
    }
    case json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) {
          out += ", ";
        }
        first = false;
        append_py_string_repr(out, kv.key());
        out += ": ";
        append_py_repr(out, kv.value());
      }
      out.push_back('}');
      return;
    }
  }
}

std::string py_repr(const json::value& v) {
  std::string out;
  append_py_repr(out, v);
  return out;
}

std::string py_str(const json::value& v) {
  if (v.is_string()) {
    return std::string(v.get_string());
  }
  return py_repr(v);
}

std::string py_json_dumps(const json::value& v, int indent, bool sort_keys) {
  std::string out;
  append_json(out, v, indent, sort_keys, 0);
  return out;
}

const char* py_type_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "NoneType";
    case json::kind::bool_:
      return "bool";
    case json::kind::int64:
    case json::kind::uint64:
      return "int";
    case json::kind::double_:
      return "float";
    case json::kind::string:
      return "str";
    case json::kind::array:
      return "list";
    case json::kind::object:
      return "dict";
  }
  return "object";
}

bool py_truthy(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return false;
    case json::kind::bool_:
      return v.get_bool();
    case json::kind::int64:
      return v.get_int64() != 0;
    case json::kind::uint64:
      return v.get_uint64() != 0;
    case json::kind::double_:
      return v.get_double() != 0.0;
    case json::kind::string:
      return !v.get_string().empty();
    case json::kind::array:
      return !v.get_array().empty();
    case json::kind::object:
      return !v.get_object().empty();
  }
  return false;
}

bool py_equal(const json::value& a, const json::value& b) {
  if (is_numeric(a) && is_numeric(b)) {
    if (a.is_double() || b.is_double() || a.is_bool() || b.is_bool()) {
      return as_double(a) == as_double(b);
    }
    if (a.is_int64() && b.is_int64()) {
      return a.get_int64() == b.get_int64();
    }
    if (a.is_uint64() && b.is_uint64()) {
      return a.get_uint64() == b.get_uint64();
    }
    // One signed, one unsigned: equal only when the signed one is not negative.
    const json::value& s = a.is_int64() ? a : b;
    const json::value& u = a.is_int64() ? b : a;
    return s.get_int64() >= 0 && static_cast<uint64_t>(s.get_int64()) == u.get_uint64();
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  switch (a.kind()) {
    case json::kind::null:
      return true;
    case json::kind::string:
      return a.get_string() == b.get_string();
    case json::kind::array: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      if (x.size() != y.size()) {
        return false;
      }
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!py_equal(x[i], y[i])) {
          return false;
        }
      }
      return true;
    }
    case json::kind::object: {
      const auto& x = a.get_object();
      const auto& y = b.get_object();
      if (x.size() != y.size()) {
        return false;
      }
      for (const auto& kv : x) {
        auto it = y.find(kv.key());
        if (it == y.end() || !py_equal(kv.value(), it->value())) {
          return false;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace bora::dsl
