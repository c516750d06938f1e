#include "dsl/yaql/lexer.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace bora::dsl::yaql {

namespace {

bool is_word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

bool is_ident_start(unsigned char c) {
  return is_word(c) && !is_digit(c);
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

bool parse_hex(std::string_view s, uint32_t& out) {
  out = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return false;
    }
    out = out * 16 + uint32_t(d);
  }
  return true;
}

// Decodes the escapes Python's unicode-escape codec knows; any other
// backslash pair is kept as written (so regexes like '\d' survive).
std::string decode_escapes(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[i + 1];
    const char* simple = std::strchr("\\'\"abfnrtv", c);
    static const char mapped[] = "\\'\"\a\b\f\n\r\t\v";
    if (c != 0 && simple) {
      out += mapped[simple - "\\'\"abfnrtv"];
      ++i;
      continue;
    }
    std::size_t width = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    uint32_t cp;
    if (width && i + 2 + width <= s.size() && parse_hex(s.substr(i + 2, width), cp) &&
        cp <= 0x10FFFF) {
      append_utf8(out, cp);
      i += 1 + width;
      continue;
    }
    if (c >= '0' && c <= '7') {
      uint32_t v = 0;
      std::size_t j = i + 1;
      while (j < s.size() && j < i + 4 && s[j] >= '0' && s[j] <= '7') {
        v = v * 8 + uint32_t(s[j] - '0');
        ++j;
      }
      append_utf8(out, v);
      i = j - 1;
      continue;
    }
    out += s[i];
  }
  return out;
}

class Lexer {
public:
  explicit Lexer(std::string_view text) : s_(text) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> out;
    while (true) {
      skip_space();
      if (i_ >= s_.size()) {
        Token t;
        t.type = Tok::end;
        t.pos = cp_pos();
        out.push_back(std::move(t));
        return out;
      }
      Token t;
      t.pos = cp_pos();
      if (!next(t)) {
        t.type = Tok::error;
        t.text = illegal().message;
        out.push_back(std::move(t));
        return out;
      }
      out.push_back(std::move(t));
    }
  }

