#pragma once

// Everything stored about one workflow execution, read back in one go: what
// the engine needs to bring an execution back into memory (a rerun of a
// finished execution, recovery after a restart).

#include <string_view>
#include <vector>

#include "result.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace bora::storage {

/// One execution with its task executions (creation order), their action
/// executions and their sub-workflow executions (creation order each).
struct ExecutionImage {
  WorkflowExecution execution;
  std::vector<TaskExecution> tasks;
  std::vector<ActionExecution> actions;
  std::vector<WorkflowExecution> children;
};

/// Reads the image of execution `id` through the indexes. Errors: not_found
/// when the execution is absent, io_error when a record is unreadable or an
/// index names a missing record. Blocks on disk reads: call it from a thread
/// that may block.
Result<ExecutionImage> load_execution_image(const Database& db, std::string_view id);

}  // namespace bora::storage
