// Datetimes (always UTC, microsecond precision) and timespans.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "dsl/yaql/interp.hpp"

namespace bora::dsl::yaql {

namespace {

constexpr int64_t us_per_sec = 1000000;
constexpr int64_t us_per_day = 86400 * us_per_sec;

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day;
  int64_t hour, minute, second, micro;
  int64_t days;  // since epoch
};

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Civil civil(int64_t micros) {
  Civil c{};
  c.days = floor_div(micros, us_per_day);
  int64_t rem = micros - c.days * us_per_day;
  int64_t z = c.days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = int64_t(yoe) + era * 400 + (c.month <= 2);
  c.micro = rem % us_per_sec;
  int64_t secs = rem / us_per_sec;
  c.hour = secs / 3600;
  c.minute = secs / 60 % 60;
  c.second = secs % 60;
  return c;
}

bool leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned month_days(int64_t y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

int64_t make_datetime(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
                      int64_t us) {
  if (y < 1 || y > 9999) {
    fail("year " + std::to_string(y) + " is out of range");
  }
  if (mo < 1 || mo > 12) {
    fail("month must be in 1..12");
  }
  if (d < 1 || d > int64_t(month_days(y, unsigned(mo)))) {
    fail("day is out of range for month");
  }
  if (h < 0 || h > 23) {
    fail("hour must be in 0..23");
  }
  if (mi < 0 || mi > 59) {
    fail("minute must be in 0..59");
  }
  if (s < 0 || s > 59) {
    fail("second must be in 0..59");
  }
  if (us < 0 || us > 999999) {
    fail("microsecond must be in 0..999999");
  }
  return days_from_civil(y, unsigned(mo), unsigned(d)) * us_per_day +
         ((h * 60 + mi) * 60 + s) * us_per_sec + us;
}

int64_t now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t ts_arg(const Value& v) {
  if (v.kind() != Kind::timespan) {
    no_match();
  }
  return v.as_int();
}

int32_t offset_seconds(int64_t offset_us) {
  if (offset_us % us_per_sec != 0 || offset_us <= -us_per_day || offset_us >= us_per_day) {
    fail("offset must be a timedelta strictly between -timedelta(hours=24) and "
         "timedelta(hours=24)");
  }
  return int32_t(offset_us / us_per_sec);
}

Value now_fn(Call& c) {
  c.expect(0, 1, true);
  Value off = c.opt(0, "offset", Value::timespan(0));
  return Value::datetime(now_micros(), offset_seconds(ts_arg(off)));
}

// Reads `n` digits at s[i]; false if they are not there.
bool digits(std::string_view s, std::size_t& i, int n, int64_t& out) {
  out = 0;
  for (int k = 0; k < n; ++k, ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') {
      return false;
    }
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool parse_offset(std::string_view s, std::size_t& i, int64_t& offset_us) {
  offset_us = 0;
  if (i >= s.size()) {
    return true;
  }
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
    return true;
  }
  if (s[i] != '+' && s[i] != '-') {
    return false;
  }
  int sign = s[i++] == '-' ? -1 : 1;
  int64_t hh, mm = 0;
  if (!digits(s, i, 2, hh)) {
    return false;
  }
  if (i < s.size() && s[i] == ':') {
    ++i;
  }
  if (i < s.size() && !digits(s, i, 2, mm)) {
    return false;
  }
  offset_us = sign * (hh * 3600 + mm * 60) * us_per_sec;
  return true;
}

// Accepts ISO 8601 dates and date-times (`T` or space), with optional
// fraction and UTC offset; the result is converted to UTC.
Value parse_iso(std::string_view s) {
  std::size_t i = 0;
  int64_t y, mo, d, h = 0, mi = 0, sec = 0, us = 0, off = 0;
  bool ok = digits(s, i, 4, y) && i < s.size() && s[i++] == '-' && digits(s, i, 2, mo) &&
            i < s.size() && s[i++] == '-' && digits(s, i, 2, d);
  if (ok && i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    ++i;
    ok = digits(s, i, 2, h) && i < s.size() && s[i++] == ':' && digits(s, i, 2, mi);
    if (ok && i < s.size() && s[i] == ':') {
      ++i;
      ok = digits(s, i, 2, sec);
    }
    if (ok && i < s.size() && s[i] == '.') {
      ++i;
      int n = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (n < 6) {
          us = us * 10 + (s[i] - '0');
        }
        ++n;
        ++i;
      }
      for (; n < 6; ++n) {
        us *= 10;
      }
      ok = n > 0;
    }
    ok = ok && parse_offset(s, i, off);
  }
  if (!ok || i != s.size()) {
    fail("Unknown string format: " + std::string(s));
  }
  return Value::datetime(make_datetime(y, mo, d, h, mi, sec, us) - off, offset_seconds(off));
}

// strptime for the directives workflows use.
Value parse_with_format(std::string_view s, std::string_view f) {
  int64_t y = 1900, mo = 1, d = 1, h = 0, mi = 0, sec = 0, us = 0, off = 0;
  std::size_t i = 0;
  auto bad = [&] {
    fail("time data " + repr(Value::string(std::string(s))) + " does not match format " +
         repr(Value::string(std::string(f))));
  };
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f[k] != '%' || k + 1 >= f.size()) {
      if (i >= s.size() || s[i] != f[k]) {
        bad();
      }
      ++i;
      continue;
    }
    char dir = f[++k];
    bool ok = true;
    switch (dir) {
      case 'Y':
        ok = digits(s, i, 4, y);
        break;
      case 'm':
        ok = digits(s, i, 2, mo);
        break;
      case 'd':
        ok = digits(s, i, 2, d);
        break;
      case 'H':
        ok = digits(s, i, 2, h);
        break;
      case 'M':
        ok = digits(s, i, 2, mi);
        break;
      case 'S':
        ok = digits(s, i, 2, sec);
        break;
      case 'f': {
        int n = 0;
        us = 0;
        while (n < 6 && i < s.size() && s[i] >= '0' && s[i] <= '9') {
          us = us * 10 + (s[i++] - '0');
          ++n;
        }
        for (int r = n; r < 6; ++r) {
          us *= 10;
        }
        ok = n > 0;
        break;
      }
      case 'z':
        ok = parse_offset(s, i, off);
        break;
      case '%':
        ok = i < s.size() && s[i++] == '%';
        break;
      default:
        fail("'" + std::string(1, dir) + "' is a bad directive in format '" + std::string(f) + "'");
    }
    if (!ok) {
      bad();
    }
  }
  if (i != s.size()) {
    fail("unconverted data remains: " + std::string(s.substr(i)));
  }
  return Value::datetime(make_datetime(y, mo, d, h, mi, sec, us) - off, offset_seconds(off));
}

