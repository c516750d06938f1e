// Precedence-climbing parser for YAQL. Binding powers follow YAQL's operator
// table (tightest first): `.` `?.`; indexer; unary + -; =~ !~; * / mod;
// + -; comparisons and in; not; and; or; -> (right associative).
#include <algorithm>
#include <unordered_map>

#include "dsl/yaql/ast.hpp"
#include "dsl/yaql/lexer.hpp"
#include "dsl/yaql/yaql.hpp"

namespace bora::dsl::yaql {

namespace {

constexpr int bp_dot = 11;
constexpr int bp_index = 10;
constexpr int bp_unary = 9;
constexpr int bp_not = 4;

struct BinInfo {
  const char* sym;
  Op op;
  int bp;
};

const BinInfo binary_ops[] = {
    {"=~", Op::match, 8},   {"!~", Op::not_match, 8}, {"*", Op::mul, 7},  {"/", Op::div, 7},
    {"mod", Op::mod, 7},    {"+", Op::plus, 6},       {"-", Op::minus, 6}, {">", Op::gt, 5},
    {"<", Op::lt, 5},       {">=", Op::ge, 5},        {"<=", Op::le, 5},  {"!=", Op::ne, 5},
    {"=", Op::eq, 5},       {"in", Op::in, 5},        {"and", Op::and_, 3}, {"or", Op::or_, 2},
    {"->", Op::arrow, 1},
};

const BinInfo* find_binary(const Token& t) {
  if (t.type != Tok::op) {
    return nullptr;
  }
  for (const auto& b : binary_ops) {
    if (t.text == b.sym) {
      return &b;
    }
  }
  return nullptr;
}

class Parser {
public:
  Parser(std::string_view text, std::vector<Token> toks) : text_(text), toks_(std::move(toks)) {}

  Result<NodePtr> run() {
    NodePtr n = expr(0);
    if (!failed_ && peek().type != Tok::end) {
      unexpected(peek());
    }
    if (failed_) {
      return std::move(err_);
    }
    return n;
  }

private:
  // Reaching an illegal character reports the lexical error.
  const Token& peek() {
    const Token& t = toks_[i_];
    if (t.type == Tok::error) {
      fail(syntax_error(t.text, t.pos));
    }
    return t;
  }
  const Token& advance() {
    peek();
    return toks_[i_ < toks_.size() - 1 ? i_++ : i_];
  }

  void fail(Error e) {
    if (!failed_) {
      failed_ = true;
      err_ = std::move(e);
    }
  }

  void unexpected(const Token& t) {
    if (t.type == Tok::end) {
      fail(Error(Errc::parse_error, "Parse error: unexpected end of statement",
                 {Diagnostic{0, t.pos + 1, "", "Parse error: unexpected end of statement"}}));
      return;
    }
    std::string shown = t.text;
    if (t.type == Tok::true_) {
      shown = "True";
    } else if (t.type == Tok::false_) {
      shown = "False";
    } else if (t.type == Tok::null_) {
      shown = "None";
    } else if (t.type == Tok::number) {
      shown = py_str(t.value);
    }
    fail(syntax_error("Parse error: unexpected '" + shown + "' at position " +
                          std::to_string(t.pos) + " of expression '" + std::string(text_) + "'",
                      t.pos));
  }

  NodePtr make(NodeKind k, uint32_t pos) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->pos = pos;
    return n;
  }

  // Keeps every tree shallow enough to evaluate and destroy recursively.
  NodePtr checked(NodePtr n) {
    uint32_t h = 0;
    for (const auto& a : n->args) {
      h = std::max(h, heights_[a.get()]);
    }
    heights_[n.get()] = h + 1;
    if (int(h + 1) > max_parse_depth) {
      fail(Error(Errc::limit_exceeded, "expression is nested deeper than " +
                                           std::to_string(max_parse_depth) + " levels"));
    }
    return n;
  }

  NodePtr expr(int min_bp) {
    if (++depth_ > max_parse_depth) {
      fail(Error(Errc::limit_exceeded,
                 "expression is nested deeper than " + std::to_string(max_parse_depth) + " levels"));
    }
    NodePtr lhs = failed_ ? nullptr : prefix();
    while (!failed_) {
      const Token& t = peek();
      if (t.type == Tok::op && (t.text == "." || t.text == "?.")) {
        if (bp_dot <= min_bp) {
          break;
        }
        lhs = dot(std::move(lhs));
      } else if (t.type == Tok::lbracket) {
        if (bp_index <= min_bp) {
          break;
        }
        lhs = index(std::move(lhs));
      } else if (const BinInfo* b = find_binary(t)) {
        if (b->bp <= min_bp) {
          break;
        }
        lhs = binary(std::move(lhs), *b);
      } else {
        break;
      }
    }
    --depth_;
    return failed_ ? nullptr : std::move(lhs);
  }

