#include "dsl/jinja/interp.hpp"

#include <algorithm>

#include "dsl/jinja/filters.hpp"
#include "dsl/jinja/objects.hpp"

namespace bora::dsl::jinja {

namespace {

// The Python type name as Jinja's undefined messages show it.
std::string object_repr(const Value& v) {
  if (v.is_none()) {
    return "None";
  }
  return type_name(v) + " object";
}

bool is_unsafe_attribute(const std::string& name) {
  std::size_t n = name.size();
  return n > 4 && name[0] == '_' && name[1] == '_' && name[n - 2] == '_' && name[n - 1] == '_';
}

Result<Value> unsafe(const Value& obj, const std::string& name) {
  return eval_error("access to attribute '" + name + "' of '" + type_name(obj) +
                    "' object is unsafe.");
}

}  // namespace

Interp::Interp(const EvalContext& ctx) : ctx_(ctx) {
  frames_.reserve(8);
  frames_.emplace_back();
  frames_.back().reserve(4);
}

Interp::~Interp() {
  frames_.clear();
  for (auto& v : touched_) {
    if (v.list) {
      v.list->clear();
    }
    if (v.dict) {
      v.dict->clear();
    }
    if (v.obj) {
      v.obj->release();
    }
  }
}

Error Interp::steps_error() const {
  return Error(Errc::limit_exceeded,
               "evaluation exceeded " + std::to_string(ctx_.limits.max_steps) + " steps");
}

Error Interp::size_error(uint64_t bytes) const {
  return Error(Errc::limit_exceeded, "value too large: about " + std::to_string(bytes) +
                                         " bytes, the limit is " +
                                         std::to_string(ctx_.limits.max_value_bytes));
}

Result<void> Interp::enter() {
  if (++depth_ > ctx_.limits.max_depth) {
    --depth_;
    return Error(Errc::limit_exceeded,
                 "evaluation nested deeper than " + std::to_string(ctx_.limits.max_depth));
  }
  return {};
}

Result<std::string> Interp::to_text(const Value& v) const {
  if (v.is_undefined() && !v.lenient) {
    return undefined_error(v);
  }
  return str(v);
}

Result<bool> Interp::truth(const Value& v) const {
  if (v.is_undefined() && !v.lenient) {
    return undefined_error(v);
  }
  return truthy(v);
}

const Value* Interp::find_var(const std::string& name) const {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    if (const Value* v = it->get(name)) {
      return v;
    }
  }
  return nullptr;
}

Result<const Value*> Interp::eval_ref(const Node& n, std::optional<Value>& tmp) {
  if (n.kind == NodeKind::constant) {
    BORA_TRY_VOID(step());
    return &n.value;
  }
  if (n.kind == NodeKind::name) {
    BORA_TRY_VOID(step());
    if (const Value* v = find_var(n.name)) {
      return v;
    }
    return &tmp.emplace(lookup(n.name));
  }
  auto v = eval(n);
  if (!v) {
    return std::move(v).error();
  }
  return &tmp.emplace(std::move(*v));
}

Value Interp::lookup(const std::string& name) const {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end()) {
      return found->second;
    }
  }
  Value g = find_global(name);
  if (g.is_undefined()) {
    return Value::undefined_v("'" + name + "' is undefined");
  }
  return g;
}

std::vector<Interp::Frame> Interp::isolate() {
  std::vector<Frame> saved = frames_;
  frames_.resize(1);
  frames_.emplace_back();
  return saved;
}

// -- attribute and item access ---------------------------------------------------

