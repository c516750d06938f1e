#include "dsl/utf8_check.hpp"

#include <cstdio>

namespace bora::dsl {
namespace {

// Decodes one UTF-8 sequence at `i`; returns its length, 0 when invalid
// (overlong forms, surrogates and values above U+10FFFF included).
std::size_t decode(std::string_view s, std::size_t i, uint32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  std::size_t len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
  if (len == 0 || i + len > s.size()) {
    return 0;
  }
  cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  static constexpr uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

// The characters PyYAML's reader accepts.
bool printable(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
         (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

std::optional<BadCharacter> find_unacceptable_character(std::string_view text) {
  uint32_t line = 1;
  uint32_t column = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = 0;
    std::size_t len = decode(text, i, cp);
    char buf[128];
    if (len == 0) {
      std::snprintf(buf, sizeof buf, "invalid UTF-8 byte 0x%02x",
                    static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      return BadCharacter{line, column, buf};
    }
    if (!printable(cp) && !(cp == 0xFEFF)) {
      std::snprintf(buf, sizeof buf,
                    "unacceptable character #x%04x: special characters are not allowed",
                    static_cast<unsigned>(cp));
      return BadCharacter{line, column, buf};
    }
    if (cp == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
  return std::nullopt;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = 0;
    std::size_t len = decode(text, i, cp);
    if (len == 0) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace bora::dsl
