#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::dsl::test::eval;

namespace {
const char* data = R"({"l": [3, 1, 2], "m": {"x": 1, "y": "two"},
  "users": [{"name": "ann", "age": 30}, {"name": "bob", "age": 20}, {"name": "cy", "age": 30}]})";
}

TEST_SUITE("dsl.yaql.library") {
  TEST_CASE("converts and tests types") {
    CHECK(eval("str([1])") == "\"(1,)\"");
    CHECK(eval("str(null)") == R"("null")");
    CHECK(eval("str(true)") == R"("true")");
    CHECK(eval("str({a => [1, 'x'], b => null})") == "\"{'a': (1, 'x'), 'b': None}\"");
    CHECK(eval("str(1.0)") == R"("1.0")");
    CHECK(eval("str(0.1 + 0.2)") == R"("0.30000000000000004")");
    CHECK(eval("str(10000000000000000.0)") == R"("1e+16")");
    CHECK(eval("int(' 12 ')") == "12");
    CHECK(eval("int(-1.9)") == "-1");
    CHECK(eval("int('0x10')") == "!invalid literal for int() with base 10: '0x10'");
    CHECK(eval("float('1.5')") == "1.5E0");
    CHECK(eval("bool('')") == "false");
    CHECK(eval("isInteger(true)") == "false");
    CHECK(eval("isList(set(1))") == "false");
    CHECK(eval("list($.l)", data) == "[[3,1,2]]");
    CHECK(eval("dict(a => 1)") == R"({"a":1})");
    CHECK(eval("dict([['a', 1]])") == R"({"a":1})");
  }

  TEST_CASE("queries collections with lambdas") {
    CHECK(eval("$.l.where($ > 1)", data) == "[3,2]");
    CHECK(eval("$.l.select($ * 10)", data) == "[30,10,20]");
    CHECK(eval("$.users.where($.age = 30).name", data) == R"(["ann","cy"])");
    CHECK(eval("$.l.orderBy($)", data) == "[1,2,3]");
    CHECK(eval("$.users.orderBy($.age).thenByDescending($.name).name", data) ==
          R"(["bob","cy","ann"])");
    CHECK(eval("$.l.first()", data) == "3");
    CHECK(eval("[].first(7)") == "7");
    CHECK(eval("[].first()") == "!");
    CHECK(eval("$.l.sum()", data) == "6");
    CHECK(eval("['a', 'b'].sum()") == R"("ab")");
    CHECK(eval("$.l.max()", data) == "3");
    CHECK(eval("max(1, 2.5)") == "2.5E0");
    CHECK(eval("[1, 1, 2].distinct()") == "[1,2]");
    CHECK(eval("$.l.any($ > 2)", data) == "true");
    CHECK(eval("[].all()") == "true");
    CHECK(eval("[1, 2, 3, 4].groupBy($ mod 2)") == "[[1,[1,3]],[0,[2,4]]]");
    CHECK(eval("[1, 2].enumerate(1)") == "[[1,1],[2,2]]");
    CHECK(eval("[1, [2, [3]]].flatten()") == "[1,2,3]");
    CHECK(eval("[1, 2, 3].aggregate($1 + $2, 10)") == "16");
    CHECK(eval("range(5, 0, -2)") == "[5,3,1]");
    CHECK(eval("[1, 2].zip([3, 4])") == "[[1,3],[2,4]]");
    CHECK(eval("$.l.len()", data) == "3");
    CHECK(eval("$.l.join(', ')", data) == R"("3, 1, 2")");
    CHECK(eval("', '.join($.l)", data) == R"("3, 1, 2")");
    CHECK(eval("set(1, 2).union(set(3)).len()") == "3");
    CHECK(eval("sequence(1, 2).where($ > 4).take(2)") == "[5,7]");
  }

  TEST_CASE("reads and edits maps") {
    CHECK(eval("$.m.get(x)", data) == "1");
    CHECK(eval("$.m.get(z, 5)", data) == "5");
    CHECK(eval("$.m.keys().len()", data) == "2");
    CHECK(eval("$.m.values()", data) == R"([1,"two"])");
    CHECK(eval("$.m.items().toList()", data) == R"([["x",1],["y","two"]])");
    CHECK(eval("$.m.items()", data) == "!unhashable type: 'list'");
    CHECK(eval("$.m.set(z, 3).z", data) == "3");
    CHECK(eval("$.m.delete(x)", data) == R"({"y":"two"})");
    CHECK(eval("$.m.containsKey(y)", data) == "true");
    CHECK(eval("{a => [1], b => {c => 1}}.mergeWith({a => [2], b => {d => 2}})") ==
          R"({"a":[1,2],"b":{"c":1,"d":2}})");
  }

  TEST_CASE("works on strings in code points") {
    CHECK(eval("len('héllo')") == "5");
    CHECK(eval("'a,,b'.split(',')") == R"(["a","","b"])");
    CHECK(eval("' a  b '.split()") == R"(["a","b"])");
    CHECK(eval("'héllo'.substring(1, 3)") == R"("éll")");
    CHECK(eval("'xxaxx'.trim('x')") == R"("a")");
    CHECK(eval("'aaa'.replace('a', 'b', 2)") == R"("bba")");
    CHECK(eval("'straße'.toUpper()") == R"("STRASSE")");
    CHECK(eval("'{0}-{x}'.format(1, x => 2)") == R"("1-2")");
    CHECK(eval("'{:>5.1f}|{!r}'.format(3.14159, 'q')") == R"("  3.1|'q'")");
    CHECK(eval("' '.norm()") == "null");
    CHECK(eval("'abc'.indexOf('c')") == "2");
  }

  TEST_CASE("matches regular expressions with Python syntax") {
    CHECK(eval("regex('a(b)').search('xabab')") == R"("ab")");
    CHECK(eval(R"(regex('(a)').replace('xaya', '<\\1>'))") == R"("x<a>y<a>")");
    CHECK(eval(R"('xaya'.replace(regex('(?P<n>a)'), '[\\g<n>]'))") == R"("x[a]y[a]")");
    CHECK(eval("'a1b2c'.split(regex('\\d'))") == R"(["a","b","c"])");
    CHECK(eval("regex('A', ignoreCase => true).matches('a')") == "true");
    CHECK(eval("escapeRegex('a.b')") == R"("a\\.b")");
    CHECK(eval(R"('aa' =~ '(a)\\1')").find("not supported") != std::string::npos);
    CHECK(eval("'ab' =~ '(?<=a)b'").find("not supported") != std::string::npos);
  }

  TEST_CASE("branches, binds and computes") {
    CHECK(eval("coalesce(null, 2, 3)") == "2");
    CHECK(eval("switch(1 > 2 => a, true => b)") == R"("b")");
    CHECK(eval("def(sq, $ * $) -> [2, 3].select(sq($))") == "[4,9]");
    CHECK(eval("[1, 2].unpack(a, b) -> $a + $b") == "3");
    CHECK(eval("round(2.5)") == "2E0");
    CHECK(eval("round(1234, -2)") == "1200");
    CHECK(eval("pow(2, 10)") == "1024");
    CHECK(eval("abs(-3)") == "3");
  }

  TEST_CASE("handles datetimes and timespans in UTC") {
    CHECK(eval("datetime(2020, 1, 2)") == R"("2020-01-02T00:00:00+00:00")");
    CHECK(eval("str(datetime(2020, 1, 2) + timespan(days => 1))") ==
          R"("2020-01-03 00:00:00+00:00")");
    CHECK(eval("datetime('2020-01-02T03:04:05+02:00').hour") == "3");
    CHECK(eval("(datetime(2020, 1, 3) - datetime(2020, 1, 1)).days") == "2E0");
    CHECK(eval("str(timespan(hours => 26))") == R"("1 day, 2:00:00")");
    CHECK(eval("datetime(2020, 1, 2).format('%Y/%m/%d')") == R"("2020/01/02")");
    CHECK(eval("now().year > 2000") == "true");
  }
}