  NodePtr dot(NodePtr lhs) {
    const Token& t = advance();
    auto n = make(t.text == "." ? NodeKind::dot : NodeKind::safe_dot, t.pos);
    NodePtr rhs = expr(bp_dot);
    if (failed_) {
      return nullptr;
    }
    n->args.push_back(std::move(lhs));
    n->args.push_back(std::move(rhs));
    return checked(std::move(n));
  }

  NodePtr index(NodePtr lhs) {
    const Token& t = advance();
    auto n = make(NodeKind::index, t.pos);
    n->args.push_back(std::move(lhs));
    args(*n, Tok::rbracket);
    return failed_ ? nullptr : checked(std::move(n));
  }

  NodePtr binary(NodePtr lhs, const BinInfo& b) {
    const Token& t = advance();
    auto n = make(NodeKind::binary, t.pos);
    n->op = b.op;
    n->name = b.sym;
    NodePtr rhs = expr(b.op == Op::arrow ? b.bp - 1 : b.bp);
    if (failed_) {
      return nullptr;
    }
    n->args.push_back(std::move(lhs));
    n->args.push_back(std::move(rhs));
    return checked(std::move(n));
  }

  NodePtr unary(const Token& t, Op op, int bp) {
    auto n = make(NodeKind::unary, t.pos);
    n->op = op;
    n->name = t.text;
    NodePtr operand = expr(bp);
    if (failed_) {
      return nullptr;
    }
    n->args.push_back(std::move(operand));
    return checked(std::move(n));
  }

  NodePtr prefix() {
    const Token& t = advance();
    NodePtr n;
    switch (t.type) {
      case Tok::number:
      case Tok::string:
      case Tok::true_:
      case Tok::false_:
      case Tok::null_:
        n = make(NodeKind::constant, t.pos);
        n->value = t.value;
        return checked(std::move(n));
      case Tok::keyword:
        n = make(NodeKind::keyword, t.pos);
        n->value = t.value;
        n->name = t.text;
        return checked(std::move(n));
      case Tok::dollar:
        n = make(NodeKind::variable, t.pos);
        n->name = t.text == "$" ? "$1" : t.text;
        return checked(std::move(n));
      case Tok::lparen: {
        n = expr(0);
        if (!failed_ && peek().type != Tok::rparen) {
          unexpected(peek());
        }
        ++i_;
        return failed_ ? nullptr : std::move(n);
      }
      case Tok::lbracket:
        n = make(NodeKind::list, t.pos);
        args(*n, Tok::rbracket);
        return failed_ ? nullptr : checked(std::move(n));
      case Tok::lbrace:
        n = make(NodeKind::map, t.pos);
        args(*n, Tok::rbrace);
        return failed_ ? nullptr : checked(std::move(n));
      case Tok::func:
        n = make(NodeKind::call, t.pos);
        n->name = t.text;
        args(*n, Tok::rparen);
        return failed_ ? nullptr : checked(std::move(n));
      case Tok::op:
        if (t.text == "+" || t.text == "-") {
          return unary(t, t.text == "+" ? Op::plus : Op::minus, bp_unary);
        }
        if (t.text == "not") {
          return unary(t, Op::not_, bp_not);
        }
        break;
      default:
        break;
    }
    unexpected(t);
    return nullptr;
  }

  // Parses `a, b, name => c` up to `close`. Empty slots (`f(, 1)`) are
  // allowed except at the end; positional arguments may not follow named ones.
  void args(Node& into, Tok close) {
    if (++depth_ > max_parse_depth) {
      fail(Error(Errc::limit_exceeded,
                 "expression is nested deeper than " + std::to_string(max_parse_depth) + " levels"));
      return;
    }
    if (peek().type == close) {
      ++i_;
      --depth_;
      return;
    }
    bool named = false;
    while (!failed_) {
      if (peek().type == Tok::comma) {
        into.args.push_back(checked(make(NodeKind::no_value, peek().pos)));
        ++i_;
        continue;
      }
      NodePtr a = expr(0);
      if (failed_) {
        return;
      }
      if (peek().type == Tok::mapping) {
        auto m = make(NodeKind::mapping, advance().pos);
        NodePtr v = expr(0);
        if (failed_) {
          return;
        }
        m->args.push_back(std::move(a));
        m->args.push_back(std::move(v));
        a = checked(std::move(m));
        named = true;
      } else if (named) {
        unexpected(peek());
        return;
      }
      into.args.push_back(std::move(a));
      if (peek().type == Tok::comma) {
        ++i_;
        if (peek().type == close) {
          unexpected(peek());
        }
        continue;
      }
      if (peek().type != close) {
        unexpected(peek());
        return;
      }
      ++i_;
      break;
    }
    --depth_;
  }

  std::string_view text_;
  std::vector<Token> toks_;
  std::size_t i_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  Error err_;
  std::unordered_map<const Node*, uint32_t> heights_;
};

}  // namespace

Result<NodePtr> parse(std::string_view text) {
  auto toks = tokenize(text);
  if (!toks.ok()) {
    return std::move(toks).error();
  }
  return Parser(text, std::move(toks.value())).run();
}

}  // namespace bora::dsl::yaql