Result<Value> Interp::getattr(const Value& obj, const std::string& name) {
  if (obj.is_undefined()) {
    return undefined_error(obj);
  }
  if (obj.kind == Value::Kind::object) {
    return obj.obj->getattr(name);
  }
  if (is_unsafe_attribute(name)) {
    return unsafe(obj, name);
  }
  if (obj.group && (name == "grouper" || name == "list")) {
    return (*obj.list)[name == "grouper" ? 0 : 1];
  }
  if (has_method(obj, name)) {
    return find_method(obj, name);
  }
  if (obj.kind == Value::Kind::json && obj.json->is_object()) {
    // Input data: look the key up directly, without building a key value.
    const auto* found = obj.json->get_object().if_contains(name);
    if (found != nullptr) {
      return from_json(obj.json, *found);
    }
  } else if (Value out; obj.is_mapping() && mapping_get(obj, Value::string_v(name), out)) {
    return out;
  }
  if (ctx_.data_is_view && obj.kind == Value::Kind::json && obj.json.get() == ctx_.data) {
    return Value::undefined_v("'mistral.workflow.data_flow.ContextView object' has no attribute '" +
                              name + "'");
  }
  return Value::undefined_v("'" + object_repr(obj) + "' has no attribute '" + name + "'");
}

Result<Value> Interp::getitem(const Value& obj, const Value& key) {
  if (obj.is_undefined()) {
    return undefined_error(obj);
  }
  if (key.is_undefined()) {
    return undefined_error(key);
  }
  Value out;
  if (obj.is_mapping()) {
    if (mapping_get(obj, key, out)) {
      return out;
    }
  } else if ((obj.is_sequence() || obj.is_string()) &&
             (key.is_int() || key.kind == Value::Kind::boolean)) {
    int64_t n = length(obj);
    int64_t i = key.is_int() ? key.i : (key.b ? 1 : 0);
    if (i < 0) {
      i += n;
    }
    if (i >= 0 && i < n) {
      if (obj.is_string()) {
        return Value::string_v(utf8_chars(obj.s)[static_cast<std::size_t>(i)]);
      }
      return sequence_at(obj, static_cast<std::size_t>(i));
    }
  } else if (obj.kind == Value::Kind::object && key.is_string()) {
    return obj.obj->getattr(key.s);
  }
  if (key.is_string()) {
    return getattr(obj, key.s);
  }
  return Value::undefined_v(object_repr(obj) + " has no element " + repr(key));
}

namespace {

// Python's slice index normalisation for a sequence of length n.
void slice_bounds(int64_t n, const std::optional<int64_t>& start, const std::optional<int64_t>& stop,
                  int64_t step, std::vector<int64_t>& out) {
  auto clamp = [n, step](std::optional<int64_t> v, bool is_start) {
    if (!v) {
      if (step > 0) {
        return is_start ? int64_t{0} : n;
      }
      return is_start ? n - 1 : int64_t{-1};
    }
    int64_t x = *v;
    if (x < 0) {
      x += n;
      if (x < 0) {
        x = step > 0 ? 0 : -1;
      }
    } else if (x >= n) {
      x = step > 0 ? n : n - 1;
    }
    return x;
  };
  int64_t a = clamp(start, true);
  int64_t b = clamp(stop, false);
  for (int64_t i = a; step > 0 ? i < b : i > b; i += step) {
    out.push_back(i);
  }
}

}  // namespace

Result<Value> Interp::eval_slice(const Value& obj, const Node& n) {
  std::optional<int64_t> bounds[3];
  for (int k = 0; k < 3; ++k) {
    if (!n.kids[static_cast<std::size_t>(k)]) {
      continue;
    }
    auto v = eval(*n.kids[static_cast<std::size_t>(k)]);
    if (!v) {
      return v;
    }
    if (v->is_none()) {
      continue;
    }
    if (!v->is_int()) {
      return eval_error("slice indices must be integers or None or have an __index__ method");
    }
    bounds[k] = v->i;
  }
  int64_t step = bounds[2].value_or(1);
  if (step == 0) {
    return eval_error("slice step cannot be zero");
  }
  if (obj.is_undefined()) {
    return undefined_error(obj);
  }
  if (obj.is_mapping()) {
    return eval_error("unhashable type: 'slice'");
  }
  if (!obj.is_sequence() && !obj.is_string()) {
    auto part = [](const std::optional<int64_t>& b) { return b ? std::to_string(*b) : "None"; };
    return Value::undefined_v(object_repr(obj) + " has no element slice(" + part(bounds[0]) + ", " +
                              part(bounds[1]) + ", " + part(bounds[2]) + ")");
  }
  std::vector<int64_t> idx;
  slice_bounds(length(obj), bounds[0], bounds[1], step, idx);
  if (obj.is_string()) {
    auto chars = utf8_chars(obj.s);
    std::string s;
    for (auto i : idx) {
      s += chars[static_cast<std::size_t>(i)];
    }
    return Value::string_v(std::move(s));
  }
  List out;
  for (auto i : idx) {
    out.push_back(sequence_at(obj, static_cast<std::size_t>(i)));
  }
  return Value::list_v(std::move(out), obj.kind == Value::Kind::tuple);
}

