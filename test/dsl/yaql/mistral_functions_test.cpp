#include <doctest/doctest.h>

#include "fake_host.hpp"
#include "helpers.hpp"

using bora::dsl::test::FakeHost;
using bora::dsl::test::run;

namespace {

FakeHost host() {
  return FakeHost(boost::json::parse(R"({
    "current_task": {"name": "now", "result": 7},
    "tasks": {"t1": {"name": "t1", "state": "SUCCESS", "result": [{"ip": "10.0.0.5"}]}},
    "all_tasks": [{"name": "t1", "state": "SUCCESS", "workflow_execution_id": "w1"},
                  {"name": "t2", "state": "ERROR", "workflow_execution_id": "w1"}],
    "execution": {"id": "w1", "input": {"n": 2}},
    "executions": [],
    "globals": {"g": [1, 2]}})"));
}

std::string eval_host(const std::string& expr, const std::string& data = "{}") {
  FakeHost h = host();
  auto o = run(expr, data, bora::dsl::EvalLimits(), &h);
  return o.ok ? boost::json::serialize(o.value) : "!" + o.message;
}

}  // namespace

TEST_SUITE("dsl.yaql.mistral") {
  TEST_CASE("passes bare identifiers to Mistral's functions as strings") {
    CHECK(eval_host("task(t1).result.first().ip") == R"("10.0.0.5")");
    CHECK(eval_host("task().result") == "7");
    CHECK(eval_host("task(nope)") == "null");
    CHECK(eval_host("execution().input.n") == "2");
    CHECK(eval_host("global(g)") == "[1,2]");
  }

  TEST_CASE("maps camelCase keyword arguments to Mistral's parameters") {
    CHECK(eval_host("tasks(workflowExecutionId => 'w1', state => 'ERROR').name") == R"(["t2"])");
    CHECK(eval_host("tasks(workflow_execution_id => 'w1')") ==
          "!No function \"tasks\" matches supplied arguments");
    CHECK(eval_host("task(t1, t2)") == "!No function \"task\" matches supplied arguments");
  }

  TEST_CASE("treats data from Mistral's functions as Python lists") {
    CHECK(eval_host("json_parse('[1]') = [1]") == "false");
    CHECK(eval_host("str(global(g))") == R"("[1, 2]")");
    CHECK(eval_host("json_parse('[[1]]').toSet()") == "!unhashable type: 'list'");
    CHECK(eval_host("json_dump({a => 1})") == R"("{\n    \"a\": 1\n}")");
  }

  TEST_CASE("reads the environment and Mistral's context keys") {
    CHECK(eval_host("env().region", R"({"__env": {"region": "eu"}})") == R"("eu")");
    CHECK(eval_host("$__env.region", R"({"__env": {"region": "eu"}})") == R"("eu")");
    CHECK(eval_host("json_pp()") == "!Circular reference detected");
  }
}
