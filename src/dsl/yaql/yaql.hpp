#pragma once

#include <memory>
#include <string_view>

#include <boost/json/value.hpp>

#include "dsl/eval_context.hpp"
#include "result.hpp"

namespace bora::dsl::yaql {

/// A compiled YAQL expression: immutable, shareable between threads.
class Expression;

/// Compiles the text between `<%` and `%>` (without the delimiters; leading
/// and trailing spaces allowed). Fails with `Errc::parse_error` whose message
/// is YAQL's (`Parse error: unexpected '/' at position 3 of expression '7 // 2'`,
/// `Lexical error: illegal character '2' at position 0`) and one Diagnostic
/// whose `column` is the 1-based offset of the offending character in `text`
/// (line 0). Fails with `Errc::limit_exceeded` for text longer than
/// `max_expression_length` or nested deeper than `max_parse_depth`.
Result<std::shared_ptr<const Expression>> compile(std::string_view text);

/// Evaluates `expr` against `ctx`. Returns the result converted to JSON
/// (sets and iterators become arrays, datetimes their ISO text). Fails with
/// `Errc::evaluation_error` carrying YAQL's message (`'x'` for a missing key,
/// `No function "#operator_+" matches supplied arguments`, ...), or with
/// `Errc::limit_exceeded` when a bound of `ctx.limits` is hit.
Result<boost::json::value> evaluate(const Expression& expr, const EvalContext& ctx);

/// Returns the source text the expression was compiled from.
std::string_view source(const Expression& expr);

/// Longest expression text accepted by compile().
constexpr std::size_t max_expression_length = 64 * 1024;
/// Deepest nesting of parentheses, brackets, calls and operators accepted.
constexpr int max_parse_depth = 200;

}  // namespace bora::dsl::yaql
