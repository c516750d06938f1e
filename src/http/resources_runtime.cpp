// Runtime resources: executions, tasks, action executions, cron triggers and
// environments.

#include "http/resources.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "dsl/pystr.hpp"
#include "http/resources_detail.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

using detail::json_text;
using detail::string_or_null;
using detail::tags_json;
using detail::time_or_null;

bool is_hidden(std::string_view key, const std::vector<std::string>& hidden_vars) {
  if (key == "__execution" || key == "openstack") {
    return true;
  }
  return std::find(hidden_vars.begin(), hidden_vars.end(), key) != hidden_vars.end();
}

bool non_empty_object(const json::value& v) {
  const json::object* obj = v.if_object();
  return obj && !obj->empty();
}

// Mistral shows action execution tags from a column it never fills.
json::value action_tags(const std::vector<std::string>& tags) {
  if (tags.empty()) {
    return nullptr;
  }
  return tags_json(tags);
}

}  // namespace

json::object execution_published_global(const storage::WorkflowExecution& r,
                                        const std::vector<std::string>& hidden_vars) {
  json::object out;
  const json::object* ctx = r.context.if_object();
  if (!ctx) {
    return out;
  }
  for (const auto& kv : *ctx) {
    if (!is_hidden(kv.key(), hidden_vars)) {
      out[kv.key()] = kv.value();
    }
  }
  return out;
}

json::object execution_json(const storage::WorkflowExecution& r, const ExecutionView& v) {
  json::object o;
  o["id"] = r.id;
  o["workflow_id"] = r.workflow_id;
  o["workflow_name"] = r.workflow_name;
  o["workflow_namespace"] = r.workflow_namespace;
  o["description"] = r.description;
  o["tags"] = tags_json(r.tags);
  o["params"] = json_text(r.params);
  o["task_execution_id"] = string_or_null(r.task_execution_id);
  o["root_execution_id"] = string_or_null(r.root_execution_id);
  o["state"] = storage::to_string(r.state);
  o["state_info"] = string_or_null(r.state_info);
  o["input"] = json_text(r.input);
  if (v.output) {
    o["output"] = json_text(r.output);
  }
  o["created_at"] = storage::format_timestamp(r.created_at);
  o["updated_at"] = time_or_null(r.updated_at);
  o["project_id"] = r.project_id;
  if (v.published_global) {
    o["published_global"] = json_text(execution_published_global(r, v.hidden_vars));
  }
  return o;
}

json::object task_json(const storage::TaskExecution& r, bool with_result) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["type"] = r.type;
  o["workflow_name"] = r.workflow_name;
  o["workflow_namespace"] = r.workflow_namespace;
  o["workflow_id"] = r.workflow_id;
  o["workflow_execution_id"] = r.workflow_execution_id;
  o["tags"] = tags_json(r.tags);
  o["state"] = storage::to_string(r.state);
  o["state_info"] = string_or_null(r.state_info);
  o["project_id"] = r.project_id;
  o["runtime_context"] = json_text(r.runtime_context);
  if (with_result) {
    // Unlike the JSON-typed fields, a null result is the text "null".
    o["result"] = dsl::py_json_dumps(r.result);
  }
  o["published"] = json_text(r.published);
  // Mistral recomputes the globals of a finished task for the single GET
  // and omits them when there are none; Bora shows the values stored at
  // publish time. A rerun reply (also with result) has a RUNNING task.
  bool finished = r.state == storage::State::success || r.state == storage::State::error;
  if (with_result && finished && non_empty_object(r.published_global)) {
    o["published_global"] = json_text(r.published_global);
  }
  o["processed"] = r.processed;
  o["created_at"] = storage::format_timestamp(r.created_at);
  o["updated_at"] = time_or_null(r.updated_at);
  o["started_at"] = time_or_null(r.started_at);
  o["finished_at"] = time_or_null(r.finished_at);
  return o;
}

json::object action_execution_json(const storage::ActionExecution& r, bool with_output,
                                   bool with_task_name) {
  json::object o;
  o["id"] = r.id;
  o["workflow_name"] = string_or_null(r.workflow_name);
  o["workflow_namespace"] = r.workflow_namespace;
  if (with_task_name) {
    o["task_name"] = string_or_null(r.task_name);
  }
  o["task_execution_id"] = string_or_null(r.task_execution_id);
  o["state"] = storage::to_string(r.state);
  o["state_info"] = string_or_null(r.state_info);
  o["tags"] = action_tags(r.tags);
  o["name"] = r.name;
  o["description"] = string_or_null(r.description);
  o["project_id"] = r.project_id;
  o["accepted"] = r.accepted;
  o["input"] = json_text(r.input);
  if (with_output) {
    o["output"] = json_text(r.output);
  }
  o["created_at"] = storage::format_timestamp(r.created_at);
  o["updated_at"] = time_or_null(r.updated_at);
  return o;
}

json::object unsaved_action_execution_json(const storage::ActionExecution& r) {
  json::object o;
  o["id"] = nullptr;
  o["workflow_name"] = nullptr;
  o["workflow_namespace"] = r.workflow_namespace;
  o["task_execution_id"] = nullptr;
  o["state"] = storage::to_string(r.state);
  o["state_info"] = string_or_null(r.state_info);
  o["tags"] = nullptr;
  o["name"] = r.name;
  o["description"] = nullptr;
  o["project_id"] = nullptr;
  o["accepted"] = nullptr;
  o["input"] = json_text(r.input);
  o["output"] = json_text(r.output);
  o["created_at"] = nullptr;
  o["updated_at"] = nullptr;
  return o;
}

json::object cron_trigger_json(const storage::CronTrigger& r, bool created) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["workflow_name"] = r.workflow_name;
  o["workflow_id"] = r.workflow_id;
  o["workflow_input"] = json_text(r.workflow_input);
  o["workflow_params"] = json_text(r.workflow_params);
  o["project_id"] = r.project_id;
  o["scope"] = r.scope;
  o["pattern"] = r.pattern;
  if (r.remaining_executions) {
    o["remaining_executions"] = *r.remaining_executions;
  } else {
    o["remaining_executions"] = nullptr;
  }
  o["first_execution_time"] = time_or_null(r.first_execution_time);
  o["next_execution_time"] = storage::format_timestamp(r.next_execution_time);
  o["created_at"] = storage::format_timestamp(r.created_at);
  if (!created) {
    o["updated_at"] = time_or_null(r.updated_at);
  }
  return o;
}

json::object environment_json(const storage::Environment& r, bool created) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  if (!created || r.description) {
    o["description"] = string_or_null(r.description);
  }
  o["variables"] = json_text(r.variables);
  o["scope"] = r.scope;
  o["project_id"] = r.project_id;
  o["created_at"] = storage::format_timestamp(r.created_at);
  if (!created || r.updated_at) {
    o["updated_at"] = time_or_null(r.updated_at);
  }
  return o;
}

boost::json::object event_trigger_json(const storage::EventTrigger& r) {
  json::object o;
  o["id"] = r.id;
  o["created_at"] = storage::format_timestamp(r.created_at);
  o["updated_at"] = time_or_null(r.updated_at);
  o["project_id"] = r.project_id;
  o["name"] = r.name;
  o["workflow_id"] = r.workflow_id;
  o["workflow_input"] = json_text(r.workflow_input);
  o["workflow_params"] = json_text(r.workflow_params);
  o["exchange"] = r.exchange;
  o["topic"] = r.topic;
  o["event"] = r.event;
  o["scope"] = r.scope;
  return o;
}

}  // namespace bora::http
