#include "dsl/jinja/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace bora::dsl::jinja {

namespace {

bool ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::vector<std::string> split_whitespace(const std::string& s, int64_t maxsplit, bool right) {
  std::vector<std::string> out;
  if (!right) {
    std::size_t i = 0;
    while (true) {
      while (i < s.size() && ws(s[i])) {
        ++i;
      }
      if (i >= s.size()) {
        break;
      }
      if (maxsplit >= 0 && static_cast<int64_t>(out.size()) >= maxsplit) {
        std::size_t e = s.size();
        while (e > i && ws(s[e - 1])) {
          --e;
        }
        out.push_back(s.substr(i, e - i));
        break;
      }
      std::size_t j = i;
      while (j < s.size() && !ws(s[j])) {
        ++j;
      }
      out.push_back(s.substr(i, j - i));
      i = j;
    }
    return out;
  }
  std::size_t e = s.size();
  while (true) {
    while (e > 0 && ws(s[e - 1])) {
      --e;
    }
    if (e == 0) {
      break;
    }
    if (maxsplit >= 0 && static_cast<int64_t>(out.size()) >= maxsplit) {
      std::size_t b = 0;
      while (b < e && ws(s[b])) {
        ++b;
      }
      out.push_back(s.substr(b, e - b));
      break;
    }
    std::size_t b = e;
    while (b > 0 && !ws(s[b - 1])) {
      --b;
    }
    out.push_back(s.substr(b, e - b));
    e = b;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<std::string> split_on(const std::string& s, const std::string& sep, int64_t maxsplit,
                                  bool right) {
  std::vector<std::string> out;
  if (!right) {
    std::size_t i = 0;
    while (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) {
      auto p = s.find(sep, i);
      if (p == std::string::npos) {
        break;
      }
      out.push_back(s.substr(i, p - i));
      i = p + sep.size();
    }
    out.push_back(s.substr(i));
    return out;
  }
  std::size_t e = s.size();
  while (maxsplit < 0 || static_cast<int64_t>(out.size()) < maxsplit) {
    if (e < sep.size()) {
      break;
    }
    auto p = s.rfind(sep, e - sep.size());
    if (p == std::string::npos) {
      break;
    }
    out.push_back(s.substr(p + sep.size(), e - p - sep.size()));
    e = p;
  }
  out.push_back(s.substr(0, e));
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] != '\n' && s[j] != '\r') {
      ++j;
    }
    out.push_back(s.substr(i, j - i));
    if (j < s.size() && s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n') {
      ++j;
    }
    i = j + 1;
  }
  return out;
}

std::string strip_chars(const std::string& s, const std::string& chars, int side) {
  std::size_t b = 0;
  std::size_t e = s.size();
  if (side != 2) {
    while (b < e && chars.find(s[b]) != std::string::npos) {
      ++b;
    }
  }
  if (side != 1) {
    while (e > b && chars.find(s[e - 1]) != std::string::npos) {
      --e;
    }
  }
  return s.substr(b, e - b);
}

int64_t count_substr(const std::string& s, const std::string& sub) {
  if (sub.empty()) {
    return static_cast<int64_t>(utf8_length(s)) + 1;
  }
  int64_t n = 0;
  for (auto p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) {
    ++n;
  }
  return n;
}

std::string replace_all(const std::string& s, const std::string& old, const std::string& repl,
                        int64_t count) {
  if (old.empty()) {
    // Python inserts the replacement between every character.
    std::string out;
    int64_t done = 0;
    for (const auto& c : utf8_chars(s)) {
      if (count < 0 || done < count) {
        out += repl;
        ++done;
      }
      out += c;
    }
    if (count < 0 || done < count) {
      out += repl;
    }
    return out;
  }
  std::string out;
  std::size_t i = 0;
  int64_t done = 0;
  while (count < 0 || done < count) {
    auto p = s.find(old, i);
    if (p == std::string::npos) {
      break;
    }
    out.append(s, i, p - i);
    out += repl;
    i = p + old.size();
    ++done;
  }
  out.append(s, i, std::string::npos);
  return out;
}

namespace {

// Decodes one UTF-8 code point at `i` (advancing it). A broken sequence
// yields its first byte with `raw` set, to be copied unchanged.
uint32_t decode(const std::string& s, std::size_t& i, bool& raw) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  raw = (n == 0 && c >= 0x80) || i + n >= s.size();
  if (raw || n == 0) {
    ++i;
    return c;
  }
  uint32_t cp = c & (0x3Fu >> n);
  for (std::size_t k = 1; k <= n; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  }
  i += n + 1;
  return cp;
}

