#pragma once

// Internal to the HTTP layer: loading an execution with everything beneath
// it (tasks, action executions, sub-workflows), for reports, sub-execution
// lists and deletes.

#include <deque>
#include <string>
#include <vector>

#include "http/api.hpp"
#include "http/resources.hpp"

namespace bora::http {

/// Everything stored about one execution tree; owns the records the
/// ReportTree pointers refer to.
struct LoadedTree {
  std::deque<storage::WorkflowExecution> executions;
  std::deque<storage::TaskExecution> tasks;
  std::deque<storage::ActionExecution> actions;
  std::deque<ReportTree> nodes;
  const ReportTree* root = nullptr;
};

/// Loads execution `root` and, depth first, its tasks, their action
/// executions and sub-workflow executions (at most max_report_nesting
/// levels). Errors: not_found for an unknown root, storage errors.
Result<void> load_tree(Api& api, const storage::WorkflowExecution& root, LoadedTree& out);

/// Returns the ids of the sub-workflow executions of task `task_id`.
std::vector<std::string> child_execution_ids(Api& api, const std::string& task_id);

}  // namespace bora::http
