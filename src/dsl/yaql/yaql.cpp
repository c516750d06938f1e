#include "dsl/yaql/yaql.hpp"

#include "dsl/utf8_check.hpp"

#include "dsl/yaql/ast.hpp"
#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

class Expression {
public:
  Expression(std::string text, NodePtr root) : text_(std::move(text)), root_(std::move(root)) {}

  const std::string& text() const { return text_; }
  const Node& root() const { return *root_; }

private:
  std::string text_;
  NodePtr root_;
};

Result<std::shared_ptr<const Expression>> compile(std::string_view text) {
  if (text.size() > max_expression_length) {
    return Error(Errc::limit_exceeded, "expression is longer than " +
                                           std::to_string(max_expression_length) + " characters");
  }
  if (auto bad = find_invalid_utf8(text)) {
    return Error(Errc::parse_error,
                 "Lexical error: invalid UTF-8 at position " + std::to_string(*bad),
                 {{0, static_cast<uint32_t>(*bad + 1), "", "invalid UTF-8"}});
  }
  auto root = parse(text);
  if (!root.ok()) {
    return std::move(root).error();
  }
  return std::shared_ptr<const Expression>(
      std::make_shared<Expression>(std::string(text), std::move(root.value())));
}

namespace {

// Mistral exposes these keys of the data as `$__env` and friends as well.
void add_context_vars(Scope& root, const boost::json::value& data) {
  root.vars.emplace_back("$1", Value::borrow(data));
  const auto* obj = data.if_object();
  if (!obj) {
    return;
  }
  for (const char* key : {"__env", "__execution", "__task_execution"}) {
    auto it = obj->find(key);
    if (it != obj->end()) {  // an unset variable reads as null anyway
      root.vars.emplace_back(std::string("$") + key, Value::borrow(it->value()));
    }
  }
}

// yaql's output conversion turns tuples into lists, maps into dicts and
// frozensets into sets; where such a value is a set member or a map key the
// conversion fails in Python, and Bora reports the same error.
void reject_unhashable(const Value& v) {
  switch (v.kind()) {
    case Kind::list:
      fail("unhashable type: 'list'");
    case Kind::dict:
      fail("unhashable type: 'dict'");
    case Kind::set:
      fail("unhashable type: 'set'");
    default:
      return;
  }
}

// Mistral quirk: a map's items() view holds lists, which cannot be hashed
// when yaql converts the final result, so returning one fails.
void check_output(const Value& v) {
  if (v.borrowed()) {
    return;
  }
  if (v.kind() == Kind::list && v.seq() == Seq::items_view) {
    fail("unhashable type: 'list'");
  }
  if (v.kind() == Kind::list || v.kind() == Kind::set) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v.kind() == Kind::set) {
        reject_unhashable(v.at(i));
      }
      check_output(v.at(i));
    }
  } else if (v.kind() == Kind::dict) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      auto e = v.entry(i);
      reject_unhashable(e.first);
      check_output(e.second);
    }
  }
}

}  // namespace

Result<boost::json::value> evaluate(const Expression& expr, const EvalContext& ctx) {
  static const boost::json::value null_data;
  const boost::json::value& data = ctx.data ? *ctx.data : null_data;
  Interp in(ctx);
  Scope root;
  add_context_vars(root, data);
  try {
    Value v = in.eval(expr.root(), root);
    check_output(v);
    boost::json::value out = to_json(v);
    return out;
  } catch (const Failure& f) {
    return Error(f.code, f.message);
  } catch (const NoMatch&) {
    return Error(Errc::evaluation_error, "no function matches supplied arguments");
  } catch (const std::bad_alloc&) {
    return Error(Errc::limit_exceeded, "expression ran out of memory");
  } catch (const std::exception& e) {
    return Error(Errc::evaluation_error, e.what());
  }
}

std::string_view source(const Expression& expr) {
  return expr.text();
}

}  // namespace bora::dsl::yaql
