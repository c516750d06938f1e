#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "result.hpp"

namespace bora::dsl {

/// Bounds on one evaluation of one expression. User expressions are untrusted:
/// every engine checks these and fails with `Errc::limit_exceeded` instead of
/// exhausting memory, the stack or time.
struct EvalLimits {
  /// Maximum evaluation steps (node visits, loop iterations, lambda calls).
  uint64_t max_steps = 10'000'000;
  /// Maximum nesting of evaluation (recursive calls, nested lambdas).
  uint32_t max_depth = 200;
  /// Maximum size of any single produced value, in approximate bytes of its
  /// JSON text (strings, lists built by range(), repetition, concatenation).
  uint64_t max_value_bytes = 64ull << 20;
};

/// Arguments of Mistral's `tasks(workflow_execution_id, recursive, state, flat)`.
struct TasksQuery {
  std::optional<std::string> workflow_execution_id;
  bool recursive = false;
  std::optional<std::string> state;
  bool flat = false;
};

/// Arguments of Mistral's `executions(id, root_execution_id, state, from_time, to_time)`.
struct ExecutionsQuery {
  std::optional<std::string> id;
  std::optional<std::string> root_execution_id;
  std::optional<std::string> state;
  std::optional<std::string> from_time;
  std::optional<std::string> to_time;
};

/// The expression functions that answer from a live workflow execution.
/// The engine implements it; tests use a fake with canned data. Called from
/// the thread that evaluates the expression; implementations must not block
/// on other actors.
class HostFunctions {
public:
  virtual ~HostFunctions() = default;

  /// Returns the task execution map of `task()` (name == nullptr: the current
  /// task) or `task(name)` (the latest execution of that task); null if none.
  virtual Result<boost::json::value> task(const std::string* name) const = 0;
  /// Returns the list of task execution maps selected by `query`.
  virtual Result<boost::json::value> tasks(const TasksQuery& query) const = 0;
  /// Returns the current workflow execution map.
  virtual Result<boost::json::value> execution() const = 0;
  /// Returns the list of workflow execution maps selected by `query`.
  virtual Result<boost::json::value> executions(const ExecutionsQuery& query) const = 0;
  /// Returns the value of a globally published variable, or null.
  virtual Result<boost::json::value> global(std::string_view name) const = 0;
};

/// Everything an evaluation may read. Does not own anything; the pointers
/// must outlive the evaluation.
struct EvalContext {
  /// What YAQL's `$` and Jinja's `_` refer to (an object in workflows; any
  /// value in `bora eval`). `env()` reads its `__env` key. Never null.
  const boost::json::value* data = nullptr;
  /// Live-execution functions; null outside an execution (then `task()`
  /// and friends fail with a clear evaluation error).
  const HostFunctions* host = nullptr;
  EvalLimits limits;
  /// True when `data` stands for a running workflow's context view (several
  /// maps looked up in turn): error texts then name it as Mistral does.
  bool data_is_view = false;
};

}  // namespace bora::dsl
