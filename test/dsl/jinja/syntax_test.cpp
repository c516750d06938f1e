// Lexing and parsing: delimiters, whitespace control, literals, syntax errors.
#include <doctest/doctest.h>

#include "helpers.hpp"

using bora::dsl::jinja::compile;
using bora::dsl::jinja::test::render;
using bora::dsl::jinja::test::show;

namespace {

std::string syntax_error(const std::string& text) {
  auto r = compile(text);
  return r.ok() ? "compiled" : r.error().message;
}

}  // namespace

TEST_SUITE("dsl.jinja.syntax") {
  TEST_CASE("trim_blocks and lstrip_blocks remove the lines of block tags") {
    CHECK(render("a\n  {% if true %}\n  b\n  {% endif %}\nc{{ '' }}") == "a\n  b\nc");
    CHECK(render("  {% if true %}\n  yes\n  {% endif %}\n{{ 'end' }}") == "  yes\nend");
  }

  TEST_CASE("minus and plus signs control whitespace around tags") {
    CHECK(render("a  {%- if true -%}  b  {%- endif -%}  c{{ '' }}") == "abc");
    CHECK(render("x  {{- 1 -}}  y") == "x1y");
    CHECK(render("a  {%+ if true %}b{% endif %}{{ '' }}") == "a  b");
    CHECK(render("{% if true +%}\nb{% endif %}{{ '' }}") == "\nb");
    CHECK(render("{%- for x in [1,2] -%}\n  {{ x }}\n{%- endfor %}{{ '' }}") == "12");
  }

  TEST_CASE("comments and raw blocks produce no tags") {
    CHECK(render("{# comment #}{{ 1 }}") == "1");
    CHECK(render("{% raw %}{{ not }}{% endraw %}{{ 1 }}") == "{{ not }}1");
    CHECK(render("{%- raw -%}  x  {%- endraw -%}{{ '' }}") == "x");
    CHECK(syntax_error("{# unclosed {{ 1 }}") == "Syntax error 'Missing end of comment tag'.");
    CHECK(syntax_error("{% raw %}{{ 1 }}") == "Syntax error 'Missing end of raw directive'.");
  }

  TEST_CASE("one trailing newline of the template is dropped") {
    CHECK(show("{{ 1 }}\n") == R"("1")");
    CHECK(show("{{ 1 }}\n\n") == R"("1\n")");
  }

  TEST_CASE("literals follow Jinja's lexer") {
    CHECK(render("{{ 1_000 }} {{ 0x1f }} {{ 0o17 }} {{ 0b101 }} {{ 1.5e3 }} {{ 1e20 }}") ==
          "1000 31 15 5 1500.0 1e+20");
    CHECK(render(R"({{ "a\tb\\n" }} {{ 'it''s' }} {{ "x" "y" }} {{ '\x41\u00e9' }})") ==
          "a\tb\\n its xy A\xc3\xa9");
    CHECK(render("{{ True }} {{ false }} {{ None }} {{ [1, 2,] }} {{ (1, 2,) }} {{ {'a': 1,} }}") ==
          "True False None [1, 2] (1, 2) {'a': 1}");
    CHECK(render("{{ () }} {{ (1,) }}") == "() (1,)");
  }

  TEST_CASE("closing braces inside an expression do not end it") {
    // The first `}}` ends Mistral's whole-string match, so this one renders.
    CHECK(show("{{ {'a': {'b': 1}} }}") == R"("{'a': {'b': 1}}")");
    CHECK(show("{{ {'a': {'b': 1} } }}") == R"({"a":{"b":1}})");
    CHECK(render("{{ '}}' }}") == "}}");
  }

  TEST_CASE("reports Jinja's syntax error messages") {
    CHECK(syntax_error("{{ a b }}") ==
          "Syntax error 'expected token 'end of print statement', got 'b''.");
    CHECK(syntax_error("{{ }}") == "Syntax error 'Expected an expression, got 'end of print statement''.");
    CHECK(syntax_error("{{ (1 }}") == "Syntax error 'unexpected '}', expected ')''.");
    CHECK(syntax_error("{{ 1) }}") == "Syntax error 'unexpected ')''.");
    CHECK(syntax_error("{{ 'abc }}") == "Syntax error 'unexpected char \"'\" at 3'.");
    CHECK(syntax_error("{{ $ }}") == "Syntax error 'unexpected char '$' at 3'.");
    CHECK(syntax_error("{{ a. }}") == "Syntax error 'expected name or number'.");
    CHECK(syntax_error("{% if x %}a{{ 1 }}") ==
          "Syntax error 'Unexpected end of template. Jinja was looking for the following tags: "
          "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.'.");
    CHECK(syntax_error("{% foo %}{{ 1 }}") == "Syntax error 'Encountered unknown tag 'foo'.'.");
    CHECK(syntax_error("{% if 1 %}{% endfor %}{{ 1 }}") ==
          "Syntax error 'Encountered unknown tag 'endfor'. Jinja was looking for the following "
          "tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is "
          "'if'.'.");
    CHECK(syntax_error("{% set 1 = 2 %}{{ 1 }}") == "Syntax error 'can't assign to 'const''.");
    CHECK(syntax_error("{{ f(a=1, 2) }}") == "Syntax error 'invalid syntax for function call expression'.");
    CHECK(syntax_error("{{ 1 is odd is even }}") == "Syntax error 'You cannot chain multiple tests with is'.");
  }

  TEST_CASE("unknown filters and tests fail when evaluated, not when parsed") {
    CHECK(compile("{{ 1 | foo }}").ok());
    CHECK(show("{{ 1 | foo }}") == "error(evaluation_error): No filter named 'foo'.");
    CHECK(show("{{ 1 is foo }}") == "error(evaluation_error): No test named 'foo'.");
    // Jinja rejects unknown names before running anything...
    CHECK(show("{{ x }}{{ 1 | foo }}") == "error(evaluation_error): No filter named 'foo'.");
    // ...except inside if statements and inline ifs, where only running them fails.
    CHECK(render("{% if false %}{{ 1 | foo }}{% endif %}{{ 'ok' }}") == "ok");
    CHECK(show("{% if true %}{{ 1 | foo }}{% endif %}{{ 'ok' }}") ==
          "error(evaluation_error): No filter named 'foo' found.");
    CHECK(show("{{ 1 if true else 2 | foo }}") == "1");
  }

  TEST_CASE("template loading statements parse but need a loader") {
    CHECK(show("{% include 'x' %}{{ 1 }}") ==
          "error(evaluation_error): no loader for this environment specified");
    CHECK(show("{% from 'x' import a, b as c %}{{ 1 }}") ==
          "error(evaluation_error): no loader for this environment specified");
    CHECK(render("{% block b %}in block{% endblock b %}{{ '' }}") == "in block");
  }
}
