#pragma once

// Records with every field set to a non-default value, shared by the tests.

#include <boost/json/parse.hpp>

#include "storage/ids.hpp"
#include "storage/records.hpp"

namespace bora::storage::test {

inline boost::json::value js(const char* text) {
  return boost::json::parse(text);
}

inline WorkflowDefinition sample_workflow() {
  WorkflowDefinition r;
  r.id = new_uuid7();
  r.name = "wb.wf1";
  r.ns = "team/a";
  r.definition = "---\nversion: '2.0'\nwf1:\n  tasks: {}\n";
  r.tags = {"t1", "t2"};
  r.project_id = "<default-project>";
  r.input = "name=\"world\", n=\"3\"";
  r.interface = js(R"({"input": [{"name": "world"}, {"n": 3}], "output": ["x"]})");
  r.workbook_name = "wb";
  r.created_at = 1'795'887'773'000;
  r.updated_at = 1'795'887'774'000;
  return r;
}

inline WorkbookDefinition sample_workbook() {
  WorkbookDefinition r;
  r.id = new_uuid7();
  r.name = "wb";
  r.definition = "---\nversion: '2.0'\nname: wb\n";
  r.tags = {"x"};
  r.scope = "public";
  r.project_id = "<default-project>";
  r.created_at = 1;
  return r;
}

inline ActionDefinition sample_action() {
  ActionDefinition r;
  r.id = new_uuid7();
  r.name = "my.echo";
  r.ns = "";
  r.definition = "---\nversion: '2.0'\nmy.echo:\n  base: std.echo\n";
  r.project_id = "<default-project>";
  r.input = "output";
  r.description = "says it back";
  r.created_at = 2;
  return r;
}

inline Environment sample_environment() {
  Environment r;
  r.id = new_uuid7();
  r.name = "envA";
  r.variables = js(R"({"greeting": "hi", "__actions": {"std.echo": {"output": "o"}}})");
  r.project_id = "<default-project>";
  r.created_at = 3;
  return r;
}

inline CronTrigger sample_cron() {
  CronTrigger r;
  r.id = new_uuid7();
  r.name = "nightly";
  r.workflow_name = "wf1";
  r.workflow_id = new_uuid7();
  r.workflow_input = js(R"({"name": "c"})");
  r.workflow_params = js(R"({"env": {"z": 1}})");
  r.pattern = "*/5 * * * *";
  r.remaining_executions = 3;
  r.first_execution_time = 1'795'887'720'000;
  r.next_execution_time = 1'795'888'000'000;
  r.project_id = "<default-project>";
  r.created_at = 4;
  return r;
}

inline WorkflowExecution sample_execution() {
  WorkflowExecution r;
  r.id = new_uuid7();
  r.workflow_id = new_uuid7();
  r.workflow_name = "wf1";
  r.description = "desc";
  r.tags = {"a"};
  r.params = js(R"({"namespace": "", "env": {"k": 1}})");
  r.task_execution_id = new_uuid7();
  r.root_execution_id = new_uuid7();
  r.state = State::running;
  r.state_info = "going";
  r.input = js(R"({"name": "x", "n": 3})");
  r.output = js("{}");
  r.project_id = "<default-project>";
  r.created_at = 1'795'887'773'000;
  r.spec_source = "---\nversion: '2.0'\nwf1: {tasks: {a: {action: std.noop}}}\n";
  r.context = js(R"({"__execution": {"id": "x"}, "g": [1, 2.5, null, true]})");
  r.runtime_context = js(R"({"backlog": []})");
  r.owner_node = "node-1";
  return r;
}

inline TaskExecution sample_task() {
  TaskExecution r;
  r.id = new_uuid7();
  r.name = "a";
  r.type = "WORKFLOW";
  r.workflow_name = "wf1";
  r.workflow_id = new_uuid7();
  r.workflow_execution_id = new_uuid7();
  r.state = State::delayed;
  r.state_info = "Delayed by 'retry' policy [delay=5]";
  r.project_id = "<default-project>";
  r.runtime_context = js(R"({"retry_task_policy": {"retry_no": 2}})");
  r.result = js(R"("text")");
  r.published = js(R"({"x": 1})");
  r.published_global = js(R"({"g": 2})");
  r.processed = true;
  r.created_at = 5;
  r.started_at = 6;
  r.finished_at = 7;
  r.in_context = js(R"({"x": 0})");
  r.has_next_tasks = true;
  r.next_tasks = js(R"([["b", "on-success"]])");
  r.error_handled = true;
  r.unique_key = "join-b";
  return r;
}

inline ActionExecution sample_action_execution() {
  ActionExecution r;
  r.id = new_uuid7();
  r.name = "std.echo";
  r.workflow_name = "wf1";
  r.task_name = "a";
  r.task_execution_id = new_uuid7();
  r.state = State::success;
  r.description = "";
  r.project_id = "<default-project>";
  r.accepted = true;
  r.input = js(R"({"output": "hi"})");
  r.output = js(R"({"result": "hi"})");
  r.params = js(R"({"save_result": true})");
  r.created_at = 8;
  r.last_heartbeat = 9;
  r.is_sync = false;
  r.runtime_context = js(R"({"index": 0})");
  r.executor_node = "node-2";
  return r;
}

inline Timer sample_timer() {
  Timer r;
  r.id = new_uuid7();
  r.due_at = 1'795'888'000'000;
  r.kind = "task_delay";
  r.target_id = new_uuid7();
  r.payload = js(R"({"policy": "retry"})");
  return r;
}

}  // namespace bora::storage::test
