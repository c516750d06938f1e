// Expressions, from conditional expressions down to literals, postfix
// operators, filters and tests.

#include <set>

#include "dsl/jinja/parser.hpp"

namespace bora::dsl::jinja {

NodePtr Parser::expression(bool with_condexpr) {
  DepthGuard guard(*this);
  if (!with_condexpr) {
    return parse_or();
  }
  auto e1 = parse_or();
  while (!failed() && is_name("if")) {
    auto pos = cur().pos;
    next();
    auto e2 = parse_or();
    NodePtr e3;
    if (skip_name("else")) {
      e3 = expression(true);
    }
    auto c = make(NodeKind::condexpr, pos);
    c->npos = line_of(pos);
    attach(*c, std::move(e2));
    attach(*c, std::move(e1));
    attach(*c, std::move(e3));
    e1 = std::move(c);
  }
  return e1;
}

NodePtr Parser::binary(NodeKind k, NodePtr l, NodePtr r, uint32_t pos) {
  auto n = make(k, pos);
  attach(*n, std::move(l));
  attach(*n, std::move(r));
  return n;
}

NodePtr Parser::parse_or() {
  auto l = parse_and();
  while (!failed() && is_name("or")) {
    auto pos = cur().pos;
    next();
    l = binary(NodeKind::or_, std::move(l), parse_and(), pos);
  }
  return l;
}

NodePtr Parser::parse_and() {
  auto l = parse_not();
  while (!failed() && is_name("and")) {
    auto pos = cur().pos;
    next();
    l = binary(NodeKind::and_, std::move(l), parse_not(), pos);
  }
  return l;
}

NodePtr Parser::parse_not() {
  if (is_name("not")) {
    DepthGuard guard(*this);
    auto n = make(NodeKind::not_, cur().pos);
    next();
    attach(*n, parse_not());
    return n;
  }
  return parse_compare();
}

NodePtr Parser::parse_compare() {
  auto pos = cur().pos;
  auto first = parse_math1();
  auto node = make(NodeKind::compare, pos);
  attach(*node, std::move(first));
  static const std::set<std::string> cmp = {"==", "!=", "<", "<=", ">", ">="};
  while (!failed()) {
    if (cur().type == Tok::op && cmp.count(cur().text) != 0) {
      node->ops.push_back(cur().text);
      next();
    } else if (skip_name("in")) {
      node->ops.push_back("in");
    } else if (is_name("not") && look().type == Tok::name && look().text == "in") {
      next();
      next();
      node->ops.push_back("notin");
    } else {
      break;
    }
    attach(*node, parse_math1());
  }
  if (node->ops.empty()) {
    return std::move(node->kids[0]);
  }
  return node;
}

NodePtr Parser::parse_math1() {
  auto l = parse_concat();
  while (!failed() && (is_op("+") || is_op("-"))) {
    auto pos = cur().pos;
    std::string op = cur().text;
    next();
    auto n = binary(NodeKind::binop, std::move(l), parse_concat(), pos);
    n->ops.push_back(op);
    l = std::move(n);
  }
  return l;
}

NodePtr Parser::parse_concat() {
  auto pos = cur().pos;
  auto first = parse_math2();
  if (!is_op("~")) {
    return first;
  }
  auto n = make(NodeKind::concat, pos);
  attach(*n, std::move(first));
  while (!failed() && skip_op("~")) {
    attach(*n, parse_math2());
  }
  return n;
}

NodePtr Parser::parse_math2() {
  auto l = parse_pow();
  while (!failed() && (is_op("*") || is_op("/") || is_op("//") || is_op("%"))) {
    auto pos = cur().pos;
    std::string op = cur().text;
    next();
    auto n = binary(NodeKind::binop, std::move(l), parse_pow(), pos);
    n->ops.push_back(op);
    l = std::move(n);
  }
  return l;
}

NodePtr Parser::parse_pow() {
  auto l = unary(true);
  while (!failed() && is_op("**")) {
    auto pos = cur().pos;
    next();
    auto n = binary(NodeKind::binop, std::move(l), unary(true), pos);
    n->ops.push_back("**");
    l = std::move(n);
  }
  return l;
}

NodePtr Parser::unary(bool with_filter) {
  DepthGuard guard(*this);
  NodePtr node;
  auto pos = cur().pos;
  if (is_op("-") || is_op("+")) {
    node = make(is_op("-") ? NodeKind::neg : NodeKind::pos, pos);
    next();
    attach(*node, unary(false));
  } else {
    node = primary();
  }
  node = postfix(std::move(node));
  if (with_filter) {
    node = filter_expr(std::move(node));
  }
  return node;
}

NodePtr Parser::constant(Value v, uint32_t pos) {
  auto n = make(NodeKind::constant, pos);
  n->value = std::move(v);
  return n;
}

NodePtr Parser::primary() {
  DepthGuard guard(*this);
  const Token& t = cur();
  auto pos = t.pos;
  if (failed()) {
    return constant(Value(), pos);
  }
  if (t.type == Tok::name) {
    const std::string& n = t.text;
    NodePtr r;
    if (n == "true" || n == "True" || n == "false" || n == "False") {
      r = constant(Value::boolean_v(n[0] == 't' || n[0] == 'T'), pos);
    } else if (n == "none" || n == "None") {
      r = constant(Value(), pos);
    } else {
      r = make(NodeKind::name, pos);
      r->name = n;
    }
    next();
    return r;
  }
  if (t.type == Tok::string) {
    std::string s;
    while (cur().type == Tok::string) {
      s += cur().text;
      next();
    }
    return constant(Value::string_v(std::move(s)), pos);
  }
  if (t.type == Tok::integer || t.type == Tok::real) {
    auto r = constant(t.type == Tok::integer ? Value::integer_v(t.i) : Value::real_v(t.d), pos);
    next();
    return r;
  }
  if (skip_op("(")) {
    auto r = tuple(false, true, {}, true);
    expect_op(")");
    return r;
  }
  if (is_op("[")) {
    return list_literal();
  }
  if (is_op("{")) {
    return dict_literal();
  }
  fail("unexpected '" + describe(t) + "'");
  return constant(Value(), pos);
}

bool Parser::tuple_end(const EndTokens& extra) const {
  if (cur().type == Tok::var_end || cur().type == Tok::block_end || cur().type == Tok::eof ||
      is_op(")")) {
    return true;
  }
  return at_end_token(extra);
}

NodePtr Parser::tuple(bool simplified, bool with_condexpr, const EndTokens& extra, bool explicit_parens) {
  auto pos = cur().pos;
  auto node = make(NodeKind::tuple, pos);
  bool is_tuple = false;
  while (!failed()) {
    if (!node->kids.empty()) {
      expect_op(",");
    }
    if (tuple_end(extra)) {
      break;
    }
    attach(*node, simplified ? primary() : expression(with_condexpr));
    if (is_op(",")) {
      is_tuple = true;
    } else {
      break;
    }
  }
  if (!is_tuple) {
    if (!node->kids.empty()) {
      return std::move(node->kids[0]);
    }
    if (!explicit_parens) {
      fail("Expected an expression, got '" + describe(cur()) + "'");
    }
  }
  return node;
}

NodePtr Parser::list_literal() {
  auto node = make(NodeKind::list, cur().pos);
  expect_op("[");
  while (!failed() && !is_op("]")) {
    if (!node->kids.empty()) {
      expect_op(",");
    }
    if (is_op("]")) {
      break;
    }
    attach(*node, expression(true));
  }
  expect_op("]");
  return node;
}

NodePtr Parser::dict_literal() {
  auto node = make(NodeKind::dict, cur().pos);
  expect_op("{");
  while (!failed() && !is_op("}")) {
    if (!node->kids.empty()) {
      expect_op(",");
    }
    if (is_op("}")) {
      break;
    }
    attach(*node, expression(true));
    expect_op(":");
    attach(*node, expression(true));
  }
  expect_op("}");
  return node;
}

NodePtr Parser::postfix(NodePtr node) {
  while (!failed()) {
    if (is_op(".") || is_op("[")) {
      node = subscript(std::move(node));
    } else if (is_op("(")) {
      node = call(std::move(node));
    } else {
      break;
    }
  }
  return node;
}

NodePtr Parser::filter_expr(NodePtr node) {
  while (!failed()) {
    if (is_op("|")) {
      node = filter_chain(std::move(node), false);
    } else if (is_name("is")) {
      node = test(std::move(node));
    } else if (is_op("(")) {
      node = call(std::move(node));
    } else {
      break;
    }
  }
  return node;
}

NodePtr Parser::subscript(NodePtr node) {
  DepthGuard guard(*this);
  auto pos = cur().pos;
  if (skip_op(".")) {
    const Token& a = cur();
    if (a.type == Tok::name) {
      auto n = make(NodeKind::getattr, pos);
      attach(*n, std::move(node));
      n->name = a.text;
      next();
      return n;
    }
    if (a.type != Tok::integer) {
      fail("expected name or number");
      return node;
    }
    auto n = make(NodeKind::getitem, pos);
    attach(*n, std::move(node));
    attach(*n, constant(Value::integer_v(a.i), a.pos));
    next();
    return n;
  }
  next();  // [
  std::vector<NodePtr> args;
  while (!failed() && !is_op("]")) {
    if (!args.empty()) {
      expect_op(",");
    }
    args.push_back(subscribed());
  }
  expect_op("]");
  auto n = make(NodeKind::getitem, pos);
  attach(*n, std::move(node));
  if (args.size() == 1) {
    attach(*n, std::move(args[0]));
  } else {
    auto t = make(NodeKind::tuple, pos);
    for (auto& k : args) {
      attach(*t, std::move(k));
    }
    attach(*n, std::move(t));
  }
  return n;
}

NodePtr Parser::subscribed() {
  auto pos = cur().pos;
  auto sl = make(NodeKind::slice, pos);
  if (skip_op(":")) {
    attach(*sl, nullptr);
  } else {
    auto e = expression(true);
    if (!is_op(":")) {
      return e;
    }
    next();
    attach(*sl, std::move(e));
  }
  if (is_op(":") || is_op("]") || is_op(",")) {
    attach(*sl, nullptr);
  } else {
    attach(*sl, expression(true));
  }
  if (skip_op(":") && !is_op("]") && !is_op(",")) {
    attach(*sl, expression(true));
  } else {
    attach(*sl, nullptr);
  }
  return sl;
}

// Parses `(args)` into `node` after its first kid.
void Parser::call_args(Node& node) {
  expect_op("(");
  std::vector<NodePtr> kw;
  NodePtr dyn_args;
  NodePtr dyn_kwargs;
  uint32_t npos = 0;
  bool first = true;
  auto ensure = [this](bool ok) {
    if (!ok) {
      fail("invalid syntax for function call expression");
    }
  };
  while (!failed() && !is_op(")")) {
    if (!first) {
      expect_op(",");
      if (is_op(")")) {
        break;
      }
    }
    first = false;
    if (is_op("*")) {
      ensure(!dyn_args && !dyn_kwargs);
      next();
      dyn_args = expression(true);
    } else if (is_op("**")) {
      ensure(!dyn_kwargs);
      next();
      dyn_kwargs = expression(true);
    } else if (cur().type == Tok::name && look().type == Tok::op && look().text == "=") {
      ensure(!dyn_kwargs);
      node.kwnames.push_back(cur().text);
      next();
      next();
      kw.push_back(expression(true));
    } else {
      ensure(!dyn_args && !dyn_kwargs && kw.empty());
      attach(node, expression(true));
      ++npos;
    }
  }
  expect_op(")");
  node.npos = npos;
  for (auto& k : kw) {
    attach(node, std::move(k));
  }
  node.dyn = static_cast<uint8_t>((dyn_args ? 1 : 0) | (dyn_kwargs ? 2 : 0));
  if (dyn_args) {
    attach(node, std::move(dyn_args));
  }
  if (dyn_kwargs) {
    attach(node, std::move(dyn_kwargs));
  }
}

NodePtr Parser::call(NodePtr callee) {
  DepthGuard guard(*this);
  auto n = make(NodeKind::call, cur().pos);
  attach(*n, std::move(callee));
  call_args(*n);
  return n;
}

std::string Parser::dotted_name() {
  std::string name = cur().text;
  expect_type(Tok::name, "name");
  while (!failed() && skip_op(".")) {
    name += "." + cur().text;
    expect_type(Tok::name, "name");
  }
  return name;
}

NodePtr Parser::filter_chain(NodePtr node, bool start_inline) {
  while (!failed() && (is_op("|") || start_inline)) {
    DepthGuard guard(*this);
    if (!start_inline) {
      next();
    }
    auto f = make(NodeKind::filter, cur().pos);
    f->name = dotted_name();
    attach(*f, std::move(node));
    if (is_op("(")) {
      call_args(*f);
    }
    node = std::move(f);
    start_inline = false;
  }
  return node;
}

NodePtr Parser::test(NodePtr node) {
  DepthGuard guard(*this);
  auto pos = cur().pos;
  next();  // is
  bool negated = skip_name("not");
  auto t = make(NodeKind::test, pos);
  t->name = dotted_name();
  attach(*t, std::move(node));
  const Token& c = cur();
  bool arg_start = c.type == Tok::name || c.type == Tok::string || c.type == Tok::integer ||
                   c.type == Tok::real || is_op("(") || is_op("[") || is_op("{");
  if (is_op("(")) {
    call_args(*t);
  } else if (arg_start && !is_name("else") && !is_name("or") && !is_name("and")) {
    if (is_name("is")) {
      fail("You cannot chain multiple tests with is");
    }
    attach(*t, postfix(primary()));
    t->npos = 1;
  }
  if (!negated) {
    return t;
  }
  auto n = make(NodeKind::not_, pos);
  attach(*n, std::move(t));
  return n;
}

}  // namespace bora::dsl::jinja
