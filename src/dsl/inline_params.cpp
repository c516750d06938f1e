// Mistral splits `name k=v ...` with two regular expressions; this is a
// hand-written scanner with the same results (first matching value form
// wins, unmatched pairs are skipped, later keys override earlier ones).
#include "dsl/inline_params.hpp"

#include <boost/json/parse.hpp>

namespace bora::dsl {
namespace {

bool is_word(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         u >= 0x80;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Returns the end of `open ... close` starting at `i` (lazy: the first
// `close`), staying on one line; npos when there is none.
std::size_t delimited(std::string_view s, std::size_t i, std::string_view open,
                      std::string_view close, bool greedy) {
  if (s.substr(i, open.size()) != open) {
    return std::string_view::npos;
  }
  std::size_t line_end = s.find('\n', i);
  std::string_view line = s.substr(0, line_end == std::string_view::npos ? s.size() : line_end);
  std::size_t at = greedy ? line.rfind(close) : line.find(close, i + open.size());
  if (at == std::string_view::npos || at < i + open.size()) {
    return std::string_view::npos;
  }
  return at + close.size();
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) {
    ++i;
  }
  return i;
}

// The command at the start: a dotted name, or an expression.
bool match_command(std::string_view s, std::string& out) {
  std::size_t i = 0;
  while (i < s.size() && (is_word(s[i]) || s[i] == '.')) {
    ++i;
  }
  if (i > 0) {
    while (i < s.size() && s[i] != '=' && s[i] != '(' && s[i] != '"' && !is_space(s[i])) {
      ++i;
    }
    out = std::string(s.substr(0, i));
    return true;
  }
  std::size_t end = delimited(s, 0, "<%", "%>", false);
  if (end == std::string_view::npos) {
    end = delimited(s, 0, "{{", "}}", true);
  }
  if (end == std::string_view::npos) {
    end = delimited(s, 0, "{%", "%}", true);
  }
  if (end == std::string_view::npos) {
    return false;
  }
  out = std::string(s.substr(0, end));
  return true;
}

struct ValueMatch {
  std::size_t end = std::string_view::npos;  // end of the whole match
  bool quoted = false;
};

// Forward searches for one needle whose start positions never decrease
// during a scan: each answer is reused until the scan passes it, so a
// whole scan costs O(length) per needle instead of O(length^2).
class NextFinder {
public:
  NextFinder(std::string_view text, std::string_view needle) : text_(text), needle_(needle) {}
  std::size_t from(std::size_t pos) {
    if (!valid_ || (found_ != std::string_view::npos && found_ < pos)) {
      found_ = text_.find(needle_, pos);
      valid_ = true;
    }
    return found_;
  }

private:
  std::string_view text_;
  std::string_view needle_;
  std::size_t found_ = std::string_view::npos;
  bool valid_ = false;
};

// Scans the value forms of one command text in Mistral's order.
class ValueScanner {
public:
  explicit ValueScanner(std::string_view s)
      : s_(s),
        dq_(s, "\""),
        sq_(s, "'"),
        yaql_close_(s, "%>"),
        jinja_close_(s, "}}"),
        newline_(s, "\n") {}

  ValueMatch at(std::size_t i) {
    if (i >= s_.size()) {
      return {};
    }
    if (s_[i] == '"' || s_[i] == '\'') {
      std::size_t close = (s_[i] == '"' ? dq_ : sq_).from(i + 1);
      if (close != std::string_view::npos) {
        return {skip_spaces(s_, close + 1), true};
      }
    }
    std::size_t line_end = newline_.from(i);
    if (line_end == std::string_view::npos) {
      line_end = s_.size();
    }
    for (auto [open, finder] : {std::pair{"<%", &yaql_close_}, std::pair{"{{", &jinja_close_}}) {
      if (s_.substr(i, 2) == open) {
        std::size_t close = finder->from(i + 2);
        if (close != std::string_view::npos && close + 2 <= line_end) {
          return {close + 2, false};
        }
      }
    }
    if (s_[i] == '[') {
      std::size_t last = last_bracket(line_end);
      if (last != std::string_view::npos && last > i) {
        return {skip_spaces(s_, last + 1), false};
      }
    }
    return literal(i);
  }

private:
  // The last `]` before `line_end`, computed once per line.
  std::size_t last_bracket(std::size_t line_end) {
    if (bracket_line_ != line_end) {
      bracket_line_ = line_end;
      std::size_t at = s_.substr(0, line_end).rfind(']');
      bracket_ = at;
    }
    return bracket_;
  }

  ValueMatch literal(std::size_t i) const {
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(i, word.size()) == word) {
        return {i + word.size(), false};
      }
    }
    std::size_t j = i;
    while (j < s_.size() && is_digit(s_[j])) {
      ++j;
    }
    return j > i ? ValueMatch{j, false} : ValueMatch{};
  }

  std::string_view s_;
  NextFinder dq_;
  NextFinder sq_;
  NextFinder yaql_close_;
  NextFinder jinja_close_;
  NextFinder newline_;
  std::size_t bracket_line_ = std::string_view::npos;
  std::size_t bracket_ = std::string_view::npos;
};

std::string_view strip(std::string_view v) {
  std::size_t b = 0;
  std::size_t e = v.size();
  while (b < e && is_space(v[b])) {
    ++b;
  }
  while (e > b && is_space(v[e - 1])) {
    --e;
  }
  return v.substr(b, e - b);
}

boost::json::value convert_value(std::string_view raw) {
  std::string_view v = strip(raw);
  if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
    return boost::json::string(v.substr(1, v.size() >= 2 ? v.size() - 2 : 0));
  }
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(v, ec);
  if (!ec) {
    return parsed;
  }
  return boost::json::string(v);
}

}  // namespace

CommandText parse_command_text(std::string_view text) {
  CommandText out;
  if (text.find(' ') == std::string_view::npos) {
    out.name = std::string(text);
    return out;
  }
  if (!match_command(text, out.name)) {
    out.ok = false;
    return out;
  }
  ValueScanner values(text);
  std::size_t counted = 0;
  uint32_t points = 0;
  std::size_t p = 0;
  while (p < text.size()) {
    if (!is_word(text[p]) && text[p] != '-') {
      ++p;
      continue;
    }
    std::size_t q = p;
    while (q < text.size() && (is_word(text[q]) || text[q] == '-')) {
      ++q;
    }
    ValueMatch m = (q < text.size() && text[q] == '=') ? values.at(q + 1) : ValueMatch{};
    if (m.end == std::string_view::npos) {
      // Every start inside this key run meets the same `=` (or none) and
      // the same value, so none of them can match either.
      p = q > p ? q : p + 1;
      continue;
    }
    std::string key(text.substr(p, q - p));
    out.params[key] = convert_value(text.substr(q + 1, m.end - q - 1));
    std::size_t offset = q + 1 + (m.quoted ? 1 : 0);
    // Offsets grow along the scan, so code points are counted once overall.
    for (; counted < offset; ++counted) {
      points += (static_cast<unsigned char>(text[counted]) & 0xC0) != 0x80 ? 1 : 0;
    }
    out.positions.push_back({key, offset, points});
    p = m.end;
  }
  return out;
}

}  // namespace bora::dsl
