#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/yaql/value.hpp"
#include "result.hpp"

namespace bora::dsl::yaql {

/// Token classes of YAQL's lexer.
enum class Tok : uint8_t {
  end,
  number,
  string,   // quoted or verbatim string, escapes decoded
  keyword,  // bare identifier
  true_,
  false_,
  null_,
  func,     // identifier immediately followed by '(' (the '(' is consumed)
  dollar,   // $, $name, $1
  op,       // operator symbol or word operator (mod, and, or, not, in)
  mapping,  // =>
  lbracket, // [
  lbrace,   // {
  lparen,
  rparen,
  rbracket,
  rbrace,
  comma,
  error,    // an illegal character; `text` holds the lexical error message
};

/// One token: its class, text (operator symbol, identifier, decoded string),
/// literal value, and 0-based code point offset in the source.
struct Token {
  Tok type = Tok::end;
  std::string text;
  Value value;
  uint32_t pos = 0;
};

/// Splits `text` into tokens, ending with Tok::end, or with Tok::error at the
/// first illegal character (YAQL reports it only when the parser reaches it,
/// so an earlier grammar error wins, as in YAQL).
Result<std::vector<Token>> tokenize(std::string_view text);

/// Builds a parse/lexical error with a Diagnostic at 0-based offset `pos`.
Error syntax_error(std::string message, uint32_t pos);

}  // namespace bora::dsl::yaql
