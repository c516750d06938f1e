// Builds fast programs (see fast.hpp) from parsed templates: decides whether
// a template stays inside what the fast tier handles and resolves every name
// to the input data, a context name or a loop slot.

#include "dsl/jinja/fast.hpp"

#include <string>
#include <utility>
#include <vector>

#include "dsl/jinja/interp.hpp"

namespace bora::dsl::jinja {

namespace {

using Op = FastNode::Op;

const char* const context_names[3] = {"__env", "__execution", "__task_execution"};

bool is_unsafe_attribute(const std::string& name) {
  std::size_t n = name.size();
  return n > 4 && name[0] == '_' && name[1] == '_' && name[n - 2] == '_' && name[n - 1] == '_';
}

// True when `name` is a method of a dict: then `x.name` is the bound
// method, not the key, and only the interpreter handles it.
bool is_dict_method(const std::string& name) {
  static const Value probe = from_json(boost::json::value(boost::json::object()));
  return has_method(probe, name);
}

bool loop_attr_code(const std::string& name, uint8_t& code) {
  static const char* const names[] = {"index", "index0", "revindex", "revindex0", "first",
                                      "last",  "length", "depth",    "depth0"};
  for (uint8_t k = 0; k < sizeof names / sizeof names[0]; ++k) {
    if (name == names[k]) {
      code = k;
      return true;
    }
  }
  return false;
}

bool compare_code(const std::string& op, uint8_t& code) {
  static const char* const ops[] = {"==", "!=", "<", ">", "<=", ">=", "in", "notin"};
  for (uint8_t k = 0; k < sizeof ops / sizeof ops[0]; ++k) {
    if (op == ops[k]) {
      code = k;
      return true;
    }
  }
  return false;
}

class Compiler {
public:
  bool expr(const Node& n, FastNode& out);
  bool stmt(const Node& n, FastNode& out);
  bool body(const Node& n, FastNode& out);
  /// Returns the number of cells handed out to nodes that compute values.
  uint32_t cells() const { return cells_; }

private:
  /// Loop variables in scope, innermost last: name and slot.
  std::vector<std::pair<std::string, uint32_t>> scope_;
  /// Slots of the loops around the current point, innermost last.
  std::vector<uint32_t> loops_;
  /// Loops entered around the current point. The interpreter also counts
  /// a loop as entered while it renders its else body, so this can exceed
  /// `loops_.size()`.
  uint32_t depth_ = 0;
  uint32_t next_slot_ = 0;
  uint32_t cells_ = 0;

  bool for_loop(const Node& n, FastNode& out);
  bool kids(const Node& n, std::size_t count, FastNode& out);
};

bool Compiler::kids(const Node& n, std::size_t count, FastNode& out) {
  out.kids.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    if (!n.kids[k] || !expr(*n.kids[k], out.kids[k])) {
      return false;
    }
  }
  return true;
}

bool Compiler::expr(const Node& n, FastNode& out) {
  switch (n.kind) {
    case NodeKind::constant: {
      const Value& v = n.value;
      if (v.big || (v.kind != Value::Kind::none && v.kind != Value::Kind::boolean &&
                    v.kind != Value::Kind::integer && v.kind != Value::Kind::real &&
                    v.kind != Value::Kind::string)) {
        return false;
      }
      auto j = to_json(v);
      if (!j) {
        return false;
      }
      out.op = Op::constant;
      out.value = std::move(*j);
      return true;
    }
    case NodeKind::name:
      for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
        if (it->first == n.name) {
          out.op = Op::var;
          out.slot = it->second;
          return true;
        }
      }
      if (n.name == "_") {
        out.op = Op::data;
        return true;
      }
      for (uint8_t k = 0; k < 3; ++k) {
        if (n.name == context_names[k]) {
          out.op = Op::context;
          out.code = k;
          return true;
        }
      }
      // `loop` on its own, globals (callables) and undefined names.
      return false;
    case NodeKind::getattr: {
      const Node& obj = *n.kids[0];
      if (obj.kind == NodeKind::name && obj.name == "loop") {
        // Loop targets are never named `loop`, so this is the innermost loop's.
        if (loops_.empty() || !loop_attr_code(n.name, out.code)) {
          return false;
        }
        out.op = Op::loop_attr;
        out.slot = loops_.back();
        out.cell = cells_++;
        return true;
      }
      if (is_unsafe_attribute(n.name) || is_dict_method(n.name)) {
        return false;
      }
      out.op = Op::getattr;
      out.text = n.name;
      return kids(n, 1, out);
    }
    case NodeKind::getitem:
      if (n.kids[1] && n.kids[1]->kind == NodeKind::slice) {
        return false;
      }
      out.op = Op::getitem;
      return kids(n, 2, out);
    case NodeKind::compare:
      out.op = Op::compare;
      for (const auto& op : n.ops) {
        uint8_t code = 0;
        if (!compare_code(op, code)) {
          return false;
        }
        out.cmp.push_back(code);
      }
      return n.kids.size() == n.ops.size() + 1 && kids(n, n.kids.size(), out);
    case NodeKind::and_:
    case NodeKind::or_:
      out.op = n.kind == NodeKind::and_ ? Op::and_ : Op::or_;
      return kids(n, 2, out);
    case NodeKind::not_:
      out.op = Op::not_;
      return kids(n, 1, out);
    case NodeKind::condexpr:
      // Without `else` the result may be a lenient undefined value.
      out.op = Op::condexpr;
      return n.kids.size() == 3 && kids(n, 3, out);
    case NodeKind::concat:
      out.op = Op::concat;
      out.cell = cells_++;
      return kids(n, n.kids.size(), out);
    case NodeKind::filter:
      if ((n.name != "length" && n.name != "count") || n.kids.size() != 1 || n.npos != 0 ||
          !n.kwnames.empty() || n.dyn != 0) {
        return false;
      }
      out.op = Op::length;
      out.cell = cells_++;
      return kids(n, 1, out);
    default:
      return false;
  }
}

