#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "dsl/yaml_scalar.hpp"
#include "dsl/yaml_value.hpp"

namespace json = boost::json;
using namespace bora::dsl;

TEST_SUITE("dsl.yaml_value") {
  TEST_CASE("resolves plain scalars by YAML 1.1 rules") {
    CHECK(resolve_yaml11_scalar("yes") == json::value(true));
    CHECK(resolve_yaml11_scalar("Off") == json::value(false));
    CHECK(resolve_yaml11_scalar("~").is_null());
    CHECK(resolve_yaml11_scalar("").is_null());
    CHECK(resolve_yaml11_scalar("0x1F") == json::value(31));
    CHECK(resolve_yaml11_scalar("017") == json::value(15));
    CHECK(resolve_yaml11_scalar("0b101") == json::value(5));
    CHECK(resolve_yaml11_scalar("1_000") == json::value(1000));
    CHECK(resolve_yaml11_scalar("-42") == json::value(-42));
    CHECK(resolve_yaml11_scalar("1:30") == json::value(90));
    CHECK(resolve_yaml11_scalar("1.5") == json::value(1.5));
    CHECK(resolve_yaml11_scalar("1e3") == json::value("1e3"));
    CHECK(resolve_yaml11_scalar("1.0e+3") == json::value(1000.0));
    CHECK(resolve_yaml11_scalar(".inf").as_double() > 1e308);
    CHECK(resolve_yaml11_scalar("yess") == json::value("yess"));
    CHECK(resolve_yaml11_scalar("2.0") == json::value(2.0));
    CHECK(resolve_yaml11_scalar("09") == json::value("09"));
  }

  TEST_CASE("parses YAML documents into JSON values") {
    auto v = parse_yaml_value("a: 1\nb: [x, 'y', yes]\nc:\n  d: null\n");
    REQUIRE(v.ok());
    CHECK(*v == json::parse(R"({"a": 1, "b": ["x", "y", true], "c": {"d": null}})"));
    auto tagged = parse_yaml_value("n: !!str 12\n");
    REQUIRE(tagged.ok());
    CHECK(*tagged == json::parse(R"({"n": "12"})"));
  }

  TEST_CASE("reports YAML syntax errors with line and column") {
    auto v = parse_yaml_value("a: [1, 2\nb: 3\n");
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().code == bora::Errc::parse_error);
    REQUIRE(v.error().diagnostics.size() == 1);
    CHECK(v.error().diagnostics[0].line >= 1);
  }

  TEST_CASE("stops an alias bomb instead of expanding it") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; ++c) {
      bomb += std::string(1, c) + ": &" + c + " [";
      for (int i = 0; i < 10; ++i) {
        bomb += std::string(i ? ", " : "") + "*" + prev;
      }
      bomb += "]\n";
      prev = c;
    }
    auto v = parse_yaml_value(bomb);
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().code == bora::Errc::limit_exceeded);
  }

  TEST_CASE("rejects deep nesting without overflowing the stack") {
    std::string deep(20000, '[');
    deep += std::string(20000, ']');
    auto v = parse_yaml_value(deep);
    CHECK_FALSE(v.ok());
  }

  TEST_CASE("dumps block YAML with sorted keys") {
    auto v = json::parse(R"({"b": [1, "two", {"k": true}], "a": {"x": null, "e": {}}, "c": "yes"})");
    CHECK(dump_yaml_value(v) ==
          "a:\n  e: {}\n  x: null\nb:\n- 1\n- two\n- k: true\nc: 'yes'\n");
    CHECK(dump_yaml_value(json::value(5)) == "5\n...\n");
    CHECK(dump_yaml_value(json::parse("[]")) == "[]\n");
    CHECK(dump_yaml_value(json::parse(R"({"s": "a: b", "f": 1e16})")) ==
          "f: 1.0e+16\ns: 'a: b'\n");
  }
}
