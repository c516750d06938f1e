// The parser's token stream, error reporting and entry points.

#include "dsl/jinja/parser.hpp"

namespace bora::dsl::jinja {

Result<NodePtr> Parser::template_() {
  auto body = subparse({});
  return finish(std::move(body));
}

Result<NodePtr> Parser::expression_only() {
  auto e = expression(true);
  if (!err_ && cur().type != Tok::eof) {
    fail("chunk after expression");
  }
  return finish(std::move(e));
}

void Parser::next() {
  if (i_ + 1 < toks_.size()) {
    ++i_;
    check_lexer_error(i_);
  }
}

bool Parser::skip_op(const char* op) {
  if (is_op(op)) {
    next();
    return true;
  }
  return false;
}

bool Parser::skip_name(const char* n) {
  if (is_name(n)) {
    next();
    return true;
  }
  return false;
}

void Parser::fail_at(const std::string& msg, uint32_t pos) {
  if (!err_) {
    err_ = syntax_error(msg, pos);
    // Stop consuming: every later check sees end of input.
    i_ = toks_.size() - 1;
  }
}

// Expects an operator or token kind described as Jinja describes it.
bool Parser::expect_op(const char* op) {
  if (skip_op(op)) {
    return true;
  }
  expect_failed(std::string(op));
  return false;
}

bool Parser::expect_type(Tok t, const char* what) {
  if (cur().type == t) {
    next();
    return true;
  }
  expect_failed(what);
  return false;
}

bool Parser::expect_name(const char* n) {
  if (skip_name(n)) {
    return true;
  }
  expect_failed(n);
  return false;
}

void Parser::expect_failed(const std::string& what) {
  if (cur().type == Tok::eof) {
    fail("unexpected end of template, expected '" + what + "'.");
  } else {
    fail("expected token '" + what + "', got '" + describe(cur()) + "'");
  }
}

Result<NodePtr> Parser::finish(NodePtr n) {
  if (err_) {
    return std::move(*err_);
  }
  return n;
}

uint32_t Parser::line_of(uint32_t pos) const {
  auto end = std::min<std::size_t>(pos, src_.size());
  return 1 + static_cast<uint32_t>(std::count(src_.begin(), src_.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

NodePtr Parser::make(NodeKind k, uint32_t pos) {
  auto n = std::make_unique<Node>();
  n->kind = k;
  n->pos = pos;
  return n;
}

// Adds `kid` (complete) to `parent`, tracking the depth of the tree so
// that evaluating or destroying it cannot exhaust the stack; left-nested
// chains (`a.b.c`, `1 + 1 + 1`) grow the tree without deep parsing.
void Parser::attach(Node& parent, NodePtr kid) {
  if (kid) {
    parent.depth = std::max(parent.depth, kid->depth + 1);
    if (parent.depth > max_parse_depth && !err_) {
      Diagnostic d;
      d.column = kid->pos;
      d.message = "template nested too deeply";
      err_ = Error(Errc::limit_exceeded, "template nested too deeply", {d});
      i_ = toks_.size() - 1;
    }
  }
  parent.kids.push_back(std::move(kid));
}

Result<NodePtr> parse_template(std::string_view src) {
  return Parser(tokenize(src, false), src).template_();
}

Result<NodePtr> parse_expression_only(std::string_view src) {
  return Parser(tokenize(src, true), src).expression_only();
}

}  // namespace bora::dsl::jinja
