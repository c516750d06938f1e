// Statements: output, if, for (with the loop object), set, with, filter
// blocks, macros and call blocks.

#include <algorithm>
#include <charconv>

#include "dsl/jinja/objects.hpp"

namespace bora::dsl::jinja {

// -- objects -------------------------------------------------------------------

std::string Builtin::str() const {
  if (self_.is_none()) {
    return "<built-in function " + name_ + ">";
  }
  return "<built-in method " + name_ + " of " + type_name_of_self() + " object>";
}

std::string Builtin::type_name_of_self() const { return jinja::type_name(self_); }

Value Builtin::make(std::string name, Value self, BuiltinFn fn) {
  return Value::object_v(std::make_shared<Builtin>(std::move(name), std::move(self), std::move(fn)));
}

std::string Namespace::str() const { return "<Namespace " + repr(Value::dict_v(attrs_)) + ">"; }

Value Namespace::getattr(const std::string& name) const {
  for (const auto& [k, v] : attrs_) {
    if (k.s == name) {
      return v;
    }
  }
  return Value::undefined_v("'jinja2.utils.Namespace object' has no attribute '" + name + "'");
}

void Namespace::set(const std::string& name, Value v) {
  for (auto& kv : attrs_) {
    if (kv.first.s == name) {
      kv.second = std::move(v);
      return;
    }
  }
  attrs_.emplace_back(Value::string_v(name), std::move(v));
}

Value Macro::getattr(const std::string& name) const {
  if (name == "name") {
    return Value::string_v(name_);
  }
  return Object::getattr(name);
}

Result<Value> Macro::call(Interp& in, std::vector<Value> args, Kwargs kwargs) {
  const Node& n = *node_;
  std::vector<std::string> params;
  for (std::size_t k = 0; k < n.npos; ++k) {
    params.push_back(n.kids[first_param_ + k]->name);
  }
  std::size_t ndefaults = n.kids.size() - first_param_ - n.npos - 1;
  Value caller;
  bool has_caller = false;
  for (auto it = kwargs.begin(); it != kwargs.end(); ++it) {
    if (it->first == "caller") {
      caller = it->second;
      has_caller = true;
      kwargs.erase(it);
      break;
    }
  }
  if (args.size() > params.size()) {
    return eval_error("macro '" + name_ + "' takes not more than " +
                      std::to_string(params.size()) + " argument(s)");
  }
  BORA_TRY_VOID(in.enter());
  auto saved = in.isolate();
  std::string out;
  Result<void> r = [&]() -> Result<void> {
    for (std::size_t k = 0; k < params.size(); ++k) {
      std::size_t first_default = params.size() - ndefaults;
      Value v;
      bool set = false;
      if (k < args.size()) {
        v = args[k];
        set = true;
      }
      for (const auto& [key, val] : kwargs) {
        if (key == params[k]) {
          v = val;
          set = true;
        }
      }
      if (!set && k >= first_default) {
        auto d = in.eval(*n.kids[first_param_ + n.npos + (k - first_default)]);
        if (!d) {
          return std::move(d).error();
        }
        v = std::move(*d);
      } else if (!set) {
        v = Value::undefined_v("parameter '" + params[k] + "' was not provided");
      }
      in.assign(params[k], std::move(v));
    }
    for (const auto& [key, val] : kwargs) {
      if (std::find(params.begin(), params.end(), key) == params.end()) {
        return eval_error("macro '" + name_ + "' takes no keyword argument '" + key + "'");
      }
    }
    if (has_caller) {
      in.assign("caller", caller);
    }
    return in.render(*n.kids.back(), out);
  }();
  in.restore(std::move(saved));
  in.leave();
  if (!r) {
    return std::move(r).error();
  }
  return Value::string_v(std::move(out));
}

std::string Loop::str() const { return "<LoopContext " + std::to_string(index_ + 1) + "/" +
                                       std::to_string(items_->size()) + ">"; }

Value Loop::getattr(const std::string& name) const {
  auto n = static_cast<int64_t>(items_->size());
  auto i = static_cast<int64_t>(index_);
  if (name == "index") {
    return Value::integer_v(i + 1);
  }
  if (name == "index0") {
    return Value::integer_v(i);
  }
  if (name == "revindex") {
    return Value::integer_v(n - i);
  }
  if (name == "revindex0") {
    return Value::integer_v(n - i - 1);
  }
  if (name == "first") {
    return Value::boolean_v(i == 0);
  }
  if (name == "last") {
    return Value::boolean_v(i == n - 1);
  }
  if (name == "length") {
    return Value::integer_v(n);
  }
  if (name == "depth") {
    return Value::integer_v(depth0_ + 1);
  }
  if (name == "depth0") {
    return Value::integer_v(depth0_);
  }
  if (name == "previtem") {
    return i > 0 ? (*items_)[index_ - 1]
                 : Value::undefined_v("there is no previous item");
  }
  if (name == "nextitem") {
    return i + 1 < n ? (*items_)[index_ + 1] : Value::undefined_v("there is no next item");
  }
  if (name == "cycle") {
    std::size_t at = index_;
    return Builtin::make("cycle", Value(), [at](Interp&, const Value&, std::vector<Value>& args,
                                               Kwargs&) -> Result<Value> {
      if (args.empty()) {
        return eval_error("no items for cycling given");
      }
      return args[at % args.size()];
    });
  }
  if (name == "changed") {
    // The method may outlive the loop variable, so it shares the loop.
    auto self = std::const_pointer_cast<Loop>(shared_from_this());
    return Builtin::make("changed", Value(), [self](Interp& in, const Value&,
                                                    std::vector<Value>& args,
                                                    Kwargs&) -> Result<Value> {
      Value v = Value::list_v(args);
      if (self->has_changed_ && equal(self->last_changed_, v)) {
        return Value::boolean_v(false);
      }
      self->has_changed_ = true;
      self->last_changed_ = std::move(v);
      in.track(Value::object_v(self));
      return Value::boolean_v(true);
    });
  }
  return Value::undefined_v("'jinja2.runtime.LoopContext object' has no attribute '" + name + "'");
}

Result<Value> Loop::call(Interp& in, std::vector<Value> args, Kwargs) {
  if (args.size() != 1) {
    return eval_error("loop() takes exactly one argument");
  }
  auto items = iterate(args[0]);
  if (!items) {
    return std::move(items).error();
  }
  std::string out;
  BORA_TRY_VOID(render_loop(in, *node_, std::move(*items), depth0_ + 1, out));
  return Value::string_v(std::move(out));
}

// -- statements ------------------------------------------------------------------

Result<void> Interp::render(const Node& body, std::string& out) {
  for (const auto& stmt : body.kids) {
    BORA_TRY_VOID(step());
    BORA_TRY_VOID(render_stmt(*stmt, out));
    BORA_TRY_VOID(check_size(out.size()));
  }
  return {};
}

Result<void> Interp::render_stmt(const Node& n, std::string& out) {
  switch (n.kind) {
    case NodeKind::output:
      out += n.name;
      return {};
    case NodeKind::print: {
      auto v = eval(*n.kids[0]);
      if (!v) {
        return std::move(v).error();
      }
      if (v->kind == Value::Kind::string) {
        BORA_TRY_VOID(check_size(out.size() + v->s.size()));
        out += v->s;
        return {};
      }
      if (v->kind == Value::Kind::integer) {
        // Python's str() of an int is its plain decimal form.
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof buf, v->i);
        auto len = static_cast<std::size_t>(res.ptr - buf);
        BORA_TRY_VOID(check_size(out.size() + len));
        out.append(buf, len);
        return {};
      }
      auto t = to_text(*v);
      if (!t) {
        return std::move(t).error();
      }
      BORA_TRY_VOID(check_size(out.size() + t->size()));
      out += *t;
      return {};
    }
    case NodeKind::if_:
      return render_if(n, out);
    case NodeKind::for_:
      return render_for(n, out);
    case NodeKind::set: {
      auto v = eval(*n.kids[1]);
      if (!v) {
        return std::move(v).error();
      }
      return bind(*n.kids[0], *v);
    }
    case NodeKind::set_block:
      return render_set_block(n, out);
    case NodeKind::with:
      return render_with(n, out);
    case NodeKind::filter_block:
      return render_filter_block(n, out);
    case NodeKind::body:
      return render(n, out);
    case NodeKind::loader:
      return eval_error("no loader for this environment specified");
    case NodeKind::macro:
      assign(n.name, Value::object_v(std::make_shared<Macro>(&n, 0, n.name)));
      return {};
    case NodeKind::call_block: {
      const Node& call = *n.kids[0];
      auto callee = eval(*call.kids[0]);
      if (!callee) {
        return std::move(callee).error();
      }
      std::vector<Value> args;
      Kwargs kwargs;
      BORA_TRY_VOID(eval_args(call, 1, args, kwargs));
      kwargs.emplace_back("caller", Value::object_v(std::make_shared<Macro>(&n, 1, "caller")));
      auto r = this->call(*callee, std::move(args), std::move(kwargs));
      if (!r) {
        return std::move(r).error();
      }
      auto t = to_text(*r);
      if (!t) {
        return std::move(t).error();
      }
      out += *t;
      return {};
    }
    default:
      break;
  }
  return Error(Errc::internal, "expression rendered as a statement");
}

