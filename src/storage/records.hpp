#pragma once

// Records: the values stored in the entity column families.
//
// On-disk format (record version 1, the "v" member): each record is one JSON
// object holding "v" and every field of its struct under the field's own
// name. Encodings per C++ type:
//   std::string            JSON string
//   std::optional<T>       null when empty, else the encoding of T
//   int64_t                JSON integer; times are milliseconds since the
//                          Unix epoch (UTC), formatted for the API by
//                          format_timestamp (time_format.hpp)
//   bool                   JSON boolean
//   State                  its API string ("RUNNING")
//   std::vector<string>    JSON array of strings (tags)
//   boost::json::value     the value itself (any JSON)
// Decoding is strict: the version must be one this build knows, every field
// must be present with its type, and unknown members are rejected, so a
// corrupted or foreign value is never half-read. A new field or a changed
// encoding needs a new record version and an upgrade step (STYLE.md rule 6).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "result.hpp"
#include "storage/state.hpp"

namespace bora::storage {

/// The record version written by this build.
inline constexpr int64_t record_version = 1;

/// A workflow definition (API: Workflow). Key: definition key of kind
/// workflow; `definition` is the YAML text as served by GET.
struct WorkflowDefinition {
  std::string id;
  std::string name;
  std::string ns;  ///< API "namespace"; "" is the default namespace.
  std::string definition;
  std::vector<std::string> tags;
  std::string scope = "private";
  std::string project_id;
  std::string input;                         ///< text rendering of the input list
  boost::json::value interface;              ///< {"input": [...], "output": [...]}
  std::optional<std::string> workbook_name;  ///< set when created by a workbook
  bool is_system = false;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
};

/// A workbook (API: Workbook). Key: definition key of kind workbook.
struct WorkbookDefinition {
  std::string id;
  std::string name;
  std::string ns;
  std::string definition;
  std::vector<std::string> tags;
  std::string scope = "private";
  std::string project_id;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
};

/// An ad-hoc action definition (API: Action). Key: definition key of kind
/// action. System actions are built in and never stored.
struct ActionDefinition {
  std::string id;
  std::string name;
  std::string ns;
  std::string definition;
  std::vector<std::string> tags;
  std::string scope = "private";
  std::string project_id;
  std::string input;  ///< signature text, e.g. `url, method="GET"`
  std::optional<std::string> description;
  std::optional<std::string> workbook_name;
  bool is_system = false;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
};

/// A stored environment (API: Environment). Key: its name.
struct Environment {
  std::string id;
  std::string name;
  std::optional<std::string> description;
  boost::json::value variables;  ///< a JSON object
  std::string scope = "private";
  std::string project_id;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
};

/// A cron trigger (API: CronTrigger). Key: its name.
struct CronTrigger {
  std::string id;
  std::string name;
  std::string workflow_name;
  std::string workflow_namespace;
  std::string workflow_id;
  boost::json::value workflow_input;   ///< a JSON object
  boost::json::value workflow_params;  ///< a JSON object
  std::string pattern;
  std::optional<int64_t> remaining_executions;  ///< empty = unlimited
  std::optional<int64_t> first_execution_time;
  int64_t next_execution_time = 0;
  std::string scope = "private";
  std::string project_id;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
};

/// An event trigger (API: EventTrigger): starts a workflow on a notification
/// of the message bus. Bora stores them and serves them; with no bus, none
/// fires. Key: its UUID.
struct EventTrigger {
  std::string id;
  std::string name;
  std::string workflow_id;
  boost::json::value workflow_input;   ///< a JSON object
  boost::json::value workflow_params;  ///< a JSON object
  std::string exchange;
  std::string topic;
  std::string event;
  std::string scope = "private";
  std::string project_id;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
};

/// A workflow execution (API: Execution) with the engine's runtime fields.
/// Key: its UUID.
struct WorkflowExecution {
  std::string id;
  std::string workflow_id;
  std::string workflow_name;
  std::string workflow_namespace;
  std::string description;
  std::vector<std::string> tags;
  boost::json::value params;                     ///< namespace, env, task_name, notify, ...
  std::optional<std::string> task_execution_id;  ///< parent task of a sub-workflow
  std::optional<std::string> root_execution_id;
  State state = State::idle;
  std::optional<std::string> state_info;
  boost::json::value input;
  boost::json::value output;
  std::string project_id;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
  // -- engine fields ---
  std::string spec_source;  ///< definition text snapshot taken at start
  /// Workflow context (__execution, vars, published globals); the API's
  /// `published_global` is derived from it.
  boost::json::value context;
  boost::json::value runtime_context;  ///< backlog and other engine bookkeeping
  bool accepted = false;               ///< completion reported to the parent task
  std::string owner_node;              ///< engine node that runs it
};

/// A task execution (API: Task) with the engine's runtime fields. Key: its UUID.
struct TaskExecution {
  std::string id;
  std::string name;
  std::string type = "ACTION";  ///< "ACTION" or "WORKFLOW"
  std::string workflow_name;
  std::string workflow_namespace;
  std::string workflow_id;
  std::string workflow_execution_id;
  std::vector<std::string> tags;
  State state = State::idle;
  std::optional<std::string> state_info;
  std::string project_id;
  boost::json::value runtime_context;  ///< triggered_by, retry_task_policy, with_items
  boost::json::value result;
  boost::json::value published;
  boost::json::value published_global;  ///< globals as computed at publish time
  bool processed = false;
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
  std::optional<int64_t> started_at;
  std::optional<int64_t> finished_at;
  // -- engine fields ---
  boost::json::value in_context;  ///< inbound context the task started with
  bool has_next_tasks = false;
  boost::json::value next_tasks;  ///< list of [task name, event] pairs
  bool error_handled = false;
  std::optional<std::string> unique_key;  ///< join tasks: one per execution
};

/// An action execution (API: ActionExecution). Key: its UUID.
struct ActionExecution {
  std::string id;
  std::string name;
  std::optional<std::string> workflow_name;
  std::string workflow_namespace;
  std::optional<std::string> task_name;
  std::optional<std::string> task_execution_id;  ///< empty for run-action
  State state = State::idle;
  std::optional<std::string> state_info;
  std::vector<std::string> tags;
  std::optional<std::string> description;
  std::string project_id;
  bool accepted = false;
  boost::json::value input;
  boost::json::value output;  ///< {"result": ...} or {"error": ...}
  boost::json::value params;  ///< save_result, run_sync, target, timeout
  int64_t created_at = 0;
  std::optional<int64_t> updated_at;
  // -- engine fields ---
  std::optional<int64_t> last_heartbeat;
  std::optional<bool> is_sync;
  boost::json::value runtime_context;  ///< with-items index, safe_rerun, ...
  std::string executor_node;           ///< node running it, "" before dispatch
};

/// A durable timer (delays, retries, timeouts, cron firings). Key: timer key
/// of `due_at` and `id`.
struct Timer {
  std::string id;
  int64_t due_at = 0;     ///< milliseconds since the epoch; not negative
  std::string kind;       ///< what fires, e.g. "task_delay", "cron"
  std::string target_id;  ///< id of the execution, task or trigger it concerns
  boost::json::value payload;
};

/// Returns the stored form of `record` (version `record_version`).
std::string encode(const WorkflowDefinition& record);
std::string encode(const WorkbookDefinition& record);
std::string encode(const ActionDefinition& record);
std::string encode(const Environment& record);
std::string encode(const CronTrigger& record);
std::string encode(const EventTrigger& record);
std::string encode(const WorkflowExecution& record);
std::string encode(const TaskExecution& record);
std::string encode(const ActionExecution& record);
std::string encode(const Timer& record);

/// Decodes a stored record of type `R` (one of the structs above).
/// Errors (io_error, since a stored value is bad): not JSON, not an object,
/// unknown version, a missing, mistyped or unknown field.
template <class R>
Result<R> decode(std::string_view bytes);

}  // namespace bora::storage
