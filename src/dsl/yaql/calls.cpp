// The calling side of the evaluator: argument access for built-ins,
// Mistral's functions, and the constructs that bind names for `->`
// (let, with, def, unpack).
#include "dsl/functions.hpp"
#include "dsl/pystr.hpp"
#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

// Parameters of Mistral's functions as YAQL sees them (the leading context
// argument is filled in by the engine, never by the user).
struct MistralSignature {
  const char* name;
  std::vector<const char*> params;
  std::size_t required;
};

const MistralSignature* mistral_signature(std::string_view name) {
  static const MistralSignature sigs[] = {
      {"task", {"task_name"}, 0},
      {"tasks", {"workflow_execution_id", "recursive", "state", "flat"}, 0},
      {"execution", {}, 0},
      {"executions", {"id", "root_execution_id", "state", "from_time", "to_time"}, 0},
      {"env", {}, 0},
      {"global", {"var_name"}, 1},
      {"json_pp", {"data"}, 0},
      {"json_dump", {"data"}, 1},
      {"json_parse", {"data"}, 1},
      {"yaml_dump", {"data"}, 1},
      {"yaml_parse", {"data"}, 1},
      {"uuid", {}, 0},
  };
  for (const auto& s : sigs) {
    if (name == s.name) {
      return &s;
    }
  }
  return nullptr;
}

// YAQL exposes Python parameter names in camelCase (`workflowExecutionId`);
// the snake_case spelling is not accepted.
bool snake_name(const std::string& camel, std::string& out) {
  out.clear();
  for (char ch : camel) {
    if (ch == '_') {
      return false;
    }
    if (ch >= 'A' && ch <= 'Z') {
      out += '_';
      out += char(ch - 'A' + 'a');
    } else {
      out += ch;
    }
  }
  return true;
}

}  // namespace

Call::Call(Interp& interp, const Scope& sc, const Node& n, const Value* recv)
    : in(interp), scope(sc), node(n), receiver(recv) {
  for (const auto& a : n.args) {
    if (a->kind != NodeKind::mapping) {
      pos_.push_back(a.get());
    } else if (a->args[0]->kind == NodeKind::keyword) {
      named_.emplace_back(a->args[0]->name, a->args[1].get());
    } else {
      rules_.push_back(a.get());
    }
  }
}

Value Call::arg(std::size_t i) const {
  if (receiver) {
    if (i == 0) {
      return *receiver;
    }
    --i;
  }
  // A library function that reads an argument the caller did not pass is
  // the same as a call that matches no signature.
  if (i >= pos_.size()) {
    no_match();
  }
  return in.eval(*pos_[i], scope);
}

const Node& Call::lambda(std::size_t i) const {
  std::size_t k = receiver ? i - 1 : i;
  if ((receiver && i == 0) || k >= pos_.size()) {
    no_match();
  }
  return *pos_[k];
}

bool Call::kw(std::string_view name, Value& out) const {
  for (const auto& n : named_) {
    if (n.first == name) {
      out = in.eval(*n.second, scope);
      return true;
    }
  }
  return false;
}

void Call::expect(std::size_t min, std::size_t max, bool named_ok) const {
  if (size() < min || size() > max || !rules_.empty() || (!named_ok && !named_.empty())) {
    no_match();
  }
}

Value Call::opt(std::size_t i, std::string_view name, Value fallback) const {
  if (i < size()) {
    return arg(i);
  }
  Value v;
  if (kw(name, v)) {
    return v;
  }
  return fallback;
}

Value Call::call(std::size_t i, std::initializer_list<Value> args) const {
  return in.call_lambda(lambda(i), scope, args);
}

