// Conversions, type tests, map helpers, branching and math.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "dsl/yaql/interp.hpp"
#include "dsl/yaql/strutil.hpp"

namespace bora::dsl::yaql {

namespace {

std::string strip_space(std::string_view s) {
  std::u32string u = utf8_decode(s);
  std::size_t b = 0;
  std::size_t e = u.size();
  while (b < e && py_space(u[b])) {
    ++b;
  }
  while (e > b && py_space(u[e - 1])) {
    --e;
  }
  return utf8_encode(std::u32string_view(u).substr(b, e - b));
}

Value str_fn(Call& c) {
  c.expect(1, 1);
  return Value::string(yaql_str(c.arg(0)));
}

Value int_from_string(std::string_view text) {
  std::string s = strip_space(text);
  std::string digits;
  for (char ch : s) {
    if (ch != '_') {
      digits += ch;
    }
  }
  std::size_t i = (digits.size() && (digits[0] == '+' || digits[0] == '-')) ? 1 : 0;
  bool ok = i < digits.size() && s.front() != '_' && s.back() != '_' &&
            s.find("__") == std::string::npos;
  for (std::size_t k = i; k < digits.size() && ok; ++k) {
    ok = digits[k] >= '0' && digits[k] <= '9';
  }
  errno = 0;
  long long v = ok ? std::strtoll(digits.c_str(), nullptr, 10) : 0;
  if (!ok) {
    fail("invalid literal for int() with base 10: " + repr(Value::string(std::string(text))));
  }
  if (errno == ERANGE) {
    fail("integer overflow: result does not fit in 64 bits");
  }
  return Value::integer(v);
}

Value int_fn(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  switch (v.kind()) {
    case Kind::null:
      return Value::integer(0);
    case Kind::boolean:
      return Value::integer(v.as_bool() ? 1 : 0);
    case Kind::integer:
      return v;
    case Kind::number: {
      double d = v.as_double();
      if (std::isnan(d)) {
        fail("cannot convert float NaN to integer");
      }
      if (std::isinf(d)) {
        fail("cannot convert float infinity to integer");
      }
      if (std::fabs(d) >= 9.2e18) {
        fail("integer overflow: result does not fit in 64 bits");
      }
      return Value::integer(int64_t(d));
    }
    case Kind::string:
      return int_from_string(v.str());
    default:
      fail(std::string("int() argument must be a string, a bytes-like object or a real number, "
                       "not '") + type_name(v) + "'");
  }
}

Value float_from_string(std::string_view text) {
  std::string s = strip_space(text);
  std::string lower;
  for (char ch : s) {
    lower += char(std::tolower(static_cast<unsigned char>(ch)));
  }
  std::string body = lower;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    body.erase(0, 1);
  }
  bool special = body == "inf" || body == "infinity" || body == "nan";
  bool ok = !s.empty() && (special || s.find_first_of("xXpP") == std::string::npos);
  char* end = nullptr;
  double d = ok ? std::strtod(s.c_str(), &end) : 0.0;
  if (!ok || end != s.c_str() + s.size()) {
    fail("could not convert string to float: " + repr(Value::string(std::string(text))));
  }
  return Value::number(d);
}

Value float_fn(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  switch (v.kind()) {
    case Kind::null:
      return Value::number(0.0);
    case Kind::boolean:
      return Value::number(v.as_bool() ? 1.0 : 0.0);
    case Kind::integer:
    case Kind::number:
      return Value::number(v.as_double());
    case Kind::string:
      return float_from_string(v.str());
    default:
      fail(std::string("float() argument must be a string or a real number, not '") +
           type_name(v) + "'");
  }
}

Value bool_fn(Call& c) {
  c.expect(1, 1);
  return Value::boolean(truthy(c.arg(0)));
}

template <bool (*Test)(const Value&)>
Value type_test(Call& c) {
  c.expect(1, 1);
  return Value::boolean(Test(c.arg(0)));
}

bool t_string(const Value& v) {
  return v.is_string();
}
bool t_integer(const Value& v) {
  return v.kind() == Kind::integer;
}
bool t_number(const Value& v) {
  return v.is_number();
}
bool t_boolean(const Value& v) {
  return v.kind() == Kind::boolean;
}
bool t_list(const Value& v) {
  return v.is_list();
}
bool t_dict(const Value& v) {
  return v.is_dict();
}
bool t_set(const Value& v) {
  return v.kind() == Kind::set;
}
bool t_datetime(const Value& v) {
  return v.kind() == Kind::datetime;
}
bool t_timespan(const Value& v) {
  return v.kind() == Kind::timespan;
}
bool t_regex(const Value& v) {
  return v.kind() == Kind::regex;
}
bool t_iterable(const Value& v) {
  return v.is_collection();
}

Value list_fn(Call& c) {
  c.expect(0, 1 << 16);
  ValueList out;
  for (std::size_t i = 0; i < c.size(); ++i) {
    out.push_back(c.arg(i));
  }
  return Value::list(std::move(out));
}















Value coalesce(Call& c) {
  c.expect(0, 1 << 16);
  for (std::size_t i = 0; i < c.size(); ++i) {
    Value v = c.arg(i);
    if (!v.is_null()) {
      return v;
    }
  }
  return Value();
}

Value switch_fn(Call& c) {
  if (c.size() != 0) {
    no_match();
  }
  for (const auto& a : c.node.args) {
    if (truthy(c.in.eval(*a->args[0], c.scope))) {
      return c.in.eval(*a->args[1], c.scope);
    }
  }
  return Value();
}

Value let_alone(Call& c) {
  (void)c;
  fail("let() and with() must be followed by -> and an expression");
}

Value abs_fn(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  if (v.kind() == Kind::integer) {
    if (v.as_int() == INT64_MIN) {
      fail("integer overflow: result does not fit in 64 bits");
    }
    return Value::integer(v.as_int() < 0 ? -v.as_int() : v.as_int());
  }
  if (v.kind() == Kind::number) {
    return Value::number(std::fabs(v.as_double()));
  }
  no_match();
}

Value round_fn(Call& c) {
  c.expect(1, 2, true);
  Value v = c.arg(0);
  if (!v.is_number()) {
    no_match();
  }
  bool has_digits = c.size() == 2 || !c.named().empty();
  int64_t nd = to_int_arg(c.opt(1, "ndigits", Value::integer(0)));
  (void)has_digits;
  if (v.kind() == Kind::integer) {
    if (nd >= 0) {
      return v;
    }
    if (nd < -18) {
      return Value::integer(0);
    }
    // Python rounds integers half to even at the requested power of ten.
    int64_t p = 1;
    for (int64_t k = 0; k < -nd; ++k) {
      p *= 10;
    }
    int64_t x = v.as_int();
    int64_t q = x / p;
    int64_t r = x % p;
    if (r < 0) {
      r += p;
      --q;
    }
    if (r * 2 > p || (r * 2 == p && (q % 2 != 0))) {
      ++q;
    }
    int64_t out;
    if (__builtin_mul_overflow(q, p, &out)) {
      fail("integer overflow: result does not fit in 64 bits");
    }
    return Value::integer(out);
  }
  double d = v.as_double();
  if (!std::isfinite(d)) {
    return Value::number(d);
  }
  if (nd == 0) {
    return Value::number(std::nearbyint(d));
  }
  if (nd > 300 || nd < -300) {
    return Value::number(nd > 0 ? d : 0.0 * d);
  }
  if (nd > 0) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", int(nd), d);
    return Value::number(std::strtod(buf, nullptr));
  }
  double scale = std::pow(10.0, double(-nd));
  return Value::number(std::nearbyint(d / scale) * scale);
}