void encode(std::string& out, uint32_t cp) {
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

// Case mapping for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic,
// the scripts workflow data commonly holds.
uint32_t to_upper(uint32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
      (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) || (c >= 0x430 && c <= 0x44F)) {
    return c - 32;
  }
  if (c == 0x3C2) {
    return 0x3A3;
  }
  if (c == 0xFF) {
    return 0x178;
  }
  if (c >= 0x450 && c <= 0x45F) {
    return c - 80;
  }
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 0) : (c % 2 == 1)) {
      return c - 1;
    }
  }
  return c;
}

uint32_t to_lower(uint32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
      (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F)) {
    return c + 32;
  }
  if (c == 0x178) {
    return 0xFF;
  }
  if (c >= 0x400 && c <= 0x40F) {
    return c + 80;
  }
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 1) : (c % 2 == 0)) {
      return c + 1;
    }
  }
  return c;
}

bool is_cased(uint32_t c) { return to_upper(c) != c || to_lower(c) != c || c == 0xDF; }

void put_upper(std::string& out, uint32_t c) {
  if (c == 0xDF) {
    out += "SS";  // German sharp s has no single upper-case letter
  } else {
    encode(out, to_upper(c));
  }
}

}  // namespace

std::string change_case(const std::string& s, const std::string& how) {
  std::string out;
  out.reserve(s.size());
  bool prev_cased = false;
  bool first = true;
  for (std::size_t i = 0; i < s.size();) {
    bool raw = false;
    uint32_t c = decode(s, i, raw);
    if (raw) {
      out += static_cast<char>(c);
      prev_cased = false;
      first = false;
      continue;
    }
    if (how == "upper") {
      put_upper(out, c);
    } else if (how == "lower") {
      encode(out, to_lower(c));
    } else if (how == "swapcase") {
      if (to_lower(c) != c) {
        encode(out, to_lower(c));
      } else {
        put_upper(out, c);
      }
    } else if (how == "capitalize") {
      if (first) {
        put_upper(out, c);
      } else {
        encode(out, to_lower(c));
      }
    } else {
      if (prev_cased) {
        encode(out, to_lower(c));
      } else {
        put_upper(out, c);
      }
      prev_cased = is_cased(c);
    }
    first = false;
  }
  return out;
}

bool char_class(const std::string& s, const std::string& how) {
  if (s.empty()) {
    return false;
  }
  bool cased = false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (how == "isdigit" || how == "isnumeric" || how == "isdecimal") {
      if (std::isdigit(c) == 0) {
        return false;
      }
    } else if (how == "isalpha") {
      if (std::isalpha(c) == 0) {
        return false;
      }
    } else if (how == "isalnum") {
      if (std::isalnum(c) == 0) {
        return false;
      }
    } else if (how == "isspace") {
      if (!ws(ch)) {
        return false;
      }
    } else if (how == "islower" || how == "isupper") {
      if (std::isalpha(c) != 0) {
        cased = true;
        if ((how == "islower") != (std::islower(c) != 0)) {
          return false;
        }
      }
    }
  }
  return how == "islower" || how == "isupper" ? cased : true;
}

std::string pad(const std::string& s, int64_t width, const std::string& how,
                const std::string& fill) {
  auto n = static_cast<int64_t>(utf8_length(s));
  if (width <= n) {
    return s;
  }
  int64_t total = width - n;
  auto rep = [&fill](int64_t k) {
    std::string r;
    for (int64_t i = 0; i < k; ++i) {
      r += fill;
    }
    return r;
  };
  if (how == "ljust") {
    return s + rep(total);
  }
  if (how == "rjust") {
    return rep(total) + s;
  }
  if (how == "zfill") {
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
      return s.substr(0, 1) + std::string(static_cast<std::size_t>(total), '0') + s.substr(1);
    }
    return std::string(static_cast<std::size_t>(total), '0') + s;
  }
  // Python's center puts the extra space on the right, unless the text and
  // the width are both odd.
  int64_t left = total / 2 + (total & width & 1);
  return rep(left) + s + rep(total - left);
}

}  // namespace bora::dsl::jinja