Value Interp::mistral(const Node& n, const Scope& scope) {
  std::vector<boost::json::value> args;
  KeywordArgs kwargs;
  const MistralSignature* sig = mistral_signature(n.name);
  auto mismatch = [&] { fail("No function \"" + n.name + "\" matches supplied arguments"); };
  std::vector<bool> given(sig ? sig->params.size() : 0, false);
  for (const auto& a : n.args) {
    if (a->kind == NodeKind::mapping && a->args[0]->kind == NodeKind::keyword) {
      std::string py;
      if (!snake_name(a->args[0]->name, py)) {
        mismatch();
      }
      std::size_t k = 0;
      while (sig && k < sig->params.size() && py != sig->params[k]) {
        ++k;
      }
      if (sig && (k == sig->params.size() || given[k])) {
        mismatch();
      }
      if (sig) {
        given[k] = true;
      }
      kwargs.emplace_back(py, to_json(eval(*a->args[1], scope), DateForm::mistral_json));
    } else if (a->kind == NodeKind::mapping) {
      mismatch();
    } else {
      if (sig && (args.size() >= sig->params.size() || given[args.size()])) {
        mismatch();
      }
      if (sig) {
        given[args.size()] = true;
      }
      args.push_back(to_json(eval(*a, scope), DateForm::mistral_json));
    }
  }
  for (std::size_t k = 0; sig && k < sig->required; ++k) {
    if (!given[k]) {
      mismatch();
    }
  }
  // Mistral quirk: json_pp() without (truthy) data dumps its context
  // argument, which under YAQL is the engine's context object.
  if (n.name == "json_pp") {
    const boost::json::value* data = !args.empty() ? &args[0]
                                     : !kwargs.empty() ? &kwargs[0].second
                                                       : nullptr;
    if (!data || !py_truthy(*data)) {
      fail("Circular reference detected");
    }
  }
  auto r = call_mistral_function(n.name, args, kwargs, ctx_);
  if (!r.ok()) {
    throw Failure{r.error().code, r.error().message};
  }
  kept_.push_back(std::make_unique<boost::json::value>(std::move(r.value())));
  return Value::borrow(*kept_.back(), true);
}

Value Interp::eval_arrow(const Node& n, const Scope& scope) {
  const Node& lhs = *n.args[0];
  Scope child;
  child.parent = &scope;
  bool is_call = lhs.kind == NodeKind::call;
  if (is_call && (lhs.name == "let" || lhs.name == "with")) {
    bind_let(lhs, scope, child);
  } else if (is_call && lhs.name == "def") {
    bind_def(lhs, scope, child);
  } else if (lhs.kind == NodeKind::dot && lhs.args[1]->kind == NodeKind::call &&
             lhs.args[1]->name == "unpack") {
    bind_unpack(lhs, scope, child);
  } else {
    // Only let(), with(), def() and unpack() produce a context for `->`.
    fail("No function \"#operator_->\" matches supplied arguments");
  }
  return eval(*n.args[1], child);
}

void Interp::bind_let(const Node& lhs, const Scope& scope, Scope& child) {
  std::size_t i = 1;
  for (const auto& a : lhs.args) {
    if (a->kind == NodeKind::mapping) {
      if (a->args[0]->kind != NodeKind::keyword || lhs.name == "with") {
        fail("No function \"" + lhs.name + "\" matches supplied arguments");
      }
      child.vars.emplace_back("$" + a->args[0]->name, eval(*a->args[1], scope));
    } else {
      child.vars.emplace_back("$" + std::to_string(i++), eval(*a, scope));
    }
  }
}

void Interp::bind_def(const Node& lhs, const Scope& scope, Scope& child) {
  if (lhs.args.size() != 2 || lhs.args[0]->kind == NodeKind::mapping ||
      lhs.args[1]->kind == NodeKind::mapping) {
    fail("No function \"def\" matches supplied arguments");
  }
  Value name = eval(*lhs.args[0], scope);
  if (!name.is_string()) {
    fail("No function \"def\" matches supplied arguments");
  }
  child.funcs.emplace_back(std::string(name.str()), lhs.args[1].get());
}

void Interp::bind_unpack(const Node& dot, const Scope& scope, Scope& child) {
  Value seq = eval(*dot.args[0], scope);
  const Node& call = *dot.args[1];
  if (!seq.is_collection()) {
    fail("No method \"unpack\" for receiver " + py_str(seq) + " matches supplied arguments");
  }
  ValueList items = seq.items();
  if (!call.args.empty() && call.args.size() != items.size()) {
    fail("Cannot unpack " + std::to_string(items.size()) + " elements into " +
         std::to_string(call.args.size()));
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string name = "$" + std::to_string(i + 1);
    if (!call.args.empty()) {
      Value v = eval(*call.args[i], scope);
      if (!v.is_string()) {
        fail("No method \"unpack\" for receiver " + py_str(seq) +
             " matches supplied arguments");
      }
      name = "$" + std::string(v.str());
    }
    child.vars.emplace_back(std::move(name), items[i]);
  }
}

}  // namespace bora::dsl::yaql
