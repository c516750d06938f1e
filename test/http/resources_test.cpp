// Resources are compared with the exact text Mistral 15 returned for the same
// records (api.md §14 and captures from a live Mistral 15), serialized the
// way the API writes bodies (Python's json.dumps).

#include "http/resources.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <boost/json/parse.hpp>

#include "actors/actions/system_actions.hpp"
#include "dsl/parser.hpp"
#include "dsl/pystr.hpp"
#include "resources_samples.hpp"

namespace bora::http {
namespace {

namespace json = boost::json;
using test::at;
using test::CapturedRun;

std::string text(const json::object& o) {
  return dsl::py_json_dumps(o);
}

int64_t ms(const char* timestamp) {
  return storage::parse_timestamp(timestamp).value();
}

json::value js(const char* s) {
  return json::parse(s);
}

constexpr const char* wf1_yaml = R"Y(---
version: '2.0'
wf1:
  input:
    - name: world
    - n: 3
    - req
    - f: 1.5
    - nothing: null
    - yes_: true
    - xs: [1, 2, 3]
    - d: {a: 1, b: [x, "y'z"]}
    - s: "it's \"q\""
    - u: "héllo"
    - e: ""
    - big: 1e20
  output:
    greeting: <% $.name %>
    v1: 1
  vars:
    secret: 1
  tasks:
    a:
      action: std.noop
)Y";

std::shared_ptr<const dsl::WorkflowSpec> parse_one_workflow(const char* yaml) {
  auto specs = dsl::parse_workflows(yaml, "wf.yaml");
  REQUIRE(specs.ok());
  REQUIRE(specs.value().size() == 1);
  return specs.value().front();
}

storage::WorkflowDefinition sample_workflow() {
  storage::WorkflowDefinition r;
  r.id = "7147160a";
  r.name = "wf1";
  r.definition = "---\nversion: '2.0'\nwf1:\n  input:\n  ...";
  r.project_id = std::string(default_project);
  r.input = "name=\"world\", n=\"3\"";
  r.interface = js(R"({"input": [{"name": "world"}, {"n": 3}], "output": ["greeting", "v1"]})");
  r.created_at = ms("2026-11-28 17:39:53");
  return r;
}

storage::ActionDefinition sample_action() {
  storage::ActionDefinition r;
  r.id = "c79ae7a6";
  r.name = "my.greet";
  r.definition = "---\nversion: '2.0'\n";
  r.tags = {"t1"};
  r.project_id = std::string(default_project);
  r.input = "name, n=3";
  r.description = "Says hello";
  r.created_at = ms("2026-11-29 00:08:55");
  return r;
}

storage::WorkflowExecution sample_execution() {
  storage::WorkflowExecution r;
  r.id = "3fb60a49";
  r.workflow_id = "68be98cb";
  r.workflow_name = "j5";
  r.params = js(R"({"namespace": "", "env": {}})");
  r.state = storage::State::success;
  r.input = json::object();
  r.output = js(R"({"x": 1, "y": 3})");
  r.project_id = std::string(default_project);
  r.created_at = ms("2026-11-28 17:43:09");
  r.updated_at = ms("2026-11-28 17:43:09");
  r.context = js(R"({"__execution": {"id": "3fb60a49"}, "openstack": {}, "g": 2, "secret": 1})");
  return r;
}

storage::TaskExecution sample_task() {
  storage::TaskExecution r;
  r.id = "57a8588d";
  r.name = "a";
  r.workflow_name = "j5";
  r.workflow_id = "68be98cb";
  r.workflow_execution_id = "3fb60a49";
  r.state = storage::State::success;
  r.project_id = std::string(default_project);
  r.runtime_context = json::object();
  r.published = js(R"({"x": 1})");
  r.published_global = js(R"({"g": 2})");
  r.processed = true;
  r.created_at = ms("2026-11-28 17:43:09");
  r.updated_at = r.started_at = r.finished_at = r.created_at;
  return r;
}

storage::ActionExecution sample_action_execution() {
  storage::ActionExecution r;
  r.id = "2ba18773";
  r.name = "std.noop";
  r.workflow_name = "j5";
  r.task_name = "a";
  r.task_execution_id = "57a8588d";
  r.state = storage::State::success;
  r.description = "";
  r.project_id = std::string(default_project);
  r.accepted = true;
  r.input = json::object();
  r.output = js(R"({"result": null})");
  r.created_at = ms("2026-11-28 17:43:09");
  r.updated_at = r.created_at;
  return r;
}

TEST_SUITE("http.resources") {
  // -- workflows ---

  TEST_CASE("renders a workflow's input defaults as Python str() between quotes") {
    auto spec = parse_one_workflow(wf1_yaml);
    CHECK(workflow_input_text(spec->input) ==
          R"T(name="world", n="3", req, f="1.5", nothing="None", yes_="True", xs="[1, 2, 3]", )T"
          R"T(d="{'a': 1, 'b': ['x', "y'z"]}", s="it's "q"", u="héllo", e="", big="1e20")T");
  }

  TEST_CASE("prints nested defaults as Python does, keeping non-ASCII text") {
    auto spec = parse_one_workflow(
        "version: '2.0'\nw:\n  input:\n    - d: {u: \"\u00e9\", t: [1.0, 2, null], q: \"a'b\"}\n"
        "  tasks:\n    a: {action: std.noop}\n");
    CHECK(workflow_input_text(spec->input) ==
          R"T(d="{'u': 'é', 't': [1.0, 2, None], 'q': "a'b"}")T");
  }

  TEST_CASE("renders an empty input list as an empty text") {
    CHECK(workflow_input_text({}).empty());
    CHECK(action_input_text({}).empty());
  }

  TEST_CASE("builds the workflow interface from the input list and the output keys") {
    auto spec = parse_one_workflow(wf1_yaml);
    CHECK(dsl::py_json_dumps(workflow_interface(*spec)) ==
          R"T({"input": [{"name": "world"}, {"n": 3}, "req", {"f": 1.5}, {"nothing": null}, )T"
          R"T({"yes_": true}, {"xs": [1, 2, 3]}, {"d": {"a": 1, "b": ["x", "y'z"]}}, )T"
          R"T({"s": "it's \"q\""}, {"u": "h\u00e9llo"}, {"e": ""}, {"big": "1e20"}], )T"
          R"T("output": ["greeting", "v1"]})T");
  }

  TEST_CASE("gives an empty interface to a workflow without input or output") {
    auto spec = parse_one_workflow("version: '2.0'\nj5:\n  tasks:\n    a: {action: std.noop}\n");
    CHECK(dsl::py_json_dumps(workflow_interface(*spec)) == R"({"input": [], "output": []})");
    CHECK(workflow_var_names(*spec).empty());
  }

  TEST_CASE("lists the names declared in a workflow's vars") {
    auto spec = parse_one_workflow(wf1_yaml);
    CHECK(workflow_var_names(*spec) == std::vector<std::string>{"secret"});
  }

  TEST_CASE("renders a stored workflow as GET shows it") {
    CHECK(text(workflow_json(sample_workflow(), false)) ==
          R"T({"id": "7147160a", "name": "wf1", "namespace": "", "input": "name=\"world\", )T"
          R"T(n=\"3\"", "interface": "{\"input\": [{\"name\": \"world\"}, {\"n\": 3}], )T"
          R"T(\"output\": [\"greeting\", \"v1\"]}", "definition": "---\nversion: '2.0'\nwf1:\n  )T"
          R"T(input:\n  ...", "tags": [], "scope": "private", "project_id": "<default-project>", )T"
          R"T("created_at": "2026-11-28 17:39:53", "updated_at": null})T");
  }

  TEST_CASE("renders an uploaded workflow with a real interface and no updated_at") {
    storage::WorkflowDefinition r = sample_workflow();
    r.input = "";
    r.interface = js(R"({"input": [], "output": []})");
    CHECK(text(workflow_json(r, true)) ==
          R"T({"id": "7147160a", "name": "wf1", "namespace": "", "input": "", )T"
          R"T("interface": {"input": [], "output": []}, "definition": "---\nversion: '2.0'\nwf1:)T"
          R"T(\n  input:\n  ...", "tags": [], "scope": "private", "project_id": )T"
          R"T("<default-project>", "created_at": "2026-11-28 17:39:53"})T");
  }

  TEST_CASE("keeps updated_at in the reply of an update") {
    storage::WorkflowDefinition r = sample_workflow();
    r.tags = {"m"};
    r.updated_at = ms("2026-11-29 00:09:09");
    json::object o = workflow_json(r, true);
    CHECK(o.at("updated_at") == "2026-11-29 00:09:09");
    CHECK(dsl::py_json_dumps(o.at("tags")) == R"(["m"])");
    CHECK(o.at("interface").is_object());
  }

  // -- workbooks ---

  TEST_CASE("renders a workbook as GET and as the upload reply show it") {
    storage::WorkbookDefinition r;
    r.id = "e24643da";
    r.name = "wb";
    r.definition = "---\nname: wb\n";
    r.tags = {"wbt"};
    r.project_id = std::string(default_project);
    r.created_at = ms("2026-11-29 00:09:04");
    CHECK(text(workbook_json(r, false)) ==
          R"T({"id": "e24643da", "name": "wb", "namespace": "", "definition": "---\nname: wb\n", )T"
          R"T("tags": ["wbt"], "scope": "private", "project_id": "<default-project>", )T"
          R"T("created_at": "2026-11-29 00:09:04", "updated_at": null})T");
    CHECK_FALSE(workbook_json(r, true).contains("updated_at"));
    r.updated_at = ms("2026-11-29 00:09:08");
    CHECK(workbook_json(r, true).at("updated_at") == "2026-11-29 00:09:08");
  }

  // -- actions ---

  TEST_CASE("renders an ad-hoc action signature with JSON defaults") {
    auto specs = dsl::parse_actions(R"Y(---
version: '2.0'
my.greet:
  base: std.echo output="Hello"
  input:
    - name
    - n: 3
    - f: 1.5
    - nothing: null
    - yes_: true
    - xs: [1, 2, 3]
    - d: {a: 1, b: [x, "y'z"]}
    - s: "it's \"q\""
    - u: "héllo"
    - e: ""
)Y",
                                    "act.yaml");
    REQUIRE(specs.ok());
    CHECK(action_input_text(specs.value().front()->input) ==
          R"T(name, n=3, f=1.5, nothing=null, yes_=true, xs=[1, 2, 3], d={"a": 1, "b": ["x", )T"
          R"T("y'z"]}, s="it's \"q\"", u="h\u00e9llo", e="")T");
  }

  TEST_CASE("renders an ad-hoc action as GET shows it") {
    CHECK(
        text(action_json(sample_action(), false)) ==
        R"T({"id": "c79ae7a6", "name": "my.greet", "is_system": false, "input": "name, n=3", )T"
        R"T("description": "Says hello", "tags": ["t1"], "definition": "---\nversion: '2.0'\n", )T"
        R"T("scope": "private", "project_id": "<default-project>", "created_at": )T"
        R"T("2026-11-29 00:08:55", "updated_at": null, "namespace": ""})T");
  }

  TEST_CASE("shows an empty action signature as null only in the upload reply") {
    storage::ActionDefinition r = sample_action();
    r.input = "";
    r.description.reset();
    r.tags.clear();
    CHECK(text(action_json(r, true)) ==
          R"T({"id": "c79ae7a6", "name": "my.greet", "is_system": false, "input": null, )T"
          R"T("description": null, "tags": [], "definition": "---\nversion: '2.0'\n", )T"
          R"T("scope": "private", "project_id": "<default-project>", "created_at": )T"
          R"T("2026-11-29 00:08:55", "namespace": ""})T");
    CHECK(action_json(r, false).at("input") == "");
  }

  TEST_CASE("renders a built-in action with Mistral's placeholder fields") {
    const auto* http = actors::actions::find_system_action("std.http");
    REQUIRE(http != nullptr);
    json::object o = system_action_json(*http);
    o["description"] = "D";
    CHECK(text(o) ==
          R"T({"id": "std.http", "name": "std.http", "is_system": false, "input": "url, )T"
          R"T(method=\"GET\", params=null, body=null, json=null, headers=null, cookies=null, )T"
          R"T(auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null", )T"
          R"T("description": "D", "tags": null, "definition": "", "scope": null, "project_id": )T"
          R"T(null, "created_at": "", "updated_at": "", "namespace": ""})T");
  }

  TEST_CASE("renders the signatures of the other built-in actions as Mistral does") {
    auto input_of = [](const char* name) {
      const auto* a = actors::actions::find_system_action(name);
      REQUIRE(a != nullptr);
      return std::string(system_action_json(*a).at("input").as_string());
    };
    CHECK(input_of("std.echo") == "output, delay=0");
    CHECK(input_of("std.fail") == "error_data=null");
    CHECK(input_of("std.noop").empty());
    CHECK(input_of("std.sleep") == "seconds=1");
    CHECK(input_of("std.test_dict") == R"(size=0, key_prefix="", val="")");
  }

  TEST_CASE("gives every built-in action a description of its own") {
    const std::string generic(system_action_description("no.such"));
    for (const auto& a : actors::actions::system_actions()) {
      CAPTURE(a.name);
      CHECK(std::string(system_action_description(a.name)) != generic);
    }
  }

  // -- executions ---

  TEST_CASE("renders an execution as the single GET shows it") {
    ExecutionView v;
    v.output = true;
    v.published_global = true;
    v.hidden_vars = {"secret"};
    CHECK(text(execution_json(sample_execution(), v)) ==
          R"T({"id": "3fb60a49", "workflow_id": "68be98cb", "workflow_name": "j5", )T"
          R"T("workflow_namespace": "", "description": "", "tags": [], "params": )T"
          R"T("{\"namespace\": \"\", \"env\": {}}", "task_execution_id": null, )T"
          R"T("root_execution_id": null, "state": "SUCCESS", "state_info": null, "input": "{}", )T"
          R"T("output": "{\"x\": 1, \"y\": 3}", "created_at": "2026-11-28 17:43:09", )T"
          R"T("updated_at": "2026-11-28 17:43:09", "project_id": "<default-project>", )T"
          R"T("published_global": "{\"g\": 2}"})T");
  }

  TEST_CASE("leaves output and published_global out of list items") {
    json::object o = execution_json(sample_execution(), ExecutionView{});
    CHECK_FALSE(o.contains("output"));
    CHECK_FALSE(o.contains("published_global"));
    CHECK(o.size() == 15);
  }

  TEST_CASE("shows a global that reuses a var name only when no var hides it") {
    storage::WorkflowExecution r = sample_execution();
    CHECK(dsl::py_json_dumps(execution_published_global(r, {})) == R"({"g": 2, "secret": 1})");
    CHECK(dsl::py_json_dumps(execution_published_global(r, {"secret", "g"})) == "{}");
    r.context = nullptr;
    CHECK(execution_published_global(r, {}).empty());
  }

  TEST_CASE("renders a sub-workflow execution with its parent ids and escaped input") {
    storage::WorkflowExecution r = sample_execution();
    r.task_execution_id = "b141f97c";
    r.root_execution_id = "5303beaf";
    r.state = storage::State::running;
    r.state_info = "ok";
    r.tags = {"m"};
    r.input = js(R"({"u": "h\u00e9llo", "f": 1.5})");
    json::object o = execution_json(r, ExecutionView{});
    CHECK(o.at("task_execution_id") == "b141f97c");
    CHECK(o.at("root_execution_id") == "5303beaf");
    CHECK(o.at("state") == "RUNNING");
    CHECK(o.at("state_info") == "ok");
    CHECK(o.at("input") == R"({"u": "h\u00e9llo", "f": 1.5})");
    CHECK(dsl::py_json_dumps(o.at("tags")) == R"(["m"])");
  }

  TEST_CASE("keeps a null JSON field null instead of encoding it") {
    storage::WorkflowExecution r = sample_execution();
    r.output = nullptr;
    ExecutionView v;
    v.output = true;
    CHECK(execution_json(r, v).at("output").is_null());
  }

  // -- tasks ---

  TEST_CASE("renders a task as the single GET shows it") {
    CHECK(text(task_json(sample_task(), true)) ==
          R"T({"id": "57a8588d", "name": "a", "type": "ACTION", "workflow_name": "j5", )T"
          R"T("workflow_namespace": "", "workflow_id": "68be98cb", "workflow_execution_id": )T"
          R"T("3fb60a49", "tags": [], "state": "SUCCESS", "state_info": null, "project_id": )T"
          R"T("<default-project>", "runtime_context": "{}", "result": "null", "published": )T"
          R"T("{\"x\": 1}", "published_global": "{\"g\": 2}", "processed": true, "created_at": )T"
          R"T("2026-11-28 17:43:09", "updated_at": "2026-11-28 17:43:09", "started_at": )T"
          R"T("2026-11-28 17:43:09", "finished_at": "2026-11-28 17:43:09"})T");
  }

  TEST_CASE("leaves result and published_global out of task list items") {
    json::object o = task_json(sample_task(), false);
    CHECK_FALSE(o.contains("result"));
    CHECK_FALSE(o.contains("published_global"));
    CHECK(o.at("published") == R"({"x": 1})");
  }

  TEST_CASE("shows published_global only for a finished task that published globals") {
    storage::TaskExecution r = sample_task();
    r.published_global = json::object();
    CHECK_FALSE(task_json(r, true).contains("published_global"));
    r.published_global = js(R"({"g": 2})");
    r.state = storage::State::running;
    CHECK_FALSE(task_json(r, true).contains("published_global"));
    r.state = storage::State::error;
    CHECK(task_json(r, true).contains("published_global"));
  }

  TEST_CASE("encodes a task result of any type as JSON text") {
    storage::TaskExecution r = sample_task();
    r.result = js(R"("text")");
    CHECK(task_json(r, true).at("result") == R"("text")");
    r.result = js("[1, 2, 3]");
    CHECK(task_json(r, true).at("result") == "[1, 2, 3]");
    r.runtime_context = js(R"({"with_items": {"capacity": null, "count": 3}})");
    CHECK(task_json(r, false).at("runtime_context") ==
          R"({"with_items": {"capacity": null, "count": 3}})");
  }

  TEST_CASE("shows null times of a task that has not started") {
    storage::TaskExecution r = sample_task();
    r.updated_at.reset();
    r.started_at.reset();
    r.finished_at.reset();
    json::object o = task_json(r, false);
    CHECK(o.at("updated_at").is_null());
    CHECK(o.at("started_at").is_null());
    CHECK(o.at("finished_at").is_null());
  }

  // -- action executions ---

  TEST_CASE("renders an action execution as the task's action list shows it") {
    CHECK(text(action_execution_json(sample_action_execution(), false, true)) ==
          R"T({"id": "2ba18773", "workflow_name": "j5", "workflow_namespace": "", "task_name": )T"
          R"T("a", "task_execution_id": "57a8588d", "state": "SUCCESS", "state_info": null, )T"
          R"T("tags": null, "name": "std.noop", "description": "", "project_id": )T"
          R"T("<default-project>", "accepted": true, "input": "{}", "created_at": )T"
          R"T("2026-11-28 17:43:09", "updated_at": "2026-11-28 17:43:09"})T");
  }

  TEST_CASE("renders a run-action reply without task name and with a null output") {
    storage::ActionExecution r = sample_action_execution();
    r.name = "std.async_noop";
    r.workflow_name.reset();
    r.task_name.reset();
    r.task_execution_id.reset();
    r.state = storage::State::running;
    r.accepted = false;
    r.output = nullptr;
    r.updated_at.reset();
    CHECK(text(action_execution_json(r, true, false)) ==
          R"T({"id": "2ba18773", "workflow_name": null, "workflow_namespace": "", )T"
          R"T("task_execution_id": null, "state": "RUNNING", "state_info": null, "tags": null, )T"
          R"T("name": "std.async_noop", "description": "", "project_id": "<default-project>", )T"
          R"T("accepted": false, "input": "{}", "output": null, "created_at": )T"
          R"T("2026-11-28 17:43:09", "updated_at": null})T");
  }

  TEST_CASE("shows an action execution's output and task name in the single GET") {
    storage::ActionExecution r = sample_action_execution();
    r.output = js(R"({"result": {"x": 1}})");
    r.tags = {"t"};
    json::object o = action_execution_json(r, true, true);
    CHECK(o.at("output") == R"({"result": {"x": 1}})");
    CHECK(o.at("task_name") == "a");
    CHECK(dsl::py_json_dumps(o.at("tags")) == R"(["t"])");
  }

  TEST_CASE("renders the reply of an action run without saving its result") {
    storage::ActionExecution r;
    r.name = "std.echo";
    r.state = storage::State::success;
    r.input = js(R"({"output": "hi"})");
    r.output = js(R"({"result": "hi"})");
    CHECK(text(unsaved_action_execution_json(r)) ==
          R"T({"id": null, "workflow_name": null, "workflow_namespace": "", )T"
          R"T("task_execution_id": null, "state": "SUCCESS", "state_info": null, "tags": null, )T"
          R"T("name": "std.echo", "description": null, "project_id": null, "accepted": null, )T"
          R"T("input": "{\"output\": \"hi\"}", "output": "{\"result\": \"hi\"}", )T"
          R"T("created_at": null, "updated_at": null})T");
  }

  // -- cron triggers and environments ---

  TEST_CASE("renders a cron trigger as its create reply shows it") {
    storage::CronTrigger r;
    r.id = "5a686cee";
    r.name = "ct2";
    r.workflow_name = "wf1";
    r.workflow_id = "7147160a";
    r.workflow_input = js(R"({"name": "c"})");
    r.workflow_params = js(R"({"env": {"z": 1}})");
    r.pattern = "*/5 * * * *";
    r.next_execution_time = ms("2026-11-28 17:50:00");
    r.project_id = std::string(default_project);
    r.created_at = ms("2026-11-28 17:45:10");
    const std::string head =
        R"T({"id": "5a686cee", "name": "ct2", "workflow_name": "wf1", "workflow_id": )T"
        R"T("7147160a", "workflow_input": "{\"name\": \"c\"}", "workflow_params": )T"
        R"T("{\"env\": {\"z\": 1}}", "project_id": "<default-project>", "scope": "private", )T"
        R"T("pattern": "*/5 * * * *", "remaining_executions": null, "first_execution_time": )T"
        R"T(null, "next_execution_time": "2026-11-28 17:50:00", "created_at": )T"
        R"T("2026-11-28 17:45:10")T";
    CHECK(text(cron_trigger_json(r, true)) == head + "}");
    CHECK(text(cron_trigger_json(r)) == head + R"(, "updated_at": null})");
  }

  TEST_CASE("renders a one-shot cron trigger's count and first time") {
    storage::CronTrigger r;
    r.workflow_input = js(R"({"req": 1})");
    r.workflow_params = json::object();
    r.pattern = "0 0 30 2 0";
    r.remaining_executions = 1;
    r.first_execution_time = ms("2027-01-01 10:00:00");
    r.next_execution_time = *r.first_execution_time;
    json::object o = cron_trigger_json(r);
    CHECK(o.at("remaining_executions") == 1);
    CHECK(o.at("first_execution_time") == "2027-01-01 10:00:00");
    CHECK(o.at("next_execution_time") == "2027-01-01 10:00:00");
    CHECK(o.at("workflow_params") == "{}");
  }

  TEST_CASE("renders an environment as GET shows it") {
    storage::Environment r;
    r.id = "199ef562";
    r.name = "envA";
    r.variables = js(R"({"greeting": "hi", "__actions": {"std.echo": {"output": "default-out"}}})");
    r.project_id = std::string(default_project);
    r.created_at = ms("2026-11-28 17:45:42");
    CHECK(text(environment_json(r)) ==
          R"T({"id": "199ef562", "name": "envA", "description": null, "variables": )T"
          R"T("{\"greeting\": \"hi\", \"__actions\": {\"std.echo\": {\"output\": )T"
          R"T(\"default-out\"}}}", "scope": "private", "project_id": "<default-project>", )T"
          R"T("created_at": "2026-11-28 17:45:42", "updated_at": null})T");
  }

  TEST_CASE("leaves an unset description and updated_at out of an environment's create reply") {
    storage::Environment r;
    r.name = "envB";
    r.variables = json::object();
    json::object created = environment_json(r, true);
    CHECK_FALSE(created.contains("description"));
    CHECK_FALSE(created.contains("updated_at"));
    r.description = "dd";
    CHECK(environment_json(r, true).at("description") == "dd");
    r.updated_at = at("00:09:13");
    CHECK(environment_json(r).at("updated_at") == "2026-11-29 00:09:13");
  }

  // -- execution report ---

  TEST_CASE("reports a failed execution with its retried task and failed sub-workflow") {
    CapturedRun run;
    CHECK(text(execution_report(run.root, ReportOptions{})) == test::k_report_full);
  }

  TEST_CASE("reports and counts only ERROR tasks when asked for errors only") {
    CapturedRun run;
    ReportOptions o;
    o.errors_only = true;
    CHECK(text(execution_report(run.root, o)) == test::k_report_errors_only);
  }

  TEST_CASE("lists sub-workflows without their tasks beyond the maximum depth") {
    CapturedRun run;
    ReportOptions o;
    o.max_depth = 0;
    CHECK(text(execution_report(run.root, o)) == test::k_report_depth0);
  }

  TEST_CASE("returns only the statistics when asked") {
    CapturedRun run;
    ReportOptions o;
    o.statistics_only = true;
    CHECK(text(execution_report(run.root, o)) == test::k_report_statistics_only);
    o.max_depth = 0;
    CHECK(execution_report(run.root, o).at("statistics").at("total_tasks_count") == 4);
  }

  TEST_CASE("counts no WAITING, DELAYED or CANCELLED task") {
    CapturedRun run;
    run.tasks[0].state = storage::State::waiting;
    run.tasks[1].state = storage::State::delayed;
    run.tasks[2].state = storage::State::cancelled;
    run.tasks[3].state = storage::State::paused;
    run.tasks[4].state = storage::State::idle;
    json::object stats = execution_report(run.root, ReportOptions{}).at("statistics").as_object();
    CHECK(dsl::py_json_dumps(stats) ==
          R"T({"total_tasks_count": 2, "running_tasks_count": 0, "success_tasks_count": 0, )T"
          R"T("error_tasks_count": 0, "idle_tasks_count": 1, "paused_tasks_count": 1, )T"
          R"T("estimated_time": 0})T");
  }

  TEST_CASE("estimates the time left of a running execution from previous runs") {
    CapturedRun run;
    run.root_ex.state = storage::State::running;
    ReportOptions o;
    o.statistics_only = true;
    o.now_ms = run.root_ex.created_at + 2'400;  // 2 whole seconds elapsed
    auto estimate = [&] {
      return dsl::py_json_dumps(
          execution_report(run.root, o).at("statistics").at("estimated_time"));
    };
    CHECK(estimate() == "-1");

    storage::WorkflowExecution two;
    two.created_at = at("00:10:11");
    two.updated_at = at("00:10:13");
    storage::WorkflowExecution three = two;
    three.updated_at = two.created_at + 3'900;  // 3 whole seconds
    o.previous_successes = {&two, &three};
    CHECK(estimate() == "0.5");  // (2 + 3) / 2 - 2, a float as in Mistral

    o.now_ms = run.root_ex.created_at + 10'000;
    CHECK(estimate() == "1");  // overdue
  }

  TEST_CASE("averages at most twenty previous runs") {
    CapturedRun run;
    run.root_ex.state = storage::State::running;
    ReportOptions o;
    o.statistics_only = true;
    o.now_ms = run.root_ex.created_at;
    storage::WorkflowExecution quick;
    quick.updated_at = 4'000;
    storage::WorkflowExecution slow;
    slow.updated_at = 400'000;
    o.previous_successes.assign(estimated_time_sample_limit, &quick);
    o.previous_successes.push_back(&slow);
    CHECK(dsl::py_json_dumps(execution_report(run.root, o).at("statistics").at("estimated_time")) ==
          "4.0");
  }

  TEST_CASE("shows retry_count only for a task with a retry policy record") {
    CapturedRun run;
    json::object report = execution_report(run.root, ReportOptions{});
    const json::array& tasks =
        report.at("root_workflow_execution").at("task_executions").as_array();
    REQUIRE(tasks.size() == 4);
    CHECK_FALSE(tasks[0].as_object().contains("retry_count"));
    CHECK(tasks[3].at("retry_count") == 2);
  }

  TEST_CASE("stops at an execution that appears twice in a corrupted tree") {
    CapturedRun run;
    run.sub.children_by_task[run.tasks[4].id].push_back(&run.root);
    json::object report = execution_report(run.root, ReportOptions{});
    CHECK(report.at("statistics").at("total_tasks_count") == 5);
    SubExecutionOptions o;
    CHECK(sub_executions_json(run.root, o).at("executions").as_array().size() == 2);
  }

  TEST_CASE("bounds the nesting a report walks") {
    std::vector<storage::WorkflowExecution> exs(max_report_nesting + 10);
    std::vector<storage::TaskExecution> tasks(exs.size());
    std::vector<ReportTree> trees(exs.size());
    for (std::size_t i = 0; i < exs.size(); ++i) {
      exs[i].id = "ex" + std::to_string(i);
      tasks[i].id = "task" + std::to_string(i);
      tasks[i].state = storage::State::running;
      trees[i].execution = &exs[i];
      trees[i].tasks = {&tasks[i]};
      if (i + 1 < exs.size()) {
        trees[i].children_by_task[tasks[i].id] = {&trees[i + 1]};
      }
    }
    json::object report = execution_report(trees[0], ReportOptions{});
    CHECK(report.at("statistics").at("total_tasks_count") == max_report_nesting + 1);
    auto list = sub_executions_json(trees[0], SubExecutionOptions{});
    CHECK(list.at("executions").as_array().size() == max_report_nesting + 1);
  }

  // -- sub-executions ---

  TEST_CASE("lists an execution then its sub-workflow executions depth first") {
    CapturedRun run;
    CHECK(text(sub_executions_json(run.root, SubExecutionOptions{})) == test::k_subs_all);
    SubExecutionOptions errors;
    errors.errors_only = true;
    CHECK(text(sub_executions_json(run.root, errors)) == test::k_subs_all);
  }

  TEST_CASE("lists the root alone with its output at depth zero") {
    CapturedRun run;
    SubExecutionOptions o;
    o.max_depth = 0;
    o.include_output = true;
    CHECK(text(sub_executions_json(run.root, o)) == test::k_subs_depth0_output);
  }

  TEST_CASE("skips the sub-workflows of non-ERROR tasks when asked for errors only") {
    CapturedRun run;
    run.tasks[2].state = storage::State::success;  // r2, the parent of wb.sub
    SubExecutionOptions o;
    o.errors_only = true;
    CHECK(sub_executions_json(run.root, o).at("executions").as_array().size() == 1);
    CHECK(sub_executions_json(run.root, SubExecutionOptions{}).at("executions").as_array().size() ==
          2);
  }

  TEST_CASE("lists the sub-workflow executions of one task") {
    CapturedRun run;
    const std::vector<const ReportTree*> children{&run.sub};
    CHECK(text(task_sub_executions_json(run.tasks[2], children, SubExecutionOptions{})) ==
          test::k_subs_task);
    SubExecutionOptions o;
    o.errors_only = true;
    run.tasks[2].state = storage::State::success;
    CHECK(text(task_sub_executions_json(run.tasks[2], children, o)) == R"({"executions": []})");
  }
}

}  // namespace
}  // namespace bora::http
