#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "dsl/inline_params.hpp"

namespace json = boost::json;
using bora::dsl::parse_command_text;

TEST_SUITE("dsl.inline_params") {
  TEST_CASE("takes text without a space as a bare name") {
    auto c = parse_command_text("std.echo");
    CHECK(c.ok);
    CHECK(c.name == "std.echo");
    CHECK(c.params.empty());
    auto e = parse_command_text("x=1");
    CHECK(e.name == "x=1");
    CHECK(e.params.empty());
  }

  TEST_CASE("reads each value form of the reference grammar") {
    auto c = parse_command_text(
        R"(std.echo a="hello world" b='single' c=<% $.x + 1 %> d={{ _.y }} e=[1, 2] f=true g=false h=null i=42)");
    CHECK(c.ok);
    CHECK(c.name == "std.echo");
    CHECK(c.params.at("a") == json::value("hello world"));
    CHECK(c.params.at("b") == json::value("single"));
    CHECK(c.params.at("c") == json::value("<% $.x + 1 %>"));
    CHECK(c.params.at("d") == json::value("{{ _.y }}"));
    CHECK(c.params.at("e") == json::parse("[1, 2]"));
    CHECK(c.params.at("f") == json::value(true));
    CHECK(c.params.at("g") == json::value(false));
    CHECK(c.params.at("h").is_null());
    CHECK(c.params.at("i") == json::value(42));
  }

  TEST_CASE("drops values of any other form as Mistral does") {
    auto c = parse_command_text("std.echo output=done n=-1 f=1.5");
    CHECK(c.params.find("output") == c.params.end());
    CHECK(c.params.find("n") == c.params.end());
    CHECK(c.params.at("f") == json::value(1));
  }

  TEST_CASE("matches a list greedily to the last bracket and keeps bad JSON as text") {
    auto c = parse_command_text("act a=[1, 2] b=[3]");
    CHECK(c.params.at("a") == json::value("[1, 2] b=[3]"));
    auto d = parse_command_text("act a=[x, y]");
    CHECK(d.params.at("a") == json::value("[x, y]"));
  }

  TEST_CASE("keeps digits with leading zeros as text") {
    auto c = parse_command_text("act a=007");
    CHECK(c.params.at("a") == json::value("007"));
  }

  TEST_CASE("lets a later key win and accepts dashes in keys") {
    auto c = parse_command_text("act x=1 x=2 break-on=<% $.y %>");
    CHECK(c.params.at("x") == json::value(2));
    CHECK(c.params.at("break-on") == json::value("<% $.y %>"));
  }

  TEST_CASE("accepts an expression as the command") {
    auto c = parse_command_text("<% $.action %> a=1");
    CHECK(c.ok);
    CHECK(c.name == "<% $.action %>");
    CHECK(c.params.at("a") == json::value(1));
    auto j = parse_command_text("{{ _.act }} a=1");
    CHECK(j.name == "{{ _.act }}");
  }

  TEST_CASE("flags text that starts with neither a name nor an expression") {
    auto c = parse_command_text("-foo x=1");
    CHECK_FALSE(c.ok);
  }

  TEST_CASE("records where each value starts") {
    auto c = parse_command_text(R"(std.echo output="<% $.a %>" n=3)");
    REQUIRE(c.positions.size() == 2);
    CHECK(c.positions[0].key == "output");
    CHECK(c.positions[0].offset == 17);
    CHECK(c.positions[1].key == "n");
    CHECK(c.positions[1].offset == 30);
  }

  TEST_CASE("reads retry's one-line form") {
    auto c = parse_command_text("count=3 delay=1 break-on=<% $.stop %>");
    CHECK(c.name == "count");
    CHECK(c.params.at("count") == json::value(3));
    CHECK(c.params.at("delay") == json::value(1));
    CHECK(c.params.at("break-on") == json::value("<% $.stop %>"));
  }
}
