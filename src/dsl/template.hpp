#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "dsl/eval_context.hpp"
#include "result.hpp"

namespace bora::dsl {
namespace yaql {
class Expression;
}
namespace jinja {
class Template;
}

/// The expression language found in a string value.
enum class ExprLang : uint8_t { none = 1, yaql, jinja };

/// One string value of a definition, with its expressions compiled once.
/// Follows Mistral's embedding rules: Jinja (`{{ }}`, `{% %}`) is detected
/// first, then YAQL (`<% %>`); detection never crosses a newline; a string
/// that is exactly one expression yields its native value, anything else is
/// text with each expression replaced by Python's `str()` of its result.
/// Immutable after compile; safe to share between threads.
class CompiledString {
public:
  /// Compiles `text`. Fails with `Errc::parse_error` when an expression has
  /// a syntax error or both languages appear in one string (Mistral's
  /// message); each Diagnostic's `column` is the 1-based offset of the
  /// problem inside `text` (line 0 when the text is on one line, else the
  /// 1-based line inside the text).
  static Result<std::shared_ptr<const CompiledString>> compile(std::string_view text);

  /// Returns the language found (none: plain text, evaluates to itself).
  ExprLang lang() const { return lang_; }
  /// Returns the original text.
  const std::string& text() const { return text_; }
  /// Evaluates to a JSON value (native for a single whole expression).
  /// Errors carry Mistral's wrapper text:
  /// `Can not evaluate YAQL expression [expression=..., error=..., data=...]`.
  Result<boost::json::value> evaluate(const EvalContext& ctx) const;

private:
  // One `<% ... %>` occurrence: its delimited text and compiled expression.
  struct YaqlPart {
    std::string delimited;
    std::shared_ptr<const yaql::Expression> expr;
  };

  CompiledString() = default;
  Result<boost::json::value> evaluate_yaql(const EvalContext& ctx) const;
  Result<boost::json::value> evaluate_jinja(const EvalContext& ctx) const;

  std::string text_;
  ExprLang lang_ = ExprLang::none;
  std::vector<YaqlPart> yaql_;
  std::shared_ptr<const jinja::Template> jinja_;
};

/// A JSON value from a definition (task input, publish, output, vars, ...)
/// whose string leaves are compiled. Evaluating it replaces every string
/// leaf at any depth by its evaluation, as Mistral's evaluate_recursively
/// does; map keys are never evaluated. Cheap to copy (shares its parts).
class ValueTemplate {
public:
  /// Makes a template of a plain literal (no expressions).
  ValueTemplate() = default;

  /// Compiles every string leaf of `value`. On failure returns one error
  /// whose diagnostics name each bad leaf: `path` is relative to `value`
  /// (keys joined by `.`, list positions as numbers, empty for the root)
  /// and `column` is inside that string.
  static Result<ValueTemplate> compile(boost::json::value value);

  /// Returns the value as written.
  const boost::json::value& literal() const { return *literal_; }
  /// Returns true if some leaf holds an expression.
  bool has_expressions() const { return !leaves_.empty(); }

  /// Evaluates against `ctx`. When `ctx.data` is null or an empty object the
  /// literal is returned unevaluated (Mistral quirk).
  Result<boost::json::value> evaluate(const EvalContext& ctx) const;

private:
  struct Leaf {
    std::vector<boost::json::value> path;  // string keys or int64 indices
    std::shared_ptr<const CompiledString> str;
  };
  std::shared_ptr<const boost::json::value> literal_ =
      std::make_shared<const boost::json::value>();
  std::vector<Leaf> leaves_;
};

/// Returns the language Mistral would detect in `text` (Jinja first).
ExprLang detect_language(std::string_view text);

/// Returns true if `text` contains any expression delimiter pair.
inline bool has_expression(std::string_view text) {
  return detect_language(text) != ExprLang::none;
}

}  // namespace bora::dsl
