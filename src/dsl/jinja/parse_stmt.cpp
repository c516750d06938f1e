// Statements: {% if %}, {% for %}, {% set %}, {% with %}, {% macro %}, ...

#include <set>

#include "dsl/jinja/parser.hpp"

namespace bora::dsl::jinja {

bool Parser::at_end_token(const EndTokens& ends) const {
  for (const auto& e : ends) {
    if (is_name(e.c_str())) {
      return true;
    }
  }
  return false;
}

NodePtr Parser::subparse(const EndTokens& ends) {
  auto body = make(NodeKind::body, cur().pos);
  while (!failed() && cur().type != Tok::eof) {
    const Token& t = cur();
    if (t.type == Tok::data) {
      auto o = make(NodeKind::output, t.pos);
      o->name = t.text;
      attach(*body, std::move(o));
      next();
    } else if (t.type == Tok::var_begin) {
      next();
      auto p = make(NodeKind::print, t.pos);
      attach(*p, tuple(false, true, {}, false));
      attach(*body, std::move(p));
      expect_type(Tok::var_end, "end of print statement");
    } else if (t.type == Tok::block_begin) {
      next();
      if (!ends.empty() && at_end_token(ends)) {
        return body;
      }
      attach(*body, statement());
      expect_type(Tok::block_end, "end of statement block");
    } else {
      fail("internal parsing error");
    }
  }
  return body;
}

void Parser::fail_eof(const EndTokens& ends, const std::string* unknown, uint32_t pos) {
  std::string msg = unknown == nullptr ? "Unexpected end of template."
                                       : "Encountered unknown tag '" + *unknown + "'.";
  std::set<std::string> expected;
  for (const auto& stack : end_stack_) {
    expected.insert(stack.begin(), stack.end());
  }
  if (!end_stack_.empty()) {
    std::string looking;
    for (const auto& e : end_stack_.back()) {
      looking += (looking.empty() ? "'" : " or '") + e + "'";
    }
    if (unknown != nullptr && expected.count(*unknown) != 0) {
      msg += " You probably made a nesting mistake. Jinja is expecting this tag, but currently "
             "looking for " + looking + ".";
    } else {
      msg += " Jinja was looking for the following tags: " + looking + ".";
    }
  }
  if (!tag_stack_.empty()) {
    msg += " The innermost block that needs to be closed is '" + tag_stack_.back() + "'.";
  }
  (void)ends;
  fail_at(msg, pos);
}

// Parses the body of a block statement up to one of `ends`.
NodePtr Parser::statements(const EndTokens& ends, bool drop_needle) {
  skip_op(":");
  expect_type(Tok::block_end, "end of statement block");
  end_stack_.push_back(ends);
  auto body = subparse(ends);
  if (!failed() && cur().type == Tok::eof) {
    fail_eof(ends, nullptr, cur().pos);
  }
  end_stack_.pop_back();
  if (drop_needle) {
    next();
  }
  return body;
}

NodePtr Parser::statement() {
  DepthGuard guard(*this);
  if (cur().type != Tok::name) {
    fail("tag name expected");
    return nullptr;
  }
  std::string tag = cur().text;
  static const std::set<std::string> known = {
      "if", "for", "set", "with", "filter", "macro", "call", "print",
      "block", "include", "extends", "import", "from"};
  if (known.count(tag) == 0) {
    fail_eof({}, &tag, cur().pos);
    return nullptr;
  }
  tag_stack_.push_back(tag);
  NodePtr r;
  if (tag == "if") {
    r = parse_if();
  } else if (tag == "for") {
    r = parse_for();
  } else if (tag == "set") {
    r = parse_set();
  } else if (tag == "with") {
    r = parse_with();
  } else if (tag == "filter") {
    r = parse_filter_block();
  } else if (tag == "macro") {
    r = parse_macro();
  } else if (tag == "call") {
    r = parse_call_block();
  } else if (tag == "block") {
    r = parse_block();
  } else if (tag != "print") {
    r = parse_loader_stmt(tag);
  } else {
    r = parse_print();
  }
  tag_stack_.pop_back();
  return r;
}

NodePtr Parser::parse_if() {
  auto node = make(NodeKind::if_, cur().pos);
  next();
  attach(*node, tuple(false, false, {}, false));
  attach(*node, statements({"elif", "else", "endif"}, false));
  if (failed()) {
    return node;
  }
  std::string which = cur().text;
  next();
  if (which == "elif") {
    // An elif is an `if` nested in the else branch; it ends at the same endif.
    tag_stack_.push_back("if");
    --i_;
    auto nested = parse_if();
    tag_stack_.pop_back();
    attach(*node, std::move(nested));
    return node;
  }
  if (which == "else") {
    attach(*node, statements({"endif"}, true));
  }
  return node;
}

NodePtr Parser::parse_for() {
  auto node = make(NodeKind::for_, cur().pos);
  next();
  attach(*node, assign_target(true, false, {"in"}, false));
  expect_name("in");
  attach(*node, tuple(false, false, {"recursive"}, false));
  attach(*node, skip_name("if") ? expression(true) : nullptr);
  node->recursive = skip_name("recursive");
  attach(*node, statements({"endfor", "else"}, false));
  if (failed()) {
    return node;
  }
  bool has_else = cur().text == "else";
  next();
  attach(*node, has_else ? statements({"endfor"}, true) : nullptr);
  return node;
}

NodePtr Parser::parse_set() {
  auto pos = cur().pos;
  next();
  auto target = assign_target(true, false, {}, true);
  if (skip_op("=")) {
    auto node = make(NodeKind::set, pos);
    attach(*node, std::move(target));
    attach(*node, tuple(false, true, {}, false));
    return node;
  }
  auto node = make(NodeKind::set_block, pos);
  attach(*node, std::move(target));
  auto chain = filter_chain(nullptr, false);
  attach(*node, statements({"endset"}, true));
  attach(*node, std::move(chain));
  return node;
}

NodePtr Parser::parse_with() {
  auto node = make(NodeKind::with, cur().pos);
  next();
  std::vector<NodePtr> targets;
  std::vector<NodePtr> values;
  while (!failed() && cur().type != Tok::block_end) {
    if (!targets.empty()) {
      expect_op(",");
    }
    targets.push_back(assign_target(true, false, {}, false));
    expect_op("=");
    values.push_back(expression(true));
  }
  node->npos = static_cast<uint32_t>(targets.size());
  for (auto& t : targets) {
    attach(*node, std::move(t));
  }
  for (auto& v : values) {
    attach(*node, std::move(v));
  }
  attach(*node, statements({"endwith"}, true));
  return node;
}

NodePtr Parser::parse_filter_block() {
  auto node = make(NodeKind::filter_block, cur().pos);
  next();
  attach(*node, filter_chain(nullptr, true));
  attach(*node, statements({"endfilter"}, true));
  return node;
}

// Parses `(a, b=default, ...)` into `node` (names then defaults).
void Parser::signature(Node& node) {
  expect_op("(");
  std::vector<NodePtr> defaults;
  uint32_t n = 0;
  while (!failed() && !is_op(")")) {
    if (n > 0) {
      expect_op(",");
    }
    auto arg = assign_target(false, true, {}, false);
    if (skip_op("=")) {
      defaults.push_back(expression(true));
    } else if (!defaults.empty()) {
      fail("non-default argument follows default argument");
    }
    attach(node, std::move(arg));
    ++n;
  }
  expect_op(")");
  node.npos = n;
  for (auto& d : defaults) {
    attach(node, std::move(d));
  }
}

NodePtr Parser::parse_macro() {
  auto node = make(NodeKind::macro, cur().pos);
  next();
  auto name = assign_target(false, true, {}, false);
  node->name = name ? name->name : "";
  signature(*node);
  attach(*node, statements({"endmacro"}, true));
  return node;
}

NodePtr Parser::parse_call_block() {
  auto node = make(NodeKind::call_block, cur().pos);
  next();
  auto sig = make(NodeKind::body, cur().pos);
  if (is_op("(")) {
    signature(*sig);
  }
  auto call = expression(true);
  if (!failed() && call->kind != NodeKind::call) {
    fail_at("expected call", node->pos);
  }
  attach(*node, std::move(call));
  node->npos = sig->npos;
  for (auto& k : sig->kids) {
    attach(*node, std::move(k));
  }
  attach(*node, statements({"endcall"}, true));
  return node;
}

// `{% block name %}` renders its body in place (there is no inheritance
// without a loader).
NodePtr Parser::parse_block() {
  next();
  std::string name = cur().text;
  expect_type(Tok::name, "name");
  skip_name("scoped");
  skip_name("required");
  auto body = statements({"endblock"}, true);
  skip_name(name.c_str());
  return body;
}

bool Parser::skip_context() {
  if ((is_name("with") || is_name("without")) && look().type == Tok::name &&
      look().text == "context") {
    next();
    next();
    return true;
  }
  return false;
}

// include / extends / import / from parse as Jinja's do; running them
// fails because Bora has no template loader (neither has Mistral).
NodePtr Parser::parse_loader_stmt(const std::string& tag) {
  auto node = make(NodeKind::loader, cur().pos);
  next();
  attach(*node, expression(true));
  if (tag == "include") {
    if (is_name("ignore") && look().type == Tok::name && look().text == "missing") {
      next();
      next();
    }
    skip_context();
  } else if (tag == "import") {
    expect_name("as");
    assign_target(false, true, {}, false);
    skip_context();
  } else if (tag == "from") {
    expect_name("import");
    bool first = true;
    while (!failed()) {
      if (!first) {
        expect_op(",");
      }
      first = false;
      if (cur().type != Tok::name) {
        expect_type(Tok::name, "name");
        break;
      }
      if (skip_context()) {
        break;
      }
      auto target = assign_target(false, true, {}, false);
      if (!target->name.empty() && target->name[0] == '_') {
        fail_at("names starting with an underline can not be imported", target->pos);
      }
      if (skip_name("as")) {
        assign_target(false, true, {}, false);
      }
      if (skip_context() || !is_op(",")) {
        break;
      }
    }
  }
  return node;
}

NodePtr Parser::parse_print() {
  auto pos = cur().pos;
  next();
  auto items = make(NodeKind::tuple, pos);
  while (!failed() && cur().type != Tok::block_end) {
    if (!items->kids.empty()) {
      expect_op(",");
    }
    attach(*items, expression(true));
  }
  // Jinja prints each expression in turn, which concatenation matches.
  auto cat = make(NodeKind::concat, pos);
  for (auto& k : items->kids) {
    attach(*cat, std::move(k));
  }
  auto node = make(NodeKind::print, pos);
  attach(*node, std::move(cat));
  return node;
}

NodePtr Parser::assign_target(bool with_tuple, bool name_only, const EndTokens& extra, bool with_ns) {
  if (with_ns && cur().type == Tok::name && look().type == Tok::op && look().text == ".") {
    auto node = make(NodeKind::nsref, cur().pos);
    node->name = cur().text;
    next();
    next();
    node->attr = cur().text;
    expect_type(Tok::name, "name");
    return node;
  }
  if (name_only) {
    auto node = make(NodeKind::name, cur().pos);
    node->name = cur().text;
    expect_type(Tok::name, "name");
    return node;
  }
  auto target = with_tuple ? tuple(true, true, extra, false) : primary();
  if (failed()) {
    return target;
  }
  if (!can_assign(*target)) {
    fail_at("can't assign to '" + std::string(target->kind == NodeKind::tuple ? "tuple"
                                              : target->kind == NodeKind::constant ? "const"
                                                                                   : "expression") +
                "'",
            target->pos);
  }
  return target;
}

bool Parser::can_assign(const Node& n) {
  if (n.kind == NodeKind::name) {
    return n.name != "true" && n.name != "false" && n.name != "none" && n.name != "True" &&
           n.name != "False" && n.name != "None";
  }
  if (n.kind == NodeKind::tuple) {
    for (const auto& k : n.kids) {
      if (!can_assign(*k)) {
        return false;
      }
    }
    return true;
  }
  return false;
}

}  // namespace bora::dsl::jinja
