// Read off Mistral 15's list controllers: the filter order is the order in
// which each controller collects its filters (it decides their order in
// `next` links), the kinds follow each argument's declared type, and the
// columns are those of the stored model.

#include "http/list_specs.hpp"

namespace bora::http {
namespace {

using Names = std::vector<std::string>;

// Columns every stored Mistral object has.
Names with_common_columns(Names extra) {
  Names out = {"created_at", "updated_at", "scope", "project_id", "id"};
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

ListSpec workbooks() {
  ListSpec s;
  s.collection = "workbooks";
  s.fields = {"id",    "name",       "namespace",  "definition", "tags",
              "scope", "project_id", "created_at", "updated_at"};
  s.filters = {"created_at", "definition", "name", "scope", "tags", "updated_at", "namespace"};
  s.columns = with_common_columns({"name", "namespace", "definition", "spec", "tags", "is_system"});
  return s;
}

ListSpec workflows() {
  ListSpec s;
  s.collection = "workflows";
  s.fields = {"id",   "name",  "namespace",  "input",      "interface", "definition",
              "tags", "scope", "project_id", "created_at", "updated_at"};
  s.filters = {"created_at", "name",       "scope",      "tags",     "updated_at",
               "input",      "definition", "project_id", "namespace"};
  s.json_fields = {"interface"};
  s.flags = {"all_projects"};
  s.kinds = {{"project_id", FilterKind::uuid}};
  s.columns = with_common_columns(
      {"name", "namespace", "definition", "spec", "tags", "is_system", "workbook_name"});
  s.companions = {{"input", {"interface"}}};
  return s;
}

ListSpec actions() {
  ListSpec s;
  s.collection = "actions";
  s.fields = {"id",         "name",  "is_system",  "input",      "description", "tags",
              "definition", "scope", "project_id", "created_at", "updated_at",  "namespace"};
  s.filters = {"created_at",  "name",       "scope",     "tags",  "updated_at",
               "description", "definition", "is_system", "input", "namespace"};
  s.default_sort = "name";
  s.columns = with_common_columns({"name", "namespace", "definition", "spec", "tags", "is_system",
                                   "description", "input", "workbook_name"});
  s.filter_defaults = {{"namespace", ""}};
  s.marker_rule = MarkerRule::at_name;
  return s;
}

Names execution_columns() {
  return with_common_columns({"name", "description", "workflow_name", "workflow_namespace",
                              "workflow_id", "state", "state_info", "tags", "runtime_context",
                              "spec", "accepted", "input", "output", "params", "context",
                              "task_execution_id", "root_execution_id"});
}

ListSpec executions() {
  ListSpec s;
  s.collection = "executions";
  s.fields = {"id",
              "workflow_id",
              "workflow_name",
              "workflow_namespace",
              "description",
              "tags",
              "params",
              "task_execution_id",
              "root_execution_id",
              "source_execution_id",
              "state",
              "state_info",
              "input",
              "output",
              "created_at",
              "updated_at",
              "project_id",
              "published_global"};
  s.filters = {
      "created_at", "workflow_name",    "workflow_id", "tags",   "params",     "task_execution_id",
      "state",      "state_info",       "input",       "output", "updated_at", "description",
      "project_id", "root_execution_id"};
  s.json_fields = {"params", "input", "output", "published_global"};
  s.flags = {"include_output", "all_projects", "nulls"};
  s.kinds = {{"workflow_id", FilterKind::uuid},
             {"task_execution_id", FilterKind::uuid},
             {"root_execution_id", FilterKind::uuid},
             {"project_id", FilterKind::uuid},
             {"tags", FilterKind::tag_list}};
  s.columns = execution_columns();
  return s;
}

ListSpec tasks() {
  ListSpec s;
  s.collection = "tasks";
  s.fields = {"id",
              "name",
              "type",
              "workflow_name",
              "workflow_namespace",
              "workflow_id",
              "workflow_execution_id",
              "tags",
              "state",
              "state_info",
              "project_id",
              "runtime_context",
              "result",
              "published",
              "published_global",
              "processed",
              "created_at",
              "updated_at",
              "started_at",
              "finished_at",
              "reset",
              "env"};
  s.filters = {"created_at",
               "workflow_name",
               "workflow_id",
               "tags",
               "state",
               "state_info",
               "updated_at",
               "name",
               "workflow_execution_id",
               "result",
               "published",
               "processed",
               "reset",
               "env"};
  s.json_fields = {"result", "published", "published_global", "runtime_context", "env"};
  // `result` is a text argument although the attribute holds JSON text.
  s.kinds = {{"workflow_id", FilterKind::uuid},  {"workflow_execution_id", FilterKind::uuid},
             {"tags", FilterKind::tag_list},     {"result", FilterKind::text},
             {"processed", FilterKind::boolean}, {"reset", FilterKind::boolean}};
  s.columns = with_common_columns(
      {"name",        "description",          "workflow_name", "workflow_namespace", "workflow_id",
       "state",       "state_info",           "tags",          "runtime_context",    "spec",
       "action_spec", "unique_key",           "type",          "started_at",         "finished_at",
       "processed",   "has_next_tasks",       "next_tasks",    "error_handled",      "in_context",
       "published",   "workflow_execution_id"});
  return s;
}

ListSpec action_executions() {
  ListSpec s;
  s.collection = "action_executions";
  s.fields = {"id",
              "workflow_name",
              "workflow_namespace",
              "task_name",
              "task_execution_id",
              "state",
              "state_info",
              "tags",
              "name",
              "description",
              "project_id",
              "accepted",
              "input",
              "output",
              "created_at",
              "updated_at",
              "params"};
  s.filters = {"created_at",
               "name",
               "tags",
               "updated_at",
               "workflow_name",
               "task_name",
               "task_execution_id",
               "state",
               "state_info",
               "accepted",
               "input",
               "output",
               "params",
               "description"};
  s.json_fields = {"input", "output", "params"};
  s.flags = {"include_output"};
  s.kinds = {{"task_execution_id", FilterKind::uuid}, {"accepted", FilterKind::boolean}};
  s.columns = with_common_columns({"name", "description", "workflow_name", "workflow_namespace",
                                   "workflow_id", "state", "state_info", "tags", "runtime_context",
                                   "spec", "accepted", "input", "output", "last_heartbeat",
                                   "is_sync", "task_execution_id"});
  return s;
}

ListSpec cron_triggers() {
  ListSpec s;
  s.collection = "cron_triggers";
  s.fields = {"id",
              "name",
              "workflow_name",
              "workflow_id",
              "workflow_input",
              "workflow_params",
              "project_id",
              "scope",
              "pattern",
              "remaining_executions",
              "first_execution_time",
              "next_execution_time",
              "created_at",
              "updated_at"};
  s.filters = {"created_at",
               "name",
               "updated_at",
               "workflow_name",
               "workflow_id",
               "workflow_input",
               "workflow_params",
               "scope",
               "pattern",
               "remaining_executions",
               "first_execution_time",
               "next_execution_time",
               "project_id"};
  s.json_fields = {"workflow_input", "workflow_params"};
  s.flags = {"all_projects"};
  s.kinds = {{"workflow_id", FilterKind::uuid},
             {"project_id", FilterKind::uuid},
             {"remaining_executions", FilterKind::integer}};
  s.columns = with_common_columns({"name", "pattern", "first_execution_time", "next_execution_time",
                                   "workflow_name", "remaining_executions", "workflow_id",
                                   "workflow_params", "workflow_input"});
  return s;
}

ListSpec environments() {
  ListSpec s;
  s.collection = "environments";
  s.fields = {"id",    "name",       "description", "variables",
              "scope", "project_id", "created_at",  "updated_at"};
  s.filters = {"created_at", "name", "updated_at", "description", "variables", "scope"};
  s.json_fields = {"variables"};
  s.columns = with_common_columns({"name", "description", "variables"});
  return s;
}

ListSpec event_triggers() {
  ListSpec s;
  s.collection = "event_triggers";
  s.fields = {"id",       "created_at",  "updated_at",     "project_id",
              "name",     "workflow_id", "workflow_input", "workflow_params",
              "exchange", "topic",       "event",          "scope"};
  // Mistral passes any other argument through as a filter on that column.
  s.filters = {"created_at",     "updated_at",      "project_id", "name",  "workflow_id",
               "workflow_input", "workflow_params", "exchange",   "topic", "event",
               "scope"};
  s.json_fields = {"workflow_input", "workflow_params"};
  s.flags = {"all_projects"};
  s.columns = with_common_columns(
      {"name", "workflow_id", "workflow_params", "workflow_input", "exchange", "topic", "event"});
  return s;
}

}  // namespace

std::optional<ListSpec> mistral_list_spec(std::string_view collection) {
  using Builder = ListSpec (*)();
  static const std::pair<std::string_view, Builder> kBuilders[] = {
      {"workbooks", workbooks},
      {"workflows", workflows},
      {"actions", actions},
      {"executions", executions},
      {"tasks", tasks},
      {"action_executions", action_executions},
      {"cron_triggers", cron_triggers},
      {"environments", environments},
      {"event_triggers", event_triggers},
  };
  for (const auto& [name, build] : kBuilders) {
    if (name == collection) {
      return build();
    }
  }
  return std::nullopt;
}

}  // namespace bora::http
