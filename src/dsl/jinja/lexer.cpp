#include "dsl/jinja/lexer.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace bora::dsl::jinja {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

std::string char_repr(char c) {
  if (c == '\'') {
    return "\"'\"";
  }
  if (c == '\\') {
    return "'\\\\'";
  }
  return std::string("'") + c + "'";
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_value(char c) {
  if (is_digit(c)) {
    return c - '0';
  }
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Decodes the backslash escapes of a string literal the way Python's
// unicode-escape codec does (unknown escapes keep their backslash).
bool unescape(std::string_view in, std::string& out, std::string& err) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '\\' || i + 1 >= in.size()) {
      out += c;
      continue;
    }
    char e = in[++i];
    switch (e) {
      case '\n':
        break;
      case '\\':
      case '\'':
      case '"':
        out += e;
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        std::size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t cp = 0;
        for (std::size_t k = 0; k < n; ++k) {
          int h = i + 1 + k < in.size() ? hex_value(in[i + 1 + k]) : -1;
          if (h < 0) {
            err = e == 'x' ? "truncated \\xXX escape"
                           : e == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
            return false;
          }
          cp = cp * 16 + static_cast<uint32_t>(h);
        }
        if (cp > 0x10FFFF) {
          err = "illegal Unicode character";
          return false;
        }
        append_utf8(out, cp);
        i += n;
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          uint32_t cp = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2 && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '7'; ++k) {
            cp = cp * 8 + static_cast<uint32_t>(in[++i] - '0');
          }
          append_utf8(out, cp);
        } else {
          out += '\\';
          out += e;
        }
    }
  }
  return true;
}

const char* const operators[] = {"**", "//", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%",
                                 "~",  "[",  "]",  "(",  ")",  "{",  "}", ">", "<", "=", ".",
                                 ":",  "|",  ",",  ";"};

class Lexer {
public:
  explicit Lexer(std::string_view src) : src_(src) {}

  std::vector<Token> run(bool expression_only) {
    Result<void> r;
    if (expression_only) {
      r = lex_tag(false, true);
    } else {
      while (r.ok() && pos_ < src_.size()) {
        r = lex_root();
      }
    }
    if (!r.ok()) {
      // Jinja lexes lazily, so a lexical error only surfaces when the
      // parser reaches it: it travels as a token.
      const auto& d = r.error().diagnostics;
      push(Tok::error, r.error().message, d.empty() ? 0 : d[0].column);
      return std::move(out_);
    }
    push(Tok::eof, "", static_cast<uint32_t>(src_.size()));
    return std::move(out_);
  }

private:
  void push(Tok t, std::string text, uint32_t pos) {
    Token tok;
    tok.type = t;
    tok.text = std::move(text);
    tok.pos = pos;
    out_.push_back(std::move(tok));
  }

  bool at(std::size_t p, std::string_view s) const { return src_.substr(p, s.size()) == s; }

  std::size_t skip_spaces(std::size_t p) const {
    while (p < src_.size() && is_space(src_[p])) {
      ++p;
    }
    return p;
  }

  // Applies `-` (strip all trailing whitespace) or lstrip_blocks to the
  // text in front of a tag, and emits it.
  void emit_data(std::string text, std::size_t start, char sign, bool lstrip) {
    if (sign == '-') {
      auto end = text.find_last_not_of(" \t\n\r\f\v");
      text.erase(end == std::string::npos ? 0 : end + 1);
    } else if (sign != '+' && lstrip) {
      auto nl = text.rfind('\n');
      std::size_t l = nl == std::string::npos ? 0 : nl + 1;
      if ((l > 0 || line_starting_) && l < text.size() &&
          text.find_first_not_of(" \t\n\r\f\v", l) == std::string::npos) {
        text.erase(l);
      }
    }
    if (!text.empty()) {
      push(Tok::data, std::move(text), static_cast<uint32_t>(start));
    }
  }

