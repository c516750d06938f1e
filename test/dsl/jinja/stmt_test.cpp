// Statements: if, for and the loop object, set, with, macros, call and filter blocks.
#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::dsl::jinja::test::render;
using bora::dsl::jinja::test::show;

TEST_SUITE("dsl.jinja.stmt") {
  TEST_CASE("if, elif and else pick one branch") {
    CHECK(render("{% if 0 %}a{% elif 2 %}b{% else %}c{% endif %}{{ '' }}") == "b");
    CHECK(render("{% if 0 %}a{% elif 0 %}b{% else %}c{% endif %}{{ '' }}") == "c");
    CHECK(show("{% if y %}{% endif %}{{ 1 }}") == "error(evaluation_error): 'y' is undefined");
  }

  TEST_CASE("for loops expose the loop object and filter items") {
    CHECK(render("{% for x in _.l if x > 1 %}{{ loop.index }}/{{ loop.length }}:{{ x }}"
                 "{% if not loop.last %},{% endif %}{% else %}none{% endfor %}{{ '' }}",
                 R"({"l": [1, 2, 3]})") == "1/2:2,2/2:3");
    CHECK(render("{% for x in [] %}a{% else %}empty{% endfor %}{{ '' }}") == "empty");
    CHECK(render("{% for i in [1,2,3] %}{{ loop.cycle('x', 'y') }}{{ loop.revindex }}{% endfor %}{{ '' }}") ==
          "x3y2x1");
    CHECK(render("{% for x in [1,1,2] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}{{ '' }}") ==
          "12");
    CHECK(render("{% for x in [1,2,3] %}{{ loop.previtem | default('-') }}{% endfor %}{{ '' }}") == "-12");
    CHECK(render("{% for a in [[1,2],[3]] %}{% for b in a %}{{ loop.depth }}{{ b }}{% endfor %}{% endfor %}{{ '' }}") ==
          "111213");
  }

  TEST_CASE("for loops unpack tuples") {
    CHECK(render("{% for k, v in _.d.items() %}{{ k }}={{ v }};{% endfor %}x", R"({"d": {"b": 1, "a": 2}})") ==
          "b=1;a=2;x");
    CHECK(show("{% for a, b in [1] %}{% endfor %}{{ 1 }}") ==
          "error(evaluation_error): cannot unpack non-iterable int object");
    CHECK(show("{% for a, b in [[1, 2, 3]] %}{% endfor %}{{ 1 }}") ==
          "error(evaluation_error): too many values to unpack (expected 2)");
  }

  TEST_CASE("recursive loops call loop()") {
    CHECK(render("{% for x in [[1, [2]], 3] recursive %}{% if x is iterable %}[{{ loop(x) }}]"
                 "{% else %}{{ x }}{% endif %}{% endfor %}{{ '' }}") == "[1[2]]3");
  }

  TEST_CASE("names set in a loop body stay in the loop and in the iteration") {
    CHECK(render("{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}") == "21");
    CHECK(render("{% for i in [1,2] %}{{ x | default('u') }}{% set x = i %}{{ x }}{% endfor %}") == "u1u2");
    CHECK(render("{% set ns = namespace(c=0) %}{% for i in range(3) %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}") ==
          "3");
  }

  TEST_CASE("loop objects and bound methods stay valid after the loop") {
    CHECK(render("{% set ns = namespace() %}{% for x in [1,2] %}{% set ns.l = loop %}{% set ns.c = loop.changed %}"
                 "{% endfor %}{{ ns.l.index }}{{ ns.c(1) }}") == "2True");
    CHECK(render("{% set n = cycler(1, 2).next %}{{ n() }}{{ n() }}") == "12");
  }

  TEST_CASE("set assigns names, tuples and blocks") {
    CHECK(render("{% set a, b = 1, 2 %}{{ a + b }}") == "3");
    CHECK(render("{% set x %}hello {{ 'w' }}{% endset %}{{ x | upper }}") == "HELLO W");
    CHECK(render("{% set x | upper %}hello{% endset %}{{ x }}") == "HELLO");
    CHECK(show("{% set a.b = 1 %}{{ 1 }}") ==
          "error(evaluation_error): cannot assign attribute on non-namespace object");
  }

  TEST_CASE("with opens a scope") {
    CHECK(render("{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}{{ a is defined }}") == "3False");
  }

  TEST_CASE("macros take arguments and defaults, and call blocks pass caller") {
    CHECK(render("{% macro m(a, b=2) %}{{ a }}-{{ b }}{% endmacro %}{{ m(1) }} {{ m(1, b=3) }}") ==
          "1-2 1-3");
    CHECK(render("{% macro m(x) %}[{{ caller(x) }}]{% endmacro %}{% call(y) m(5) %}got {{ y }}{% endcall %}{{ '' }}") ==
          "[got 5]");
    CHECK(render("{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1) | int }}{% endif %}{% endmacro %}{{ fact(5) }}") ==
          "120");
    CHECK(show("{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}") ==
          "error(evaluation_error): parameter 'a' was not provided");
  }

  TEST_CASE("filter blocks filter their output") {
    CHECK(render("{% filter upper %}abc{% endfilter %}{{ '' }}") == "ABC");
  }

  TEST_CASE("globals range, dict, namespace, cycler and joiner work") {
    CHECK(render("{{ range(1, 10, 3) | list }} {{ range(3) }}") == "[1, 4, 7] range(0, 3)");
    CHECK(render("={{ dict(a=1, b=2) }}") == "={'a': 1, 'b': 2}");
    CHECK(render("{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}") == "aba");
    CHECK(render("{% set j = joiner('|') %}{% for i in [1,2,3] %}{{ j() }}{{ i }}{% endfor %}") == "1|2|3");
    CHECK(render("{% set ns = namespace(a=1) %}{% set ns.a = 2 %}{{ ns.a }}{{ ns }}") ==
          "2<Namespace {'a': 2}>");
  }
}
