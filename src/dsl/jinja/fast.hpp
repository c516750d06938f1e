#pragma once

// The fast tier of the engine. Most templates Mistral users write only read
// the input data: they print `_.a.b`, loop over a JSON array, compare
// values and branch. For those, compile() also builds a small program that
// works directly on the input JSON (borrowed pointers, no runtime Value,
// variables in fixed slots resolved at compile time) and renders straight
// into the result string.
//
// The tier never decides anything the interpreter would decide differently:
// everything it runs is free of side effects apart from the output, so when
// it meets a case it does not handle (a missing key, a type it does not
// compare itself, a limit about to be exceeded) it gives up and the
// interpreter evaluates the template from the start and produces the exact
// value or error. Steps are counted exactly as the interpreter counts them.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include "dsl/eval_context.hpp"
#include "dsl/jinja/ast.hpp"

namespace bora::dsl::jinja {

/// Where a key was last found in the objects a `getattr` node reads: the
/// objects of one array usually share their layout, so trying that position
/// first mostly skips the search. Shared by every thread running the
/// template, hence atomic (any stale value is only a missed guess).
struct KeyHint {
  mutable std::atomic<uint32_t> at{0};
  KeyHint() = default;
  KeyHint(const KeyHint& o) : at(o.at.load(std::memory_order_relaxed)) {}
  KeyHint& operator=(const KeyHint& o) {
    at.store(o.at.load(std::memory_order_relaxed), std::memory_order_relaxed);
    return *this;
  }
};

/// One node of a fast program: an expression or a statement.
struct FastNode {
  enum class Op : uint8_t {
    // -- expressions (each counts one step, like the interpreter's eval)
    constant,   // value (and in text, when a string compared by text_equality)
    data,       // `_`
    context,    // `__env`, `__execution` or `__task_execution` (code: index)
    var,        // a loop variable (slot)
    loop_attr,  // `loop.<attr>` of the loop in `slot` (code: which attribute; two steps)
    getattr,    // kids[0] . text
    getitem,    // kids[0] [ kids[1] ]
    compare,    // kids[0] cmp[i] kids[i+1]; code: text_equality or 0
    and_,       // kids[0] and kids[1]
    or_,        // kids[0] or kids[1]
    not_,       // not kids[0]
    condexpr,   // kids[1] if kids[0] else kids[2]
    concat,     // kids joined with `~` (result in the node's cell)
    length,     // kids[0] | length (or count; result in the node's cell; two steps)
    // -- statements
    body,    // kids
    output,  // text
    print,   // kids[0]
    if_,     // kids[0] test, kids[1] body, kids[2] else (body, if_ or absent)
    for_,    // slot; kids[0] iterable, kids[1] body, kids[2] else (absent: no kid);
             // code: nesting depth of the loop (1 for the outermost)
  };
  /// Comparison operators of `compare`.
  enum Cmp : uint8_t { eq, ne, lt, gt, le, ge, in, notin };
  /// `code` of a straight `compare` that is `x == 'text'` or `x != 'text'`.
  static constexpr uint8_t text_equality = 1;
  /// Attributes of `loop_attr`.
  enum LoopAttr : uint8_t { index, index0, revindex, revindex0, first, last, length, depth,
                            depth0 };

  Op op = Op::constant;
  /// Per op: a context name, a loop attribute, a compare form, a loop depth.
  uint8_t code = 0;
  /// The loop slot of `var`, `loop_attr` and `for_`.
  uint32_t slot = 0;
  /// The runner's cell holding the value a `loop_attr`, `concat` or
  /// `length` node computes.
  uint32_t cell = 0;
  /// Steps counted for this node without running it: for a `straight`
  /// expression, the steps of the whole subtree; for a body, those of its
  /// statements themselves and their straight expressions.
  uint32_t cost = 0;
  /// An expression whose every node is always evaluated (no `and`, `or`,
  /// inline `if` or chained comparison): its parent adds `cost` instead
  /// of the nodes counting themselves one by one.
  bool straight = false;
  /// Output text, attribute name, or the text of a compared constant.
  std::string text;
  /// The operators of `compare` (Cmp values).
  std::vector<uint8_t> cmp;
  /// The value of `constant`.
  boost::json::value value;
  std::vector<FastNode> kids;
  /// Where `getattr` last found its key.
  KeyHint hint;
};

/// Most loops one fast program may contain (each loop owns a slot).
constexpr uint32_t fast_max_slots = 16;

/// A compiled fast program: the root is a `body` (a whole template) or an
/// expression (a template that is one `{{ expr }}`).
struct FastProgram {
  FastNode root;
  bool expression = false;
  /// Number of cells (see FastNode::cell) the program needs.
  uint32_t cells = 0;
};

/// Builds the fast program of a parsed template body; null when it uses
/// anything the fast tier does not handle.
std::unique_ptr<FastProgram> fast_compile_body(const Node& body);
/// Builds the fast program of a single expression; null as above.
std::unique_ptr<FastProgram> fast_compile_expression(const Node& expr);

/// Runs an expression program; false when the interpreter must decide.
bool fast_evaluate(const FastProgram& prog, const EvalContext& ctx, boost::json::value& out);
/// Runs a body program, appending to `out`; false when the interpreter must
/// decide (then `out` holds a partial result to discard).
bool fast_render(const FastProgram& prog, const EvalContext& ctx, boost::json::string& out);

/// Python's `a op b` (`op` a FastNode::Cmp) for two JSON values as the
/// interpreter decides it: 1 true, 0 false, -1 when it would fail.
int fast_compare(uint8_t op, const boost::json::value& a, const boost::json::value& b);
/// Python's str() of a JSON value, as the interpreter prints it.
std::string fast_str(const boost::json::value& v);

class Template;
/// Evaluates like evaluate() but always with the interpreter, never the fast
/// tier: tests compare the two.
Result<boost::json::value> evaluate_interpreted(const Template& tmpl, const EvalContext& ctx);
/// Returns true when compile() built a fast program for the template.
bool has_fast_program(const Template& tmpl);

}  // namespace bora::dsl::jinja
