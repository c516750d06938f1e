#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "dsl/template.hpp"

namespace json = boost::json;
using namespace bora::dsl;

namespace {

bora::Result<json::value> eval(std::string_view text, const char* data = "{\"a\": 1}") {
  auto cs = CompiledString::compile(text);
  if (!cs.ok()) {
    return std::move(cs).error();
  }
  json::value d = json::parse(data);
  EvalContext ctx;
  ctx.data = &d;
  return (*cs)->evaluate(ctx);
}

}  // namespace

TEST_SUITE("dsl.template") {
  TEST_CASE("detects Jinja before YAQL and never across a newline") {
    CHECK(detect_language("<% $.a %>") == ExprLang::yaql);
    CHECK(detect_language("{{ _.a }}") == ExprLang::jinja);
    CHECK(detect_language("{% if true %}x{% endif %}") == ExprLang::jinja);
    CHECK(detect_language("plain text") == ExprLang::none);
    CHECK(detect_language("<% $.a +\n 1 %>") == ExprLang::none);
    CHECK(detect_language("{{ a\n}}") == ExprLang::none);
    CHECK(detect_language("<%>") == ExprLang::none);
  }

  TEST_CASE("a whole expression keeps its native type") {
    CHECK(*eval("<% $.a + 1 %>") == json::value(2));
    CHECK(*eval("<% [1, 2] %>") == json::parse("[1, 2]"));
    CHECK(*eval("{{ _.a }}") == json::value(1));
  }

  TEST_CASE("mixed text interpolates Python str forms") {
    CHECK(*eval("x<% $.f %>", "{\"f\": 1.0}") == json::value("x1.0"));
    CHECK(*eval("  <% 1 %>  ") == json::value("  1  "));
    CHECK(*eval("<% 1 %><% 2 %>") == json::value("12"));
    CHECK(*eval("d=<% {x=>1} %> n=<% null %> b=<% true %>") ==
          json::value("d={'x': 1} n=None b=True"));
    CHECK(*eval("a={{ _.l }}", "{\"l\": [3, 1, 2]}") == json::value("a=[3, 1, 2]"));
  }

  TEST_CASE("plain text evaluates to itself") {
    CHECK(*eval("no expressions here") == json::value("no expressions here"));
    CHECK(*eval("<% $.a +\n 1 %>") == json::value("<% $.a +\n 1 %>"));
  }

  TEST_CASE("rejects both languages in one string") {
    auto r = CompiledString::compile("{{ _.a }} and <% $.b %>");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "The line already contains an expression of type 'jinja'. Mixing expression types in "
          "a single line is not allowed.");
    REQUIRE(r.error().diagnostics.size() == 1);
    CHECK(r.error().diagnostics[0].column == 15);
  }

  TEST_CASE("reports a YAQL syntax error at its column in the whole string") {
    auto r = CompiledString::compile("x = <% 7 // 2 %>");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == bora::Errc::parse_error);
    REQUIRE_FALSE(r.error().diagnostics.empty());
    CHECK(r.error().diagnostics[0].column == 11);
  }

  TEST_CASE("wraps evaluation errors in Mistral's message") {
    auto r = eval("<% $.missing %>");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == bora::Errc::evaluation_error);
    CHECK(r.error().message ==
          "Can not evaluate YAQL expression [expression=$.missing, error='missing', "
          "data={'a': 1}]");
    auto j = eval("{{ _.missing }}");
    REQUIRE_FALSE(j.ok());
    CHECK(j.error().message.rfind("Can not evaluate Jinja expression [expression={{ _.missing }}",
                                  0) == 0);
  }

  TEST_CASE("evaluates structures recursively, never keys") {
    auto t = ValueTemplate::compile(
        json::parse(R"({"<% $.a %>": "<% $.a %>", "l": ["<% $.a + 1 %>", 5, {"d": "x<% $.a %>"}]})"));
    REQUIRE(t.ok());
    CHECK(t->has_expressions());
    json::value data = json::parse(R"({"a": 1})");
    EvalContext ctx;
    ctx.data = &data;
    auto v = t->evaluate(ctx);
    REQUIRE(v.ok());
    CHECK(*v == json::parse(R"({"<% $.a %>": 1, "l": [2, 5, {"d": "x1"}]})"));
  }

  TEST_CASE("leaves a structure unevaluated when the context is empty") {
    auto t = ValueTemplate::compile(json::parse(R"({"k": "<% 1 + 1 %>"})"));
    REQUIRE(t.ok());
    json::value empty = json::object();
    EvalContext ctx;
    ctx.data = &empty;
    CHECK(*t->evaluate(ctx) == json::parse(R"({"k": "<% 1 + 1 %>"})"));
  }

  TEST_CASE("names every bad leaf with its relative path") {
    auto t = ValueTemplate::compile(json::parse(R"({"a": {"b": "<% 1 + %>"}, "l": [1, "{{ ) }}"]})"));
    REQUIRE_FALSE(t.ok());
    REQUIRE(t.error().diagnostics.size() == 2);
    CHECK(t.error().diagnostics[0].path == "a.b");
    CHECK(t.error().diagnostics[1].path == "l.1");
  }

  TEST_CASE("a literal template holds no expressions") {
    auto t = ValueTemplate::compile(json::parse(R"({"k": [1, "text"]})"));
    REQUIRE(t.ok());
    CHECK_FALSE(t->has_expressions());
  }
}