bool Compiler::body(const Node& n, FastNode& out) {
  out.op = Op::body;
  out.kids.resize(n.kids.size());
  for (std::size_t k = 0; k < n.kids.size(); ++k) {
    if (!n.kids[k] || !stmt(*n.kids[k], out.kids[k])) {
      return false;
    }
  }
  return true;
}

bool Compiler::for_loop(const Node& n, FastNode& out) {
  if (n.kids.size() != 5) {
    return false;
  }
  const Node& target = *n.kids[0];
  if (n.recursive || n.kids[2] || target.kind != NodeKind::name || target.name == "loop" ||
      next_slot_ >= fast_max_slots) {
    return false;
  }
  out.op = Op::for_;
  out.slot = next_slot_++;
  out.kids.resize(n.kids[4] ? 3 : 2);
  // The iterable and the else body see the names around the loop.
  if (!expr(*n.kids[1], out.kids[0])) {
    return false;
  }
  ++depth_;
  out.code = static_cast<uint8_t>(depth_);
  bool ok = !n.kids[4] || body(*n.kids[4], out.kids[2]);
  scope_.emplace_back(target.name, out.slot);
  loops_.push_back(out.slot);
  ok = ok && body(*n.kids[3], out.kids[1]);
  loops_.pop_back();
  scope_.pop_back();
  --depth_;
  return ok;
}

bool Compiler::stmt(const Node& n, FastNode& out) {
  switch (n.kind) {
    case NodeKind::output:
      out.op = Op::output;
      out.text = n.name;
      return true;
    case NodeKind::print:
      out.op = Op::print;
      return kids(n, 1, out);
    case NodeKind::if_: {
      out.op = Op::if_;
      bool has_else = n.kids.size() > 2 && n.kids[2];
      out.kids.resize(has_else ? 3 : 2);
      if (!expr(*n.kids[0], out.kids[0]) || !body(*n.kids[1], out.kids[1])) {
        return false;
      }
      if (!has_else) {
        return true;
      }
      // `elif` is an `if` in the else slot; it is entered without a step.
      return n.kids[2]->kind == NodeKind::if_ ? stmt(*n.kids[2], out.kids[2])
                                              : body(*n.kids[2], out.kids[2]);
    }
    case NodeKind::for_:
      return for_loop(n, out);
    case NodeKind::body:
      return body(n, out);
    default:
      return false;
  }
}

// Fills `cost` and `straight` (see FastNode) bottom-up. The tree depth is
// bounded by the parser, so recursion is safe.
void annotate(FastNode& n) {
  for (auto& k : n.kids) {
    annotate(k);
  }
  auto straight_cost = [&n](uint32_t own) {
    n.cost = own;
    n.straight = true;
    for (const auto& k : n.kids) {
      n.straight = n.straight && k.straight;
      n.cost += k.cost;
    }
  };
  // The steps of an expression the interpreter counts with its statement.
  auto expr_cost = [](const FastNode& e) { return e.straight ? e.cost : 0; };
  switch (n.op) {
    case Op::constant:
    case Op::data:
    case Op::context:
    case Op::var:
      straight_cost(1);
      break;
    case Op::loop_attr:
      straight_cost(2);
      break;
    case Op::getattr:
    case Op::getitem:
    case Op::not_:
    case Op::concat:
      straight_cost(1);
      break;
    case Op::length:
      // The filter node and the filter call each count a step.
      straight_cost(2);
      break;
    case Op::compare:
      straight_cost(1);
      n.straight = n.straight && n.cmp.size() == 1;
      if (n.straight && n.cmp[0] <= FastNode::ne && n.kids[1].op == Op::constant &&
          n.kids[1].value.is_string()) {
        n.code = FastNode::text_equality;
        n.kids[1].text = std::string(n.kids[1].value.get_string());
      }
      break;
    case Op::and_:
    case Op::or_:
    case Op::condexpr:
      break;
    case Op::body:
      n.cost = 0;
      for (const auto& s : n.kids) {
        n.cost += 1;
        if (s.op == Op::print || s.op == Op::for_) {
          n.cost += expr_cost(s.kids[0]);
        } else if (s.op == Op::if_) {
          n.cost += s.cost;
        }
      }
      break;
    case Op::if_:
      // The condition's steps (an `elif` adds them when it is reached).
      n.cost = expr_cost(n.kids[0]);
      break;
    case Op::for_:
      // The steps of one iteration: its own and its body's statements.
      n.cost = 1 + n.kids[1].cost;
      break;
    default:
      break;
  }
  if (!n.straight && n.op <= Op::condexpr) {
    n.cost = 0;
  }
}

}  // namespace

std::unique_ptr<FastProgram> fast_compile_body(const Node& body) {
  auto prog = std::make_unique<FastProgram>();
  Compiler c;
  if (body.kind != NodeKind::body || !c.body(body, prog->root)) {
    return nullptr;
  }
  prog->cells = c.cells();
  annotate(prog->root);
  return prog;
}

std::unique_ptr<FastProgram> fast_compile_expression(const Node& expr) {
  auto prog = std::make_unique<FastProgram>();
  prog->expression = true;
  Compiler c;
  if (!c.expr(expr, prog->root)) {
    return nullptr;
  }
  prog->cells = c.cells();
  annotate(prog->root);
  return prog;
}

}  // namespace bora::dsl::jinja
