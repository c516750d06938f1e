// Definition rules of the language reference §1-§11, with Mistral's
// messages and the positions Bora adds.
#include <doctest/doctest.h>

#include <string>

#include "dsl/parser.hpp"

using bora::Errc;
using namespace bora::dsl;

namespace {

const std::string header = "version: '2.0'\nwf:\n  tasks:\n";

bora::Error fails(const std::string& text) {
  auto r = parse_document(text, "test.yaml");
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_SUITE("dsl.validation") {
  TEST_CASE("reports a transition to an unknown task at the transition") {
    auto e = fails(header + "    t1:\n      action: std.noop\n      on-success: t9\n");
    CHECK(e.code == Errc::invalid_definition);
    CHECK(e.message == "Task 't9' not found.");
    REQUIRE(e.diagnostics.size() == 1);
    CHECK(e.diagnostics[0].line == 6);
    CHECK(e.diagnostics[0].column == 19);
    CHECK(e.diagnostics[0].path == "wf.tasks.t1.on-success");
  }

  TEST_CASE("accepts engine commands as targets, before a task of the same name") {
    auto r = parse_workflows(header +
                                 "    t1:\n      action: std.noop\n      on-success: [fail, "
                                 "succeed, pause, noop]\n    fail: {action: std.noop}\n",
                             "x");
    REQUIRE(r.ok());
    const TaskSpec* t1 = r->front()->find_task("t1");
    CHECK(t1->on_success->next[0].command == EngineCommand::fail);
    CHECK(t1->on_success->next[3].command == EngineCommand::noop);
  }

  TEST_CASE("uses the message of Mistral's first check and lists every problem") {
    auto e = fails(header +
                   "    t1:\n      action: std.noop\n      on-success: t9\n    t2:\n      "
                   "action: std.noop\n      wait-before: -1\n");
    CHECK(e.message == "Invalid DSL: -1 is not valid under any of the given schemas");
    REQUIRE(e.diagnostics.size() == 2);
    CHECK(e.diagnostics[0].message == "Task 't9' not found.");
    CHECK(e.diagnostics[1].path == "wf.tasks.t2.wait-before");
  }

  TEST_CASE("enforces the task name length limits") {
    std::string ok(255, 'n');
    CHECK(parse_workflows(header + "    " + ok + ": {action: std.noop}\n", "x").ok());
    auto e = fails(header + "    " + ok + "n: {action: std.noop}\n");
    CHECK(e.message == "The length of a '" + ok + "n' task name must not exceed 255 symbols");
    std::string join(208, 'j');
    std::string body = header + "    a: {action: std.noop, on-success: [" + join + "]}\n    " +
                       join + ": {join: all}\n";
    CHECK(parse_workflows(body, "x").ok());
    auto j = fails(header + "    a: {action: std.noop, on-success: [" + join + "x]}\n    " + join +
                   "x: {join: all}\n");
    CHECK(j.message ==
          "The length of a '" + join + "x' join task name must not exceed 208 symbols");
  }

  TEST_CASE("checks join counts against inbound tasks") {
    auto e = fails(header +
                   "    a: {action: std.noop, on-success: [c]}\n    b: {action: std.noop}\n    "
                   "c: {join: 2}\n");
    CHECK(e.message ==
          "Not enough inbound tasks for task with 'join' [task_name=c, join=2, inbound_tasks=1]");
    auto all = fails(header + "    a: {action: std.noop}\n    c: {join: all}\n");
    CHECK(all.message == "No inbound tasks for task with 'join: all' [task_name=c]");
  }

  TEST_CASE("requires start tasks in a direct workflow") {
    auto e = fails(header + "    a: {on-success: b}\n    b: {on-success: a}\n");
    CHECK(e.message ==
          "Failed to find start tasks in direct workflow. There must be at least one task "
          "without inbound transition.[workflow_name=wf]");
    CHECK(e.diagnostics.at(0).line == 2);
  }

  TEST_CASE("checks reverse requires and refuses engine commands there") {
    std::string rev = "version: '2.0'\nwf:\n  type: reverse\n  tasks:\n";
    auto e = fails(rev + "    a: {requires: [b, fail]}\n    b: {}\n");
    CHECK(e.message.find("{} does not have enough properties") != std::string::npos);
    auto f = fails(rev + "    a: {requires: [b, fail]}\n    b: {action: std.noop}\n");
    CHECK(f.message == "Task 'fail' not found.");
  }

  TEST_CASE("refuses on-* and join in reverse workflows and requires in direct ones") {
    CHECK(fails("version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    a: {on-error: b}\n").message ==
          "Invalid DSL: Additional properties are not allowed ('on-error' was "
          "unexpected)");
    CHECK(fails(header + "    a: {requires: b}\n").message ==
          "Invalid DSL: Additional properties are not allowed ('requires' was unexpected)");
  }

  TEST_CASE("refuses the system actions Bora does not run") {
    for (const char* name :
         {"std.ssh", "std.ssh_proxied", "std.email", "std.javascript", "std.js"}) {
      auto e = fails(header + "    a:\n      action: " + name + "\n");
      CHECK(e.message == std::string("action ") + name + " is not supported by Bora yet");
    }
    CHECK(parse_workflows(header + "    a:\n      workflow: std.ssh\n", "x").ok());
    CHECK(parse_workflows(header + "    a:\n      action: <% 'std.ssh' %>\n", "x").ok());
  }

  TEST_CASE("detects ad-hoc action base cycles, also through workbook names") {
    auto e = fails("version: '2.0'\na: {base: b}\nb: {base: a}\n");
    CHECK(e.message == "ad-hoc action base cycle: a -> b -> a");
    auto wb = fails(
        "version: '2.0'\nname: wb\nactions:\n  x: {base: y}\n  y: {base: wb.x}\n  z: {base: "
        "std.echo}\n");
    CHECK(wb.message == "ad-hoc action base cycle: wb.x -> wb.y -> wb.x");
    CHECK(parse_document("version: '2.0'\na: {base: b}\nb: {base: std.echo}\n", "x").ok());
  }

  TEST_CASE("places expression errors inside quoted and plain scalars") {
    auto plain = fails(header + "    a:\n      publish:\n        x: <% $.a + %>\n");
    CHECK(plain.message == "Parse error: unexpected end of statement");
    auto quoted = fails(header + "    a:\n      publish:\n        x: \"<% $.a + %>\"\n");
    REQUIRE(plain.diagnostics.size() == 1);
    REQUIRE(quoted.diagnostics.size() == 1);
    CHECK(quoted.diagnostics[0].line == plain.diagnostics[0].line);
    CHECK(quoted.diagnostics[0].column == plain.diagnostics[0].column + 1);
    CHECK(plain.diagnostics[0].path == "wf.tasks.a.publish.x");
  }

  TEST_CASE("checks expressions in every slot of the reference") {
    const char* bodies[] = {
        "    a:\n      action: std.echo output=<% ( %>\n",
        "    a:\n      input:\n        x: <% ( %>\n",
        "    a:\n      input: <% ( %>\n",
        "    a:\n      publish-on-error:\n        x: <% ( %>\n",
        "    a:\n      keep-result: <% ( %>\n",
        "    a:\n      safe-rerun: <% ( %>\n",
        "    a:\n      timeout: <% ( %>\n",
        "    a:\n      retry: {count: 1, delay: 1, continue-on: <% ( %>}\n",
        "    a:\n      with-items: x in <% ( %>\n",
        "    a:\n      on-success:\n        - b: <% ( %>\n    b: {}\n",
    };
    for (const char* body : bodies) {
      CAPTURE(body);
      auto r = parse_document(header + body, "x");
      CHECK_FALSE(r.ok());
    }
    CHECK_FALSE(parse_document("version: '2.0'\nwf:\n  vars: {a: <% ( %>}\n  tasks:\n    t: "
                               "{action: std.noop}\n",
                               "x")
                    .ok());
    CHECK_FALSE(
        parse_document("version: '2.0'\na:\n  base: std.echo\n  output: <% ( %>\n", "x").ok());
    CHECK_FALSE(
        parse_document("version: '2.0'\na:\n  base: std.echo\n  base-input: {x: <% ( %>}\n", "x")
            .ok());
  }

  TEST_CASE("accepts any version in a workflow list but only 2.0 in a workbook") {
    CHECK(parse_workflows("version: '1.0'\nwf:\n  tasks:\n    t: {action: std.noop}\n", "x").ok());
    CHECK(parse_workflows("version: 2.0\nwf:\n  tasks:\n    t: {action: std.noop}\n", "x").ok());
    CHECK(parse_workbook("version: 2.0\nname: wb\n", "x").ok());
    auto e = parse_workbook("version: '3.0'\nname: wb\n", "x");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message == "Unsupported DSL version: 3.0");
  }

  TEST_CASE("rejects UUID-like workflow names and names with spaces") {
    auto u = fails(
        "version: '2.0'\n'{1A0E2AC8-1E55-4D6E-9A4B-5E6C1B5D2F00}':\n  tasks:\n    t: "
        "{action: std.noop}\n");
    CHECK(u.message == "Workflow name cannot be in the format of UUID.");
    auto s = fails("version: '2.0'\nmy wf:\n  tasks:\n    t: {action: std.noop}\n");
    CHECK(s.message == "Name 'my wf' must not contain spaces");
  }

  TEST_CASE("refuses duplicate input names even with defaults") {
    auto e = fails(
        "version: '2.0'\nwf:\n  input: [a, {a: 1}]\n  tasks:\n    t: {action: "
        "std.noop}\n");
    CHECK(e.message == "duplicate input name 'a'");
  }

  TEST_CASE("refuses an unknown workflow type with Mistral's message") {
    auto e = fails("version: '2.0'\nwf:\n  type: other\n  tasks:\n    t: {action: std.noop}\n");
    CHECK(e.message.rfind("Failed to find a specification class to instantiate [spec_cls=<class "
                          "'mistral.lang.v2.workflows.WorkflowSpec'>, data={'type': 'other'",
                          0) == 0);
  }

  TEST_CASE("accepts unknown workflow keys but refuses unknown task keys") {
    CHECK(parse_workflows("version: '2.0'\nwf:\n  owner: me\n  tasks:\n    t: {action: a}\n", "x")
              .ok());
    CHECK(fails(header + "    t: {action: a, foo: 1}\n").message ==
          "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)");
  }

  TEST_CASE("each entry point refuses the other document kinds") {
    auto wf = parse_workflows("version: '2.0'\na:\n  base: std.echo\n", "x");
    REQUIRE_FALSE(wf.ok());
    CHECK(wf.error().message == "Invalid DSL: 'tasks' is a required property");
    auto act = parse_actions("version: '2.0'\nwf:\n  tasks:\n    t: {action: a}\n", "x");
    REQUIRE_FALSE(act.ok());
    CHECK(act.error().message == "Invalid DSL: 'base' is a required property");
    auto wb = parse_workbook("version: '2.0'\nwf:\n  tasks:\n    t: {action: a}\n", "x");
    REQUIRE_FALSE(wb.ok());
    CHECK(wb.error().message ==
          "Invalid DSL: Additional properties are not allowed ('wf' was unexpected)");
  }

  TEST_CASE("reports YAML syntax errors with the parse_error code") {
    auto e = fails("version: '2.0'\nwf: [\n");
    CHECK(e.code == Errc::parse_error);
    CHECK(e.message.rfind("Definition could not be parsed: ", 0) == 0);
  }
}