// -- expressions -------------------------------------------------------------------

Result<Value> Interp::eval(const Node& n) {
  BORA_TRY_VOID(step());
  return eval_inner(n);
}

Result<void> Interp::eval_args(const Node& n, std::size_t first, std::vector<Value>& args,
                               Kwargs& kwargs) {
  std::size_t fixed = first + n.npos + n.kwnames.size();
  for (std::size_t k = first; k < n.kids.size(); ++k) {
    auto v = eval(*n.kids[k]);
    if (!v) {
      return std::move(v).error();
    }
    std::size_t kw = k - first;
    if (kw < n.npos) {
      args.push_back(std::move(*v));
    } else if (k < fixed) {
      kwargs.emplace_back(n.kwnames[kw - n.npos], std::move(*v));
    } else if (k == fixed && (n.dyn & 1) != 0) {
      auto items = iterate(*v);
      if (!items) {
        return std::move(items).error();
      }
      args.insert(args.end(), items->begin(), items->end());
    } else {
      if (!v->is_mapping()) {
        return eval_error("argument after ** must be a mapping, not " + type_name(*v));
      }
      for (auto& [key, val] : mapping_items(*v)) {
        kwargs.emplace_back(str(key), val);
      }
    }
  }
  return {};
}

Result<Value> Interp::eval_call(const Node& n) {
  auto callee = eval(*n.kids[0]);
  if (!callee) {
    return callee;
  }
  std::vector<Value> args;
  Kwargs kwargs;
  BORA_TRY_VOID(eval_args(n, 1, args, kwargs));
  return call(*callee, std::move(args), std::move(kwargs));
}

Result<Value> Interp::call(const Value& callee, std::vector<Value> args, Kwargs kwargs) {
  if (callee.is_undefined()) {
    return undefined_error(callee);
  }
  if (!callee.is_callable()) {
    return eval_error("'" + type_name(callee) + "' object is not callable");
  }
  return callee.obj->call(*this, std::move(args), std::move(kwargs));
}

Result<Value> Interp::eval_compare(const Node& n) {
  auto r = compare(n);
  if (!r) {
    return std::move(r).error();
  }
  return Value::boolean_v(*r);
}

Result<bool> Interp::compare(const Node& n) {
  auto left = eval(*n.kids[0]);
  if (!left) {
    return std::move(left).error();
  }
  // The left operand: the first one where it was evaluated, later the
  // previous right operand kept in `lhold`.
  const Value* lp = &*left;
  std::optional<Value> lhold;
  for (std::size_t k = 0; k < n.ops.size(); ++k) {
    // The right operand is used before anything else is evaluated, so
    // it may point at a constant or variable instead of a copy.
    std::optional<Value> rtmp;
    auto rref = eval_ref(*n.kids[k + 1], rtmp);
    if (!rref) {
      return std::move(rref).error();
    }
    const Value* right = *rref;
    // The operators are `in notin == != < > <= >=`: the first character
    // and the length tell them apart without comparing strings.
    std::string_view op = n.ops[k];
    char c0 = op[0];
    const Value& l = *lp;
    bool ok = false;
    if (c0 == 'i' || c0 == 'n') {
      auto r = contains(*right, l);
      if (!r) {
        return std::move(r).error();
      }
      ok = *r == (c0 == 'i');
    } else if (c0 == '=' || c0 == '!') {
      if (l.is_undefined() && !l.lenient) {
        return undefined_error(l);
      }
      if (right->is_undefined() && !right->lenient) {
        return undefined_error(*right);
      }
      ok = equal(l, *right) == (c0 == '=');
    } else {
      bool swap = (c0 == '>') == (op.size() == 1);
      auto r = swap ? less(*right, l, n.ops[k].c_str()) : less(l, *right, n.ops[k].c_str());
      if (!r) {
        return std::move(r).error();
      }
      ok = op.size() == 1 ? *r : !*r;
    }
    if (!ok) {
      return false;
    }
    if (k + 1 < n.ops.size()) {
      lhold = rtmp ? std::move(*rtmp) : *right;
      lp = &*lhold;
    }
  }
  return true;
}

