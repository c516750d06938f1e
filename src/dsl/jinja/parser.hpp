#pragma once

// The Jinja parser's internal class, shared by parser.cpp (token stream,
// errors, entry points), parse_stmt.cpp (statements) and parse_expr.cpp
// (expressions). Not part of the engine's API.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/jinja/ast.hpp"
#include "dsl/jinja/jinja.hpp"
#include "dsl/jinja/lexer.hpp"

namespace bora::dsl::jinja {

using EndTokens = std::vector<std::string>;

/// Recursive-descent parser following Jinja's grammar and error wording.
/// Errors travel as a member (the first one wins and stops consumption) so
/// that the many small parse functions can return plain node pointers.
/// One Parser parses one token list once.
class Parser {
public:
  Parser(std::vector<Token> toks, std::string_view src) : toks_(std::move(toks)), src_(src) {
    check_lexer_error(0);
  }
  Result<NodePtr> template_();
  Result<NodePtr> expression_only();

private:
  // -- token stream ----------------------------------------------------------

  const Token& cur() const { return toks_[i_]; }
  /// Returns the token after the current one (reading it may raise the
  /// lexer's error, as in Jinja).
  const Token& look() {
    std::size_t k = std::min(i_ + 1, toks_.size() - 1);
    check_lexer_error(k);
    return toks_[std::min(i_ + 1, toks_.size() - 1)];
  }
  /// Fails with the lexer's error when token `k` is that error.
  void check_lexer_error(std::size_t k) {
    if (toks_[k].type == Tok::error && !err_) {
      err_ = syntax_error(toks_[k].text, toks_[k].pos);
    }
  }
  bool is_op(const char* op) const { return cur().type == Tok::op && cur().text == op; }
  bool is_name(const char* n) const { return cur().type == Tok::name && cur().text == n; }

  void fail(const std::string& msg) { fail_at(msg, cur().pos); }
  bool failed() const { return err_.has_value(); }
  void next();
  bool skip_op(const char* op);
  bool skip_name(const char* n);
  void fail_at(const std::string& msg, uint32_t pos);
  bool expect_op(const char* op);
  bool expect_type(Tok t, const char* what);
  bool expect_name(const char* n);
  void expect_failed(const std::string& what);
  Result<NodePtr> finish(NodePtr n);
  uint32_t line_of(uint32_t pos) const;
  NodePtr make(NodeKind k, uint32_t pos);
  void attach(Node& parent, NodePtr kid);

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > max_parse_depth && !p.err_) {
        Diagnostic d;
        d.column = p.cur().pos;
        d.message = "template nested too deeply";
        p.err_ = Error(Errc::limit_exceeded, "template nested too deeply", {d});
        p.i_ = p.toks_.size() - 1;
      }
    }
    ~DepthGuard() { --p.depth_; }
  };

  // -- templates and statements ----------------------------------------------
  bool at_end_token(const EndTokens& ends) const;
  NodePtr subparse(const EndTokens& ends);
  void fail_eof(const EndTokens& ends, const std::string* unknown, uint32_t pos);
  NodePtr statements(const EndTokens& ends, bool drop_needle);
  NodePtr statement();
  NodePtr parse_if();
  NodePtr parse_for();
  NodePtr parse_set();
  NodePtr parse_with();
  NodePtr parse_filter_block();
  void signature(Node& node);
  NodePtr parse_macro();
  NodePtr parse_call_block();
  NodePtr parse_block();
  bool skip_context();
  NodePtr parse_loader_stmt(const std::string& tag);
  NodePtr parse_print();
  NodePtr assign_target(bool with_tuple, bool name_only, const EndTokens& extra, bool with_ns);
  static bool can_assign(const Node& n);

  // -- expressions -----------------------------------------------------------
  NodePtr expression(bool with_condexpr);
  NodePtr binary(NodeKind k, NodePtr l, NodePtr r, uint32_t pos);
  NodePtr parse_or();
  NodePtr parse_and();
  NodePtr parse_not();
  NodePtr parse_compare();
  NodePtr parse_math1();
  NodePtr parse_concat();
  NodePtr parse_math2();
  NodePtr parse_pow();
  NodePtr unary(bool with_filter);
  NodePtr constant(Value v, uint32_t pos);
  NodePtr primary();
  bool tuple_end(const EndTokens& extra) const;
  NodePtr tuple(bool simplified, bool with_condexpr, const EndTokens& extra, bool explicit_parens);
  NodePtr list_literal();
  NodePtr dict_literal();
  NodePtr postfix(NodePtr node);
  NodePtr filter_expr(NodePtr node);
  NodePtr subscript(NodePtr node);
  NodePtr subscribed();
  void call_args(Node& node);
  NodePtr call(NodePtr callee);
  std::string dotted_name();
  NodePtr filter_chain(NodePtr node, bool start_inline);
  NodePtr test(NodePtr node);

  // -- state ------------------------------------------------------------------

  std::vector<Token> toks_;
  std::string_view src_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::optional<Error> err_;
  std::vector<std::string> tag_stack_;
  std::vector<EndTokens> end_stack_;
};

}  // namespace bora::dsl::jinja
