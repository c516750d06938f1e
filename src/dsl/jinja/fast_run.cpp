// Statements of the fast tier (see fast.hpp): output, print, if and for
// over JSON arrays, and the entry points.

#include "dsl/jinja/fast_runner.hpp"

namespace bora::dsl::jinja {

namespace fast_detail {

bool Runner::render_if(const FastNode& n, Output& out) {
  int c = condition(n.kids[0]);
  if (c < 0) {
    return false;
  }
  if (c > 0) {
    return render(n.kids[1], out);
  }
  if (n.kids.size() > 2) {
    const FastNode& other = n.kids[2];
    if (other.op == Op::if_) {
      // An `elif`: its condition was not counted with the statement.
      steps_ += other.cost;
      return render_if(other, out);
    }
    return render(other, out);
  }
  return true;
}

bool Runner::render_for(const FastNode& n, Output& out) {
  const json::value* it = eval(n.kids[0]);
  if (it == nullptr || !it->is_array() || n.code > max_depth_) {
    return false;
  }
  const auto& arr = it->get_array();
  std::size_t len = arr.size();
  length_[n.slot] = len;
  const FastNode& body = n.kids[1];
  for (std::size_t i = 0; i < len; ++i) {
    // The iteration's step and its body's statements.
    steps_ += n.cost;
    if (steps_ > max_steps_) {
      return false;
    }
    vars_[n.slot] = &arr[i];
    index_[n.slot] = i;
    if (!run(body, out)) {
      return false;
    }
  }
  if (len == 0 && n.kids.size() > 2) {
    return render(n.kids[2], out);
  }
  return true;
}

bool Runner::render(const FastNode& body, Output& out) {
  // The statements' own steps, counted at once; the ones that depend on
  // what runs are counted as they run and checked at the next body or
  // loop iteration (and at the end).
  steps_ += body.cost;
  if (steps_ > max_steps_) {
    return false;
  }
  return run(body, out);
}

bool Runner::run(const FastNode& body, Output& out) {
  for (const auto& s : body.kids) {
    switch (s.op) {
      case Op::output:
        out.append(s.text);
        break;
      case Op::print: {
        const json::value* v = eval(s.kids[0]);
        if (v == nullptr) {
          return false;
        }
        append_text(*v, out);
        break;
      }
      case Op::if_:
        if (!render_if(s, out)) {
          return false;
        }
        continue;
      case Op::for_:
        if (!render_for(s, out)) {
          return false;
        }
        continue;
      case Op::body:
        if (!render(s, out)) {
          return false;
        }
        continue;
      default:
        return false;
    }
    // Only output and print append; nested bodies check their own.
    if (out.size() > max_bytes_) {
      return false;
    }
  }
  return true;
}

}  // namespace fast_detail

namespace json = boost::json;
using fast_detail::Output;
using fast_detail::Runner;

bool fast_evaluate(const FastProgram& prog, const EvalContext& ctx, json::value& out) {
  Runner r(prog, ctx);
  const json::value* v = r.eval_root(prog.root);
  if (v == nullptr || !r.steps_ok()) {
    return false;
  }
  // As the interpreter converts back: unsigned integers that fit become
  // signed ones.
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    out = static_cast<int64_t>(v->get_uint64());
  } else {
    out = *v;
  }
  return true;
}

bool fast_render(const FastProgram& prog, const EvalContext& ctx, json::string& out) {
  Runner r(prog, ctx);
  Output o(out);
  return r.render(prog.root, o) && r.steps_ok();
}
}  // namespace bora::dsl::jinja
