// The public API: compile(), is_single_expression(), evaluate(), source(),
// and Mistral's whole-string rule.
#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::Errc;
using bora::dsl::jinja::compile;
using bora::dsl::jinja::is_single_expression;
using bora::dsl::jinja::test::render;
using bora::dsl::jinja::test::run;
using bora::dsl::jinja::test::show;

TEST_SUITE("dsl.jinja") {
  TEST_CASE("a string that is exactly one expression yields its native value") {
    CHECK(show("{{ 1 + 2 }}") == "3");
    CHECK(show("{{ [3, 1, 2] | sort | list }}") == "[1,2,3]");
    CHECK(show("{{ _.n }}", R"({"n": null})") == "null");
    CHECK(show("{{ {'a': (1, 2)} }}") == R"({"a":[1,2]})");
    auto f = run("{{ 0.1 + 0.2 }}");
    REQUIRE(f.ok());
    CHECK(f->as_double() == 0.1 + 0.2);
  }

  TEST_CASE("anything around the expression makes the result rendered text") {
    CHECK(show(" {{ 1 }}") == R"(" 1")");
    CHECK(show("a={{ _.l }}", R"({"l": [3, 1, 2]})") == R"("a=[3, 1, 2]")");
    CHECK(show("{{ 1 }}{{ 2 }}") == R"("12")");
    CHECK(render("{{ none }} {{ true }} {{ 1.0 }} {{ {'x': 'y'} }}") == "None True 1.0 {'x': 'y'}");
  }

  TEST_CASE("reports which strings are single expressions") {
    CHECK(is_single_expression(**compile("{{ x }}")));
    CHECK_FALSE(is_single_expression(**compile("{{ x }} ")));
    CHECK_FALSE(is_single_expression(**compile("{{ '}}' }}")));
    CHECK_FALSE(is_single_expression(**compile("{{ a\n}}")));
    CHECK(bora::dsl::jinja::source(**compile("a {{ b }}")) == "a {{ b }}");
  }

  TEST_CASE("a string with blocks but no expression fails as Mistral does") {
    auto r = run("{% if true %}x{% endif %}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::evaluation_error);
    CHECK(r.error().message == "list index out of range");
    CHECK(render("{% if true %}x{% endif %}{{ '' }}") == "x");
  }

  TEST_CASE("the inside of a whole-string expression is parsed on its own") {
    CHECK(show("{{- 5 }}") == "-5");
    CHECK(show("{{ 1, 2 }}") == "error(evaluation_error): chunk after expression");
    CHECK(render("a{{ 1, 2 }}") == "a(1, 2)");
  }

  TEST_CASE("undefined values are errors (StrictUndefined)") {
    CHECK(show("{{ x }}") == "error(evaluation_error): 'x' is undefined");
    CHECK(show("{{ _.a.b }}", R"({"a": {}})") ==
          "error(evaluation_error): 'dict object' has no attribute 'b'");
    CHECK(show("{{ _.l[5] }}", R"({"l": [1]})") ==
          "error(evaluation_error): list object has no element 5");
    CHECK(show("{{ none.y }}") == "error(evaluation_error): 'None' has no attribute 'y'");
    CHECK(show("x{{ _.q }}", R"({})") == "error(evaluation_error): 'dict object' has no attribute 'q'");
  }

  TEST_CASE("context names __env, __execution and __task_execution are top level") {
    CHECK(show("{{ __env.region }}", R"({"__env": {"region": "eu"}})") == R"("eu")");
    CHECK(show("{{ __execution }}", R"({"a": 1})") == "null");
    CHECK(show("{{ __env }}", "[1]") == "error(evaluation_error): '__env' is undefined");
  }

  TEST_CASE("Mistral's functions are globals and take quoted names") {
    CHECK(show("{{ task('t1').name }}") == R"("t1")");
    CHECK(show("{{ task().state }}") == R"("RUNNING")");
    CHECK(show("{{ execution().id }}") == R"("0b6f6a4e-5d1c-4c0e-9a55-2f1e7c3a9d01")");
    CHECK(show("{{ json_dump({'a': 1}) }}") == R"("{\n    \"a\": 1\n}")");
    CHECK(show("{{ task(t1) }}") == "error(evaluation_error): 't1' is undefined");
    CHECK(show("{{ env().region }}", R"({"__env": {"region": "eu"}})") == R"("eu")");
    CHECK(show("{{ env() }}", R"({})") == "error(evaluation_error): '__env'");
  }

  TEST_CASE("syntax errors carry Jinja's message and the position") {
    auto r = compile("{{ 1 +}}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::parse_error);
    CHECK(r.error().message == "Syntax error 'unexpected 'end of print statement''.");
    REQUIRE(r.error().diagnostics.size() == 1);
    CHECK(r.error().diagnostics[0].line == 0);
    CHECK(r.error().diagnostics[0].column == 7);

    auto multi = compile("line one\n{{ a b }}");
    REQUIRE_FALSE(multi.ok());
    CHECK(multi.error().message == "Syntax error 'expected token 'end of print statement', got 'b''.");
    CHECK(multi.error().diagnostics[0].line == 2);
    CHECK(multi.error().diagnostics[0].column == 6);
  }
}
