#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/yaql/value.hpp"
#include "result.hpp"

namespace bora::dsl::yaql {

/// The syntactic forms of YAQL. Operators keep their own kinds so the
/// evaluator can switch on them without looking names up.
enum class NodeKind : uint8_t {
  constant,  // number, quoted string, true/false/null
  keyword,   // bare identifier: a string constant that may name a key or kwarg
  variable,  // $, $name, $1
  list,      // [a, b]
  map,       // {k => v}
  index,     // x[i] / x[k, default]
  call,      // f(args); as the right side of `.` a method call
  dot,       // a.b
  safe_dot,  // a?.b
  unary,     // + - not
  binary,    // arithmetic, comparison, and/or, ->
  mapping,   // name => value, only inside argument lists
  no_value,  // an empty argument slot: f(, 1)
};

enum class Op : uint8_t {
  none,
  plus,
  minus,
  mul,
  div,
  mod,
  eq,
  ne,
  lt,
  gt,
  le,
  ge,
  in,
  match,
  not_match,
  and_,
  or_,
  not_,
  arrow,
};

/// One node of a compiled expression; immutable after parsing.
struct Node {
  NodeKind kind = NodeKind::constant;
  Op op = Op::none;
  uint32_t pos = 0;    // 0-based character offset in the source
  Value value;         // constant/keyword value
  std::string name;    // variable, function or keyword name
  std::vector<std::unique_ptr<Node>> args;  // operands, elements, arguments
};

using NodePtr = std::unique_ptr<Node>;

/// Parses YAQL text into a tree; errors carry YAQL's messages (see yaql.hpp).
Result<NodePtr> parse(std::string_view text);

}  // namespace bora::dsl::yaql
