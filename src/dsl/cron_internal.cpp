#include "dsl/cron_internal.hpp"

#include <algorithm>
#include <array>

namespace bora::dsl::cron_detail {
namespace {

// The zero of every run of ten decimal digits in Unicode 14.0, the version
// of the Python (3.11) that runs Mistral; each run holds the digits 0..9 in
// order, so a digit's value is its distance from the zero before it.
constexpr std::array<char32_t, 66> digit_zeros = {
    0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,
    0xc66,   0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,
    0x1810,  0x1946,  0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,
    0xa8d0,  0xa900,  0xa9d0,  0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066,
    0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0,
    0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2,
    0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
};

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    int extra = b < 0x80           ? 0
                : (b >> 5) == 0x6  ? 1
                : (b >> 4) == 0xe  ? 2
                : (b >> 3) == 0x1e ? 3
                                   : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) {
      return std::nullopt;
    }
    char32_t cp = extra == 0 ? b : b & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((c >> 6) != 0x2) {
        return std::nullopt;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr char32_t min_by_len[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_by_len[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return std::nullopt;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

bool is_space(char32_t c) {
  if ((c >= 0x9 && c <= 0xd) || (c >= 0x1c && c <= 0x20)) {
    return true;
  }
  switch (c) {
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200a;
  }
}

int digit_value(char32_t c) {
  auto it = std::upper_bound(digit_zeros.begin(), digit_zeros.end(), c);
  if (it == digit_zeros.begin()) {
    return -1;
  }
  char32_t zero = *(it - 1);
  return c - zero < 10 ? static_cast<int>(c - zero) : -1;
}

bool all_digits(std::u32string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char32_t c) { return digit_value(c) >= 0; });
}

int64_t digits_to_int(std::u32string_view s) {
  int64_t v = 0;
  for (char32_t c : s) {
    v = std::min<int64_t>(v * 10 + digit_value(c), digits_cap);
  }
  return v;
}

bool equals(std::u32string_view s, std::string_view ascii) {
  return s.size() == ascii.size() &&
         std::equal(s.begin(), s.end(), ascii.begin(),
                    [](char32_t a, char b) { return a == static_cast<unsigned char>(b); });
}

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

namespace {

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

// Day counting works in eras of 400 years (146097 days), in which the
// Gregorian calendar repeats; years start in March so the leap day is last.
int64_t days_from_civil(int64_t year, int32_t month, int32_t day) {
  int64_t y = month <= 2 ? year - 1 : year;
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t to_epoch(int64_t year, int32_t month, int32_t day, int32_t hour, int32_t minute,
                 int32_t second) {
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

Civil to_civil(int64_t t) {
  int64_t days = floor_div(t, 86400);
  auto secs = static_cast<int32_t>(t - days * 86400);
  int64_t z = days + 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  Civil c;
  c.day = static_cast<int32_t>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int32_t>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  c.hour = secs / 3600;
  c.minute = secs / 60 % 60;
  c.second = secs % 60;
  return c;
}

bool is_leap(int64_t year) {
  return year % 400 == 0 || (year % 4 == 0 && year % 100 != 0);
}

int32_t days_in_month(int64_t year, int32_t month) {
  static constexpr int32_t lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return lengths[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
}

int32_t weekday(int64_t t) {
  // 1970-01-01 was a Thursday.
  return static_cast<int32_t>((floor_div(t, 86400) % 7 + 7 + 4) % 7);
}

}  // namespace bora::dsl::cron_detail
