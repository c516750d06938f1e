#include "storage/time_format.hpp"

#include <chrono>
#include <cstdio>

namespace bora::storage {

namespace {

constexpr int64_t ms_per_day = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date, and back (the
// era-based algorithm of H. Hinnant's "chrono-compatible low-level date
// algorithms"), so no time zone or locale state is involved.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

bool is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly `width` digits at `pos`; returns -1 on anything else.
int64_t read_digits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) {
    return -1;
  }
  int64_t n = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return -1;
    }
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

bool has_separators(std::string_view text) {
  bool ok = text[4] == '-' && text[7] == '-' && text[10] == ' ' && text[13] == ':';
  return ok && (text.size() == 16 || text[16] == ':');
}

}  // namespace

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_timestamp(int64_t unix_ms) {
  int64_t days = unix_ms / ms_per_day;
  int64_t rest = unix_ms % ms_per_day;
  if (rest < 0) {
    rest += ms_per_day;
    days -= 1;
  }
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(days, year, month, day);
  int64_t secs = rest / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld",
                static_cast<long long>(year), month, day, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

Result<int64_t> parse_timestamp(std::string_view text) {
  Error bad(Errc::invalid_argument,
            "expected a time as 'YYYY-MM-DD HH:MM:SS' or "
            "'YYYY-MM-DD HH:MM', got '" +
                std::string(text) + "'");
  if ((text.size() != 16 && text.size() != 19) || !has_separators(text)) {
    return bad;
  }
  int64_t year = read_digits(text, 0, 4);
  int64_t month = read_digits(text, 5, 2);
  int64_t day = read_digits(text, 8, 2);
  int64_t hour = read_digits(text, 11, 2);
  int64_t minute = read_digits(text, 14, 2);
  int64_t second = text.size() == 19 ? read_digits(text, 17, 2) : 0;
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59 ||
      day > days_in_month(year, static_cast<unsigned>(month))) {
    return bad;
  }
  int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute) * 60'000 + second * 1000;
}

}  // namespace bora::storage
