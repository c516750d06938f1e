#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "dsl/pystr.hpp"

namespace json = boost::json;
using namespace bora::dsl;

TEST_SUITE("dsl.pystr") {
  TEST_CASE("renders floats as Python's repr") {
    CHECK(py_float_repr(1.0) == "1.0");
    CHECK(py_float_repr(0.1) == "0.1");
    CHECK(py_float_repr(-2.5) == "-2.5");
    CHECK(py_float_repr(1e16) == "1e+16");
    CHECK(py_float_repr(1.5e16) == "1.5e+16");
    CHECK(py_float_repr(1e15) == "1000000000000000.0");
    CHECK(py_float_repr(0.0001) == "0.0001");
    CHECK(py_float_repr(0.00001) == "1e-05");
    CHECK(py_float_repr(123456.789) == "123456.789");
    CHECK(py_float_repr(1.0 / 3) == "0.3333333333333333");
    CHECK(py_float_repr(0.0) == "0.0");
    CHECK(py_float_repr(-0.0) == "-0.0");
  }

  TEST_CASE("renders values as Python's repr and str") {
    auto v = json::parse(R"({"x": 1, "l": [true, null, "a'b", 2.0], "s": "it's \"q\""})");
    CHECK(py_repr(v) == R"({'x': 1, 'l': [True, None, "a'b", 2.0], 's': 'it\'s "q"'})");
    CHECK(py_str(json::value("text")) == "text");
    CHECK(py_repr(json::value("text")) == "'text'");
    CHECK(py_str(json::value(nullptr)) == "None");
    CHECK(py_repr(json::value("tab\there\n")) == "'tab\\there\\n'");
    CHECK(py_repr(json::value("\x01")) == "'\\x01'");
    CHECK(py_repr(json::value("caf\xc3\xa9")) == "'caf\xc3\xa9'");
  }

  TEST_CASE("dumps JSON the way Python's json.dumps does") {
    auto v = json::parse(R"({"a": [1, 2.5, "\u00e9"], "b": {}, "c": []})");
    CHECK(py_json_dumps(v) == R"({"a": [1, 2.5, "\u00e9"], "b": {}, "c": []})");
    CHECK(py_json_dumps(v, 4) ==
          "{\n    \"a\": [\n        1,\n        2.5,\n        \"\\u00e9\"\n    ],\n"
          "    \"b\": {},\n    \"c\": []\n}");
    CHECK(py_json_dumps(json::parse(R"({"b": 1, "a": 2})"), -1, true) == R"({"a": 2, "b": 1})");
  }

  TEST_CASE("judges truthiness as Python does") {
    for (const char* falsy : {"null", "false", "0", "0.0", "\"\"", "[]", "{}"}) {
      CHECK_FALSE(py_truthy(json::parse(falsy)));
    }
    for (const char* truthy : {"true", "1", "-1", "0.5", "\"false\"", "[0]", "{\"a\": null}"}) {
      CHECK(py_truthy(json::parse(truthy)));
    }
  }

  TEST_CASE("compares values as Python's == does") {
    CHECK(py_equal(json::parse("5"), json::parse("5.0")));
    CHECK(py_equal(json::parse("true"), json::parse("1")));
    CHECK_FALSE(py_equal(json::parse("\"5\""), json::parse("5")));
    CHECK(py_equal(json::parse(R"({"a": [1, {"b": 2}]})"), json::parse(R"({"a": [1.0, {"b": 2}]})")));
    CHECK_FALSE(py_equal(json::parse("[1, 2]"), json::parse("[2, 1]")));
    CHECK(py_equal(json::parse(R"({"a": 1, "b": 2})"), json::parse(R"({"b": 2, "a": 1})")));
    CHECK(py_equal(json::parse("null"), json::parse("null")));
  }
}
