// Jinja's standard filters and tests.
#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::dsl::jinja::test::render;
using bora::dsl::jinja::test::show;

namespace {

const char* users = R"({"u": [{"name": "a", "age": 3, "t": "x"}, {"name": "b", "age": 1, "t": "y"},
                              {"name": "c", "age": 2, "t": "x"}]})";

}  // namespace

TEST_SUITE("dsl.jinja.filters") {
  TEST_CASE("sequence filters") {
    CHECK(render("{{ _.l | length }} {{ _.l | first }} {{ _.l | last }} {{ _.l | sum }} {{ _.l | max }} {{ _.l | min }}",
                 R"({"l": [3, 1, 2]})") == "3 3 2 6 3 1");
    CHECK(render("{{ [3, 1, 2] | sort(reverse=true) }} {{ ['b', 'A', 'c'] | sort }} {{ ['b', 'A'] | sort(case_sensitive=true) }}") ==
          "[3, 2, 1] ['A', 'b', 'c'] ['A', 'b']");
    CHECK(render("{{ [1,1,2] | unique | list }} {{ [1,2,3,4,5] | batch(2, 0) | list }} {{ [1,2,3,4,5] | slice(2) | list }}") ==
          "[1, 2] [[1, 2], [3, 4], [5, 0]] [[1, 2, 3], [4, 5]]");
    CHECK(render("{{ [1, 2] | join }} {{ [1, 2] | join(', ') }} {{ 'abc' | list }} {{ [1, 2] | reverse | list }}") ==
          "12 1, 2 ['a', 'b', 'c'] [2, 1]");
    CHECK(show("{{ [] | first }}") == "error(evaluation_error): No first item, sequence was empty.");
  }

  TEST_CASE("attribute-based filters") {
    CHECK(render("{{ _.u | sort(attribute='age') | map(attribute='name') | join(',') }}", users) == "b,c,a");
    CHECK(render("{{ _.u | sort(attribute='t,age') | map(attribute='name') | join(',') }}", users) == "c,a,b");
    CHECK(show("{{ _.u | selectattr('age', 'gt', 1) | map(attribute='name') | list }}", users) == R"(["a","c"])");
    CHECK(show("{{ _.u | rejectattr('t', 'equalto', 'x') | map(attribute='name') | list }}", users) == R"(["b"])");
    CHECK(render("{{ _.u | sum(attribute='age') }} {{ (_.u | max(attribute='age')).name }} {{ _.u | join(',', attribute='name') }}",
                 users) == "6 a a,b,c");
    CHECK(render("{% for g, items in _.u | groupby('t') %}{{ g }}={{ items | map(attribute='name') | join }};{% endfor %}",
                 users) == "x=ac;y=b;");
    CHECK(render("{% for g in _.u | groupby('t') %}{{ g.grouper }}{{ g.list | length }}{% endfor %}", users) ==
          "x2y1");
    CHECK(show("{{ _.u | map(attribute='zz', default='d') | list }}", users) == R"(["d","d","d"])");
  }

  TEST_CASE("select and map take tests and filters by name") {
    CHECK(render("{{ [1,2,3,4] | select('odd') | list }} {{ [1,2,3,4] | reject('even') | list }}") ==
          "[1, 3] [1, 3]");
    CHECK(render("{{ [0, 1, none, 'a'] | select | list }} {{ ['a', 'b'] | map('upper') | list }}") ==
          "[1, 'a'] ['A', 'B']");
  }

  TEST_CASE("mapping filters") {
    CHECK(render("{{ {'b': 1, 'a': 2} | dictsort }} {{ {'b': 1, 'a': 2} | dictsort(by='value') }}") ==
          "[('a', 2), ('b', 1)] [('b', 1), ('a', 2)]");
    CHECK(render("{{ {'a': 1} | items | list }} {{ {'a': 1, 'b': none} | xmlattr }}") ==
          "[('a', 1)]  a=\"1\"");
  }

  TEST_CASE("text filters") {
    CHECK(render("{{ 'hello world' | title }} {{ 'hello' | capitalize }} {{ 'ab' | center(6) }}|") ==
          "Hello World Hello   ab  |");
    CHECK(render("{{ 'abc' | replace('b', 'X') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ 'abc' | reverse }}") ==
          "aXc bba cba");
    CHECK(render("{{ 'foo bar baz qux' | truncate(9) }} {{ 'foo bar baz qux' | truncate(9, True) }}") ==
          "foo... foo ba...");
    CHECK(render("{{ 'a\\nb\\n\\nc' | indent(2) }}") == "a\n  b\n\n  c");
    CHECK(render("{{ 'The quick brown fox jumps' | wordwrap(10) }}") == "The quick\nbrown fox\njumps");
    CHECK(render("{{ '  x  ' | trim }}|{{ 'one two  three' | wordcount }}|{{ '<b>a</b>  b' | striptags }}") ==
          "x|3|a b");
    CHECK(render("{{ '<a>' | e }} {{ 'a b' | urlencode }} {{ {'a': 'x y', 'b': '/'} | urlencode }}") ==
          "&lt;a&gt; a%20b a=x+y&b=%2F");
    CHECK(render("{{ '%s-%05.1f' | format('a', 2.345) }} {{ '%(a)s' | format(a=1) }}") == "a-002.3 1");
  }

  TEST_CASE("default, conversions and rounding") {
    CHECK(render("{{ none | default('y') }} {{ none | default('y', true) }} {{ undefined_thing | d('z') }}") ==
          "None y z");
    CHECK(render("{{ '3.5' | float }} {{ 'x' | float }} {{ '42' | int }} {{ '4.7' | int }} {{ 'x' | int(7) }} {{ '0x1A' | int(0, 16) }}") ==
          "3.5 0.0 42 4 7 26");
    CHECK(render("{{ 2.5 | round }} {{ 3.14159 | round(2) }} {{ 2.1 | round(0, 'ceil') }} {{ 2.9 | round(method='floor') }} {{ 3 | round }}") ==
          "2.0 3.14 3.0 2.0 3");
    CHECK(render("{{ 1 | string }} {{ [1, 'a'] | string }} {{ -3.5 | abs }}") == "1 [1, 'a'] 3.5");
    CHECK(show("{{ {'a': [1, 'x', none, true], '<': 1.0} | tojson }}") ==
          R"("{\"\\u003c\": 1.0, \"a\": [1, \"x\", null, true]}")");
  }

  TEST_CASE("tests") {
    CHECK(render("{{ x is defined }} {{ none is none }} {{ 1 is number }} {{ 'a' is string }} {{ {} is mapping }} {{ [] is sequence }}") ==
          "False True True True True True");
    CHECK(render("{{ 1 is integer }} {{ 1.0 is float }} {{ true is boolean }} {{ 0 is false }} {{ 3 is odd }} {{ 9 is divisibleby 3 }}") ==
          "True True True False True True");
    CHECK(render("{{ 'ab' is lower }} {{ 2 is in [1,2] }} {{ 1 is eq 1 }} {{ [1, 2, 3] | select('>=', 2) | list }} {{ x is not defined }} {{ 'upper' is filter }}") ==
          "True True True [2, 3] True True");
  }
}
