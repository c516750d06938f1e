// Inputs found by the fuzzer (test/fuzz/jinja_fuzz) that once crashed the
// engine; each must now fail or succeed cleanly.
#include <doctest/doctest.h>

#include "dsl/jinja/jinja.hpp"

TEST_SUITE("dsl.jinja.regression") {
  TEST_CASE("text that is not valid UTF-8 is refused at compile time") {
    auto r = bora::dsl::jinja::compile("{{ 'abc\xff\xff\x07'[5] }}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == bora::Errc::parse_error);
    CHECK(r.error().message == "Syntax error 'invalid UTF-8 at position 7'.");
  }
}