Result<bool> Interp::condition(const Node& n) {
  if (n.kind == NodeKind::compare) {
    BORA_TRY_VOID(step());
    return compare(n);
  }
  auto c = eval(n);
  if (!c) {
    return std::move(c).error();
  }
  return truth(*c);
}

Result<void> Interp::render_if(const Node& n, std::string& out) {
  auto t = condition(*n.kids[0]);
  if (!t) {
    return std::move(t).error();
  }
  if (*t) {
    return render(*n.kids[1], out);
  }
  if (n.kids.size() > 2 && n.kids[2]) {
    if (n.kids[2]->kind == NodeKind::if_) {
      return render_if(*n.kids[2], out);
    }
    return render(*n.kids[2], out);
  }
  return {};
}

Result<void> Interp::render_for(const Node& n, std::string& out) {
  auto iter = eval(*n.kids[1]);
  if (!iter) {
    return std::move(iter).error();
  }
  auto items = iterate(*iter);
  if (!items) {
    return std::move(items).error();
  }
  return render_loop(*this, n, std::move(*items), 0, out);
}

Result<void> render_loop(Interp& in, const Node& n, List items, int64_t depth0, std::string& out) {
  BORA_TRY_VOID(in.enter());
  in.push_frame();
  Result<void> r = [&]() -> Result<void> {
    if (n.kids[2]) {
      // `for x in y if cond`: the condition filters before the loop counts.
      List kept;
      for (auto& item : items) {
        BORA_TRY_VOID(in.step());
        BORA_TRY_VOID(in.bind(*n.kids[0], item));
        auto c = in.eval(*n.kids[2]);
        if (!c) {
          return std::move(c).error();
        }
        auto t = in.truth(*c);
        if (!t) {
          return std::move(t).error();
        }
        if (*t) {
          kept.push_back(std::move(item));
        }
      }
      items = std::move(kept);
    }
    // The loop object may escape the loop (`set ns.l = loop`): it shares the items.
    auto shared = std::make_shared<const List>(std::move(items));
    auto loop = std::make_shared<Loop>(&n, shared, depth0);
    // Each iteration starts from the loop's scope: names set in one
    // iteration are gone in the next, as in Jinja. One inner scope serves
    // every iteration: it keeps only `loop` and the loop variables (bound
    // again, in the same order, by every iteration) and drops the rest.
    in.push_frame();
    const Value loop_value = Value::object_v(loop);
    Result<void> r;
    std::size_t bound = 0;
    for (std::size_t i = 0; i < shared->size(); ++i) {
      r = in.step();
      if (!r) {
        break;
      }
      loop->set_index(i);
      in.truncate_frame(bound);
      in.assign_copy("loop", loop_value);
      r = in.bind(*n.kids[0], (*shared)[i]);
      bound = in.frame_size();
      if (r) {
        r = in.render(*n.kids[3], out);
      }
      if (!r) {
        break;
      }
    }
    in.pop_frame();
    BORA_TRY_VOID(std::move(r));
    if (shared->empty() && n.kids[4]) {
      return in.render(*n.kids[4], out);
    }
    return {};
  }();
  in.pop_frame();
  in.leave();
  return r;
}

