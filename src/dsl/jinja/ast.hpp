#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/jinja/value.hpp"

namespace bora::dsl::jinja {

/// Kinds of syntax tree nodes (expressions and statements share one node
/// type; the layout of `kids` per kind is given next to each).
enum class NodeKind : uint8_t {
  // -- expressions
  constant,   // value
  name,       // name
  getattr,    // kids[0] . name
  getitem,    // kids[0] [ kids[1] ]
  slice,      // kids[0..2]: start, stop, step (each may be null)
  call,       // kids[0] (kids[1..1+npos], keyword values named by kwnames)
  filter,     // name: kids[0] operand (null in a filter block), then args as in call
  test,       // name: kids[0] operand, then args as in call
  binop,      // op: kids[0] op kids[1]
  neg,        // - kids[0]
  pos,        // + kids[0]
  not_,       // not kids[0]
  and_,       // kids[0] and kids[1]
  or_,        // kids[0] or kids[1]
  compare,    // kids[0] ops[i] kids[i+1]
  concat,     // kids joined with ~
  condexpr,   // kids[1] if kids[0] else kids[2] (kids[2] may be null); npos: source line
  list,       // kids
  tuple,      // kids
  dict,       // kids: key, value, key, value...
  nsref,      // name . attr (only as a set target)
  // -- statements
  body,       // kids: statements
  output,     // name: literal text
  print,      // kids[0]
  if_,        // kids[0] test, kids[1] body, kids[2] else body (may be null)
  for_,       // kids: target, iter, filter (may be null), body, else (may be null)
  set,        // kids[0] target, kids[1] value
  set_block,  // kids[0] target, kids[1] body, kids[2] filter chain (may be null)
  with,       // kids: npos targets, npos values, body
  filter_block,  // kids[0] filter chain, kids[1] body
  macro,      // name; kids: npos parameter names, then defaults, then body (last)
  call_block, // kids[0] call, then npos parameter names, then defaults, body (last)
  loader,     // include / extends / import / from: needs a template loader
};

/// One syntax tree node. Immutable after parsing.
struct Node {
  NodeKind kind = NodeKind::constant;
  /// 0-based offset in the source, for errors.
  uint32_t pos = 0;
  std::string name;
  std::string attr;
  /// Operator text of binop and compare (`+`, `//`, `==`, `in`, `notin`, ...).
  std::vector<std::string> ops;
  Value value;
  std::vector<std::unique_ptr<Node>> kids;
  /// Number of positional arguments / targets / parameters.
  uint32_t npos = 0;
  std::vector<std::string> kwnames;
  /// Call arguments `*args` (bit 1) and `**kwargs` (bit 2), stored after the
  /// keyword arguments in that order.
  uint8_t dyn = 0;
  bool recursive = false;
  /// Height of the subtree (a leaf is 1).
  uint32_t depth = 1;
};

using NodePtr = std::unique_ptr<Node>;

/// Parses a whole template; `src` must be the text tokenize() saw.
Result<NodePtr> parse_template(std::string_view src);
/// Parses one expression (the inside of a whole-string `{{ }}`).
Result<NodePtr> parse_expression_only(std::string_view src);

}  // namespace bora::dsl::jinja
