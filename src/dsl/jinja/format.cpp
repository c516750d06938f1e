// Python's format specs and str.format() for template values.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "dsl/jinja/text.hpp"

namespace bora::dsl::jinja {

namespace {

std::string group_thousands(const std::string& digits, char sep) {
  std::string out;
  int n = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (n > 0 && n % 3 == 0) {
      out += sep;
    }
    out += *it;
    ++n;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

Result<std::string> format_spec(const Value& v, const std::string& spec) {
  std::size_t i = 0;
  std::string fill = " ";
  char align = 0;
  if (spec.size() >= 2 && std::string("<>^=").find(spec[1]) != std::string::npos) {
    fill = spec.substr(0, 1);
    align = spec[1];
    i = 2;
  } else if (!spec.empty() && std::string("<>^=").find(spec[0]) != std::string::npos) {
    align = spec[0];
    i = 1;
  }
  char sign = '-';
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) {
    sign = spec[i++];
  }
  bool alt = i < spec.size() && spec[i] == '#' && ++i > 0;
  if (i < spec.size() && spec[i] == '0') {
    if (align == 0) {
      fill = "0";
      align = '=';
    }
    ++i;
  }
  int64_t width = 0;
  while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])) != 0) {
    width = std::min<int64_t>(width * 10 + (spec[i++] - '0'), 100000);
  }
  char group = 0;
  if (i < spec.size() && (spec[i] == ',' || spec[i] == '_')) {
    group = spec[i++];
  }
  int precision = -1;
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    precision = 0;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])) != 0) {
      precision = std::min(precision * 10 + (spec[i++] - '0'), 400);
    }
  }
  char type = i < spec.size() ? spec[i++] : 0;
  if (i != spec.size()) {
    return eval_error("Invalid format specifier");
  }
  std::string body;
  std::string prefix;
  bool number = v.is_number() || v.kind == Value::Kind::boolean;
  if (v.is_string() || (!number && type == 0)) {
    if (type != 0 && type != 's') {
      return eval_error(std::string("Unknown format code '") + type + "' for object of type 'str'");
    }
    body = str(v);
    if (precision >= 0 && static_cast<std::size_t>(precision) < body.size()) {
      body.resize(static_cast<std::size_t>(precision));
    }
    if (align == 0) {
      align = '<';
    }
  } else if (!number) {
    return eval_error(std::string("Unknown format code '") + type + "' for object of type '" +
                      type_name(v) + "'");
  } else {
    if (type != 0 && std::string("dxXobeEfFgGn%").find(type) == std::string::npos) {
      return eval_error(std::string("Unknown format code '") + type + "' for object of type '" +
                        type_name(v) + "'");
    }
    double d = v.kind == Value::Kind::real ? v.d : static_cast<double>(v.is_int() ? v.i : v.b);
    bool is_int = v.kind != Value::Kind::real;
    bool neg = std::signbit(d);
    char buf[512];
    if (is_int && (type == 0 || type == 'd' || type == 'x' || type == 'X' || type == 'o' ||
                   type == 'b')) {
      int64_t n = v.is_int() ? v.i : v.b;
      uint64_t mag = n < 0 ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
      if (type == 'b') {
        do {
          body.insert(body.begin(), static_cast<char>('0' + (mag & 1)));
          mag >>= 1;
        } while (mag != 0);
      } else {
        std::snprintf(buf, sizeof buf, type == 'x' ? "%llx" : type == 'X' ? "%llX" : type == 'o' ? "%llo" : "%llu",
                      static_cast<unsigned long long>(mag));
        body = buf;
      }
      if (alt && type != 0 && type != 'd') {
        prefix = std::string("0") + (type == 'X' ? 'X' : type);
      }
      neg = n < 0;
    } else {
      if (type == 'd' || type == 'x' || type == 'o' || type == 'b') {
        return eval_error(std::string("Unknown format code '") + type + "' for object of type 'float'");
      }
      double mag = std::fabs(d);
      if (type == '%') {
        mag *= 100;
      }
      char t = type == 0 || type == 'n' ? 'g' : type == '%' ? 'f' : type;
      if (type == 0 && precision < 0) {
        body = str(Value::real_v(mag));
      } else {
        std::snprintf(buf, sizeof buf, (std::string("%.*") + t).c_str(),
                      precision < 0 ? 6 : precision, mag);
        body = buf;
      }
      if (type == '%') {
        body += '%';
      }
    }
    if (group != 0) {
      auto dot = body.find_first_not_of("0123456789");
      body = group_thousands(body.substr(0, dot), group) +
             (dot == std::string::npos ? "" : body.substr(dot));
    }
    prefix = (neg ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "") + prefix;
    if (align == 0) {
      align = '>';
    }
  }
  auto n = static_cast<int64_t>(utf8_length(prefix + body));
  if (width <= n) {
    return prefix + body;
  }
  std::string padding;
  for (int64_t k = 0; k < width - n; ++k) {
    padding += fill;
  }
  switch (align) {
    case '<':
      return prefix + body + padding;
    case '=':
      return prefix + padding + body;
    case '^': {
      std::size_t half = static_cast<std::size_t>((width - n) / 2) * fill.size();
      return padding.substr(0, half) + prefix + body + padding.substr(half);
    }
    default:
      return padding + prefix + body;
  }
}

