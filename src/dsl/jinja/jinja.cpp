// The public face of the engine: compile a string the way Mistral's Jinja
// evaluator sees it, then evaluate it to a native value or rendered text.

#include "dsl/jinja/jinja.hpp"

#include "dsl/utf8_check.hpp"

#include <optional>

#include <boost/json/string.hpp>

#include "dsl/jinja/ast.hpp"
#include "dsl/jinja/fast.hpp"
#include "dsl/jinja/filters.hpp"
#include "dsl/jinja/interp.hpp"

namespace bora::dsl::jinja {

class Template {
public:
  std::string source;
  /// The whole text parsed as a template (used when rendering).
  NodePtr body;
  /// Mistral's first `{{(.*?)}}` match (no newline inside) is the whole text.
  bool single = false;
  /// No `{{ }}` on one line at all: Mistral fails at run time.
  bool no_expression = false;
  /// The inside of the single `{{ }}`, parsed as one expression.
  NodePtr expr;
  std::optional<Error> expr_error;
  /// An unknown filter or test: Jinja rejects it when it compiles the
  /// template, before evaluating anything.
  std::optional<Error> static_error;
  /// Which of the context names (`context_names`) the template mentions:
  /// the others are not bound, which no template can observe.
  bool uses[3] = {false, false, false};
  /// The fast tier's program (see fast.hpp), when the template fits it.
  std::unique_ptr<FastProgram> fast;
};

namespace {

// Jinja reads `\r\n` and `\r` as newlines and drops one trailing newline.
std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else {
      out += text[i];
    }
  }
  if (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

// Finds Mistral's first `{{(.*?)}}` match (`.` stops at newlines). Returns
// false when there is none; `begin`/`end` delimit the match.
bool first_expression(std::string_view s, std::size_t& begin, std::size_t& end) {
  for (std::size_t p = s.find("{{"); p != std::string_view::npos; p = s.find("{{", p + 1)) {
    std::size_t nl = s.find('\n', p + 2);
    std::size_t close = s.find("}}", p + 2);
    if (close != std::string_view::npos && (nl == std::string_view::npos || close < nl)) {
      begin = p;
      end = close + 2;
      return true;
    }
  }
  return false;
}

// Turns the lexer/parser's byte offset into Bora's position convention.
Error located(Error e, std::string_view text) {
  for (auto& d : e.diagnostics) {
    std::size_t offset = std::min<std::size_t>(d.column, text.size());
    if (text.find('\n') == std::string_view::npos) {
      d.line = 0;
      d.column = static_cast<uint32_t>(offset + 1);
    } else {
      std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
      line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
      uint32_t line = 1;
      for (std::size_t i = 0; i < line_start; ++i) {
        line += text[i] == '\n' ? 1 : 0;
      }
      d.line = line;
      d.column = static_cast<uint32_t>(offset - line_start + 1);
    }
  }
  if (e.code == Errc::parse_error) {
    e.message = "Syntax error '" + e.message + "'.";
  }
  return e;
}

// Returns the first unknown filter or test in source order, as Jinja's
// compiler reports it. Inside `if` statements and inline ifs ("soft"
// scopes) Jinja defers the error to run time instead; loops, macros, with,
// set and filter blocks open a new scope that is not soft. The tree depth
// is bounded by the parser, so recursion is safe.
std::optional<Error> unknown_names(const Node& n, bool soft) {
  if (!soft && n.kind == NodeKind::filter && !filter_exists(n.name)) {
    return Error(Errc::evaluation_error, "No filter named '" + n.name + "'.");
  }
  if (!soft && n.kind == NodeKind::test && !test_exists(n.name)) {
    return Error(Errc::evaluation_error, "No test named '" + n.name + "'.");
  }
  for (std::size_t i = 0; i < n.kids.size(); ++i) {
    if (!n.kids[i]) {
      continue;
    }
    bool kid_soft = soft;
    switch (n.kind) {
      case NodeKind::if_:
      case NodeKind::condexpr:
        kid_soft = true;
        break;
      case NodeKind::for_:
        kid_soft = (i == 1 || i == 4) && soft;
        break;
      case NodeKind::with:
        kid_soft = i >= n.npos && i < 2 * n.npos && soft;
        break;
      case NodeKind::call_block:
        kid_soft = i == 0 && soft;
        break;
      case NodeKind::macro:
      case NodeKind::set_block:
      case NodeKind::filter_block:
        kid_soft = false;
        break;
      default:
        break;
    }
    if (auto e = unknown_names(*n.kids[i], kid_soft)) {
      return e;
    }
  }
  return std::nullopt;
}

const char* const context_names[3] = {"__env", "__execution", "__task_execution"};

// Marks in `uses` the context names mentioned anywhere in the tree. The
// tree depth is bounded by the parser, so recursion is safe.
void find_context_names(const Node& n, bool (&uses)[3]) {
  for (int k = 0; k < 3; ++k) {
    if (n.name == context_names[k]) {
      uses[k] = true;
    }
  }
  for (const auto& kid : n.kids) {
    if (kid) {
      find_context_names(*kid, uses);
    }
  }
}

void bind_context(Interp& in, const boost::json::value& data, const bool (&uses)[3]) {
  // Borrow the caller's data: it outlives the evaluation.
  // An aliasing pointer with no owner: it holds no control block, so
  // copying it (once per value read from the data) costs no reference count.
  std::shared_ptr<const boost::json::value> owner(std::shared_ptr<const boost::json::value>(),
                                                  &data);
  in.assign("_", from_json(owner, data));
  if (!data.is_object()) {
    return;
  }
  for (int k = 0; k < 3; ++k) {
    if (!uses[k]) {
      continue;
    }
    const char* key = context_names[k];
    const auto* v = data.get_object().if_contains(key);
    in.assign(key, v != nullptr ? from_json(owner, *v) : Value());
  }
}

}  // namespace

Result<std::shared_ptr<const Template>> compile(std::string_view text) {
  if (text.size() > max_template_length) {
    return Error(Errc::limit_exceeded, "template longer than " +
                                           std::to_string(max_template_length) + " characters");
  }
  if (auto bad = find_invalid_utf8(text)) {
    return Error(Errc::parse_error, "Syntax error 'invalid UTF-8 at position " +
                                        std::to_string(*bad) + "'.",
                 {{0, static_cast<uint32_t>(*bad + 1), "", "invalid UTF-8"}});
  }
  auto t = std::make_shared<Template>();
  t->source = std::string(text);
  std::string norm = normalize(text);
  auto body = parse_template(norm);
  if (!body) {
    return located(std::move(body).error(), text);
  }
  t->body = std::move(*body);
  t->static_error = unknown_names(*t->body, false);
  find_context_names(*t->body, t->uses);
  std::size_t begin = 0;
  std::size_t end = 0;
  if (!first_expression(text, begin, end)) {
    t->no_expression = true;
  } else if (begin == 0 && end == text.size()) {
    t->single = true;
    std::string_view inner = text.substr(2, text.size() - 4);
    auto expr = parse_expression_only(inner);
    if (expr) {
      t->expr = std::move(*expr);
      t->static_error = unknown_names(*t->expr, false);
      find_context_names(*t->expr, t->uses);
    } else {
      Error e = std::move(expr).error();
      if (e.code == Errc::parse_error) {
        e.code = Errc::evaluation_error;
      }
      t->expr_error = std::move(e);
    }
  }
  if (!t->no_expression && !t->expr_error && !t->static_error) {
    t->fast = t->single ? fast_compile_expression(*t->expr) : fast_compile_body(*t->body);
  }
  return std::shared_ptr<const Template>(std::move(t));
}

bool is_single_expression(const Template& tmpl) { return tmpl.single; }

std::string_view source(const Template& tmpl) { return tmpl.source; }

namespace {

// The errors known before evaluating anything; null when there is none.
const Error* early_error(const Template& tmpl) {
  static const Error no_match(Errc::evaluation_error, "list index out of range");
  if (tmpl.no_expression) {
    // Mistral indexes the (empty) list of `{{ }}` matches.
    return &no_match;
  }
  if (tmpl.expr_error) {
    return &*tmpl.expr_error;
  }
  if (tmpl.static_error) {
    return &*tmpl.static_error;
  }
  return nullptr;
}

Result<boost::json::value> interpret(const Template& tmpl, const EvalContext& ctx) {
  static const boost::json::value null_data;
  Interp in(ctx);
  bind_context(in, ctx.data != nullptr ? *ctx.data : null_data, tmpl.uses);
  if (tmpl.single) {
    auto v = in.eval(*tmpl.expr);
    if (!v) {
      return std::move(v).error();
    }
    return to_json(*v);
  }
  std::string out;
  auto r = in.render(*tmpl.body, out);
  if (!r) {
    return std::move(r).error();
  }
  return boost::json::value(boost::json::string(out));
}

}  // namespace

Result<boost::json::value> evaluate(const Template& tmpl, const EvalContext& ctx) {
  if (const Error* e = early_error(tmpl)) {
    return *e;
  }
  if (tmpl.fast) {
    if (tmpl.single) {
      boost::json::value v;
      if (fast_evaluate(*tmpl.fast, ctx, v)) {
        return v;
      }
    } else {
      boost::json::string out;
      if (fast_render(*tmpl.fast, ctx, out)) {
        return boost::json::value(std::move(out));
      }
    }
  }
  return interpret(tmpl, ctx);
}

Result<boost::json::value> evaluate_interpreted(const Template& tmpl, const EvalContext& ctx) {
  if (const Error* e = early_error(tmpl)) {
    return *e;
  }
  return interpret(tmpl, ctx);
}

bool has_fast_program(const Template& tmpl) { return tmpl.fast != nullptr; }

}  // namespace bora::dsl::jinja
