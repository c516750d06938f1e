#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "dsl/eval_context.hpp"
#include "result.hpp"

namespace bora::dsl::jinja {

/// A compiled Jinja2 template (text with `{{ }}`, `{% %}`, `{# #}`):
/// immutable, shareable between threads.
class Template;

/// Compiles a whole template string, as Mistral's Jinja evaluator does, with
/// `trim_blocks` and `lstrip_blocks` on. Fails with `Errc::parse_error` whose
/// message is `Syntax error '<msg>'.` (Jinja's wording inside) and one
/// Diagnostic whose `column` is the 1-based offset in `text` of the
/// offending token (line 0 unless the template spans several lines, then the
/// 1-based line inside the text). `Errc::limit_exceeded` for over-long or
/// over-nested input.
Result<std::shared_ptr<const Template>> compile(std::string_view text);

/// Returns true if the compiled text is exactly one `{{ expr }}` and nothing
/// else, in which case evaluate() yields the native value of `expr`.
bool is_single_expression(const Template& tmpl);

/// Evaluates the template against `ctx`: the native JSON value of the single
/// expression when is_single_expression(), otherwise the rendered text as a
/// JSON string. `_` is `*ctx.data`; `__env`, `__execution`,
/// `__task_execution` are also top-level names when `*ctx.data` has them.
/// Undefined names and missing attributes are errors (StrictUndefined).
/// Fails with `Errc::evaluation_error` (Jinja's message, e.g. `'x' is undefined`)
/// or `Errc::limit_exceeded`.
Result<boost::json::value> evaluate(const Template& tmpl, const EvalContext& ctx);

/// Returns the source text the template was compiled from.
std::string_view source(const Template& tmpl);

/// Longest template text accepted by compile().
constexpr std::size_t max_template_length = 256 * 1024;
/// Deepest nesting of blocks and expressions accepted.
constexpr int max_parse_depth = 200;

}  // namespace bora::dsl::jinja