Result<std::string> str_format(Interp& in, const std::string& fmt, const std::vector<Value>& args,
                               const Kwargs& kwargs) {
  std::string out;
  std::size_t auto_index = 0;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      return eval_error("Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    auto close = fmt.find('}', i);
    if (close == std::string::npos) {
      return eval_error("Single '{' encountered in format string");
    }
    std::string field = fmt.substr(i + 1, close - i - 1);
    i = close;
    std::string spec;
    char conv = 0;
    auto colon = field.find(':');
    if (colon != std::string::npos) {
      spec = field.substr(colon + 1);
      field.resize(colon);
    }
    auto bang = field.find('!');
    if (bang != std::string::npos) {
      conv = bang + 1 < field.size() ? field[bang + 1] : 0;
      field.resize(bang);
    }
    std::size_t end = field.find_first_of(".[");
    std::string head = field.substr(0, end);
    Value v;
    if (head.empty() || std::isdigit(static_cast<unsigned char>(head[0])) != 0) {
      std::size_t idx = head.empty() ? auto_index++ : std::stoul(head.substr(0, 6));
      if (idx >= args.size()) {
        return eval_error("tuple index out of range");
      }
      v = args[idx];
    } else {
      auto it = std::find_if(kwargs.begin(), kwargs.end(),
                             [&](const auto& kv) { return kv.first == head; });
      if (it == kwargs.end()) {
        return eval_error("'" + head + "'");
      }
      v = it->second;
    }
    while (end != std::string::npos && end < field.size()) {
      Result<Value> next = Value();
      if (field[end] == '.') {
        std::size_t e2 = field.find_first_of(".[", end + 1);
        next = in.getattr(v, field.substr(end + 1, e2 - end - 1));
        end = e2;
      } else {
        std::size_t e2 = field.find(']', end);
        if (e2 == std::string::npos) {
          return eval_error("Missing ']' in format string");
        }
        std::string key = field.substr(end + 1, e2 - end - 1);
        bool digits = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
        next = in.getitem(v, digits ? Value::integer_v(std::stoll(key.substr(0, 18)))
                                    : Value::string_v(key));
        end = e2 + 1;
      }
      if (!next) {
        return std::move(next).error();
      }
      v = std::move(*next);
    }
    if (v.is_undefined()) {
      return undefined_error(v);
    }
    if (conv == 'r' || conv == 'a') {
      v = Value::string_v(repr(v));
    } else if (conv == 's') {
      v = Value::string_v(str(v));
    }
    auto piece = spec.empty() ? Result<std::string>(str(v)) : format_spec(v, spec);
    if (!piece) {
      return piece;
    }
    out += *piece;
    BORA_TRY_VOID(in.check_size(out.size()));
  }
  return out;
}

}  // namespace bora::dsl::jinja
