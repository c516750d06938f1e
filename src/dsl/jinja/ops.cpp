// Python's arithmetic, membership and `%` formatting over template values.

#include <cmath>
#include <cstdio>

#include "dsl/jinja/interp.hpp"

namespace bora::dsl::jinja {

namespace {

bool intlike(const Value& v) { return v.is_int() || v.kind == Value::Kind::boolean; }
int64_t to_i(const Value& v) { return v.is_int() ? v.i : (v.b ? 1 : 0); }
double to_d(const Value& v) { return v.kind == Value::Kind::real ? v.d : static_cast<double>(to_i(v)); }
bool numeric(const Value& v) { return intlike(v) || v.kind == Value::Kind::real; }

Error unsupported(const std::string& op, const Value& a, const Value& b) {
  return eval_error("unsupported operand type(s) for " + op + ": '" + type_name(a) + "' and '" +
                    type_name(b) + "'");
}

Error overflow() { return eval_error("integer overflow"); }

Result<Value> repeat(const Interp& in, const Value& seq, int64_t n) {
  if (n <= 0) {
    return seq.is_string() ? Value::string_v("") : Value::list_v({}, seq.kind == Value::Kind::tuple);
  }
  if (seq.is_string()) {
    BORA_TRY_VOID(in.check_size(static_cast<uint64_t>(seq.s.size()) * static_cast<uint64_t>(n)));
    std::string out;
    out.reserve(seq.s.size() * static_cast<std::size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      out += seq.s;
    }
    return Value::string_v(std::move(out));
  }
  auto len = static_cast<uint64_t>(length(seq));
  BORA_TRY_VOID(in.check_size(len * static_cast<uint64_t>(n) * 2));
  List out;
  for (int64_t i = 0; i < n; ++i) {
    for (uint64_t k = 0; k < len; ++k) {
      out.push_back(sequence_at(seq, static_cast<std::size_t>(k)));
    }
  }
  return Value::list_v(std::move(out), seq.kind == Value::Kind::tuple);
}

Result<Value> add(const Interp& in, const Value& a, const Value& b) {
  if (intlike(a) && intlike(b)) {
    int64_t r = 0;
    if (__builtin_add_overflow(to_i(a), to_i(b), &r)) {
      return overflow();
    }
    return Value::integer_v(r);
  }
  if (numeric(a) && numeric(b)) {
    return Value::real_v(to_d(a) + to_d(b));
  }
  if (a.is_string() && b.is_string()) {
    BORA_TRY_VOID(in.check_size(a.s.size() + b.s.size()));
    return Value::string_v(a.s + b.s);
  }
  bool a_tuple = a.kind == Value::Kind::tuple;
  if (a.is_sequence() && b.is_sequence() && a_tuple == (b.kind == Value::Kind::tuple) &&
      a.view == View::none && b.view == View::none) {
    auto na = static_cast<std::size_t>(length(a));
    auto nb = static_cast<std::size_t>(length(b));
    BORA_TRY_VOID(in.check_size((na + nb) * 2));
    List out;
    out.reserve(na + nb);
    for (std::size_t i = 0; i < na; ++i) {
      out.push_back(sequence_at(a, i));
    }
    for (std::size_t i = 0; i < nb; ++i) {
      out.push_back(sequence_at(b, i));
    }
    return Value::list_v(std::move(out), a_tuple);
  }
  if (a.is_string() || (a.is_sequence() && a.view == View::none)) {
    return eval_error("can only concatenate " + type_name(a) + " (not \"" + type_name(b) +
                      "\") to " + type_name(a));
  }
  return unsupported("+", a, b);
}

double py_fmod(double a, double b) {
  double m = std::fmod(a, b);
  if (m != 0 && ((m < 0) != (b < 0))) {
    m += b;
  }
  return m;
}

Result<Value> arith(const std::string& op, const Value& a, const Value& b) {
  if (!numeric(a) || !numeric(b)) {
    return unsupported(op == "**" ? "** or pow()" : op, a, b);
  }
  bool ints = intlike(a) && intlike(b);
  int64_t x = ints ? to_i(a) : 0;
  int64_t y = ints ? to_i(b) : 0;
  int64_t r = 0;
  if (op == "-") {
    if (!ints) {
      return Value::real_v(to_d(a) - to_d(b));
    }
    return __builtin_sub_overflow(x, y, &r) ? Result<Value>(overflow()) : Value::integer_v(r);
  }
  if (op == "*") {
    if (!ints) {
      return Value::real_v(to_d(a) * to_d(b));
    }
    return __builtin_mul_overflow(x, y, &r) ? Result<Value>(overflow()) : Value::integer_v(r);
  }
  if (op == "/") {
    if (to_d(b) == 0) {
      return eval_error(ints ? "division by zero" : "float division by zero");
    }
    return Value::real_v(to_d(a) / to_d(b));
  }
  if (op == "//" || op == "%") {
    bool floor_div = op == "//";
    if (ints) {
      if (y == 0) {
        return eval_error(floor_div ? "integer division or modulo by zero" : "integer modulo by zero");
      }
      if (x == INT64_MIN && y == -1) {
        return floor_div ? Result<Value>(overflow()) : Value::integer_v(0);
      }
      int64_t q = x / y;
      int64_t m = x % y;
      if (m != 0 && ((m < 0) != (y < 0))) {
        --q;
        m += y;
      }
      return Value::integer_v(floor_div ? q : m);
    }
    if (to_d(b) == 0) {
      return eval_error(floor_div ? "float floor division by zero" : "float modulo");
    }
    if (floor_div) {
      return Value::real_v(std::floor(to_d(a) / to_d(b)));
    }
    return Value::real_v(py_fmod(to_d(a), to_d(b)));
  }
  // **
  if (ints && y >= 0) {
    int64_t base = x;
    int64_t result = 1;
    for (int64_t e = y;;) {
      if ((e & 1) != 0 && __builtin_mul_overflow(result, base, &result)) {
        return overflow();
      }
      e >>= 1;
      if (e == 0) {
        break;
      }
      // The squared base is still needed, so its overflow is the result's.
      if (__builtin_mul_overflow(base, base, &base)) {
        return overflow();
      }
    }
    return Value::integer_v(result);
  }
  if (to_d(a) == 0 && to_d(b) < 0) {
    return eval_error("0.0 cannot be raised to a negative power");
  }
  return Value::real_v(std::pow(to_d(a), to_d(b)));
}

}  // namespace

Result<Value> binary_op(const Interp& in, const std::string& op, const Value& a, const Value& b) {
  if (a.is_undefined()) {
    return undefined_error(a);
  }
  if (b.is_undefined()) {
    return undefined_error(b);
  }
  if (op == "+") {
    return add(in, a, b);
  }
  if (op == "*") {
    if ((a.is_string() || (a.is_sequence() && a.view == View::none)) && intlike(b)) {
      return repeat(in, a, to_i(b));
    }
    if ((b.is_string() || (b.is_sequence() && b.view == View::none)) && intlike(a)) {
      return repeat(in, b, to_i(a));
    }
    if ((a.is_string() || a.is_sequence()) || (b.is_string() || b.is_sequence())) {
      if (a.is_string() || a.is_sequence() ? numeric(b) : numeric(a)) {
        return eval_error("can't multiply sequence by non-int of type '" +
                          type_name(a.is_string() || a.is_sequence() ? b : a) + "'");
      }
    }
  }
  if (op == "%" && a.is_string()) {
    auto s = percent_format(in, a.s, b);
    if (!s) {
      return std::move(s).error();
    }
    return Value::string_v(std::move(*s));
  }
  return arith(op, a, b);
}

Result<bool> contains(const Value& container, const Value& item) {
  if (container.is_undefined()) {
    return undefined_error(container);
  }
  if (item.is_undefined()) {
    return undefined_error(item);
  }
  if (container.is_string()) {
    if (!item.is_string()) {
      return eval_error("'in <string>' requires string as left operand, not " + type_name(item));
    }
    return container.s.find(item.s) != std::string::npos;
  }
  if (container.is_mapping()) {
    Value out;
    return mapping_get(container, item, out);
  }
  if (container.is_sequence()) {
    auto n = static_cast<std::size_t>(length(container));
    for (std::size_t i = 0; i < n; ++i) {
      if (equal(sequence_at(container, i), item)) {
        return true;
      }
    }
    return false;
  }
  return eval_error("argument of type '" + type_name(container) + "' is not iterable");
}

// -- printf-style formatting --------------------------------------------------------

namespace {

struct Spec {
  std::string flags;
  int width = -1;
  int precision = -1;
  char conv = 's';
};

Result<std::string> format_one(const Spec& sp, const Value& v) {
  char buf[512];
  // Width is applied by pad_field(); the flags that only pad are left out.
  std::string fmt = "%";
  for (char f : sp.flags) {
    if (f == '+' || f == ' ' || f == '#') {
      fmt += f;
    }
  }
  if (sp.precision >= 0 && sp.conv != 'c') {
    fmt += "." + std::to_string(std::min(sp.precision, 400));
  }
  switch (sp.conv) {
    case 's':
    case 'r':
    case 'a': {
      if (v.is_undefined() && !v.lenient) {
        return undefined_error(v);
      }
      std::string s = sp.conv == 's' ? str(v) : repr(v);
      if (sp.precision >= 0 && static_cast<std::size_t>(sp.precision) < s.size()) {
        s.resize(static_cast<std::size_t>(sp.precision));
      }
      return s;
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      if (!numeric(v)) {
        return eval_error(std::string("%") + sp.conv + " format: " +
                          (sp.conv == 'd' || sp.conv == 'i' || sp.conv == 'u' ? "a real number"
                                                                              : "an integer") +
                          " is required, not " + type_name(v));
      }
      if (v.kind == Value::Kind::real && (sp.conv == 'x' || sp.conv == 'X' || sp.conv == 'o')) {
        return eval_error(std::string("%") + sp.conv + " format: an integer is required, not float");
      }
      long long n = v.kind == Value::Kind::real ? static_cast<long long>(v.d) : to_i(v);
      char c = sp.conv == 'i' || sp.conv == 'u' ? 'd' : sp.conv;
      if (c == 'o' && sp.flags.find('#') != std::string::npos) {
        // Python writes octal with an `0o` prefix where C writes `0`.
        std::snprintf(buf, sizeof buf, "%llo", n < 0 ? -static_cast<unsigned long long>(n)
                                                     : static_cast<unsigned long long>(n));
        std::string sign = n < 0 ? "-" : sp.flags.find('+') != std::string::npos ? "+"
                                         : sp.flags.find(' ') != std::string::npos ? " " : "";
        return sign + "0o" + buf;
      }
      std::snprintf(buf, sizeof buf, (fmt + "ll" + c).c_str(), n);
      return std::string(buf);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (!numeric(v)) {
        return eval_error("must be real number, not " + type_name(v));
      }
      std::snprintf(buf, sizeof buf, (fmt + sp.conv).c_str(), to_d(v));
      return std::string(buf);
    }
    case 'c':
      if (v.is_string() && utf8_length(v.s) == 1) {
        return v.s;
      }
      return eval_error("%c requires int or char");
    default:
      break;
  }
  return eval_error(std::string("unsupported format character '") + sp.conv + "'");
}

// Pads a converted field to the width: left-aligned with `-`, zero-filled
// after the sign and base prefix with `0` (numbers only), else right-aligned.
std::string pad_field(const Spec& sp, std::string s) {
  auto len = static_cast<int>(utf8_length(s));
  if (sp.width <= len) {
    return s;
  }
  auto n = static_cast<std::size_t>(sp.width - len);
  bool numeric_conv = std::string("diuxXoeEfFgG").find(sp.conv) != std::string::npos;
  if (sp.flags.find('-') != std::string::npos) {
    return s + std::string(n, ' ');
  }
  if (numeric_conv && sp.flags.find('0') != std::string::npos) {
    std::size_t at = 0;
    if (at < s.size() && (s[at] == '-' || s[at] == '+' || s[at] == ' ')) {
      ++at;
    }
    if (at + 1 < s.size() && s[at] == '0' && std::string("xXo").find(s[at + 1]) != std::string::npos) {
      at += 2;
    }
    return s.insert(at, n, '0');
  }
  return std::string(n, ' ') + s;
}

}  // namespace

Result<std::string> percent_format(const Interp& in, const std::string& fmt, const Value& args) {
  List positional;
  bool mapping = args.is_mapping();
  if (args.kind == Value::Kind::tuple) {
    positional = *args.list;
  } else {
    positional.push_back(args);
  }
  std::size_t next = 0;
  bool used_mapping = false;
  std::string out;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) {
      return eval_error("incomplete format");
    }
    if (fmt[i] == '%') {
      out += '%';
      continue;
    }
    Value arg;
    bool have = false;
    if (fmt[i] == '(') {
      auto close = fmt.find(')', i);
      if (close == std::string::npos) {
        return eval_error("incomplete format key");
      }
      if (!mapping) {
        return eval_error("format requires a mapping");
      }
      Value key = Value::string_v(fmt.substr(i + 1, close - i - 1));
      if (!mapping_get(args, key, arg)) {
        return eval_error(repr(key));
      }
      have = true;
      used_mapping = true;
      i = close + 1;
    }
    Spec sp;
    while (i < fmt.size() && std::string("-+ #0").find(fmt[i]) != std::string::npos) {
      sp.flags += fmt[i++];
    }
    auto number = [&](int& field) {
      if (i < fmt.size() && fmt[i] == '*') {
        ++i;
        field = next < positional.size() && positional[next].is_int()
                    ? static_cast<int>(std::min<int64_t>(positional[next++].i, 1000000000))
                    : 0;
        return;
      }
      while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') {
        field = std::max(field, 0) * 10 + (fmt[i++] - '0');
        field = std::min(field, 1000000000);
      }
    };
    number(sp.width);
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      sp.precision = 0;
      number(sp.precision);
    }
    if (i >= fmt.size()) {
      return eval_error("incomplete format");
    }
    sp.conv = fmt[i];
    if (!have) {
      if (next >= positional.size()) {
        return eval_error("not enough arguments for format string");
      }
      arg = positional[next++];
    }
    auto piece = format_one(sp, arg);
    if (!piece) {
      return piece;
    }
    BORA_TRY_VOID(in.check_size(out.size() + piece->size() + static_cast<uint64_t>(std::max(sp.width, 0))));
    out += pad_field(sp, std::move(*piece));
    BORA_TRY_VOID(in.check_size(out.size()));
  }
  if (!used_mapping && !mapping && next < positional.size()) {
    return eval_error("not all arguments converted during string formatting");
  }
  return out;
}

}  // namespace bora::dsl::jinja
