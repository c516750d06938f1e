#include "dsl/yaql/interp.hpp"

#include <mutex>
#include <unordered_map>

#include "dsl/functions.hpp"
#include "dsl/pystr.hpp"

namespace bora::dsl::yaql {

namespace {

struct Entry {
  Forms forms;
  Builtin fn;
};

std::unordered_map<std::string, Entry>& table() {
  static std::unordered_map<std::string, Entry> t;
  return t;
}

const std::unordered_map<std::string, Entry>& registry() {
  static std::once_flag once;
  std::call_once(once, [] {
    register_collections();
    register_queries();
    register_strings();
    register_regex();
    register_misc();
    register_dates();
    register_system();
  });
  return table();
}

}  // namespace

void fail(std::string message) {
  throw Failure{Errc::evaluation_error, std::move(message)};
}

void no_match() {
  throw NoMatch{};
}

void define(std::string_view name, Forms forms, Builtin fn) {
  table()[std::string(name)] = Entry{forms, fn};
}

Value Scope::lookup(std::string_view name) const {
  for (const Scope* s = this; s; s = s->parent) {
    for (const auto& v : s->vars) {
      if (v.first == name) {
        return v.second;
      }
    }
  }
  return Value();
}

const Node* Scope::find_func(std::string_view name, const Scope*& where) const {
  for (const Scope* s = this; s; s = s->parent) {
    for (const auto& f : s->funcs) {
      if (f.first == name) {
        where = s;
        return f.second;
      }
    }
  }
  return nullptr;
}








// -- Interp -------------------------------------------------------------------

void Interp::step(uint64_t n) {
  steps_ += n;
  if (steps_ > ctx_.limits.max_steps) {
    throw Failure{Errc::limit_exceeded, "expression exceeded the limit of " +
                                            std::to_string(ctx_.limits.max_steps) +
                                            " evaluation steps"};
  }
}

void Interp::check_size(uint64_t bytes) {
  if (bytes > ctx_.limits.max_value_bytes) {
    throw Failure{Errc::limit_exceeded, "expression value exceeds the limit of " +
                                            std::to_string(ctx_.limits.max_value_bytes) +
                                            " bytes"};
  }
}

Value Interp::keep(boost::json::value v) {
  kept_.push_back(std::make_unique<boost::json::value>(std::move(v)));
  return Value::borrow(*kept_.back());
}

namespace {

// Restores the recursion depth however the evaluation ends.
struct DepthGuard {
  uint32_t& d;
  ~DepthGuard() { --d; }
};

}  // namespace

Value Interp::call_lambda(const Node& body, const Scope& scope, std::initializer_list<Value> args) {
  step();
  Scope child;
  child.parent = &scope;
  std::size_t i = 1;
  for (const auto& a : args) {
    child.vars.emplace_back("$" + std::to_string(i++), a);
  }
  return eval(body, child);
}

Value Interp::eval(const Node& n, const Scope& scope) {
  step();
  if (++depth_ > ctx_.limits.max_depth) {
    --depth_;
    throw Failure{Errc::limit_exceeded, "expression nesting exceeds the limit of " +
                                            std::to_string(ctx_.limits.max_depth) + " levels"};
  }
  DepthGuard guard{depth_};
  switch (n.kind) {
    case NodeKind::constant:
    case NodeKind::keyword:
      return n.value;
    case NodeKind::no_value:
      return Value();
    case NodeKind::variable:
      return scope.lookup(n.name);
    case NodeKind::list: {
      ValueList items;
      items.reserve(n.args.size());
      for (const auto& a : n.args) {
        if (a->kind == NodeKind::mapping) {
          fail("No function \"#list\" matches supplied arguments");
        }
        items.push_back(eval(*a, scope));
      }
      return Value::list(std::move(items));
    }
    case NodeKind::map:
      return eval_map(n, scope);
    case NodeKind::index:
      return eval_index(n, scope);
    case NodeKind::call:
      return eval_call(n, scope, nullptr);
    case NodeKind::dot:
      return eval_dot(n, scope, false);
    case NodeKind::safe_dot:
      return eval_dot(n, scope, true);
    case NodeKind::unary:
      return eval_unary(n, scope);
    case NodeKind::binary:
      return eval_binary(n, scope);
    case NodeKind::mapping:
      fail("Cannot convert mapping to keyword argument");
  }
  return Value();
}

Value Interp::eval_map(const Node& n, const Scope& scope) {
  DictEntries entries;
  entries.reserve(n.args.size());
  for (const auto& a : n.args) {
    if (a->kind != NodeKind::mapping) {
      fail("No function \"#map\" matches supplied arguments");
    }
    Value k = eval(*a->args[0], scope);
    require_hashable(k);
    entries.emplace_back(std::move(k), eval(*a->args[1], scope));
  }
  return Value::dict(std::move(entries));
}

Value Interp::eval_dot(const Node& n, const Scope& scope, bool safe) {
  Value lazy;
  if (!safe && n.args[1]->kind == NodeKind::call && eval_lazy(*this, n, scope, lazy)) {
    return lazy;
  }
  Value recv = eval(*n.args[0], scope);
  if (safe && recv.is_null()) {
    return Value();
  }
  const Node& rhs = *n.args[1];
  if (rhs.kind == NodeKind::call) {
    return eval_call(rhs, scope, &recv);
  }
  if (rhs.kind == NodeKind::keyword) {
    return property(*this, recv, rhs.name);
  }
  fail("No function \"#operator_.\" matches supplied arguments");
}

Value Interp::eval_index(const Node& n, const Scope& scope) {
  Value target = eval(*n.args[0], scope);
  std::size_t nargs = n.args.size() - 1;
  for (std::size_t i = 1; i < n.args.size(); ++i) {
    if (n.args[i]->kind == NodeKind::mapping) {
      fail("No function \"#indexer\" matches supplied arguments");
    }
  }
  if (target.is_dict() && (nargs == 1 || nargs == 2)) {
    Value key = eval(*n.args[1], scope);
    Value out;
    if (target.find(key, out)) {
      return out;
    }
    if (nargs == 2) {
      return eval(*n.args[2], scope);
    }
    fail(key_error(key));
  }
  if (target.is_list() && target.indexable() && nargs == 1) {
    Value idx = eval(*n.args[1], scope);
    if (idx.kind() == Kind::integer || idx.kind() == Kind::boolean) {
      int64_t i = idx.kind() == Kind::boolean ? int64_t(idx.as_bool()) : idx.as_int();
      int64_t size = int64_t(target.size());
      if (i < 0) {
        i += size;
      }
      if (i < 0 || i >= size) {
        fail("tuple index out of range");
      }
      return target.at(std::size_t(i));
    }
  }
  fail("No function \"#indexer\" matches supplied arguments");
}

Value Interp::eval_call(const Node& n, const Scope& scope, const Value* receiver) {
  const auto& reg = registry();
  const Scope* where = nullptr;
  if (const Node* body = scope.find_func(n.name, where)) {
    Scope child;
    child.parent = where;
    std::size_t i = 1;
    if (receiver) {
      child.vars.emplace_back("$" + std::to_string(i++), *receiver);
    }
    for (const auto& a : n.args) {
      child.vars.emplace_back("$" + std::to_string(i++), eval(*a, scope));
    }
    step();
    return eval(*body, child);
  }
  if (!receiver && is_mistral_function(n.name)) {
    return mistral(n, scope);
  }
  auto it = reg.find(n.name);
  bool usable = it != reg.end() &&
                (it->second.forms & (receiver ? method_form : function_form)) != 0;
  if (!usable) {
    if (receiver) {
      fail("Unknown method \"" + n.name + "\" for receiver " + py_str(*receiver));
    }
    fail("Unknown function \"" + n.name + "\"");
  }
  Call call(*this, scope, n, receiver);
  try {
    return it->second.fn(call);
  } catch (const NoMatch&) {
    if (receiver) {
      fail("No method \"" + n.name + "\" for receiver " + py_str(*receiver) +
           " matches supplied arguments");
    }
    fail("No function \"" + n.name + "\" matches supplied arguments");
  }
}







Value Interp::eval_unary(const Node& n, const Scope& scope) {
  Value v = eval(*n.args[0], scope);
  if (n.op == Op::not_) {
    return Value::boolean(!truthy(v));
  }
  bool neg = n.op == Op::minus;
  switch (v.kind()) {
    case Kind::integer:
      if (neg && v.as_int() == INT64_MIN) {
        fail("integer overflow");
      }
      return neg ? Value::integer(-v.as_int()) : v;
    case Kind::number:
      return neg ? Value::number(-v.as_double()) : v;
    case Kind::timespan:
      return neg ? Value::timespan(-v.as_int()) : v;
    default:
      fail("No function \"#unary_operator_" + n.name + "\" matches supplied arguments");
  }
}

Value Interp::eval_binary(const Node& n, const Scope& scope) {
  switch (n.op) {
    case Op::and_: {
      Value l = eval(*n.args[0], scope);
      return truthy(l) ? eval(*n.args[1], scope) : l;
    }
    case Op::or_: {
      Value l = eval(*n.args[0], scope);
      return truthy(l) ? l : eval(*n.args[1], scope);
    }
    case Op::arrow:
      return eval_arrow(n, scope);
    default:
      break;
  }
  Value a = eval(*n.args[0], scope);
  Value b = eval(*n.args[1], scope);
  try {
    return binary_op(*this, n.op, a, b);
  } catch (const NoMatch&) {
    std::string name = n.op == Op::eq ? "*equal" : n.op == Op::ne ? "*not_equal"
                                                                  : "#operator_" + n.name;
    fail("No function \"" + name + "\" matches supplied arguments");
  }
}

std::string key_error(const Value& key) {
  return repr(key);
}

int64_t to_int_arg(const Value& v) {
  if (v.kind() == Kind::integer) {
    return v.as_int();
  }
  if (v.kind() == Kind::boolean) {
    return v.as_bool() ? 1 : 0;
  }
  no_match();
}

ValueList iter_arg(const Value& v) {
  if (!v.is_collection()) {
    no_match();
  }
  return v.items();
}

std::string_view str_arg(const Value& v) {
  if (!v.is_string()) {
    no_match();
  }
  return v.str();
}

}  // namespace bora::dsl::yaql