  // Matches the opening `{% raw %}` (with optional `-`/`+`) at `p`.
  bool match_raw_begin(std::size_t p, std::size_t& end) const {
    std::size_t q = p + 2;
    if (q < src_.size() && (src_[q] == '-' || src_[q] == '+')) {
      ++q;
    }
    q = skip_spaces(q);
    if (!at(q, "raw")) {
      return false;
    }
    q = skip_spaces(q + 3);
    if (at(q, "-%}")) {
      end = skip_spaces(q + 3);
      return true;
    }
    if (at(q, "%}")) {
      end = q + 2;
      return true;
    }
    return false;
  }

  Result<void> lex_root() {
    std::size_t start = pos_;
    std::size_t p = pos_;
    while (true) {
      p = src_.find('{', p);
      if (p == std::string_view::npos || p + 1 >= src_.size()) {
        push(Tok::data, std::string(src_.substr(start)), static_cast<uint32_t>(start));
        pos_ = src_.size();
        return {};
      }
      char k = src_[p + 1];
      if (k == '{' || k == '%' || k == '#') {
        break;
      }
      ++p;
    }
    char kind = src_[p + 1];
    char sign = p + 2 < src_.size() && (src_[p + 2] == '-' || src_[p + 2] == '+') ? src_[p + 2] : 0;
    std::string text(src_.substr(start, p - start));
    std::size_t raw_end = 0;
    if (kind == '%' && match_raw_begin(p, raw_end)) {
      emit_data(std::move(text), start, sign, true);
      return lex_raw(raw_end);
    }
    emit_data(std::move(text), start, sign, kind != '{');
    pos_ = p + 2 + (sign != 0 ? 1 : 0);
    if (kind == '#') {
      return lex_comment(p);
    }
    push(kind == '{' ? Tok::var_begin : Tok::block_begin, kind == '{' ? "{{" : "{%",
         static_cast<uint32_t>(p));
    return lex_tag(kind == '%', false);
  }

  // Finds the earliest block end (`+%}`, `-%}`, `%}`) or comment end at or
  // after `p`; `close` is `%}` or `#}`.
  std::size_t find_end(std::size_t p, char mark, std::size_t& after) const {
    for (std::size_t q = p; q + 1 < src_.size(); ++q) {
      if ((src_[q] == '+' || src_[q] == '-') && q + 2 < src_.size() && src_[q + 1] == mark &&
          src_[q + 2] == '}') {
        after = src_[q] == '-' ? skip_spaces(q + 3) : q + 3;
        return q;
      }
      if (src_[q] == mark && src_[q + 1] == '}') {
        after = q + 2 < src_.size() && src_[q + 2] == '\n' ? q + 3 : q + 2;
        return q;
      }
    }
    return std::string_view::npos;
  }

  Result<void> lex_comment(std::size_t begin) {
    std::size_t after = 0;
    if (find_end(pos_, '#', after) == std::string_view::npos) {
      return syntax_error("Missing end of comment tag", static_cast<uint32_t>(begin));
    }
    line_starting_ = src_[after - 1] == '\n';
    pos_ = after;
    return {};
  }

  Result<void> lex_raw(std::size_t p) {
    for (std::size_t q = src_.find("{%", p); q != std::string_view::npos;
         q = src_.find("{%", q + 1)) {
      std::size_t r = q + 2;
      char sign = r < src_.size() && (src_[r] == '-' || src_[r] == '+') ? src_[r] : 0;
      r = skip_spaces(r + (sign != 0 ? 1 : 0));
      if (!at(r, "endraw")) {
        continue;
      }
      r = skip_spaces(r + 6);
      std::size_t after = 0;
      if (at(r, "+%}")) {
        after = r + 3;
      } else if (at(r, "-%}")) {
        after = skip_spaces(r + 3);
      } else if (at(r, "%}")) {
        after = r + 2 < src_.size() && src_[r + 2] == '\n' ? r + 3 : r + 2;
      } else {
        continue;
      }
      emit_data(std::string(src_.substr(p, q - p)), p, sign, true);
      line_starting_ = src_[after - 1] == '\n';
      pos_ = after;
      return {};
    }
    return syntax_error("Missing end of raw directive", static_cast<uint32_t>(p));
  }

