#pragma once

// Internal to the YAQL engine: the evaluator, its scopes, and the calling
// convention of built-in functions. Evaluation failures travel as the
// exceptions below and are turned into bora::Error by yaql.cpp; nothing here
// is visible outside src/dsl/yaql.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "dsl/eval_context.hpp"
#include "dsl/yaql/ast.hpp"
#include "dsl/yaql/value.hpp"

namespace bora::dsl::yaql {

/// An evaluation failure: YAQL's message and Bora's error class.
struct Failure {
  Errc code;
  std::string message;
};

/// Thrown by a built-in whose overload does not fit the supplied arguments;
/// the dispatcher turns it into YAQL's "No function/method ... matches".
struct NoMatch {};

[[noreturn]] void fail(std::string message);
[[noreturn]] void no_match();

/// Variables visible to an expression: `$1` (also `$`), `$2`, `$name`.
/// Scopes are stack objects chained to their parent; never stored.
struct Scope {
  const Scope* parent = nullptr;
  std::vector<std::pair<std::string, Value>> vars;
  /// Functions defined by `def(name, body) -> ...` for this scope.
  std::vector<std::pair<std::string, const Node*>> funcs;

  /// Returns the variable `name` (with its `$`), or null when unset.
  Value lookup(std::string_view name) const;
  /// Finds a def()'d function; sets `where` to the scope that defined it.
  const Node* find_func(std::string_view name, const Scope*& where) const;
};

class Interp;

/// One call of a built-in: the receiver (method form) and the argument
/// nodes, evaluated on demand so that lambdas stay unevaluated.
class Call {
public:
  Call(Interp& in, const Scope& scope, const Node& node, const Value* receiver);

  Interp& in;
  const Scope& scope;
  const Node& node;
  const Value* receiver;  // null in function form

  /// Number of positional arguments, the receiver included.
  std::size_t size() const { return pos_.size() + (receiver ? 1 : 0); }
  /// Evaluates positional argument `i` (0 is the receiver in method form).
  Value arg(std::size_t i) const;
  /// Returns the node of positional argument `i` (a lambda); not the receiver.
  const Node& lambda(std::size_t i) const;
  /// Returns the `name => value` arguments whose name is a bare identifier.
  const std::vector<std::pair<std::string, const Node*>>& named() const { return named_; }
  /// Returns the `key => value` arguments whose key is any other expression.
  const std::vector<const Node*>& rules() const { return rules_; }
  /// Evaluates named argument `name` into `out`; false when absent.
  bool kw(std::string_view name, Value& out) const;
  /// Requires min..max positional arguments and (unless allowed) no named ones.
  void expect(std::size_t min, std::size_t max, bool named_ok = false) const;
  /// Returns positional `i` if given, else named `name`, else `fallback`.
  Value opt(std::size_t i, std::string_view name, Value fallback) const;
  /// Calls lambda argument `i` with `$1..$n` bound to `args`.
  Value call(std::size_t i, std::initializer_list<Value> args) const;

private:
  std::vector<const Node*> pos_;
  std::vector<std::pair<std::string, const Node*>> named_;
  std::vector<const Node*> rules_;
};

/// A built-in function; throws NoMatch when the arguments do not fit.
using Builtin = Value (*)(Call&);

/// How a built-in may be called.
enum Forms : uint8_t { function_form = 1, method_form = 2, both_forms = 3 };

/// Registers built-in `name`; called once per library at start-up.
void define(std::string_view name, Forms forms, Builtin fn);

/// Evaluates compiled expressions against one EvalContext; one per evaluate().
class Interp {
public:
  explicit Interp(const EvalContext& ctx) : ctx_(ctx) {}

  /// Evaluates node `n` in `scope`.
  Value eval(const Node& n, const Scope& scope);
  /// Evaluates `body` with `$1..$n` (and `$`) bound to `args`.
  Value call_lambda(const Node& body, const Scope& scope, std::initializer_list<Value> args);
  /// Counts `n` evaluation steps; throws when the step budget is spent.
  void step(uint64_t n = 1);
  /// Throws when a value of `bytes` would exceed the size budget.
  void check_size(uint64_t bytes);
  /// Keeps `v` alive for the evaluation and returns a borrowing Value.
  Value keep(boost::json::value v);
  const EvalContext& ctx() const { return ctx_; }

  /// Remembers how an orderBy()/thenBy() result was sorted, for thenBy().
  struct Ordering {
    const void* result = nullptr;
    ValueList source;
    std::vector<std::pair<const Node*, bool>> keys;  // selector, descending
  };
  Ordering ordering;
  /// Compiled regular expressions of this evaluation, by flags and pattern.
  std::unordered_map<std::string, std::shared_ptr<const RegexData>> regex_cache;

private:
  Value eval_dot(const Node& n, const Scope& scope, bool safe);
  Value eval_call(const Node& n, const Scope& scope, const Value* receiver);
  Value eval_index(const Node& n, const Scope& scope);
  Value eval_binary(const Node& n, const Scope& scope);
  Value eval_unary(const Node& n, const Scope& scope);
  Value eval_map(const Node& n, const Scope& scope);
  Value eval_arrow(const Node& n, const Scope& scope);
  void bind_let(const Node& call, const Scope& scope, Scope& child);
  void bind_def(const Node& call, const Scope& scope, Scope& child);
  void bind_unpack(const Node& dot, const Scope& scope, Scope& child);
  Value mistral(const Node& n, const Scope& scope);

  const EvalContext& ctx_;
  uint64_t steps_ = 0;
  uint32_t depth_ = 0;
  std::vector<std::unique_ptr<boost::json::value>> kept_;
};

/// Returns the property `name` of `recv` (map key, per-element for lists,
/// datetime/timespan fields).
Value property(Interp& in, const Value& recv, std::string_view name);
/// Applies binary operator `op` to evaluated operands.
Value binary_op(Interp& in, Op op, const Value& a, const Value& b);
/// Returns Python's ordering of two values for sorting/min/max; throws
/// NoMatch-derived errors for incomparable ones.
int compare(const Value& a, const Value& b);
/// Returns the Python-style message of a missing key (`'x'`).
std::string key_error(const Value& key);

/// Converts a value to a Python-ish int, or throws NoMatch.
int64_t to_int_arg(const Value& v);
/// Requires a list or set argument and returns its elements, or throws NoMatch.
ValueList iter_arg(const Value& v);
/// Requires a string argument, or throws NoMatch.
std::string_view str_arg(const Value& v);

/// Returns whether regex `pattern` (string or regex value) is found in
/// string `s` (the `=~` operator); throws NoMatch for other types.
bool regex_search_op(Interp& in, const Value& s, const Value& pattern);
/// Reads a datetime/timespan property (`year`, `hours`, ...) into `out`.
bool date_property(const Value& v, std::string_view name, Value& out);

/// Regex forms of string methods: s.split(regex), s.replace(regex, repl).
Value regex_split(Call& c);
Value regex_replace(Call& c);
/// dt.format(fmt): strftime of a datetime.
Value format_datetime(Call& c);

/// Streams `gen...take(n)`-style chains over infinite generators; returns
/// false (leaving `result` alone) when `dot` is not such a chain.
bool eval_lazy(Interp& in, const Node& dot, const Scope& scope, Value& result);

// Library registration, one per lib_*.cpp.
void register_collections();
void register_queries();
void register_ordering();
void register_strings();
void register_regex();
void register_misc();
void register_maps();
void register_dates();
void register_system();

}  // namespace bora::dsl::yaql