Value pow_fn(Call& c) {
  c.expect(2, 3);
  Value a = c.arg(0);
  Value b = c.arg(1);
  if (!a.is_number() || !b.is_number()) {
    no_match();
  }
  if (c.size() == 3) {
    Value m = c.arg(2);
    if (a.kind() != Kind::integer || b.kind() != Kind::integer || m.kind() != Kind::integer ||
        b.as_int() < 0 || m.as_int() == 0) {
      fail("pow() 3rd argument not allowed unless all arguments are integers");
    }
    __extension__ using u128 = unsigned __int128;
    int64_t mod = m.as_int() < 0 ? -m.as_int() : m.as_int();
    int64_t base = ((a.as_int() % mod) + mod) % mod;
    int64_t r = 1 % mod;
    for (int64_t e = b.as_int(); e > 0; e >>= 1) {
      if (e & 1) {
        r = int64_t(u128(r) * u128(base) % u128(mod));
      }
      base = int64_t(u128(base) * u128(base) % u128(mod));
    }
    if (m.as_int() < 0 && r != 0) {
      r += m.as_int();
    }
    return Value::integer(r);
  }
  if (a.kind() == Kind::integer && b.kind() == Kind::integer && b.as_int() >= 0) {
    int64_t r = 1;
    int64_t base = a.as_int();
    for (int64_t e = b.as_int(); e > 0; --e) {
      c.in.step();
      if (__builtin_mul_overflow(r, base, &r)) {
        fail("integer overflow: result does not fit in 64 bits");
      }
    }
    return Value::integer(r);
  }
  if (a.as_double() == 0.0 && b.as_double() < 0) {
    fail("0.0 cannot be raised to a negative power");
  }
  return Value::number(std::pow(a.as_double(), b.as_double()));
}

