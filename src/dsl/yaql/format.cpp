#include "dsl/yaql/format.hpp"

#include <cmath>
#include <cstdio>

#include "dsl/yaql/interp.hpp"
#include "dsl/yaql/strutil.hpp"

namespace bora::dsl::yaql {

namespace {

struct Spec {
  char32_t fill = ' ';
  char align = 0;
  char sign = '-';
  bool alt = false;
  bool zero = false;
  std::size_t width = 0;
  char grouping = 0;
  int precision = -1;
  char type = 0;
};

Spec parse_spec(std::string_view text) {
  std::u32string s = utf8_decode(text);
  Spec sp;
  std::size_t i = 0;
  auto is_align = [](char32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (s.size() >= 2 && is_align(s[1])) {
    sp.fill = s[0];
    sp.align = char(s[1]);
    i = 2;
  } else if (!s.empty() && is_align(s[0])) {
    sp.align = char(s[0]);
    i = 1;
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) {
    sp.sign = char(s[i++]);
  }
  if (i < s.size() && s[i] == '#') {
    sp.alt = true;
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    sp.zero = true;
    ++i;
  }
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    sp.width = sp.width * 10 + std::size_t(s[i++] - '0');
    if (sp.width > 100000) {
      fail("Too many decimal digits in format string");
    }
  }
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) {
    sp.grouping = char(s[i++]);
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    sp.precision = 0;
    if (i >= s.size() || s[i] < '0' || s[i] > '9') {
      fail("Format specifier missing precision");
    }
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      sp.precision = sp.precision * 10 + int(s[i++] - '0');
      if (sp.precision > 1000) {
        fail("precision too big");
      }
    }
  }
  if (i < s.size()) {
    sp.type = char(s[i++]);
  }
  if (i < s.size()) {
    fail("Invalid format specifier");
  }
  return sp;
}

std::string group(const std::string& digits, char sep) {
  if (!sep) {
    return digits;
  }
  std::string out;
  std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    if ((n - i - 1) % 3 == 0 && i + 1 < n) {
      out += sep;
    }
  }
  return out;
}

std::string pad(const std::string& body, const std::string& sign, const Spec& sp, char def_align) {
  char align = sp.align ? sp.align : (sp.zero ? '=' : def_align);
  char32_t fill = sp.align ? sp.fill : (sp.zero ? U'0' : sp.fill);
  std::size_t len = utf8_length(body) + sign.size();
  if (len >= sp.width) {
    return sign + body;
  }
  std::size_t gap = sp.width - len;
  std::string f = utf8_encode(std::u32string(1, fill));
  auto rep = [&](std::size_t n) {
    std::string o;
    for (std::size_t k = 0; k < n; ++k) {
      o += f;
    }
    return o;
  };
  switch (align) {
    case '<':
      return sign + body + rep(gap);
    case '^':
      return rep(gap / 2) + sign + body + rep(gap - gap / 2);
    case '=':
      return sign + rep(gap) + body;
    default:
      return rep(gap) + sign + body;
  }
}

std::string sign_of(bool negative, const Spec& sp) {
  if (negative) {
    return "-";
  }
  return sp.sign == '+' ? "+" : sp.sign == ' ' ? " " : "";
}

std::string format_int(int64_t v, const Spec& sp) {
  bool neg = v < 0;
  uint64_t mag = neg ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  std::string digits;
  char t = sp.type ? sp.type : 'd';
  int base = t == 'x' || t == 'X' ? 16 : t == 'o' ? 8 : t == 'b' ? 2 : 10;
  if (t == 'c') {
    return pad(utf8_encode(std::u32string(1, char32_t(v))), "", sp, '<');
  }
  do {
    int d = int(mag % uint64_t(base));
    digits.insert(digits.begin(), char(d < 10 ? '0' + d : (t == 'X' ? 'A' : 'a') + d - 10));
    mag /= uint64_t(base);
  } while (mag);
  digits = group(digits, sp.grouping);
  std::string prefix;
  if (sp.alt && base != 10) {
    prefix = base == 16 ? (t == 'X' ? "0X" : "0x") : base == 8 ? "0o" : "0b";
  }
  return pad(digits, sign_of(neg, sp) + prefix, sp, '>');
}

std::string format_float(double d, const Spec& sp) {
  char t = sp.type;
  bool neg = std::signbit(d) && !std::isnan(d);
  double mag = std::fabs(d);
  std::string body;
  if (std::isinf(mag) || std::isnan(mag)) {
    body = std::isnan(mag) ? "nan" : "inf";
    if (t == 'F' || t == 'E' || t == 'G') {
      body = std::isnan(mag) ? "NAN" : "INF";
    }
    return pad(body, sign_of(neg, sp), sp, '>');
  }
  char buf[1200];
  if (t == 0 && sp.precision < 0) {
    body = float_repr(mag);
  } else if (t == '%') {
    std::snprintf(buf, sizeof buf, "%.*f", sp.precision < 0 ? 6 : sp.precision, mag * 100);
    body = std::string(buf) + "%";
  } else if (t == 'f' || t == 'F' || t == 'e' || t == 'E') {
    char conv[8] = {'%', '.', '*', t, 0};
    std::snprintf(buf, sizeof buf, conv, sp.precision < 0 ? 6 : sp.precision, mag);
    body = buf;
  } else if (t == 'g' || t == 'G' || t == 0 || t == 'n') {
    int p = sp.precision < 0 ? 6 : (sp.precision == 0 ? 1 : sp.precision);
    char conv[8] = {'%', '.', '*', t == 'G' ? 'G' : 'g', 0};
    std::snprintf(buf, sizeof buf, conv, p, mag);
    body = buf;
    if (t == 0 && body.find_first_of(".eEn") == std::string::npos) {
      body += ".0";
    }
  } else {
    fail(std::string("Unknown format code '") + t + "' for object of type 'float'");
  }
  if (sp.grouping) {
    std::size_t dot = body.find_first_of(".eE%");
    std::string ip = body.substr(0, dot);
    body = group(ip, sp.grouping) + (dot == std::string::npos ? "" : body.substr(dot));
  }
  return pad(body, sign_of(neg, sp), sp, '>');
}

