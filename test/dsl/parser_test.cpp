#include <doctest/doctest.h>

#include <string>

#include <boost/json.hpp>

#include "dsl/parser.hpp"

namespace json = boost::json;
using namespace bora::dsl;

namespace {

std::shared_ptr<const WorkflowSpec> one_workflow(const std::string& text) {
  auto r = parse_workflows(text, "test.yaml");
  if (!r.ok()) {
    for (const auto& d : r.error().diagnostics) {
      MESSAGE(d.line << ":" << d.column << ": " << d.path << ": " << d.message);
    }
  }
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  return r->front();
}

}  // namespace

TEST_SUITE("dsl.parser") {
  TEST_CASE("builds a direct workflow with its properties") {
    auto wf = one_workflow(R"(version: '2.0'
greet:
  description: say hello
  tags: [a, b]
  input:
    - who
    - punctuation: "!"
    - raw: <% 1 + 1 %>
  vars:
    prefix: <% 'Hello, ' + $.who %>
  output:
    message: <% $.text %>
  output-on-error:
    err: <% $.e %>
  tasks:
    say:
      action: std.echo output=<% $.prefix + $.punctuation %>
      publish:
        text: <% task().result %>
)");
    CHECK(wf->name == "greet");
    CHECK(wf->type == WorkflowType::direct);
    CHECK(wf->description == "say hello");
    CHECK(wf->tags == std::vector<std::string>{"a", "b"});
    REQUIRE(wf->input.size() == 3);
    CHECK(wf->input[0].name == "who");
    CHECK_FALSE(wf->input[0].default_value);
    CHECK(*wf->input[1].default_value == json::value("!"));
    CHECK(*wf->input[2].default_value == json::value("<% 1 + 1 %>"));
    REQUIRE(wf->vars);
    CHECK(wf->vars->has_expressions());
    REQUIRE(wf->output);
    CHECK(wf->output->literal().at("message") == json::value("<% $.text %>"));
    REQUIRE(wf->output_on_error);
    REQUIRE(wf->tasks.size() == 1);
    const TaskSpec* say = wf->find_task("say");
    REQUIRE(say);
    CHECK(say->callee_text == "std.echo");
    CHECK_FALSE(say->is_workflow);
    REQUIRE(say->callee);
    CHECK(say->callee->lang() == ExprLang::none);
    CHECK(say->inline_params.literal().at("output") ==
          json::value("<% $.prefix + $.punctuation %>"));
    CHECK(say->inline_params.has_expressions());
    REQUIRE(say->publish);
    CHECK(wf->definition.find("greet:") != std::string::npos);
  }

  TEST_CASE("keeps tasks in definition order with lookup by name") {
    auto wf = one_workflow(
        "version: '2.0'\nwf:\n  tasks:\n    z: {action: std.noop}\n    a: {action: std.noop}\n"
        "    m: {action: std.noop}\n");
    REQUIRE(wf->tasks.size() == 3);
    CHECK(wf->tasks[0]->name == "z");
    CHECK(wf->tasks[2]->name == "m");
    CHECK(wf->find_task("a") == wf->tasks[1].get());
    CHECK(wf->find_task("nope") == nullptr);
  }

  TEST_CASE("treats a task without action or workflow as std.noop") {
    auto wf = one_workflow("version: '2.0'\nwf:\n  tasks:\n    t:\n      publish: {x: 1}\n");
    CHECK(wf->tasks[0]->callee_text == "std.noop");
    REQUIRE(wf->tasks[0]->callee);
    CHECK(wf->tasks[0]->callee->text() == "std.noop");
  }

  TEST_CASE("reads sub-workflow tasks, input forms and inline parameters") {
    auto wf = one_workflow(R"(version: '2.0'
wf:
  tasks:
    call:
      workflow: child n=5 name="x"
      input:
        n: 1
        m: <% $.m %>
      on-success: dyn
    dyn:
      action: <% $.name %>
      input: <% $.params %>
)");
    const TaskSpec* call = wf->find_task("call");
    CHECK(call->is_workflow);
    CHECK(call->callee_text == "child");
    CHECK(call->inline_params.literal() == json::parse(R"({"n": 5, "name": "x"})"));
    REQUIRE(call->input);
    CHECK(call->input->literal().at("n") == json::value(1));
    const TaskSpec* dyn = wf->find_task("dyn");
    CHECK(dyn->callee->lang() == ExprLang::yaql);
    CHECK_FALSE(dyn->input);
    REQUIRE(dyn->input_expr);
    CHECK(dyn->input_expr->text() == "<% $.params %>");
  }

  TEST_CASE("reads every transition form") {
    auto wf = one_workflow(R"(version: '2.0'
wf:
  tasks:
    a:
      action: std.noop
      on-success: b
      on-error:
        - c
        - d: <% $.x > 1 %>
        - fail msg="boom <% $.y %>"
        - "succeed msg='ok'": <% $.z %>
      on-complete:
        publish:
          branch: {i: 1}
          global: {g: <% $.i %>}
          atomic: {q: 1}
        next:
          - pause
    b: {action: std.noop, on-success: {c: <% true %>}}
    c: {action: std.noop}
    d: {action: std.noop}
)");
    const TaskSpec* a = wf->find_task("a");
    REQUIRE(a->on_success);
    REQUIRE(a->on_success->next.size() == 1);
    CHECK(a->on_success->next[0].target == "b");
    CHECK(a->on_success->next[0].command == EngineCommand::none);
    CHECK_FALSE(a->on_success->next[0].condition);
    const auto& err = a->on_error->next;
    REQUIRE(err.size() == 4);
    CHECK(err[1].target == "d");
    REQUIRE(err[1].condition);
    CHECK(err[1].condition->text() == "<% $.x > 1 %>");
    CHECK(err[2].command == EngineCommand::fail);
    CHECK(err[2].params.literal().at("msg") == json::value("boom <% $.y %>"));
    CHECK(err[3].command == EngineCommand::succeed);
    CHECK(err[3].params.literal().at("msg") == json::value("ok"));
    REQUIRE(err[3].condition);
    const auto& comp = *a->on_complete;
    REQUIRE(comp.next.size() == 1);
    CHECK(comp.next[0].command == EngineCommand::pause);
    REQUIRE(comp.publish.branch);
    REQUIRE(comp.publish.global);
    REQUIRE(comp.publish.atomic);
    // A single mapping is read as an advanced clause without `next`.
    const TaskSpec* b = wf->find_task("b");
    REQUIRE(b->on_success);
    CHECK(b->on_success->next.empty());
    CHECK(wf->outbound_names(*b).empty());
  }

  TEST_CASE("applies task-defaults clauses minus the task itself") {
    auto wf = one_workflow(R"(version: '2.0'
wf:
  task-defaults:
    on-error: [report]
  tasks:
    work:
      action: std.noop
    own:
      action: std.noop
      on-error: [work]
    report:
      action: std.noop
)");
    auto work = wf->transitions(*wf->find_task("work"), ClauseKind::on_error);
    REQUIRE(work.size() == 1);
    CHECK(work[0]->target == "report");
    CHECK(wf->transitions(*wf->find_task("report"), ClauseKind::on_error).empty());
    auto own = wf->transitions(*wf->find_task("own"), ClauseKind::on_error);
    REQUIRE(own.size() == 1);
    CHECK(own[0]->target == "work");
  }

  TEST_CASE("reads join, with-items, policies and flags") {
    auto wf = one_workflow(R"(version: '2.0'
wf:
  task-defaults:
    timeout: 600
    retry: count=2 delay=1
  tasks:
    a:
      action: std.noop
      on-success: [j, k]
    b:
      action: std.noop
      on-success: [j]
    j:
      join: all
      with-items:
        - x in <% $.xs %>
        - y in [1, 2]
      retry:
        count: 5
        delay: <% $.d %>
        break-on: <% $.stop %>
      wait-before: 1
      wait-after: <% $.w %>
      timeout: 30
      pause-before: true
      concurrency: 2
      fail-on: <% $.bad %>
      keep-result: false
      safe-rerun: <% true %>
      target: worker
    k:
      join: one
)");
    const TaskSpec* j = wf->find_task("j");
    CHECK(j->join == JoinKind::all);
    REQUIRE(j->with_items.size() == 2);
    CHECK(j->with_items[0].var == "x");
    REQUIRE(j->with_items[0].expr);
    CHECK(j->with_items[1].var == "y");
    CHECK(j->with_items[1].list == json::parse("[1, 2]").as_array());
    REQUIRE(j->policies.retry);
    CHECK(j->policies.retry->count.literal == json::value(5));
    CHECK_FALSE(j->policies.retry->count.expr);
    REQUIRE(j->policies.retry->delay.expr);
    REQUIRE(j->policies.retry->break_on);
    CHECK_FALSE(j->policies.retry->continue_on);
    CHECK(j->policies.wait_before->literal == json::value(1));
    REQUIRE(j->policies.wait_after->expr);
    CHECK(j->policies.timeout->literal == json::value(30));
    CHECK(j->policies.pause_before->literal == json::value(true));
    CHECK(j->policies.concurrency->literal == json::value(2));
    REQUIRE(j->policies.fail_on->expr);
    CHECK(j->keep_result->literal == json::value(false));
    REQUIRE(j->safe_rerun->expr);
    CHECK(j->target->text() == "worker");
    const TaskSpec* k = wf->find_task("k");
    CHECK(k->join == JoinKind::count);
    CHECK(k->join_count == 1);
    REQUIRE(wf->task_defaults);
    CHECK(wf->task_defaults->policies.timeout->literal == json::value(600));
    REQUIRE(wf->task_defaults->policies.retry);
    CHECK(wf->task_defaults->policies.retry->count.literal == json::value(2));
    CHECK(wf->task_defaults->policies.retry->delay.literal == json::value(1));
  }

  TEST_CASE("reads a reverse workflow's requires with task-defaults") {
    auto wf = one_workflow(R"(version: '2.0'
wf:
  type: reverse
  task-defaults:
    requires: [setup]
  tasks:
    setup: {action: std.noop}
    a: {action: std.noop, requires: b}
    b: {action: std.noop, requires: [setup]}
)");
    CHECK(wf->type == WorkflowType::reverse);
    auto reqs = wf->requires_of(*wf->find_task("a"));
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0] == "b");
    CHECK(reqs[1] == "setup");
    CHECK(wf->requires_of(*wf->find_task("setup")).empty());
  }

  TEST_CASE("cuts each workflow's definition text out of a list") {
    std::string text =
        "version: '2.0'\n\nfirst:\n  tasks:\n    a: {action: std.noop}\n\nsecond:\n  tasks:\n"
        "    b: {action: std.noop}\n";
    auto r = parse_workflows(text, "f.yaml");
    REQUIRE(r.ok());
    REQUIRE(r->size() == 2);
    CHECK((*r)[0]->definition == "version: '2.0'\nfirst:\n  tasks:\n    a: {action: std.noop}\n");
    CHECK((*r)[1]->definition == "version: '2.0'\nsecond:\n  tasks:\n    b: {action: std.noop}\n");
    auto one = parse_workflows("version: '2.0'\nx:\n  tasks:\n    a: {}\n", "f");
    CHECK_FALSE(one.ok());
  }

  TEST_CASE("qualifies workbook items and keeps their text") {
    std::string text = R"(version: '2.0'
name: wb
description: d
tags: [t]
actions:
  act:
    base: std.echo output="x"
    input: [a]
workflows:
  main:
    tasks:
      t:
        action: act
  other:
    type: reverse
    tasks:
      u: {workflow: main}
)";
    auto r = parse_workbook(text, "wb.yaml");
    REQUIRE(r.ok());
    const WorkbookSpec& wb = **r;
    CHECK(wb.name == "wb");
    CHECK(wb.description == "d");
    CHECK(wb.definition == text);
    REQUIRE(wb.actions.size() == 1);
    CHECK(wb.actions[0]->name == "wb.act");
    CHECK(wb.actions[0]->base == "std.echo");
    CHECK(wb.actions[0]->definition == "act:\n  base: std.echo output=\"x\"\n  input: [a]\n");
    REQUIRE(wb.workflows.size() == 2);
    CHECK(wb.workflows[0]->name == "wb.main");
    CHECK(wb.workflows[0]->definition == "main:\n  tasks:\n    t:\n      action: act\n");
    CHECK(wb.workflows[1]->name == "wb.other");
    CHECK(wb.workflows[1]->type == WorkflowType::reverse);
  }

  TEST_CASE("reads ad-hoc actions") {
    auto r = parse_actions(R"(version: '2.0'
notify:
  description: post
  tags: [ops]
  base: std.http url="http://x" method=POST
  base-input:
    json: {text: <% $.text %>}
  input:
    - text
    - hook: "http://h"
  output: <% $.content %>
)",
                           "a.yaml");
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    const ActionSpec& a = *r->front();
    CHECK(a.name == "notify");
    CHECK(a.base == "std.http");
    CHECK(a.base_params.literal() == json::parse(R"({"url": "http://x"})"));
    REQUIRE(a.base_input);
    REQUIRE(a.input.size() == 2);
    CHECK(a.input[1].name == "hook");
    REQUIRE(a.output);
    CHECK(a.output->has_expressions());
  }

  TEST_CASE("detects the kind of a document") {
    auto wb = parse_document("version: '2.0'\nname: wb\n", "x");
    REQUIRE(wb.ok());
    CHECK(wb->kind == DocumentKind::workbook);
    auto acts = parse_document("version: '2.0'\na:\n  base: std.noop\n", "x");
    REQUIRE(acts.ok());
    CHECK(acts->kind == DocumentKind::actions);
    CHECK(acts->actions.size() == 1);
    auto wfs = parse_document("version: '2.0'\nw:\n  tasks:\n    t: {action: std.noop}\n", "x");
    REQUIRE(wfs.ok());
    CHECK(wfs->kind == DocumentKind::workflows);
    CHECK(wfs->workflows.size() == 1);
    auto mixed = parse_document(
        "version: '2.0'\na:\n  base: std.noop\nw:\n  tasks:\n    t: {action: std.noop}\n", "x");
    CHECK_FALSE(mixed.ok());
  }
}