private:
  void skip_space() {
    while (i_ < s_.size() && std::strchr(" \t\r\n", s_[i_]) && s_[i_] != 0) {
      ++i_;
    }
  }

  // Offsets only grow, so counting resumes where the last call stopped.
  uint32_t cp_pos() const {
    for (; cp_byte_ < i_; ++cp_byte_) {
      if ((static_cast<unsigned char>(s_[cp_byte_]) & 0xC0) != 0x80) {
        ++cp_count_;
      }
    }
    return cp_count_;
  }

  unsigned char at(std::size_t k) const {
    return k < s_.size() ? static_cast<unsigned char>(s_[k]) : 0;
  }

  Error illegal() const {
    std::size_t len = 1;
    while (i_ + len < s_.size() && (at(i_ + len) & 0xC0) == 0x80) {
      ++len;
    }
    uint32_t pos = cp_pos();
    return syntax_error("Lexical error: illegal character '" + std::string(s_.substr(i_, len)) +
                            "' at position " + std::to_string(pos),
                        pos);
  }

  std::size_t word_end(std::size_t k) const {
    while (k < s_.size() && is_word(at(k))) {
      ++k;
    }
    return k;
  }

  bool next(Token& t) {
    unsigned char c = at(i_);
    bool boundary = i_ == 0 || !is_word(at(i_ - 1));
    if (c == '$') {
      std::size_t e = word_end(i_ + 1);
      return take(t, Tok::dollar, e);
    }
    if (is_digit(c) && boundary) {
      return number(t);
    }
    if (is_ident_start(c) && boundary) {
      return identifier(t);
    }
    if (c == '\'' || c == '"' || c == '`') {
      return quoted(t, char(c));
    }
    return symbol(t);
  }

  bool take(Token& t, Tok type, std::size_t end) {
    t.type = type;
    t.text = std::string(s_.substr(i_, end - i_));
    i_ = end;
    return true;
  }

  bool number(Token& t) {
    std::size_t k = i_;
    while (is_digit(at(k))) {
      ++k;
    }
    std::size_t int_end = k;
    if (at(k) == '.' && is_digit(at(k + 1))) {
      std::size_t f = k + 1;
      while (is_digit(at(f))) {
        ++f;
      }
      if (!is_word(at(f))) {
        take(t, Tok::number, f);
        t.value = Value::number(std::strtod(t.text.c_str(), nullptr));
        return true;
      }
    }
    if (is_word(at(int_end))) {
      return false;
    }
    take(t, Tok::number, int_end);
    errno = 0;
    long long v = std::strtoll(t.text.c_str(), nullptr, 10);
    if (errno == ERANGE) {
      // Python has arbitrary precision; Bora's integers are 64-bit.
      t.value = Value::number(std::strtod(t.text.c_str(), nullptr));
    } else {
      t.value = Value::integer(v);
    }
    return true;
  }

  bool identifier(Token& t) {
    std::size_t e = word_end(i_);
    if (at(e) == '(') {
      take(t, Tok::func, e);
      ++i_;
      return true;
    }
    if (at(i_) == '_' && at(i_ + 1) == '_') {
      return false;
    }
    take(t, Tok::keyword, e);
    if (t.text == "true" || t.text == "false") {
      t.type = t.text == "true" ? Tok::true_ : Tok::false_;
      t.value = Value::boolean(t.text == "true");
    } else if (t.text == "null") {
      t.type = Tok::null_;
    } else if (t.text == "mod" || t.text == "and" || t.text == "or" || t.text == "not" ||
               t.text == "in") {
      t.type = Tok::op;
    } else {
      t.value = Value::string(t.text);
    }
    return true;
  }

  bool quoted(Token& t, char q) {
    std::size_t k = i_ + 1;
    while (k < s_.size() && s_[k] != q) {
      if (s_[k] == '\\') {
        if (k + 1 >= s_.size() || s_[k + 1] == '\n') {
          return false;
        }
        ++k;
      }
      ++k;
    }
    if (k >= s_.size()) {
      return false;
    }
    std::string_view body = s_.substr(i_ + 1, k - i_ - 1);
    std::string text;
    if (q == '`') {
      for (std::size_t j = 0; j < body.size(); ++j) {
        if (body[j] == '\\' && j + 1 < body.size() && body[j + 1] == '`') {
          continue;
        }
        text += body[j];
      }
    } else {
      text = decode_escapes(body);
    }
    i_ = k + 1;
    t.type = Tok::string;
    t.text = text;
    t.value = Value::string(std::move(text));
    return true;
  }

  bool symbol(Token& t) {
    static const char* const two[] = {"?.", "=~", "!~", ">=", "<=", "!=", "->", "=>"};
    for (const char* op : two) {
      if (s_.compare(i_, 2, op) == 0) {
        return take(t, std::strcmp(op, "=>") == 0 ? Tok::mapping : Tok::op, i_ + 2);
      }
    }
    switch (at(i_)) {
      case '.':
      case '+':
      case '-':
      case '*':
      case '/':
      case '>':
      case '<':
      case '=':
        return take(t, Tok::op, i_ + 1);
      case '[':
        return take(t, Tok::lbracket, i_ + 1);
      case '{':
        return take(t, Tok::lbrace, i_ + 1);
      case '(':
        return take(t, Tok::lparen, i_ + 1);
      case ')':
        return take(t, Tok::rparen, i_ + 1);
      case ']':
        return take(t, Tok::rbracket, i_ + 1);
      case '}':
        return take(t, Tok::rbrace, i_ + 1);
      case ',':
        return take(t, Tok::comma, i_ + 1);
      default:
        return false;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  mutable std::size_t cp_byte_ = 0;
  mutable uint32_t cp_count_ = 0;
};

}  // namespace

Error syntax_error(std::string message, uint32_t pos) {
  Diagnostic d;
  d.line = 0;
  d.column = pos + 1;
  d.message = message;
  return Error(Errc::parse_error, std::move(message), {std::move(d)});
}

Result<std::vector<Token>> tokenize(std::string_view text) {
  return Lexer(text).run();
}

}  // namespace bora::dsl::yaql
