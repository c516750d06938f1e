#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include <boost/json.hpp>

#include "dsl/yaml_loader.hpp"

namespace json = boost::json;
using bora::Errc;
using bora::dsl::load_yaml;
using bora::dsl::YamlNode;

namespace {

// Loads `v: <text>` and returns the value of v.
json::value scalar(const std::string& text) {
  auto r = load_yaml("v: " + text + "\n");
  REQUIRE(r.ok());
  return r->find("v")->value;
}

}  // namespace

TEST_SUITE("dsl.yaml_loader") {
  TEST_CASE("resolves plain scalars as PyYAML's safe loader does") {
    CHECK(scalar("yes") == json::value(true));
    CHECK(scalar("Off") == json::value(false));
    CHECK(scalar("TRUE") == json::value(true));
    CHECK(scalar("yEs") == json::value("yEs"));
    CHECK(scalar("y") == json::value("y"));
    CHECK(scalar("~").is_null());
    CHECK(scalar("Null").is_null());
    CHECK(scalar("nULL") == json::value("nULL"));
    CHECK(scalar("017") == json::value(15));
    CHECK(scalar("0o17") == json::value("0o17"));
    CHECK(scalar("0x1F") == json::value(31));
    CHECK(scalar("0b101") == json::value(5));
    CHECK(scalar("1_000") == json::value(1000));
    CHECK(scalar("1:30") == json::value(90));
    CHECK(scalar("-0") == json::value(0));
    CHECK(scalar("08") == json::value("08"));
    CHECK(scalar("1e3") == json::value("1e3"));
    CHECK(scalar("1.0e3") == json::value("1.0e3"));
    CHECK(scalar("1.0e+3") == json::value(1000.0));
    CHECK(scalar(".5") == json::value(0.5));
    CHECK(scalar("1.") == json::value(1.0));
    CHECK(std::isinf(scalar("+.inf").as_double()));
    CHECK(std::isnan(scalar(".NaN").as_double()));
    CHECK(scalar("2002-12-14") == json::value("2002-12-14"));
  }

  TEST_CASE("keeps quoted and block scalars as strings") {
    CHECK(scalar("\"yes\"") == json::value("yes"));
    CHECK(scalar("'17'") == json::value("17"));
    auto r = load_yaml("v: |\n  true\n");
    REQUIRE(r.ok());
    CHECK(r->find("v")->value == json::value("true\n"));
  }

  TEST_CASE("honours explicit core tags") {
    CHECK(scalar("!!str 5") == json::value("5"));
    CHECK(scalar("!!int '7'") == json::value(7));
    CHECK(scalar("!!float '1'") == json::value(1.0));
    CHECK(scalar("!!bool 'yes'") == json::value(true));
    CHECK(scalar("!!null ''").is_null());
  }

  TEST_CASE("rejects unknown tags and scalars PyYAML cannot construct") {
    for (const char* text :
         {"v: !foo 1\n", "v: !!python/name:os.system x\n", "v: =\n", "v: <<\n"}) {
      CAPTURE(text);
      auto r = load_yaml(text);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::parse_error);
      CHECK(r.error().message.find("could not determine a constructor for the tag") !=
            std::string::npos);
    }
  }

  TEST_CASE("records 1-based positions with columns in code points") {
    auto r = load_yaml("a:\n  b: 1\n  ü: \"x\"\n  c: ü\n");
    REQUIRE(r.ok());
    const YamlNode& a = *r->find("a");
    CHECK(a.mark.line == 2);
    CHECK(a.mark.column == 3);
    const auto* u = a.find_entry("ü");
    REQUIRE(u);
    CHECK(u->key_mark.line == 3);
    CHECK(u->key_mark.column == 3);
    CHECK(u->value.mark.column == 6);
    CHECK(u->value.text_mark.column == 7);
    CHECK(a.find("c")->mark.column == 6);
  }

  TEST_CASE("places block scalar text on its first content line") {
    auto r = load_yaml("v: |\n    first\n    second\n");
    REQUIRE(r.ok());
    const YamlNode& v = *r->find("v");
    CHECK(v.block_scalar);
    CHECK(v.text_mark.line == 2);
    CHECK(v.text_mark.column == 5);
    auto m = bora::dsl::mark_in_text(v, 2, 3);
    CHECK(m.line == 3);
    CHECK(m.column == 7);
  }

  TEST_CASE("reads an empty document, only comments or a false value as an empty map") {
    for (const char* text :
         {"", "# just a comment\n", "~\n", "false\n", "0\n", "''\n", "[]\n", "---\n...\n"}) {
      CAPTURE(text);
      auto r = load_yaml(text);
      REQUIRE(r.ok());
      CHECK(r->is_map());
      CHECK(r->entries.empty());
    }
  }

  TEST_CASE("reports every duplicate key with both positions") {
    auto r = load_yaml("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_definition);
    REQUIRE(r.error().diagnostics.size() == 2);
    CHECK(r.error().diagnostics[0].line == 4);
    CHECK(r.error().diagnostics[0].message ==
          "duplicate key 'x' (first defined at line 3, column 3)");
    CHECK(r.error().diagnostics[1].line == 5);
    CHECK(r.error().diagnostics[1].message ==
          "duplicate key 'a' (first defined at line 1, column 1)");
    CHECK(r.error().message == r.error().diagnostics[0].message);
  }

  TEST_CASE("rejects a second document") {
    auto r = load_yaml("a: 1\n---\nb: 2\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::parse_error);
    CHECK(r.error().message ==
          "Definition could not be parsed: expected a single document in the stream");
    CHECK(r.error().diagnostics.at(0).line == 2);
  }

  TEST_CASE("reports YAML syntax errors with their position") {
    auto r = load_yaml("a:\n  b: [1, 2\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::parse_error);
    CHECK(r.error().message.rfind("Definition could not be parsed: ", 0) == 0);
    CHECK(r.error().diagnostics.at(0).line >= 2);
  }

  TEST_CASE("rejects collections as map keys") {
    auto r = load_yaml("? [a, b]\n: 1\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "Definition could not be parsed: found unhashable key");
  }

  TEST_CASE("keeps non-text keys as json.dumps spells them") {
    auto r = load_yaml("1: a\nyes: b\n~: c\n1.5: d\n");
    REQUIRE(r.ok());
    REQUIRE(r->entries.size() == 4);
    CHECK(r->entries[0].key == "1");
    CHECK(r->entries[1].key == "true");
    CHECK(r->entries[2].key == "null");
    CHECK(r->entries[3].key == "1.5");
    CHECK_FALSE(r->entries[1].key_is_text);
  }

  TEST_CASE("expands aliases and merge keys") {
    auto r = load_yaml("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n");
    REQUIRE(r.ok());
    auto j = bora::dsl::to_json(*r);
    CHECK(j.at("use") == json::parse(R"({"x": 1, "y": 3})"));
    CHECK(j.at("list").as_array().size() == 2);
  }

  TEST_CASE("rejects a merge of something that is not a map") {
    auto r = load_yaml("a:\n  <<: 5\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "Definition could not be parsed: expected a mapping or list of mappings for merging");
  }

  TEST_CASE("converts to JSON in document order") {
    auto r = load_yaml("b: [1, {c: null}]\na: text\n");
    REQUIRE(r.ok());
    CHECK(json::serialize(bora::dsl::to_json(*r)) == R"({"b":[1,{"c":null}],"a":"text"})");
  }
}
