// Operators and property access, with YAQL's typing: numbers exclude
// booleans, `+` joins strings, collections and maps, comparisons sort null
// lowest, and anything else is "No function ... matches".
#include <cmath>
#include <limits>

#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

bool is_num(const Value& v) {
  return v.is_number();
}

bool is_int_like(const Value& v) {
  return v.kind() == Kind::integer || v.kind() == Kind::boolean;
}

// Python integers never overflow; Bora's are 64-bit and say so.
[[noreturn]] void overflow() {
  fail("integer overflow: result does not fit in 64 bits");
}

Value int_add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) {
    overflow();
  }
  return Value::integer(r);
}

Value int_sub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) {
    overflow();
  }
  return Value::integer(r);
}

Value int_mul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) {
    overflow();
  }
  return Value::integer(r);
}

Value repeat_string(Interp& in, std::string_view s, int64_t n) {
  if (n <= 0 || s.empty()) {
    return Value::string("");
  }
  in.check_size(uint64_t(s.size()) * uint64_t(n));
  in.step(uint64_t(s.size()) * uint64_t(n) / 16);
  in.step(uint64_t(n));
  std::string out;
  out.reserve(s.size() * std::size_t(n));
  for (int64_t i = 0; i < n; ++i) {
    out += s;
  }
  return Value::string(std::move(out));
}

Value repeat_list(Interp& in, const Value& l, int64_t n) {
  if (!l.indexable()) {
    no_match();
  }
  if (n <= 0 || l.size() == 0) {
    return Value::list({}, l.seq());
  }
  in.check_size(uint64_t(l.size()) * 8 * uint64_t(n));
  in.step(uint64_t(n) * l.size());
  ValueList out;
  out.reserve(l.size() * std::size_t(n));
  ValueList items = l.items();
  for (int64_t i = 0; i < n; ++i) {
    out.insert(out.end(), items.begin(), items.end());
  }
  return Value::list(std::move(out), l.seq());
}

Value plus(Interp& in, const Value& a, const Value& b) {
  if (a.kind() == Kind::integer && b.kind() == Kind::integer) {
    return int_add(a.as_int(), b.as_int());
  }
  if (is_num(a) && is_num(b)) {
    return Value::number(a.as_double() + b.as_double());
  }
  if (a.is_string() && b.is_string()) {
    // Copying costs steps too, so concatenation in a loop stays bounded.
    in.check_size(a.str().size() + b.str().size());
    in.step((a.str().size() + b.str().size()) / 16);
    std::string s(a.str());
    s += b.str();
    return Value::string(std::move(s));
  }
  if (a.is_collection() && b.is_collection()) {
    in.check_size((a.size() + b.size()) * 8);
    in.step(a.size() + b.size());
    ValueList out = a.items();
    ValueList more = b.items();
    out.insert(out.end(), more.begin(), more.end());
    bool tuples = a.is_list() && b.is_list() && a.seq() == Seq::tuple && b.seq() == Seq::tuple;
    return Value::list(std::move(out), tuples ? Seq::tuple : Seq::iter);
  }
  if (a.is_dict() && b.is_dict()) {
    in.step(a.size() + b.size());
    DictEntries e = a.entries();
    DictEntries more = b.entries();
    e.insert(e.end(), more.begin(), more.end());
    return Value::dict(std::move(e));
  }
  if (a.kind() == Kind::datetime && b.kind() == Kind::timespan) {
    return Value::datetime(a.as_int() + b.as_int(), a.tz_offset());
  }
  if (a.kind() == Kind::timespan && b.kind() == Kind::datetime) {
    return Value::datetime(a.as_int() + b.as_int(), b.tz_offset());
  }
  if (a.kind() == Kind::timespan && b.kind() == Kind::timespan) {
    return Value::timespan(a.as_int() + b.as_int());
  }
  no_match();
}

