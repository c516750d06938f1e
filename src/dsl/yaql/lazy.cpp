// Infinite generators (sequence(), cycle()) exist only lazily in YAQL. Bora
// streams them when a chain `gen.where(..).select(..).skip(n)` ends in
// take()/limit()/first()/takeWhile(); every produced element counts as a step,
// so a chain that never ends still stops at the step budget.
#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

struct Stage {
  const Node* call;  // where/filter/select/map/skip/skipWhile
};

bool is_stage(const Node& n) {
  static const char* const names[] = {"where", "filter", "select", "map", "skip", "skipWhile"};
  for (const char* s : names) {
    if (n.kind == NodeKind::call && n.name == s) {
      return true;
    }
  }
  return false;
}

// Finds the generator at the root of `n` and the stages above it.
const Node* find_source(const Node& n, std::vector<Stage>& stages) {
  if (n.kind == NodeKind::call && n.name == "sequence") {
    return &n;
  }
  if (n.kind != NodeKind::dot || n.args[1]->kind != NodeKind::call) {
    return nullptr;
  }
  const Node& rhs = *n.args[1];
  if (rhs.name == "cycle" && rhs.args.empty()) {
    return &n;
  }
  if (!is_stage(rhs) || rhs.args.size() != 1 || rhs.args[0]->kind == NodeKind::mapping) {
    return nullptr;
  }
  const Node* src = find_source(*n.args[0], stages);
  if (src) {
    stages.push_back(Stage{&rhs});
  }
  return src;
}

class Generator {
public:
  Generator(Interp& in, const Scope& scope, const Node& src) : in_(in) {
    if (src.kind == NodeKind::call) {
      Call c(in, scope, src, nullptr);
      c.expect(0, 2, true);
      cur_ = to_int_arg(c.opt(0, "start", Value::integer(0)));
      step_ = to_int_arg(c.opt(1, "step", Value::integer(1)));
    } else {
      items_ = iter_arg(in.eval(*src.args[0], scope));
      cycle_ = true;
    }
  }

  bool next(Value& out) {
    in_.step();
    if (cycle_) {
      if (items_.empty()) {
        return false;
      }
      out = items_[pos_++ % items_.size()];
      return true;
    }
    out = Value::integer(cur_);
    if (__builtin_add_overflow(cur_, step_, &cur_)) {
      fail("integer overflow: result does not fit in 64 bits");
    }
    return true;
  }

private:
  Interp& in_;
  bool cycle_ = false;
  ValueList items_;
  std::size_t pos_ = 0;
  int64_t cur_ = 0;
  int64_t step_ = 1;
};

// Pulls the next element that passes every stage.
bool pull(Interp& in, const Scope& scope, Generator& gen, const std::vector<Stage>& stages,
          std::vector<int64_t>& skip_left, std::vector<bool>& skipping, Value& out) {
  while (gen.next(out)) {
    bool keep = true;
    for (std::size_t k = 0; k < stages.size() && keep; ++k) {
      const Node& st = *stages[k].call;
      const Node& arg = *st.args[0];
      if (st.name == "where" || st.name == "filter") {
        keep = truthy(in.call_lambda(arg, scope, {out}));
      } else if (st.name == "select" || st.name == "map") {
        out = in.call_lambda(arg, scope, {out});
      } else if (st.name == "skip") {
        if (skip_left[k] < 0) {
          skip_left[k] = to_int_arg(in.eval(arg, scope));
        }
        keep = skip_left[k] <= 0;
        skip_left[k] -= keep ? 0 : 1;
      } else if (skipping[k]) {
        skipping[k] = truthy(in.call_lambda(arg, scope, {out}));
        keep = !skipping[k];
      }
    }
    if (keep) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool eval_lazy(Interp& in, const Node& dot, const Scope& scope, Value& result) {
  const Node& term = *dot.args[1];
  bool counted = term.name == "take" || term.name == "limit";
  bool first = term.name == "first";
  bool take_while = term.name == "takeWhile";
  if (!counted && !first && !take_while) {
    return false;
  }
  std::vector<Stage> stages;
  const Node* src = find_source(*dot.args[0], stages);
  if (!src) {
    return false;
  }
  Generator gen(in, scope, *src);
  std::vector<int64_t> skip_left(stages.size(), -1);
  std::vector<bool> skipping(stages.size(), true);
  Value v;
  if (first) {
    if (pull(in, scope, gen, stages, skip_left, skipping, v)) {
      result = v;
    } else if (!term.args.empty()) {
      result = in.eval(*term.args[0], scope);
    } else {
      fail("");
    }
    return true;
  }
  if (term.args.size() != 1) {
    return false;
  }
  ValueList out;
  int64_t limit = counted ? to_int_arg(in.eval(*term.args[0], scope)) : -1;
  while ((!counted || int64_t(out.size()) < limit) &&
         pull(in, scope, gen, stages, skip_left, skipping, v)) {
    if (take_while && !truthy(in.call_lambda(*term.args[0], scope, {v}))) {
      break;
    }
    out.push_back(v);
    in.check_size(out.size() * 8);
  }
  result = Value::list(std::move(out), Seq::iter);
  return true;
}

}  // namespace bora::dsl::yaql