Value sign_fn(Call& c) {
  c.expect(1, 1);
  Value v = c.arg(0);
  if (!v.is_number()) {
    no_match();
  }
  double d = v.as_double();
  return Value::integer(d > 0 ? 1 : d < 0 ? -1 : 0);
}

Value random_fn(Call& c) {
  c.expect(0, 2);
  static thread_local std::mt19937_64 gen{std::random_device{}()};
  if (c.size() == 0) {
    return Value::number(std::uniform_real_distribution<double>(0.0, 1.0)(gen));
  }
  if (c.size() != 2) {
    no_match();
  }
  int64_t lo = to_int_arg(c.arg(0));
  int64_t hi = to_int_arg(c.arg(1));
  if (lo > hi) {
    fail("empty range for randrange()");
  }
  return Value::integer(std::uniform_int_distribution<int64_t>(lo, hi)(gen));
}

Value assert_fn(Call& c) {
  c.expect(2, 3);
  Value obj = c.arg(0);
  if (!truthy(c.call(1, {obj}))) {
    fail(c.size() == 3 ? std::string(str_arg(c.arg(2))) : "Assertion failed");
  }
  return obj;
}

}  // namespace

void register_misc() {
  register_maps();
  define("str", function_form, str_fn);
  define("int", function_form, int_fn);
  define("float", function_form, float_fn);
  define("bool", function_form, bool_fn);
  define("isString", function_form, type_test<t_string>);
  define("isInteger", function_form, type_test<t_integer>);
  define("isNumber", function_form, type_test<t_number>);
  define("isBoolean", function_form, type_test<t_boolean>);
  define("isList", function_form, type_test<t_list>);
  define("isDict", function_form, type_test<t_dict>);
  define("isSet", function_form, type_test<t_set>);
  define("isDatetime", function_form, type_test<t_datetime>);
  define("isTimespan", function_form, type_test<t_timespan>);
  define("isRegex", function_form, type_test<t_regex>);
  define("isIterable", function_form, type_test<t_iterable>);
  define("list", function_form, list_fn);
  define("coalesce", function_form, coalesce);
  define("switch", function_form, switch_fn);
  define("let", function_form, let_alone);
  define("with", function_form, let_alone);
  define("abs", function_form, abs_fn);
  define("round", function_form, round_fn);
  define("pow", function_form, pow_fn);
  define("sign", function_form, sign_fn);
  define("random", function_form, random_fn);
  define("assert", method_form, assert_fn);
}

}  // namespace bora::dsl::yaql
