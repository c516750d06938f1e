#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::dsl::test::eval;

namespace {
const char* data = R"({"a": {"b": 2}, "l": [3, 1, 2], "s": "text", "n": null,
  "users": [{"name": "ann", "age": 30}, {"name": "bob", "age": 20}]})";
}

TEST_SUITE("dsl.yaql.operators") {
  TEST_CASE("reads keys, indexes and elements of lists") {
    CHECK(eval("$.a.b", data) == "2");
    CHECK(eval("$.x", data) == "!'x'");
    CHECK(eval("$.a['b']", data) == "2");
    CHECK(eval("$.a['x', 5]", data) == "5");
    CHECK(eval("$.l[-1]", data) == "2");
    CHECK(eval("$.l[5]", data) == "!tuple index out of range");
    CHECK(eval("$.s[0]", data) == "!No function \"#indexer\" matches supplied arguments");
    CHECK(eval("$.users.name", data) == R"(["ann","bob"])");
    CHECK(eval("$.users.name[0]", data) ==
          "!No function \"#indexer\" matches supplied arguments");
    CHECK(eval("null.x") == "!Unknown function \"#property#x\"");
    CHECK(eval("$.n?.x", data) == "null");
    CHECK(eval("$.a?.b", data) == "2");
    CHECK(eval("$.'a'", data) == "!No function \"#operator_.\" matches supplied arguments");
  }

  TEST_CASE("does arithmetic as Python does") {
    CHECK(eval("7 / 2") == "3");
    CHECK(eval("-7 / 2") == "-4");
    CHECK(eval("7.0 / 2") == "3.5E0");
    CHECK(eval("7 mod -2") == "-1");
    CHECK(eval("-7 mod 2") == "1");
    CHECK(eval("1 / 0") == "!integer division or modulo by zero");
    CHECK(eval("1.0 / 0") == "!float division by zero");
    CHECK(eval("1 mod 0") == "!integer modulo by zero");
    CHECK(eval("0.1 + 0.2") == "3.0000000000000004E-1");
    CHECK(eval("'ab' * 3") == R"("ababab")");
    CHECK(eval("2 * [1]") == "[1,1]");
    CHECK(eval("'a' + 'b'") == R"("ab")");
    CHECK(eval("[1] + [2]") == "[1,2]");
    CHECK(eval("{a => 1} + {a => 2, b => 3}") == R"({"a":2,"b":3})");
    CHECK(eval("1 + '1'") == "!No function \"#operator_+\" matches supplied arguments");
    CHECK(eval("true + 1") == "!No function \"#operator_+\" matches supplied arguments");
    CHECK(eval("1 + null") == "!No function \"#operator_+\" matches supplied arguments");
    CHECK(eval("9223372036854775807 + 1").find("overflow") != std::string::npos);
  }

  TEST_CASE("compares values with null lowest and no chaining") {
    CHECK(eval("5.0 = 5") == "true");
    CHECK(eval("'5' = 5") == "false");
    CHECK(eval("null = null") == "true");
    CHECK(eval("[1, 2] = [1, 2]") == "true");
    CHECK(eval("5 > null") == "true");
    CHECK(eval("null < null") == "false");
    CHECK(eval("'abc' < 'abd'") == "true");
    CHECK(eval("1 < 2 < 3") == "!No function \"#operator_<\" matches supplied arguments");
    CHECK(eval("[1] < [2]") == "!No function \"#operator_<\" matches supplied arguments");
    CHECK(eval("$.l.where(true) = [3, 1, 2]", data) == "false");
  }

  TEST_CASE("tests membership and regular expressions") {
    CHECK(eval("2 in [1, 2]") == "true");
    CHECK(eval("'Wor' in 'Hello World'") == "true");
    CHECK(eval("1 in {1 => 2}") == "!No function \"#operator_in\" matches supplied arguments");
    CHECK(eval("'abc' =~ 'b'") == "true");
    CHECK(eval("'abc' !~ '^b'") == "true");
  }

  TEST_CASE("short-circuits and/or and returns an operand") {
    CHECK(eval("1 and 2") == "2");
    CHECK(eval("0 and $.missing", data) == "0");
    CHECK(eval("null or 'd'") == R"("d")");
    CHECK(eval("'x' or $.missing", data) == R"("x")");
    CHECK(eval("not ''") == "true");
    CHECK(eval("not 'false'") == "false");
    CHECK(eval("not {}") == "true");
  }

  TEST_CASE("reports YAQL's dispatch errors") {
    CHECK(eval("$.foo()", R"({"a":1})") == "!Unknown method \"foo\" for receiver {'a': 1}");
    CHECK(eval("$.l.join(1)", data) ==
          "!No method \"join\" for receiver (3, 1, 2) matches supplied arguments");
    CHECK(eval("nosuch(1)") == "!Unknown function \"nosuch\"");
    CHECK(eval("where([1], true)") == "!Unknown function \"where\"");
    CHECK(eval("len(1)") == "!No function \"len\" matches supplied arguments");
  }
}
