#pragma once

// API resources: pure functions that turn stored records and parsed specs
// into the JSON objects Mistral's REST API v2 returns (reference/api.md
// §4-§11, samples in §14). Field names, field order, null-versus-absent and
// the JSON-encoded string fields (api.md §1.2) follow Mistral 15 as observed.
//
// Every function here is pure and thread-safe; none fails. The objects keep
// their fields in Mistral's order, so the handler must serialize them without
// reordering. To match Mistral byte for byte the body should be written with
// dsl::py_json_dumps (Python's `json.dumps`: `", "` / `": "` separators,
// non-ASCII escaped as \uXXXX, floats as Python prints them); some values
// here are doubles on purpose (report `estimated_time`).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "storage/records.hpp"

namespace bora::dsl {
struct InputParam;
struct WorkflowSpec;
}  // namespace bora::dsl

namespace bora::actors::actions {
struct SystemAction;
}  // namespace bora::actors::actions

namespace bora::http {

/// The project every object belongs to while authentication is off.
inline constexpr std::string_view default_project = "<default-project>";

// -- definitions ---

/// Returns the Workflow resource. `upload` selects the form returned by
/// POST/PUT /v2/workflows: `interface` is a real object and a null
/// `updated_at` is left out; otherwise `interface` is a JSON-encoded string
/// and `updated_at` is always present (null until the first update).
boost::json::object workflow_json(const storage::WorkflowDefinition& r, bool upload);

/// Returns the Workbook resource; `upload` leaves out a null `updated_at`.
boost::json::object workbook_json(const storage::WorkbookDefinition& r, bool upload);

/// Returns the ad-hoc Action resource. GET shows `is_system: false` and an
/// empty signature as `""`; the `upload` form (POST/PUT /v2/actions) shows an
/// empty signature as null and leaves out a null `updated_at`, as Mistral
/// does.
boost::json::object action_json(const storage::ActionDefinition& r, bool upload);

/// Returns a built-in action as GET /v2/actions shows it: `id` = name,
/// `is_system: false` (Mistral quirk), the signature with JSON defaults, our
/// own one-line description, `tags`/`scope`/`project_id` null, `definition`,
/// `created_at` and `updated_at` empty strings, `namespace` "".
boost::json::object system_action_json(const actors::actions::SystemAction& a);

/// Returns Bora's one-line description of the built-in action `name`
/// (a generic sentence for a name it does not know).
std::string_view system_action_description(std::string_view name);

/// Returns the text Mistral shows as a workflow's `input`: required names
/// bare, defaults as `name="<Python str() of the default>"`, joined by
/// `", "`: `name="world", n="3", req, xs="[1, 2, 3]", x="None"`. "" when
/// there are no parameters.
std::string workflow_input_text(const std::vector<dsl::InputParam>& params);

/// Returns the signature text of an ad-hoc or built-in action: required
/// names bare, defaults as `name=<json.dumps of the default>`:
/// `url, method="GET", params=null, xs=[1, 2], u="h\u00e9"`. "" when none.
std::string action_input_text(const std::vector<dsl::InputParam>& params);

/// Returns the workflow `interface`: `{"input": [...], "output": [...]}`
/// where each input is its name (required) or `{name: default}`, and
/// `output` lists the keys of the workflow's `output` map in written order.
boost::json::value workflow_interface(const dsl::WorkflowSpec& spec);

/// Returns the keys of the workflow's `vars` map, the names Mistral hides
/// from an execution's `published_global`.
std::vector<std::string> workflow_var_names(const dsl::WorkflowSpec& spec);

// -- runtime objects ---

/// Which optional parts of an Execution to show.
struct ExecutionView {
  /// `output`: single GET, POST/PUT replies, lists with include_output.
  bool output = false;
  /// `published_global`: single GET only.
  bool published_global = false;
  /// Names hidden from `published_global` (the workflow's `vars` keys).
  std::vector<std::string> hidden_vars;
};

/// Returns the Execution resource. `published_global` is the execution's
/// context minus `__execution`, `openstack` and `v.hidden_vars`.
boost::json::object execution_json(const storage::WorkflowExecution& r, const ExecutionView& v);

/// Returns the `published_global` object of `r` (see execution_json).
boost::json::object execution_published_global(const storage::WorkflowExecution& r,
                                               const std::vector<std::string>& hidden_vars);

/// Returns the Task resource. `with_result` adds `result` (single GET and
/// rerun replies) and, when the task is SUCCESS or ERROR and published a
/// non-empty global map, `published_global` (lists show neither, as in
/// Mistral).
boost::json::object task_json(const storage::TaskExecution& r, bool with_result);

/// Returns the ActionExecution resource. `with_output` adds `output` (single
/// GET, POST/PUT replies, lists with include_output); `with_task_name` adds
/// `task_name` (GET and lists, not POST/PUT replies). Empty `tags` show as
/// null, as Mistral shows them.
boost::json::object action_execution_json(const storage::ActionExecution& r, bool with_output,
                                          bool with_task_name);

/// Returns the reply of a run-action that was not stored (no save_result):
/// `id`, `workflow_name`, `task_execution_id`, `description`, `project_id`,
/// `accepted`, `created_at` and `updated_at` null; `name`, `state`,
/// `state_info`, `input`, `output` and `workflow_namespace` from `r`.
boost::json::object unsaved_action_execution_json(const storage::ActionExecution& r);

/// Returns the CronTrigger resource; `created` (the POST reply) leaves out
/// `updated_at`.
boost::json::object cron_trigger_json(const storage::CronTrigger& r, bool created = false);

/// Returns the EventTrigger resource.
boost::json::object event_trigger_json(const storage::EventTrigger& r);

/// Returns the Environment resource; `created` (the POST reply) leaves out
/// a null `description` and `updated_at`, as Mistral's create reply does.
boost::json::object environment_json(const storage::Environment& r, bool created = false);

// -- execution report and sub-executions ---

/// One workflow execution with what the caller loaded beneath it. All
/// pointers are borrowed and must outlive the call. `tasks` should be in
/// creation order (Mistral lists them in storage order); the maps are keyed
/// by task execution id, and a task missing from a map has no children of
/// that kind. Children of a task: its action executions for an ACTION task,
/// its sub-workflow trees for a WORKFLOW task.
struct ReportTree {
  const storage::WorkflowExecution* execution = nullptr;
  std::vector<const storage::TaskExecution*> tasks;
  std::map<std::string, std::vector<const storage::ActionExecution*>> actions_by_task;
  std::map<std::string, std::vector<const ReportTree*>> children_by_task;
};

/// How many previous successful runs Mistral averages for `estimated_time`.
inline constexpr std::size_t estimated_time_sample_limit = 20;

/// Nested workflow levels a report or sub-execution list walks at most, a
/// guard against corrupted trees; deeper workflows are listed without their
/// tasks, and an execution met twice is not entered again.
inline constexpr int max_report_nesting = 256;

/// Options of GET /v2/executions/{id}/report.
struct ReportOptions {
  /// Keep (and count) only ERROR tasks; the root is always shown.
  bool errors_only = false;
  /// -1: unlimited; 0: the root and its tasks, sub-workflows without tasks.
  int max_depth = -1;
  /// Return only `statistics`.
  bool statistics_only = false;
  /// Current time, for `estimated_time` of a RUNNING root.
  int64_t now_ms = 0;
  /// Previous SUCCESS executions of the root's workflow (same workflow id),
  /// oldest first; only the first estimated_time_sample_limit are used.
  std::vector<const storage::WorkflowExecution*> previous_successes;
};

/// Returns the execution report (api.md §7.5): `statistics` (task counts by
/// state, WAITING/DELAYED/CANCELLED tasks not counted; `estimated_time` 0
/// unless the root is RUNNING, -1 without previous runs, else the average
/// previous duration minus the elapsed time in seconds as a double, or 1
/// when that is negative) and `root_workflow_execution`.
/// Precondition: `root.execution` is not null.
boost::json::object execution_report(const ReportTree& root, const ReportOptions& o);

/// Options of GET /v2/executions/{id}/executions and /v2/tasks/{id}/executions.
struct SubExecutionOptions {
  bool errors_only = false;
  int max_depth = -1;
  bool include_output = false;
};

/// Returns `{"executions": [...]}`: the root execution, then depth first each
/// sub-workflow execution below it. `errors_only` skips the subtrees of
/// non-ERROR tasks; `max_depth` 0 lists the root alone.
/// Precondition: `root.execution` is not null.
boost::json::object sub_executions_json(const ReportTree& root, const SubExecutionOptions& o);

/// Returns `{"executions": [...]}` for the task `task`: each sub-workflow
/// execution of it (`children`) and their descendants; empty when
/// `errors_only` and the task is not ERROR.
boost::json::object task_sub_executions_json(const storage::TaskExecution& task,
                                             const std::vector<const ReportTree*>& children,
                                             const SubExecutionOptions& o);

}  // namespace bora::http
