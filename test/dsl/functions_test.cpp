#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "dsl/functions.hpp"

namespace json = boost::json;
using namespace bora::dsl;

namespace {

// Answers the live-execution functions with fixed data and records calls.
class RecordingHost : public HostFunctions {
public:
  mutable std::string last;
  bora::Result<json::value> task(const std::string* name) const override {
    last = name ? "task:" + *name : "task:";
    return json::value(json::object{{"name", name ? *name : "current"}});
  }
  bora::Result<json::value> tasks(const TasksQuery& q) const override {
    last = "tasks:" + q.workflow_execution_id.value_or("-") + ":" + (q.recursive ? "r" : "") +
           ":" + q.state.value_or("-") + ":" + (q.flat ? "f" : "");
    return json::value(json::array{});
  }
  bora::Result<json::value> execution() const override {
    last = "execution";
    return json::value(json::object{{"id", "e1"}});
  }
  bora::Result<json::value> executions(const ExecutionsQuery& q) const override {
    last = "executions:" + q.state.value_or("-");
    return json::value(json::array{});
  }
  bora::Result<json::value> global(std::string_view name) const override {
    last = "global:" + std::string(name);
    return json::value(7);
  }
};

bora::Result<json::value> call(std::string_view name, std::vector<json::value> args,
                               KeywordArgs kwargs = {}, const HostFunctions* host = nullptr,
                               const json::value* data = nullptr) {
  static const json::value empty = json::object();
  EvalContext ctx;
  ctx.data = data ? data : &empty;
  ctx.host = host;
  return call_mistral_function(name, args, kwargs, ctx);
}

}  // namespace

TEST_SUITE("dsl.functions") {
  TEST_CASE("knows exactly Mistral's function names") {
    for (auto n : {"task", "tasks", "execution", "executions", "env", "global", "json_pp",
                   "json_dump", "json_parse", "yaml_dump", "yaml_parse", "uuid"}) {
      CHECK(is_mistral_function(n));
    }
    CHECK_FALSE(is_mistral_function("len"));
    CHECK_FALSE(is_mistral_function("Task"));
  }

  TEST_CASE("json_dump indents by four spaces like json.dumps") {
    auto r = call("json_dump", {json::parse(R"({"a": [1, {"b": null}], "s": "x\ny"})")});
    REQUIRE(r.ok());
    CHECK(r->as_string() ==
          "{\n    \"a\": [\n        1,\n        {\n            \"b\": null\n        }\n    ],\n"
          "    \"s\": \"x\\ny\"\n}");
  }

  TEST_CASE("json_pp un-escapes newlines and falls back to the context") {
    auto r = call("json_pp", {json::parse(R"({"s": "x\ny"})")});
    REQUIRE(r.ok());
    CHECK(r->as_string() == "{\n    \"s\": \"x\ny\"\n}");
    json::value data = json::parse(R"({"k": 1})");
    auto ctx_dump = call("json_pp", {}, {}, nullptr, &data);
    REQUIRE(ctx_dump.ok());
    CHECK(ctx_dump->as_string() == "{\n    \"k\": 1\n}");
  }

  TEST_CASE("json_parse and yaml_parse read text into values") {
    auto j = call("json_parse", {json::value("[1, {\"a\": true}]")});
    REQUIRE(j.ok());
    CHECK(*j == json::parse(R"([1, {"a": true}])"));
    auto y = call("yaml_parse", {json::value("a: yes\nb: [1, 2]\n")});
    REQUIRE(y.ok());
    CHECK(*y == json::parse(R"({"a": true, "b": [1, 2]})"));
    CHECK_FALSE(call("json_parse", {json::value("{nope")}).ok());
  }

  TEST_CASE("yaml_dump writes block style") {
    auto r = call("yaml_dump", {json::parse(R"({"a": 1})")});
    REQUIRE(r.ok());
    CHECK(r->as_string() == "a: 1\n");
  }

  TEST_CASE("uuid returns a fresh version-4 uuid each call") {
    auto a = call("uuid", {});
    auto b = call("uuid", {});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->as_string().size() == 36);
    CHECK(a->as_string()[14] == '4');
    CHECK(*a != *b);
  }

  TEST_CASE("env reads __env from the data") {
    json::value data = json::parse(R"({"__env": {"region": "eu"}})");
    auto r = call("env", {}, {}, nullptr, &data);
    REQUIRE(r.ok());
    CHECK(*r == json::parse(R"({"region": "eu"})"));
    CHECK(call("env", {})->is_null());
  }

  TEST_CASE("binds positional and keyword arguments like Python") {
    RecordingHost host;
    REQUIRE(call("tasks", {json::value("wf1")}, {{"state", json::value("ERROR")}}, &host).ok());
    CHECK(host.last == "tasks:wf1::ERROR:");
    REQUIRE(call("tasks", {json::value(nullptr), json::value(true)}, {{"flat", json::value(true)}},
                 &host)
                .ok());
    CHECK(host.last == "tasks:-:r:-:f");
    REQUIRE(call("task", {json::value("t1")}, {}, &host).ok());
    CHECK(host.last == "task:t1");
    REQUIRE(call("task", {}, {}, &host).ok());
    CHECK(host.last == "task:");
    REQUIRE(call("global", {}, {{"var_name", json::value("g")}}, &host).ok());
    CHECK(host.last == "global:g");
  }

  TEST_CASE("rejects wrong arguments with Python's wording") {
    auto missing = call("json_dump", {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "json_dump_() missing 1 required positional argument: 'data'");
    auto extra = call("uuid", {json::value(1)});
    REQUIRE_FALSE(extra.ok());
    CHECK(extra.error().message == "uuid_() takes 0 positional arguments but 1 were given");
    auto kw = call("task", {}, {{"nope", json::value(1)}});
    REQUIRE_FALSE(kw.ok());
    CHECK(kw.error().message == "task_() got an unexpected keyword argument 'nope'");
  }

  TEST_CASE("live-execution functions fail clearly without an execution") {
    auto r = call("execution", {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == bora::Errc::evaluation_error);
    CHECK(r.error().message.find("inside a workflow execution") != std::string::npos);
  }
}

TEST_SUITE("dsl.functions") {
  TEST_CASE("json_parse errors say what was expected and where, like Python") {
    auto bad = call("json_parse", {json::value("{bad")});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message ==
          "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)");
    auto extra = call("json_parse", {json::value("{\"a\": 1} x")});
    REQUIRE_FALSE(extra.ok());
    CHECK(extra.error().message == "Extra data: line 1 column 10 (char 9)");
    auto empty = call("json_parse", {json::value("")});
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message == "Expecting value: line 1 column 1 (char 0)");
  }
}
