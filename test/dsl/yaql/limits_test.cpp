#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::Errc;
using bora::dsl::EvalLimits;
using bora::dsl::test::run;

TEST_SUITE("dsl.yaql.limits") {
  TEST_CASE("stops a long computation at the step limit") {
    EvalLimits small;
    small.max_steps = 1000;
    CHECK(run("range(100).select($ * 2).len()", "{}", small).ok);
    CHECK(run("range(10000).select($ * 2).len()", "{}", small).code == Errc::limit_exceeded);
    CHECK(run("sequence().where(false).first()").code == Errc::limit_exceeded);
    CHECK(run("range(2000000).aggregate($1 + 'xxxxxxxxxx', '')").code == Errc::limit_exceeded);
  }

  TEST_CASE("refuses to build values beyond the size limit before allocating") {
    CHECK(run("range(1000000000)").code == Errc::limit_exceeded);
    CHECK(run("'a' * 1000000000").code == Errc::limit_exceeded);
    CHECK(run("[1, 2] * 100000000").code == Errc::limit_exceeded);
    EvalLimits small;
    small.max_value_bytes = 1000;
    CHECK(run("range(100).len()", "{}", small).ok);
    CHECK(run("'abc' * 1000", "{}", small).code == Errc::limit_exceeded);
    CHECK(run("range(200).select('xxxxxxxxxx').join('')", "{}", small).code ==
          Errc::limit_exceeded);
  }

  TEST_CASE("bounds evaluation depth of nested lambdas and recursion") {
    EvalLimits small;
    small.max_depth = 20;
    std::string nested = "$";
    for (int i = 0; i < 30; ++i) {
      nested = "[1].select(" + nested + ")";
    }
    CHECK(run(nested, "{}", small).code == Errc::limit_exceeded);
    CHECK(run("def(f, f($)) -> f(1)").code == Errc::limit_exceeded);
  }

  TEST_CASE("refuses values nested too deeply to print or free safely") {
    CHECK(run("range(100000).aggregate([$1], [])").code == Errc::limit_exceeded);
    CHECK(run("range(100).aggregate([$1], []).len()").ok);
  }
}
