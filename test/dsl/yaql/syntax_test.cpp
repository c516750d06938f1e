#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::Errc;
using bora::dsl::test::eval;
using bora::dsl::test::run;

TEST_SUITE("dsl.yaql.syntax") {
  TEST_CASE("reads numbers, strings, keywords and context references") {
    CHECK(eval("42") == "42");
    CHECK(eval("3.25") == "3.25E0");
    CHECK(eval("'it''s'").rfind("!", 0) == 0);
    CHECK(eval(R"('a\tb\u00e9\x41\q')") == R"("a\tbéA\\q")");
    CHECK(eval(R"("say \"hi\"")") == R"("say \"hi\"")");
    CHECK(eval(R"(`raw \n \` end`)") == R"("raw \\n ` end")");
    CHECK(eval("true") == "true");
    CHECK(eval("null") == "null");
    CHECK(eval("SUCCESS") == R"("SUCCESS")");
    CHECK(eval("$", R"({"a":1})") == R"({"a":1})");
    CHECK(eval("$unset") == "null");
  }

  TEST_CASE("reports an illegal character with its position") {
    auto o = run("2e3");
    CHECK(o.code == Errc::parse_error);
    CHECK(o.message == "Lexical error: illegal character '2' at position 0");
    CHECK(o.column == 1);
    CHECK(run("$.__env").message == "Lexical error: illegal character '_' at position 2");
    CHECK(run("1 ? 2").message == "Lexical error: illegal character '?' at position 2");
    CHECK(run("'open").message == "Lexical error: illegal character ''' at position 0");
  }

  TEST_CASE("reports an unexpected token with YAQL's message and a 1-based column") {
    auto o = run("7 // 2");
    CHECK(o.code == Errc::parse_error);
    CHECK(o.message == "Parse error: unexpected '/' at position 3 of expression '7 // 2'");
    CHECK(o.column == 4);
    CHECK(run("true true").message ==
          "Parse error: unexpected 'True' at position 5 of expression 'true true'");
    CHECK(run("f(a => 1, 2)").message ==
          "Parse error: unexpected ')' at position 11 of expression 'f(a => 1, 2)'");
    CHECK(run("[1,]").message == "Parse error: unexpected ']' at position 3 of expression '[1,]'");
  }

  TEST_CASE("reports an unexpected end of statement") {
    CHECK(run("1 +").message == "Parse error: unexpected end of statement");
    CHECK(run("(1").message == "Parse error: unexpected end of statement");
    CHECK(run("foo(").message == "Parse error: unexpected end of statement");
  }

  TEST_CASE("reports a grammar error before a later illegal character") {
    CHECK(run("<% 1 %>").message ==
          "Parse error: unexpected '<' at position 0 of expression '<% 1 %>'");
  }

  TEST_CASE("follows YAQL's operator precedence") {
    CHECK(eval("1 + 2 * 3") == "7");
    CHECK(eval("-2 * 3") == "-6");
    CHECK(eval("-$.a.b", R"({"a":{"b":2}})") == "-2");
    CHECK(eval("not 1 = 2") == "true");
    CHECK(eval("not true and false") == "false");
    CHECK(eval("true or false and false") == "true");
    CHECK(eval("let(x => 5) -> $x + 1") == "6");
    CHECK(eval("let(x => 1) -> let(y => 2) -> $x + $y") == "3");
    CHECK(eval("2 + 3 in [5]") == "true");
  }

  TEST_CASE("rejects text longer than the expression limit") {
    std::string big(bora::dsl::yaql::max_expression_length + 1, ' ');
    big[0] = '1';
    CHECK(run(big).code == Errc::limit_exceeded);
  }

  TEST_CASE("rejects nesting deeper than the parse limit without overflowing the stack") {
    std::string deep(100000, '(');
    deep += "1";
    deep += std::string(100000, ')');
    CHECK(run(deep).code == Errc::limit_exceeded);
    std::string chain = "1";
    for (int i = 0; i < 5000; ++i) {
      chain += " + 1";
    }
    CHECK(run(chain).code == Errc::limit_exceeded);
    std::string ok(50, '(');
    ok += "1" + std::string(50, ')');
    CHECK(eval(ok) == "1");
  }
}