Result<void> Interp::render_with(const Node& n, std::string& out) {
  std::vector<Value> values;
  for (std::size_t k = 0; k < n.npos; ++k) {
    auto v = eval(*n.kids[n.npos + k]);
    if (!v) {
      return std::move(v).error();
    }
    values.push_back(std::move(*v));
  }
  push_frame();
  Result<void> r = [&]() -> Result<void> {
    for (std::size_t k = 0; k < n.npos; ++k) {
      BORA_TRY_VOID(bind(*n.kids[k], values[k]));
    }
    return render(*n.kids.back(), out);
  }();
  pop_frame();
  return r;
}

Result<Value> Interp::apply_filter_chain(const Node& chain, Value v) {
  // The chain is nested innermost-first; its innermost operand is empty.
  if (chain.kids[0]) {
    auto inner = apply_filter_chain(*chain.kids[0], std::move(v));
    if (!inner) {
      return inner;
    }
    v = std::move(*inner);
  }
  std::vector<Value> args;
  Kwargs kwargs;
  BORA_TRY_VOID(eval_args(chain, 1, args, kwargs));
  return filter(chain.name, std::move(v), std::move(args), std::move(kwargs));
}

Result<void> Interp::render_set_block(const Node& n, std::string&) {
  std::string body;
  BORA_TRY_VOID(render(*n.kids[1], body));
  Value v = Value::string_v(std::move(body));
  if (n.kids[2]) {
    auto f = apply_filter_chain(*n.kids[2], std::move(v));
    if (!f) {
      return std::move(f).error();
    }
    v = std::move(*f);
  }
  return bind(*n.kids[0], v);
}

Result<void> Interp::render_filter_block(const Node& n, std::string& out) {
  std::string body;
  BORA_TRY_VOID(render(*n.kids[1], body));
  auto f = apply_filter_chain(*n.kids[0], Value::string_v(std::move(body)));
  if (!f) {
    return std::move(f).error();
  }
  auto t = to_text(*f);
  if (!t) {
    return std::move(t).error();
  }
  out += *t;
  return {};
}

}  // namespace bora::dsl::jinja
