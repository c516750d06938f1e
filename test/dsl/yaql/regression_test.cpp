// Inputs found by the fuzzer (test/fuzz/yaql_fuzz) that once crashed the
// engine; each must now fail or succeed cleanly.
#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::dsl::test::eval;

TEST_SUITE("dsl.yaql.regression") {
  TEST_CASE("a library call missing an argument it reads is a dispatch error") {
    CHECK(eval("'abc'.replace('a')").rfind("!", 0) == 0);
    CHECK(eval("replace('abc')").rfind("!", 0) == 0);
  }
}

TEST_SUITE("dsl.yaql.regression") {
  TEST_CASE("text that is not valid UTF-8 is refused at compile time") {
    auto r = bora::dsl::yaql::compile("regex('\xff\xff+').search('a')");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == bora::Errc::parse_error);
    CHECK(r.error().message == "Lexical error: invalid UTF-8 at position 7");
    REQUIRE(r.error().diagnostics.size() == 1);
    CHECK(r.error().diagnostics[0].column == 8);
  }
}

TEST_SUITE("dsl.yaql.regression") {
  TEST_CASE("string arguments computed by an expression outlive their use") {
    CHECK(eval("datetime('0@020' + ',%d/-m/%Y')").rfind("!", 0) == 0);
    CHECK(eval("datetime('2020-01-0' + '2').day") == "2");
    CHECK(eval("('ab' + 'c').startsWith('a' + 'b')") == "true");
    CHECK(eval("regex('a' + '+').search('x' + 'aa')") == "\"aa\"");
  }
}