Value datetime_fn(Call& c) {
  if (c.size() >= 1 && c.size() <= 2 && c.named().empty() && c.arg(0).is_string()) {
    Value s_arg = c.arg(0);
    std::string_view s = s_arg.str();
    if (c.size() == 2) {
      return parse_with_format(s, str_arg(c.arg(1)));
    }
    return parse_iso(s);
  }
  c.expect(0, 8, true);
  Value ts;
  if ((c.size() == 1 && c.named().empty()) || c.kw("timestamp", ts)) {
    if (c.size() == 1) {
      ts = c.arg(0);
    }
    if (!ts.is_number()) {
      no_match();
    }
    Value off = Value::timespan(0);
    c.kw("offset", off);
    return Value::datetime(int64_t(std::llround(ts.as_double() * 1e6)),
                           offset_seconds(ts_arg(off)));
  }
  static const char* const names[] = {"year",   "month",  "day",         "hour",
                                      "minute", "second", "microsecond", "offset"};
  int64_t parts[7] = {0, 0, 0, 0, 0, 0, 0};
  for (int k = 0; k < 7; ++k) {
    Value v = c.opt(std::size_t(k), names[k], Value());
    if (v.is_null()) {
      if (k < 3) {
        no_match();
      }
      continue;
    }
    parts[k] = to_int_arg(v);
  }
  Value off = c.opt(7, "offset", Value::timespan(0));
  return Value::datetime(make_datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5],
                                       parts[6]) -
                             ts_arg(off),
                         offset_seconds(ts_arg(off)));
}

Value timespan_fn(Call& c) {
  c.expect(0, 0, true);
  static const std::pair<const char*, double> units[] = {
      {"days", 86400e6}, {"hours", 3600e6},      {"minutes", 60e6},
      {"seconds", 1e6},  {"milliseconds", 1e3}, {"microseconds", 1}};
  double total = 0;
  for (const auto& n : c.named()) {
    bool known = false;
    for (const auto& u : units) {
      if (n.first == u.first) {
        Value v = c.in.eval(*n.second, c.scope);
        total += double(to_int_arg(v)) * u.second;
        known = true;
      }
    }
    if (!known) {
      no_match();
    }
  }
  if (std::fabs(total) > 8.64e19) {
    fail("days=1000000000; must have magnitude <= 999999999");
  }
  return Value::timespan(int64_t(std::llround(total)));
}

Value utctz(Call& c) {
  c.expect(0, 0);
  return Value::timespan(0);
}

