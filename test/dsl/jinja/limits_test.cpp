// Every safety bound of the engine fails cleanly with Errc::limit_exceeded
// (or Jinja's own sandbox error) instead of exhausting memory, stack or time.
#include <doctest/doctest.h>

#include <string>

#include "helpers.hpp"

using bora::Errc;
using bora::dsl::EvalLimits;
using bora::dsl::jinja::compile;
using bora::dsl::jinja::max_parse_depth;
using bora::dsl::jinja::max_template_length;
using bora::dsl::jinja::test::run;

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

Errc compile_error(const std::string& text) {
  auto r = compile(text);
  return r.ok() ? Errc::internal : r.error().code;
}

}  // namespace

TEST_SUITE("dsl.jinja.limits") {
  TEST_CASE("rejects templates longer than max_template_length") {
    std::string text = "{{ 1 }}" + std::string(max_template_length, ' ');
    CHECK(compile_error(text) == Errc::limit_exceeded);
  }

  TEST_CASE("rejects nesting deeper than max_parse_depth") {
    CHECK(compile_error("{{ " + repeat("(", 5000) + "1" + repeat(")", 5000) + " }}") ==
          Errc::limit_exceeded);
    CHECK(compile_error("{{ " + repeat("[", 5000) + repeat("]", 5000) + " }}") == Errc::limit_exceeded);
    CHECK(compile_error("{{ " + repeat("not ", 5000) + "1 }}") == Errc::limit_exceeded);
    CHECK(compile_error(repeat("{% if 1 %}", 500) + "{{ 1 }}" + repeat("{% endif %}", 500)) ==
          Errc::limit_exceeded);
    // Left-nested chains make deep trees without deep parsing.
    CHECK(compile_error("{{ " + repeat("1 + ", 5000) + "1 }}") == Errc::limit_exceeded);
    CHECK(compile_error("{{ _" + repeat(".a", 5000) + " }}") == Errc::limit_exceeded);
    CHECK(compile_error("{{ 1" + repeat("|string", 5000) + " }}") == Errc::limit_exceeded);
    // Moderate nesting is fine.
    CHECK(compile("{{ " + repeat("1 + ", max_parse_depth / 2) + "1 }}").ok());
    CHECK(compile("{{ " + repeat("(", 30) + "1" + repeat(")", 30) + " }}").ok());
  }

  TEST_CASE("stops after max_steps evaluation steps") {
    EvalLimits limits;
    limits.max_steps = 10000;
    auto r = run("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{{ 1 }}",
                 "{}", limits);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::limit_exceeded);
  }

  TEST_CASE("stops recursion deeper than max_depth") {
    EvalLimits limits;
    limits.max_depth = 50;
    auto r = run("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "{}", limits);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::limit_exceeded);
    auto loop = run("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}{{ '' }}", "{}", limits);
    REQUIRE_FALSE(loop.ok());
    CHECK(loop.error().code == Errc::limit_exceeded);
  }

  TEST_CASE("the default depth limit is safe for the stack") {
    auto r = run("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::limit_exceeded);
  }

  TEST_CASE("refuses values larger than max_value_bytes before building them") {
    EvalLimits limits;
    limits.max_value_bytes = 1 << 20;
    auto code = [&](const std::string& text) {
      auto r = run(text, "{}", limits);
      return r.ok() ? Errc::internal : r.error().code;
    };
    CHECK(code("{{ 'a' * 1000000000 }}") == Errc::limit_exceeded);
    CHECK(code("{{ [1, 2] * 1000000000 }}") == Errc::limit_exceeded);
    CHECK(code("{{ 'ab' | center(1000000000) }}") == Errc::limit_exceeded);
    CHECK(code("{{ '%2000000000s' % 'a' }}") == Errc::limit_exceeded);
    CHECK(code("{% set s = 'x' * 1000 %}{{ range(2000) | map('string') | map('replace', '', s) | join }}") ==
          Errc::limit_exceeded);
    CHECK(code("{% set s = 'x' * 100000 %}{% for i in range(100) %}{{ s }}{% endfor %}") ==
          Errc::limit_exceeded);
    CHECK(code("{% set s = 'x' * 100000 %}{{ ([s] * 20) | join }}") == Errc::limit_exceeded);
  }

  TEST_CASE("self-referencing and exponentially shared values stay bounded") {
    auto cyclic = run("{% set l = [] %}{% set _x = l.append(l) %}{{ l }}");
    REQUIRE(cyclic.ok());
    CHECK(cyclic->as_string().find("[[[...") != std::string::npos);
    auto rendered = run("{% set l = [] %}{% set _x = l.append(l) %}{{ l | length }} {{ l == l }}");
    REQUIRE(rendered.ok());
    CHECK(rendered->as_string() == "1 True");
    auto native = run("{{ (namespace(l=[]).l) }}");
    CHECK(native.ok());
    EvalLimits limits;
    limits.max_value_bytes = 1 << 20;
    auto shared = run("{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = [ns.l, ns.l] %}"
                      "{% endfor %}{{ ns.l }}", "{}", limits);
    REQUIRE_FALSE(shared.ok());
    CHECK(shared.error().code == Errc::limit_exceeded);
    auto self_ns = run("{% set ns = namespace() %}{% set ns.me = ns %}={{ ns }}");
    CHECK(self_ns.ok());
  }

  TEST_CASE("range is capped as Jinja's sandbox caps it") {
    auto r = run("{{ range(1000000000) | length }}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    CHECK(run("{{ range(100000) | length }}").ok());
  }
}