Value minus(Interp& in, const Value& a, const Value& b) {
  if (a.kind() == Kind::integer && b.kind() == Kind::integer) {
    return int_sub(a.as_int(), b.as_int());
  }
  if (is_num(a) && is_num(b)) {
    return Value::number(a.as_double() - b.as_double());
  }
  if (a.kind() == Kind::datetime && b.kind() == Kind::timespan) {
    return Value::datetime(a.as_int() - b.as_int(), a.tz_offset());
  }
  if (a.kind() == Kind::datetime && b.kind() == Kind::datetime) {
    return Value::timespan(a.as_int() - b.as_int());
  }
  if (a.kind() == Kind::timespan && b.kind() == Kind::timespan) {
    return Value::timespan(a.as_int() - b.as_int());
  }
  if (a.kind() == Kind::set && b.kind() == Kind::set) {
    ValueList out;
    for (std::size_t i = 0; i < a.size(); ++i) {
      bool found = false;
      for (std::size_t j = 0; j < b.size() && !found; ++j) {
        found = equal(a.at(i), b.at(j));
      }
      if (!found) {
        out.push_back(a.at(i));
      }
    }
    in.step(a.size() * (b.size() + 1));
    return Value::set(std::move(out));
  }
  no_match();
}

Value times(Interp& in, const Value& a, const Value& b) {
  if (a.kind() == Kind::integer && b.kind() == Kind::integer) {
    return int_mul(a.as_int(), b.as_int());
  }
  if (is_num(a) && is_num(b)) {
    return Value::number(a.as_double() * b.as_double());
  }
  if (a.is_string() && is_int_like(b)) {
    return repeat_string(in, a.str(), to_int_arg(b));
  }
  if (is_int_like(a) && b.is_string()) {
    return repeat_string(in, b.str(), to_int_arg(a));
  }
  if (a.is_list() && is_int_like(b)) {
    return repeat_list(in, a, to_int_arg(b));
  }
  if (is_int_like(a) && b.is_list()) {
    return repeat_list(in, b, to_int_arg(a));
  }
  if (a.kind() == Kind::timespan && is_num(b)) {
    return Value::timespan(int64_t(std::llround(double(a.as_int()) * b.as_double())));
  }
  if (is_num(a) && b.kind() == Kind::timespan) {
    return Value::timespan(int64_t(std::llround(double(b.as_int()) * a.as_double())));
  }
  no_match();
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

Value divide( const Value& a, const Value& b) {
  if (a.kind() == Kind::integer && b.kind() == Kind::integer) {
    if (b.as_int() == 0) {
      fail("integer division or modulo by zero");
    }
    if (a.as_int() == INT64_MIN && b.as_int() == -1) {
      overflow();
    }
    return Value::integer(floor_div(a.as_int(), b.as_int()));
  }
  if (is_num(a) && is_num(b)) {
    if (b.as_double() == 0.0) {
      fail("float division by zero");
    }
    return Value::number(a.as_double() / b.as_double());
  }
  if (a.kind() == Kind::timespan && b.kind() == Kind::timespan) {
    if (b.as_int() == 0) {
      fail("float division by zero");
    }
    return Value::number(double(a.as_int()) / double(b.as_int()));
  }
  if (a.kind() == Kind::timespan && is_num(b)) {
    if (b.as_double() == 0.0) {
      fail("float division by zero");
    }
    return Value::timespan(int64_t(std::llround(double(a.as_int()) / b.as_double())));
  }
  no_match();
}

Value modulo(const Value& a, const Value& b) {
  if (a.kind() == Kind::integer && b.kind() == Kind::integer) {
    if (b.as_int() == 0) {
      fail("integer modulo by zero");
    }
    if (b.as_int() == -1) {
      return Value::integer(0);
    }
    int64_t r = a.as_int() % b.as_int();
    if (r != 0 && ((r < 0) != (b.as_int() < 0))) {
      r += b.as_int();
    }
    return Value::integer(r);
  }
  if (is_num(a) && is_num(b)) {
    double y = b.as_double();
    if (y == 0.0) {
      fail("float modulo");
    }
    double r = std::fmod(a.as_double(), y);
    if (r != 0 && ((r < 0) != (y < 0))) {
      r += y;
    }
    return Value::number(r);
  }
  no_match();
}

bool member(Interp& in, const Value& x, const Value& coll) {
  if (x.is_string() && coll.is_string()) {
    return coll.str().find(x.str()) != std::string_view::npos;
  }
  if (!coll.is_collection()) {
    no_match();
  }
  for (std::size_t i = 0; i < coll.size(); ++i) {
    in.step();
    if (equal(x, coll.at(i))) {
      return true;
    }
  }
  return false;
}

bool subset(const Value& a, const Value& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool found = false;
    for (std::size_t j = 0; j < b.size() && !found; ++j) {
      found = equal(a.at(i), b.at(j));
    }
    if (!found) {
      return false;
    }
  }
  return true;
}