  // Lexes the inside of `{{ }}` or `{% %}` up to its end tag.
  Result<void> lex_tag(bool block, bool expression_only) {
    std::vector<char> balance;
    while (true) {
      if (balance.empty() && !expression_only && end_tag(block)) {
        return {};
      }
      if (pos_ >= src_.size()) {
        return {};
      }
      char c = src_[pos_];
      auto p32 = static_cast<uint32_t>(pos_);
      if (is_space(c)) {
        pos_ = skip_spaces(pos_);
      } else if (is_digit(c)) {
        auto r = lex_number();
        if (!r) {
          return r;
        }
      } else if (is_name_start(c)) {
        std::size_t q = pos_;
        while (q < src_.size() && is_name_char(src_[q])) {
          ++q;
        }
        push(Tok::name, std::string(src_.substr(pos_, q - pos_)), p32);
        pos_ = q;
      } else if (c == '\'' || c == '"') {
        auto r = lex_string(c);
        if (!r) {
          return r;
        }
      } else {
        auto r = lex_operator(balance);
        if (!r) {
          return r;
        }
      }
    }
  }

  bool end_tag(bool block) {
    auto p32 = static_cast<uint32_t>(pos_);
    if (block) {
      if (at(pos_, "+%}")) {
        pos_ += 3;
      } else if (at(pos_, "-%}")) {
        pos_ = skip_spaces(pos_ + 3);
      } else if (at(pos_, "%}")) {
        pos_ += at(pos_ + 2, "\n") ? 3 : 2;
      } else {
        return false;
      }
      push(Tok::block_end, "%}", p32);
    } else {
      if (at(pos_, "-}}")) {
        pos_ = skip_spaces(pos_ + 3);
      } else if (at(pos_, "}}")) {
        pos_ += 2;
      } else {
        return false;
      }
      push(Tok::var_end, "}}", p32);
    }
    line_starting_ = src_[pos_ - 1] == '\n';
    return true;
  }

  std::size_t digits(std::size_t q, bool (*ok)(char)) const {
    // Digits with single underscores between them.
    std::size_t start = q;
    while (q < src_.size() && (ok(src_[q]) || (src_[q] == '_' && q > start && q + 1 < src_.size() &&
                                               ok(src_[q + 1])))) {
      ++q;
    }
    return q;
  }

  Result<void> lex_number() {
    auto p32 = static_cast<uint32_t>(pos_);
    std::size_t q = digits(pos_, is_digit);
    bool after_dot = pos_ > 0 && src_[pos_ - 1] == '.';
    std::size_t f = q;
    bool is_float = false;
    if (!after_dot) {
      if (f + 1 < src_.size() && src_[f] == '.' && is_digit(src_[f + 1])) {
        f = digits(f + 1, is_digit);
        is_float = true;
      }
      if (f < src_.size() && (src_[f] == 'e' || src_[f] == 'E')) {
        std::size_t e = f + 1;
        if (e < src_.size() && (src_[e] == '+' || src_[e] == '-')) {
          ++e;
        }
        if (e < src_.size() && is_digit(src_[e])) {
          f = digits(e, is_digit);
          is_float = true;
        }
      }
    }
    if (is_float) {
      std::string text;
      for (std::size_t k = pos_; k < f; ++k) {
        if (src_[k] != '_') {
          text += src_[k];
        }
      }
      Token t;
      t.type = Tok::real;
      t.d = std::strtod(text.c_str(), nullptr);
      t.pos = p32;
      t.text = text;
      out_.push_back(std::move(t));
      pos_ = f;
      return {};
    }
    return lex_integer();
  }

