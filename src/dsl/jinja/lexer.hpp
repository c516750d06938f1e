#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace bora::dsl::jinja {

/// Kinds of template tokens, as Jinja's lexer produces them.
enum class Tok : uint8_t {
  data,
  var_begin,
  var_end,
  block_begin,
  block_end,
  name,
  string,
  integer,
  real,
  op,
  eof,
  /// A lexical error (message in `text`); always the last token.
  error
};

/// One token. `text` holds the data, name, decoded string or operator.
struct Token {
  Tok type = Tok::eof;
  std::string text;
  int64_t i = 0;
  double d = 0;
  /// 0-based byte offset of the token in the source.
  uint32_t pos = 0;
};

/// Returns the tokens of `src`, ending with one `eof` token, or with an
/// `error` token at the first lexical error (the parser reports it when it
/// gets there, as Jinja's lazy lexer does). With `expression_only` the
/// source is lexed as the inside of `{{ }}` (Jinja's "variable" state), as
/// Mistral does for a whole-string expression.
std::vector<Token> tokenize(std::string_view src, bool expression_only);

/// Returns Jinja's description of a token (`'end of print statement'`...).
std::string describe(const Token& t);

/// Returns a parse error at byte offset `pos` (see tokenize()).
Error syntax_error(std::string msg, uint32_t pos);

}  // namespace bora::dsl::jinja