std::string strftime_text(const Value& dt, std::string_view f) {
  Civil t = civil(dt.as_int() + int64_t(dt.tz_offset()) * us_per_sec);
  static const char* const wd[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                   "Friday", "Saturday", "Sunday"};
  static const char* const mn[] = {"January", "February", "March",     "April",
                                   "May",     "June",     "July",      "August",
                                   "September", "October", "November", "December"};
  int weekday = int(((t.days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  std::string out;
  char buf[64];
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f[k] != '%' || k + 1 >= f.size()) {
      out += f[k];
      continue;
    }
    char dir = f[++k];
    switch (dir) {
      case 'Y':
        std::snprintf(buf, sizeof buf, "%04lld", (long long)t.year);
        break;
      case 'm':
        std::snprintf(buf, sizeof buf, "%02u", t.month);
        break;
      case 'd':
        std::snprintf(buf, sizeof buf, "%02u", t.day);
        break;
      case 'H':
        std::snprintf(buf, sizeof buf, "%02lld", (long long)t.hour);
        break;
      case 'M':
        std::snprintf(buf, sizeof buf, "%02lld", (long long)t.minute);
        break;
      case 'S':
        std::snprintf(buf, sizeof buf, "%02lld", (long long)t.second);
        break;
      case 'f':
        std::snprintf(buf, sizeof buf, "%06lld", (long long)t.micro);
        break;
      case 'y':
        std::snprintf(buf, sizeof buf, "%02lld", (long long)(t.year % 100));
        break;
      case 'z': {
        int32_t tz = dt.tz_offset();
        int32_t a = tz < 0 ? -tz : tz;
        std::snprintf(buf, sizeof buf, "%c%02d%02d", tz < 0 ? '-' : '+', a / 3600, a / 60 % 60);
        break;
      }
      case 'Z':
        std::snprintf(buf, sizeof buf, "UTC");
        break;
      case 'A':
        std::snprintf(buf, sizeof buf, "%s", wd[weekday]);
        break;
      case 'a':
        std::snprintf(buf, sizeof buf, "%.3s", wd[weekday]);
        break;
      case 'B':
        std::snprintf(buf, sizeof buf, "%s", mn[t.month - 1]);
        break;
      case 'b':
        std::snprintf(buf, sizeof buf, "%.3s", mn[t.month - 1]);
        break;
      case 'j':
        std::snprintf(buf, sizeof buf, "%03lld",
                      (long long)(t.days - days_from_civil(t.year, 1, 1) + 1));
        break;
      case '%':
        std::snprintf(buf, sizeof buf, "%%");
        break;
      default:
        std::snprintf(buf, sizeof buf, "%%%c", dir);
        break;
    }
    out += buf;
  }
  return out;
}

}  // namespace

Value format_datetime(Call& c) {
  c.expect(2, 2);
  Value dt = c.arg(0);
  if (dt.kind() != Kind::datetime) {
    no_match();
  }
  return Value::string(strftime_text(dt, str_arg(c.arg(1))));
}

bool date_property(const Value& v, std::string_view name, Value& out) {
  if (v.kind() == Kind::timespan) {
    double us = double(v.as_int());
    if (name == "microseconds") {
      out = Value::integer(v.as_int());
    } else if (name == "milliseconds") {
      out = Value::number(us / 1e3);
    } else if (name == "seconds") {
      out = Value::number(us / 1e6);
    } else if (name == "minutes") {
      out = Value::number(us / 60e6);
    } else if (name == "hours") {
      out = Value::number(us / 3600e6);
    } else if (name == "days") {
      out = Value::number(us / 86400e6);
    } else {
      return false;
    }
    return true;
  }
  if (v.kind() != Kind::datetime) {
    return false;
  }
  int64_t tz_us = int64_t(v.tz_offset()) * us_per_sec;
  Civil t = civil(v.as_int() + tz_us);
  if (name == "year") {
    out = Value::integer(t.year);
  } else if (name == "month") {
    out = Value::integer(t.month);
  } else if (name == "day") {
    out = Value::integer(t.day);
  } else if (name == "hour") {
    out = Value::integer(t.hour);
  } else if (name == "minute") {
    out = Value::integer(t.minute);
  } else if (name == "second") {
    out = Value::integer(t.second);
  } else if (name == "microsecond") {
    out = Value::integer(t.micro);
  } else if (name == "weekday") {
    out = Value::integer(((t.days % 7) + 7 + 3) % 7);
  } else if (name == "date") {
    out = Value::datetime(t.days * us_per_day - tz_us, v.tz_offset());
  } else if (name == "time") {
    out = Value::timespan(v.as_int() + tz_us - t.days * us_per_day);
  } else if (name == "timestamp") {
    out = Value::number(double(v.as_int()) / 1e6);
  } else if (name == "offset") {
    out = Value::timespan(tz_us);
  } else if (name == "utc") {
    out = Value::datetime(v.as_int(), 0);
  } else {
    return false;
  }
  return true;
}

void register_dates() {
  define("now", function_form, now_fn);
  define("datetime", function_form, datetime_fn);
  define("timespan", function_form, timespan_fn);
  define("utctz", function_form, utctz);
  define("localtz", function_form, utctz);
}

}  // namespace bora::dsl::yaql