Result<Value> Interp::eval_literal(const Node& n) {
  if (n.kind == NodeKind::dict) {
    DictItems items;
    for (std::size_t k = 0; k + 1 < n.kids.size(); k += 2) {
      auto key = eval(*n.kids[k]);
      if (!key) {
        return key;
      }
      auto val = eval(*n.kids[k + 1]);
      if (!val) {
        return val;
      }
      if (key->is_sequence() && key->kind != Value::Kind::tuple) {
        return eval_error("unhashable type: '" + type_name(*key) + "'");
      }
      auto it = std::find_if(items.begin(), items.end(),
                             [&](const auto& kv) { return equal(kv.first, *key); });
      if (it != items.end()) {
        it->second = std::move(*val);
      } else {
        items.emplace_back(std::move(*key), std::move(*val));
      }
    }
    return Value::dict_v(std::move(items));
  }
  List items;
  for (const auto& k : n.kids) {
    auto v = eval(*k);
    if (!v) {
      return v;
    }
    items.push_back(std::move(*v));
  }
  return Value::list_v(std::move(items), n.kind == NodeKind::tuple);
}

Result<Value> Interp::eval_inner(const Node& n) {
  switch (n.kind) {
    case NodeKind::constant:
      return n.value;
    case NodeKind::name:
      return lookup(n.name);
    case NodeKind::getattr: {
      std::optional<Value> tmp;
      auto obj = eval_ref(*n.kids[0], tmp);
      if (!obj) {
        return std::move(obj).error();
      }
      return getattr(**obj, n.name);
    }
    case NodeKind::getitem: {
      auto obj = eval(*n.kids[0]);
      if (!obj) {
        return obj;
      }
      if (n.kids[1]->kind == NodeKind::slice) {
        return eval_slice(*obj, *n.kids[1]);
      }
      auto key = eval(*n.kids[1]);
      if (!key) {
        return key;
      }
      return getitem(*obj, *key);
    }
    case NodeKind::call:
      return eval_call(n);
    case NodeKind::filter:
    case NodeKind::test: {
      auto operand = eval(*n.kids[0]);
      if (!operand) {
        return operand;
      }
      // Names unknown here passed compilation inside an `if`; Jinja says
      // so with a slightly different message.
      if (n.kind == NodeKind::filter ? !filter_exists(n.name) : !test_exists(n.name)) {
        return eval_error(std::string("No ") + (n.kind == NodeKind::filter ? "filter" : "test") +
                          " named '" + n.name + "' found.");
      }
      std::vector<Value> args;
      Kwargs kwargs;
      BORA_TRY_VOID(eval_args(n, 1, args, kwargs));
      if (n.kind == NodeKind::filter) {
        return filter(n.name, std::move(*operand), std::move(args), std::move(kwargs));
      }
      auto r = test(n.name, *operand, std::move(args), std::move(kwargs));
      if (!r) {
        return std::move(r).error();
      }
      return Value::boolean_v(*r);
    }
    case NodeKind::binop: {
      auto a = eval(*n.kids[0]);
      if (!a) {
        return a;
      }
      auto b = eval(*n.kids[1]);
      if (!b) {
        return b;
      }
      return binary_op(*this, n.ops[0], *a, *b);
    }
    case NodeKind::neg:
    case NodeKind::pos: {
      auto a = eval(*n.kids[0]);
      if (!a) {
        return a;
      }
      if (a->is_undefined()) {
        return undefined_error(*a);
      }
      bool neg = n.kind == NodeKind::neg;
      if (a->kind == Value::Kind::boolean) {
        return Value::integer_v(neg ? -int64_t{a->b} : int64_t{a->b});
      }
      if (a->is_int()) {
        if (neg && a->i == INT64_MIN) {
          return eval_error("integer overflow");
        }
        return Value::integer_v(neg ? -a->i : a->i);
      }
      if (a->kind == Value::Kind::real) {
        return Value::real_v(neg ? -a->d : a->d);
      }
      return eval_error(std::string("bad operand type for unary ") + (neg ? "-" : "+") + ": '" +
                        type_name(*a) + "'");
    }
    case NodeKind::not_: {
      auto a = eval(*n.kids[0]);
      if (!a) {
        return a;
      }
      auto t = truth(*a);
      if (!t) {
        return std::move(t).error();
      }
      return Value::boolean_v(!*t);
    }
    case NodeKind::and_:
    case NodeKind::or_: {
      auto a = eval(*n.kids[0]);
      if (!a) {
        return a;
      }
      auto t = truth(*a);
      if (!t) {
        return std::move(t).error();
      }
      if (*t == (n.kind == NodeKind::or_)) {
        return a;
      }
      return eval(*n.kids[1]);
    }
    case NodeKind::compare:
      return eval_compare(n);
    case NodeKind::concat: {
      std::string s;
      for (const auto& k : n.kids) {
        auto v = eval(*k);
        if (!v) {
          return v;
        }
        auto t = to_text(*v);
        if (!t) {
          return std::move(t).error();
        }
        s += *t;
        BORA_TRY_VOID(check_size(s.size()));
      }
      return Value::string_v(std::move(s));
    }
    case NodeKind::condexpr: {
      auto c = eval(*n.kids[0]);
      if (!c) {
        return c;
      }
      auto t = truth(*c);
      if (!t) {
        return std::move(t).error();
      }
      if (*t) {
        return eval(*n.kids[1]);
      }
      if (n.kids[2]) {
        return eval(*n.kids[2]);
      }
      Value u = Value::undefined_v("the inline if-expression on line " + std::to_string(n.npos) +
                                   " evaluated to false and no else section was defined.");
      u.lenient = true;
      return u;
    }
    case NodeKind::list:
    case NodeKind::tuple:
    case NodeKind::dict:
      return eval_literal(n);
    default:
      break;
  }
  return Error(Errc::internal, "statement evaluated as an expression");
}

