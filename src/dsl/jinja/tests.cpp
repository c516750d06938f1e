// Jinja's tests (`x is defined`, `x is divisibleby 3`, ...).

#include <set>

#include "dsl/jinja/filters.hpp"
#include "dsl/jinja/interp.hpp"
#include "dsl/jinja/text.hpp"

namespace bora::dsl::jinja {

namespace {

Result<bool> compare_test(const std::string& op, const Value& a, const Value& b) {
  if (a.is_undefined()) {
    return undefined_error(a);
  }
  if (b.is_undefined()) {
    return undefined_error(b);
  }
  if (op == "eq") {
    return equal(a, b);
  }
  if (op == "ne") {
    return !equal(a, b);
  }
  const char* sym = op == "lt" ? "<" : op == "le" ? "<=" : op == "gt" ? ">" : ">=";
  bool swap = op == "gt" || op == "le";
  auto r = swap ? less(b, a, sym) : less(a, b, sym);
  if (!r) {
    return std::move(r).error();
  }
  return (op == "lt" || op == "gt") ? *r : !*r;
}

std::string canonical(const std::string& name) {
  if (name == "==" || name == "equalto") {
    return "eq";
  }
  if (name == "!=") {
    return "ne";
  }
  if (name == "<" || name == "lessthan") {
    return "lt";
  }
  if (name == "<=") {
    return "le";
  }
  if (name == ">" || name == "greaterthan") {
    return "gt";
  }
  if (name == ">=") {
    return "ge";
  }
  return name;
}

Result<bool> one_arg(const std::string& name, std::vector<Value>& args, Kwargs& kwargs, Value& out) {
  std::vector<const Value*> none = {nullptr};
  auto r = bind_args("test_" + name, {name == "divisibleby" ? "num" : name == "in" ? "seq" : "other"},
                     none, std::move(args), std::move(kwargs));
  if (!r) {
    return std::move(r).error();
  }
  out = (*r)[0];
  return true;
}

Result<bool> number_test(const std::string& name, const Value& v, std::vector<Value>& args,
                         Kwargs& kwargs, Interp& in) {
  if (v.is_undefined()) {
    return undefined_error(v);
  }
  Value divisor = Value::integer_v(2);
  if (name == "divisibleby") {
    auto r = one_arg(name, args, kwargs, divisor);
    if (!r) {
      return r;
    }
  }
  auto m = binary_op(in, "%", v, divisor);
  if (!m) {
    return std::move(m).error();
  }
  bool zero = !truthy(*m);
  return name == "odd" ? !zero : zero;
}

const std::set<std::string>& test_names() {
  static const std::set<std::string> names = {
      "defined", "undefined", "none",  "boolean", "true",    "false", "integer",  "float",
      "number",  "string",    "mapping", "sequence", "iterable", "callable", "escaped", "lower",
      "upper",   "odd",       "even",  "divisibleby", "eq",   "ne",    "lt",       "le",
      "gt",      "ge",        "in",    "sameas",  "filter",  "test",  "==",       "!=",
      "<",       "<=",        ">",     ">=",      "equalto", "lessthan", "greaterthan"};
  return names;
}

}  // namespace

bool test_exists(const std::string& name) { return test_names().count(name) != 0; }

Result<bool> run_test(Interp& in, const std::string& raw_name, const Value& v,
                      std::vector<Value>& args, Kwargs& kwargs, bool& found) {
  BORA_TRY_VOID(in.step());
  found = true;
  std::string name = canonical(raw_name);
  bool undef = v.is_undefined();
  if (name == "defined" || name == "undefined") {
    return undef == (name == "undefined");
  }
  if (name == "none") {
    return v.is_none();
  }
  if (name == "boolean") {
    return v.kind == Value::Kind::boolean;
  }
  if (name == "true" || name == "false") {
    return v.kind == Value::Kind::boolean && v.b == (name == "true");
  }
  if (name == "integer") {
    return v.is_int() || v.big;
  }
  if (name == "float") {
    return v.kind == Value::Kind::real && !v.big;
  }
  if (name == "number") {
    return v.is_number() || v.kind == Value::Kind::boolean;
  }
  if (name == "string") {
    return v.is_string();
  }
  if (name == "mapping") {
    return v.is_mapping();
  }
  if (name == "sequence") {
    return v.is_string() || v.is_mapping() || (v.is_sequence() && v.view != View::generator);
  }
  if (name == "iterable") {
    if (undef) {
      return undefined_error(v);
    }
    return v.is_string() || v.is_mapping() || v.is_sequence();
  }
  if (name == "callable") {
    return undef || v.is_callable();
  }
  if (name == "escaped") {
    return false;
  }
  if (name == "lower" || name == "upper") {
    auto s = soft_str(v);
    if (!s) {
      return std::move(s).error();
    }
    return char_class(*s, "is" + name);
  }
  if (name == "odd" || name == "even" || name == "divisibleby") {
    return number_test(name, v, args, kwargs, in);
  }
  static const std::set<std::string> binary = {"eq", "ne", "lt", "le", "gt", "ge", "in", "sameas"};
  if (binary.count(name) != 0) {
    Value other;
    auto r = one_arg(name, args, kwargs, other);
    if (!r) {
      return r;
    }
    if (name == "in") {
      return contains(other, v);
    }
    if (name == "sameas") {
      if (v.kind != other.kind) {
        return false;
      }
      if (v.is_none() || v.kind == Value::Kind::boolean || v.is_int()) {
        return equal(v, other);
      }
      return (v.list && v.list == other.list) || (v.dict && v.dict == other.dict) ||
             (v.json && v.json == other.json) || (v.obj && v.obj == other.obj);
    }
    return compare_test(name, v, other);
  }
  if (name == "filter" || name == "test") {
    if (!v.is_string()) {
      return false;
    }
    if (name == "filter") {
      return filter_exists(v.s);
    }
    std::vector<Value> a;
    Kwargs k;
    bool known = true;
    (void)run_test(in, v.s, Value(), a, k, known);
    return known;
  }
  found = false;
  return false;
}

}  // namespace bora::dsl::jinja