Value lookup_field(std::string_view field, const ValueList& args, const DictEntries& kwargs,
                   std::size_t& auto_index, int& mode) {
  std::size_t end = field.find_first_of(".[");
  std::string_view head = field.substr(0, end);
  Value v;
  bool numeric = !head.empty() && head.find_first_not_of("0123456789") == std::string_view::npos;
  if (head.empty() || numeric) {
    std::size_t idx;
    if (head.empty()) {
      if (mode == 2) {
        fail("cannot switch from manual field specification to automatic field numbering");
      }
      mode = 1;
      idx = auto_index++;
    } else {
      if (mode == 1) {
        fail("cannot switch from automatic field numbering to manual field specification");
      }
      mode = 2;
      idx = std::size_t(std::stoull(std::string(head)));
    }
    if (idx >= args.size()) {
      fail("Replacement index " + std::to_string(idx) + " out of range for positional args tuple");
    }
    v = args[idx];
  } else {
    bool found = false;
    for (const auto& kw : kwargs) {
      if (kw.first.str() == head) {
        v = kw.second;
        found = true;
        break;
      }
    }
    if (!found) {
      fail(repr(Value::string(std::string(head))));
    }
  }
  std::size_t i = end;
  while (i != std::string_view::npos && i < field.size()) {
    if (field[i] == '[') {
      std::size_t close = field.find(']', i);
      if (close == std::string_view::npos) {
        fail("Missing ']' in format string");
      }
      std::string key(field.substr(i + 1, close - i - 1));
      Value out;
      bool is_num = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
      if (v.is_list() && is_num) {
        std::size_t k = std::size_t(std::stoull(key));
        if (k >= v.size()) {
          fail("tuple index out of range");
        }
        out = v.at(k);
      } else if (v.is_dict()) {
        Value kv = is_num ? Value::integer(std::stoll(key)) : Value::string(key);
        if (!v.find(kv, out) && !v.find(key, out)) {
          fail(repr(kv));
        }
      } else {
        fail(std::string("'") + type_name(v) + "' object is not subscriptable");
      }
      v = out;
      i = close + 1;
    } else {
      std::size_t next = field.find_first_of(".[", i + 1);
      std::string attr(field.substr(i + 1, next == std::string_view::npos ? next : next - i - 1));
      fail(std::string("'") + type_name(v) + "' object has no attribute '" + attr + "'");
    }
  }
  return v;
}

}  // namespace

std::string py_format_value(const Value& v, std::string_view spec_text) {
  if (spec_text.empty()) {
    return py_str(v);
  }
  Spec sp = parse_spec(spec_text);
  switch (v.kind()) {
    case Kind::boolean:
      if (!sp.type) {
        return pad(v.as_bool() ? "True" : "False", "", sp, '<');
      }
      return format_int(v.as_bool() ? 1 : 0, sp);
    case Kind::integer:
      if (sp.type && std::string_view("eEfFgG%").find(sp.type) != std::string_view::npos) {
        return format_float(double(v.as_int()), sp);
      }
      if (sp.type && std::string_view("dxXobcn").find(sp.type) == std::string_view::npos) {
        fail(std::string("Unknown format code '") + sp.type + "' for object of type 'int'");
      }
      return format_int(v.as_int(), sp);
    case Kind::number:
      return format_float(v.as_double(), sp);
    case Kind::string: {
      if (sp.type && sp.type != 's') {
        fail(std::string("Unknown format code '") + sp.type + "' for object of type 'str'");
      }
      std::u32string s = utf8_decode(v.str());
      if (sp.precision >= 0 && std::size_t(sp.precision) < s.size()) {
        s.resize(std::size_t(sp.precision));
      }
      return pad(utf8_encode(s), "", sp, '<');
    }
    default:
      fail(std::string("unsupported format string passed to ") + type_name(v) + ".__format__");
  }
}

std::string py_format(std::string_view fmt, const ValueList& args, const DictEntries& kwargs) {
  std::string out;
  std::size_t auto_index = 0;
  int mode = 0;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    char ch = fmt[i];
    if (ch == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      fail("Single '}' encountered in format string");
    }
    if (ch != '{') {
      out += ch;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    std::size_t close = fmt.find('}', i);
    if (close == std::string_view::npos) {
      fail(i + 1 == fmt.size() ? "Single '{' encountered in format string"
                               : "expected '}' before end of string");
    }
    std::string_view inner = fmt.substr(i + 1, close - i - 1);
    std::size_t colon = inner.find(':');
    std::string_view head = inner.substr(0, colon);
    std::string_view spec = colon == std::string_view::npos ? "" : inner.substr(colon + 1);
    char conv = 0;
    std::size_t bang = head.find('!');
    if (bang != std::string_view::npos) {
      if (bang + 2 != head.size()) {
        fail("expected ':' after conversion specifier");
      }
      conv = head[bang + 1];
      head = head.substr(0, bang);
    }
    Value v = lookup_field(head, args, kwargs, auto_index, mode);
    if (conv == 'r' || conv == 'a') {
      v = Value::string(repr(v));
    } else if (conv == 's') {
      v = Value::string(py_str(v));
    } else if (conv != 0) {
      fail(std::string("Unknown conversion specifier ") + conv);
    }
    out += py_format_value(v, spec);
    i = close;
  }
  return out;
}

}  // namespace bora::dsl::yaql