Result<Value> Interp::filter(const std::string& name, Value operand, std::vector<Value> args,
                             Kwargs kwargs) {
  bool found = true;
  auto r = run_filter(*this, name, operand, args, kwargs, found);
  if (!found) {
    return eval_error("No filter named '" + name + "'.");
  }
  return r;
}

Result<bool> Interp::test(const std::string& name, const Value& operand, std::vector<Value> args,
                          Kwargs kwargs) {
  bool found = true;
  auto r = run_test(*this, name, operand, args, kwargs, found);
  if (!found) {
    return eval_error("No test named '" + name + "'.");
  }
  return r;
}

Result<void> Interp::bind(const Node& target, const Value& v) {
  if (target.kind == NodeKind::name) {
    assign_copy(target.name, v);
    return {};
  }
  if (target.kind == NodeKind::nsref) {
    Value ns = lookup(target.name);
    auto* space = ns.kind == Value::Kind::object ? dynamic_cast<Namespace*>(ns.obj.get()) : nullptr;
    if (space == nullptr) {
      return eval_error("cannot assign attribute on non-namespace object");
    }
    space->set(target.attr, v);
    track(ns);
    return {};
  }
  auto items = iterate(v);
  if (!items) {
    if (v.is_undefined()) {
      return std::move(items).error();
    }
    return eval_error("cannot unpack non-iterable " + type_name(v) + " object");
  }
  std::size_t want = target.kids.size();
  if (items->size() < want) {
    return eval_error("not enough values to unpack (expected " + std::to_string(want) + ", got " +
                      std::to_string(items->size()) + ")");
  }
  if (items->size() > want) {
    return eval_error("too many values to unpack (expected " + std::to_string(want) + ")");
  }
  for (std::size_t k = 0; k < want; ++k) {
    BORA_TRY_VOID(bind(*target.kids[k], (*items)[k]));
  }
  return {};
}

}  // namespace bora::dsl::jinja