  Result<void> lex_integer() {
    auto p32 = static_cast<uint32_t>(pos_);
    int base = 10;
    std::size_t q = pos_;
    if (src_[q] == '0' && q + 1 < src_.size()) {
      char k = static_cast<char>(std::tolower(static_cast<unsigned char>(src_[q + 1])));
      base = k == 'x' ? 16 : k == 'o' ? 8 : k == 'b' ? 2 : 10;
    }
    std::string text;
    if (base != 10) {
      q += 2;
      while (q < src_.size() && (src_[q] == '_' || hex_value(src_[q]) >= 0) &&
             (src_[q] == '_' || hex_value(src_[q]) < base)) {
        if (src_[q] != '_') {
          text += src_[q];
        }
        ++q;
      }
      if (text.empty()) {
        base = 10;
        q = pos_;
      }
    }
    if (base == 10) {
      if (src_[pos_] == '0') {
        // Only zeros may follow a leading zero.
        q = pos_ + 1;
        while (q < src_.size() && (src_[q] == '0' || (src_[q] == '_' && q + 1 < src_.size() &&
                                                       src_[q + 1] == '0'))) {
          ++q;
        }
        text = "0";
      } else {
        q = digits(pos_, is_digit);
        for (std::size_t k = pos_; k < q; ++k) {
          if (src_[k] != '_') {
            text += src_[k];
          }
        }
      }
    }
    Token t;
    errno = 0;
    unsigned long long v = std::strtoull(text.c_str(), nullptr, base);
    if (errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX)) {
      t.type = Tok::real;
      t.d = std::strtod(text.c_str(), nullptr);
      if (base != 10) {
        t.d = static_cast<double>(v);
      }
    } else {
      t.type = Tok::integer;
      t.i = static_cast<int64_t>(v);
    }
    t.text = std::string(src_.substr(pos_, q - pos_));
    t.pos = p32;
    out_.push_back(std::move(t));
    pos_ = q;
    return {};
  }

  Result<void> lex_string(char quote) {
    std::size_t q = pos_ + 1;
    while (q < src_.size() && src_[q] != quote) {
      q += src_[q] == '\\' ? 2 : 1;
    }
    if (q >= src_.size()) {
      return syntax_error("unexpected char " + char_repr(quote) + " at " + std::to_string(pos_),
                          static_cast<uint32_t>(pos_));
    }
    std::string text;
    std::string err;
    if (!unescape(src_.substr(pos_ + 1, q - pos_ - 1), text, err)) {
      return syntax_error(err, static_cast<uint32_t>(pos_));
    }
    push(Tok::string, std::move(text), static_cast<uint32_t>(pos_));
    pos_ = q + 1;
    return {};
  }

  Result<void> lex_operator(std::vector<char>& balance) {
    auto p32 = static_cast<uint32_t>(pos_);
    for (const char* op : operators) {
      std::string_view o(op);
      if (!at(pos_, o)) {
        continue;
      }
      char c = o[0];
      if (o.size() == 1 && (c == '(' || c == '[' || c == '{')) {
        balance.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
      } else if (o.size() == 1 && (c == ')' || c == ']' || c == '}')) {
        if (balance.empty()) {
          return syntax_error(std::string("unexpected '") + c + "'", p32);
        }
        if (balance.back() != c) {
          return syntax_error(std::string("unexpected '") + c + "', expected '" + balance.back() + "'",
                              p32);
        }
        balance.pop_back();
      }
      push(Tok::op, std::string(o), p32);
      pos_ += o.size();
      return {};
    }
    return syntax_error("unexpected char " + char_repr(src_[pos_]) + " at " + std::to_string(pos_),
                        p32);
  }

  std::string_view src_;
  std::size_t pos_ = 0;
  bool line_starting_ = true;
  std::vector<Token> out_;
};

}  // namespace

Error syntax_error(std::string msg, uint32_t pos) {
  Diagnostic d;
  d.column = pos;
  d.message = msg;
  return Error(Errc::parse_error, std::move(msg), {d});
}

std::vector<Token> tokenize(std::string_view src, bool expression_only) {
  return Lexer(src).run(expression_only);
}

std::string describe(const Token& t) {
  switch (t.type) {
    case Tok::data:
      return "template data / text";
    case Tok::var_begin:
      return "begin of print statement";
    case Tok::var_end:
      return "end of print statement";
    case Tok::block_begin:
      return "begin of statement block";
    case Tok::block_end:
      return "end of statement block";
    case Tok::name:
    case Tok::op:
      return t.text;
    case Tok::string:
      return "string";
    case Tok::integer:
      return "integer";
    case Tok::real:
      return "float";
    case Tok::eof:
    case Tok::error:
      break;
  }
  return "end of template";
}

}  // namespace bora::dsl::jinja
