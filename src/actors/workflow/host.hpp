#pragma once

// Private to the workflow controller: the expression functions `task()`,
// `tasks()`, `execution()`, `executions()` and `global()` answered from a
// live Run.

#include <string>

#include "dsl/eval_context.hpp"

namespace bora::actors::workflow {

class Run;
struct TaskRt;

/// Answers Mistral's expression functions for one evaluation. Does not own
/// anything; lives on the stack of the evaluation.
class Host : public dsl::HostFunctions {
public:
  /// `current` is the task being evaluated for (null: workflow level).
  Host(const Run& run, const TaskRt* current) : run_(run), current_(current) {}

  Result<boost::json::value> task(const std::string* name) const override;
  Result<boost::json::value> tasks(const dsl::TasksQuery& query) const override;
  Result<boost::json::value> execution() const override;
  Result<boost::json::value> executions(const dsl::ExecutionsQuery& query) const override;
  Result<boost::json::value> global(std::string_view name) const override;

private:
  const Run& run_;
  const TaskRt* current_;
};

/// Returns the map `task()` gives for `t` (`result` already computed).
boost::json::value task_map(const TaskRt& t, const boost::json::value& result);

/// Deep-merges `right` into `left` (right wins; nested maps merge), as
/// Mistral's data flow does.
void merge_into(boost::json::object& left, const boost::json::object& right);

}  // namespace bora::actors::workflow
