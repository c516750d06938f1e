// Expressions: operators, attribute and item lookup, Python methods.
#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::dsl::jinja::test::render;
using bora::dsl::jinja::test::show;

TEST_SUITE("dsl.jinja.expr") {
  TEST_CASE("arithmetic follows Python") {
    CHECK(render("{{ 10 // 3 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7.5 % 2 }} {{ 2 ** 10 }} {{ 2 ** -1 }}") ==
          "3 -4 2 1.5 1024 0.5");
    CHECK(render("{{ 7 / 2 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 1 + 2 * 3 ** 2 }}") == "3.5 64 4 19");
    CHECK(render("{{ 'a' * 3 }} {{ [1] * 2 }} {{ 3 * 'b' }} {{ [1] + [2] }}") == "aaa [1, 1] bbb [1, 2]");
    CHECK(show("{{ 1 / 0 }}") == "error(evaluation_error): division by zero");
    CHECK(show("{{ 'a' + 1 }}") ==
          "error(evaluation_error): can only concatenate str (not \"int\") to str");
    CHECK(show("{{ 1 + none }}") ==
          "error(evaluation_error): unsupported operand type(s) for +: 'int' and 'NoneType'");
    CHECK(show("{{ 2 ** 64 }}") == "error(evaluation_error): integer overflow");
  }

  TEST_CASE("logic returns operands as Python does") {
    CHECK(render("{{ none or 'x' }} {{ 0 and 1 }} {{ not none }} {{ 'y' if 1 else 'n' }}") ==
          "x 0 True y");
    CHECK(render("{{ 1 < 2 < 3 }} {{ 1 == 1.0 }} {{ 'a' in 'cat' }} {{ 3 not in [1] }}") ==
          "True True True True");
    CHECK(show("{{ 1 < 'a' }}") ==
          "error(evaluation_error): '<' not supported between instances of 'int' and 'str'");
  }

  TEST_CASE("an inline if without else is undefined") {
    CHECK(render("a{{ 1 if 0 }}") == "a");
    CHECK(show("{{ 'y' if false }}") ==
          "error(evaluation_error): the inline if-expression on line 1 evaluated to false and no "
          "else section was defined.");
  }

  TEST_CASE("concatenation with ~ uses Python str()") {
    CHECK(render("{{ 'a' ~ 1 ~ 2.0 ~ none ~ true }}") == "a12.0NoneTrue");
  }

  TEST_CASE("attribute lookup prefers Python attributes, then items") {
    CHECK(show("{{ _.d['items'] }}", R"({"d": {"items": 1}})") == "1");
    CHECK(render("={{ _.d.items() | list }}", R"({"d": {"items": 1}})") == "=[('items', 1)]");
    CHECK(render("={{ _.d.items() }}", R"({"d": {"x": 1}})") == "=dict_items([('x', 1)])");
    CHECK(show("{{ _.a['b'].c[0] }}", R"({"a": {"b": {"c": [9]}}})") == "9");
    CHECK(show("{{ _['a b'] }}", R"({"a b": 1})") == "1");
    CHECK(show("{{ _.__class__ }}") ==
          "error(evaluation_error): access to attribute '__class__' of 'dict' object is unsafe.");
  }

  TEST_CASE("slicing follows Python") {
    CHECK(render("{{ 'abc'[::-1] }} {{ [1,2,3,4][1:3] }} {{ [1,2,3][-5:] }} {{ 'héllo'[1] }}") ==
          "cba [2, 3] [1, 2, 3] é");
    CHECK(show("{{ {'a': 1}[1:2] }}") == "error(evaluation_error): unhashable type: 'slice'");
  }

  TEST_CASE("str, dict and list methods are callable") {
    CHECK(render("{{ 'a,b,,c'.split(',') }} {{ ' a  b '.split() }} {{ 'a b c'.rsplit(' ', 1) }}") ==
          "['a', 'b', '', 'c'] ['a', 'b'] ['a b', 'c']");
    CHECK(render("{{ ' x '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ 'Hello'.upper() }}") == "x|hi|HELLO");
    CHECK(render("{{ 'hello'.startswith('he') }} {{ 'hello'.endswith(('x', 'lo')) }}") == "True True");
    CHECK(render("{{ '{} and {}'.format(1, 'b') }} {{ '{name}!'.format(name='z') }}") == "1 and b z!");
    CHECK(render("{{ '{:>6.2f}|{:<4}|{:+d}|{:x}|{:,.2f}'.format(3.14159, 'ab', 5, 255, 1234567.891) }}") ==
          "  3.14|ab  |+5|ff|1,234,567.89");
    CHECK(render("{{ 'abc'.find('c') }} {{ 'abcabc'.count('b') }} {{ [1,2,2].index(2) }}") == "2 2 1");
    CHECK(render("{{ _.d.get('zz', 'def') }} {{ _.d.keys() | list }}", R"({"d": {"b": 1}})") ==
          "def ['b']");
  }

  TEST_CASE("lists and dicts built by the template can be changed in place") {
    CHECK(render("{% set acc = [] %}{% for x in [1, 2] %}{{ acc.append(x * 2) or '' }}{% endfor %}{{ acc }}") ==
          "[2, 4]");
    CHECK(render("{% set d = {} %}{% set _x = d.update({'a': 1}) %}{{ d }}") == "{'a': 1}");
    CHECK(show("{{ _.l.append(1) }}", R"({"l": []})").find("cannot change input data") !=
          std::string::npos);
  }

  TEST_CASE("printf-style formatting with % follows Python") {
    CHECK(render("{{ '%5.2f|%-4d|%s' % (3.14159, 7, none) }}") == " 3.14|7   |None");
    CHECK(show("{{ '%s %s' % (1,) }}") == "error(evaluation_error): not enough arguments for format string");
  }

  TEST_CASE("integers beyond int64 from the input pass through exactly") {
    CHECK(show("{{ _.big }}", R"({"big": 12345678901234567890})") == "12345678901234567890");
    CHECK(render("a{{ _.big }}", R"({"big": 12345678901234567890})") == "a12345678901234567890");
  }

  TEST_CASE("text handles non-ASCII letters") {
    CHECK(render("{{ 'straße' | upper }} {{ 'ÉCOLE' | lower }} {{ 'héllo' | length }}") ==
          "STRASSE école 5");
  }
}