Value order(Op op, const Value& a, const Value& b) {
  bool r = false;
  if (a.kind() == Kind::set && b.kind() == Kind::set) {
    bool ab = subset(a, b);
    bool ba = subset(b, a);
    switch (op) {
      case Op::lt:
        r = ab && !ba;
        break;
      case Op::le:
        r = ab;
        break;
      case Op::gt:
        r = ba && !ab;
        break;
      default:
        r = ba;
        break;
    }
    return Value::boolean(r);
  }
  int c = compare(a, b);
  switch (op) {
    case Op::lt:
      r = c < 0;
      break;
    case Op::le:
      r = c <= 0;
      break;
    case Op::gt:
      r = c > 0;
      break;
    default:
      r = c >= 0;
      break;
  }
  return Value::boolean(r);
}

}  // namespace

int compare(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    return a.is_null() ? (b.is_null() ? 0 : -1) : 1;
  }
  if (a.kind() == Kind::integer && b.kind() == Kind::integer) {
    return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  }
  if (is_num(a) && is_num(b)) {
    double x = a.as_double();
    double y = b.as_double();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    int c = a.str().compare(b.str());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if ((a.kind() == Kind::datetime && b.kind() == Kind::datetime) ||
      (a.kind() == Kind::timespan && b.kind() == Kind::timespan)) {
    return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  }
  no_match();
}

Value binary_op(Interp& in, Op op, const Value& a, const Value& b) {
  switch (op) {
    case Op::plus:
      return plus(in, a, b);
    case Op::minus:
      return minus(in, a, b);
    case Op::mul:
      return times(in, a, b);
    case Op::div:
      return divide(a, b);
    case Op::mod:
      return modulo(a, b);
    case Op::eq:
      return Value::boolean(equal(a, b));
    case Op::ne:
      return Value::boolean(!equal(a, b));
    case Op::lt:
    case Op::gt:
    case Op::le:
    case Op::ge:
      return order(op, a, b);
    case Op::in:
      return Value::boolean(member(in, a, b));
    case Op::match:
    case Op::not_match:
      return Value::boolean(regex_search_op(in, a, b) == (op == Op::match));
    default:
      no_match();
  }
}

Value property(Interp& in, const Value& recv, std::string_view name) {
  if (recv.is_dict()) {
    Value out;
    if (!recv.find(name, out)) {
      fail(key_error(Value::string(std::string(name))));
    }
    return out;
  }
  if (recv.is_collection()) {
    ValueList out;
    out.reserve(recv.size());
    for (std::size_t i = 0; i < recv.size(); ++i) {
      in.step();
      out.push_back(property(in, recv.at(i), name));
    }
    return Value::list(std::move(out), Seq::iter);
  }
  Value out;
  if (date_property(recv, name, out)) {
    return out;
  }
  fail("Unknown function \"#property#" + std::string(name) + "\"");
}

}  // namespace bora::dsl::yaql
