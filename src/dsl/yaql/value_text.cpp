// Text forms of YAQL values (Python repr/str, datetimes) and the final
// conversion to JSON.
#include <charconv>
#include <cmath>
#include <cstdio>

#include <boost/json.hpp>

#include "dsl/yaql/value.hpp"

namespace bora::dsl::yaql {
namespace json = boost::json;

std::string float_repr(double d) {
  if (std::isnan(d)) {
    return "nan";
  }
  if (std::isinf(d)) {
    return d > 0 ? "inf" : "-inf";
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  // Split the shortest scientific form into digits and exponent, then lay it
  // out the way Python's repr does (positional for 1e-4 <= |d| < 1e16).
  auto epos = sci.find('e');
  int exp = std::stoi(sci.substr(epos + 1));
  std::string mant = sci.substr(0, epos);
  bool neg = mant[0] == '-';
  if (neg) {
    mant.erase(0, 1);
  }
  std::string digits;
  for (char c : mant) {
    if (c != '.') {
      digits += c;
    }
  }
  std::string out = neg ? "-" : "";
  if (exp >= 16 || exp < -4) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) {
      out += "." + digits.substr(1);
    }
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return out + eb;
  }
  if (exp < 0) {
    return out + "0." + std::string(std::size_t(-exp - 1), '0') + digits;
  }
  if (digits.size() <= std::size_t(exp) + 1) {
    return out + digits + std::string(std::size_t(exp) + 1 - digits.size(), '0') + ".0";
  }
  return out + digits.substr(0, std::size_t(exp) + 1) + "." + digits.substr(std::size_t(exp) + 1);
}

namespace {

void append_quoted(std::string& out, std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char q = (has_single && !has_double) ? '"' : '\'';
  out += q;
  for (unsigned char c : s) {
    if (c == q || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  out += q;
}

}  // namespace

void append_repr(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      out += "None";
      return;
    case Kind::boolean:
      out += v.as_bool() ? "True" : "False";
      return;
    case Kind::integer:
      out += std::to_string(v.as_int());
      return;
    case Kind::number:
      out += float_repr(v.as_double());
      return;
    case Kind::string:
      append_quoted(out, v.str());
      return;
    case Kind::list: {
      bool tuple = v.seq() == Seq::tuple;
      out += tuple ? '(' : '[';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) {
          out += ", ";
        }
        append_repr(out, v.at(i));
      }
      out += !tuple ? "]" : v.size() == 1 ? ",)" : ")";
      return;
    }
    case Kind::set: {
      if (v.size() == 0) {
        out += "frozenset()";
        return;
      }
      out += "frozenset({";
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) {
          out += ", ";
        }
        append_repr(out, v.at(i));
      }
      out += "})";
      return;
    }
    case Kind::dict: {
      out += '{';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) {
          out += ", ";
        }
        auto e = v.entry(i);
        append_repr(out, e.first);
        out += ": ";
        append_repr(out, e.second);
      }
      out += '}';
      return;
    }
    case Kind::datetime:
      out += "datetime.datetime(" + datetime_str(v, ' ') + ")";
      return;
    case Kind::timespan:
      out += "datetime.timedelta(" + timespan_str(v.as_int()) + ")";
      return;
    case Kind::regex:
      out += "re.compile(";
      append_quoted(out, v.regex_data().pattern);
      out += ")";
      return;
  }
}

std::string repr(const Value& v) {
  std::string out;
  append_repr(out, v);
  return out;
}

std::string py_str(const Value& v) {
  switch (v.kind()) {
    case Kind::string:
      return std::string(v.str());
    case Kind::datetime:
      return datetime_str(v, ' ');
    case Kind::timespan:
      return timespan_str(v.as_int());
    default:
      return repr(v);
  }
}

std::string yaql_str(const Value& v) {
  if (v.is_null()) {
    return "null";
  }
  if (v.kind() == Kind::boolean) {
    return v.as_bool() ? "true" : "false";
  }
  return py_str(v);
}

const char* type_name(const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      return "NoneType";
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::number:
      return "float";
    case Kind::string:
      return "str";
    case Kind::list:
      return "tuple";
    case Kind::dict:
      return "FrozenDict";
    case Kind::set:
      return "frozenset";
    case Kind::datetime:
      return "datetime";
    case Kind::timespan:
      return "timedelta";
    case Kind::regex:
      return "Pattern";
  }
  return "object";
}

uint64_t approx_bytes(const Value& v) {
  switch (v.kind()) {
    case Kind::string:
      return v.str().size() + 2;
    case Kind::list:
    case Kind::set:
    case Kind::dict:
      return v.size() * 8 + 2;  // shallow: the elements were counted when built
    default:
      return 8;
  }
}

namespace {

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

std::string datetime_text(int64_t micros, char sep, bool with_tz, int32_t tz) {
  micros += int64_t(tz) * 1000000;
  int64_t days = floor_div(micros, 86400000000LL);
  int64_t rem = micros - days * 86400000000LL;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  int64_t secs = rem / 1000000;
  int64_t us = rem % 1000000;
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u%c%02lld:%02lld:%02lld", (long long)y, m, d,
                sep, (long long)(secs / 3600), (long long)(secs / 60 % 60),
                (long long)(secs % 60));
  std::string out = buf;
  if (us != 0 || !with_tz) {
    std::snprintf(buf, sizeof buf, ".%06lld", (long long)us);
    out += buf;
  }
  if (with_tz) {
    int32_t a = tz < 0 ? -tz : tz;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", tz < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    out += buf;
    if (a % 60) {
      std::snprintf(buf, sizeof buf, ":%02d", a % 60);
      out += buf;
    }
  }
  return out;
}

}  // namespace

std::string datetime_str(const Value& dt, char sep) {
  return datetime_text(dt.as_int(), sep, true, dt.tz_offset());
}

std::string timespan_str(int64_t micros) {
  int64_t days = floor_div(micros, 86400000000LL);
  int64_t rem = micros - days * 86400000000LL;
  int64_t secs = rem / 1000000;
  int64_t us = rem % 1000000;
  std::string out;
  if (days != 0) {
    out = std::to_string(days) + (days == 1 || days == -1 ? " day, " : " days, ");
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", (long long)(secs / 3600),
                (long long)(secs / 60 % 60), (long long)(secs % 60));
  out += buf;
  if (us != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", (long long)us);
    out += buf;
  }
  return out;
}

json::value to_json(const Value& v, DateForm dates) {
  switch (v.kind()) {
    case Kind::null:
      return nullptr;
    case Kind::boolean:
      return v.as_bool();
    case Kind::integer:
      return v.as_int();
    case Kind::number:
      return v.as_double();
    case Kind::string:
      return json::string(v.str());
    case Kind::list:
    case Kind::set: {
      json::array arr;
      arr.reserve(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        arr.push_back(to_json(v.at(i), dates));
      }
      return arr;
    }
    case Kind::dict: {
      json::object obj;
      obj.reserve(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        auto e = v.entry(i);
        std::string key = e.first.is_string() ? std::string(e.first.str()) : yaql_str(e.first);
        obj[key] = to_json(e.second, dates);
      }
      return obj;
    }
    case Kind::datetime:
      if (dates == DateForm::mistral_json) {
        return json::string(datetime_text(v.as_int(), 'T', false, v.tz_offset()));
      }
      return json::string(datetime_str(v, 'T'));
    case Kind::timespan:
      return json::string(timespan_str(v.as_int()));
    case Kind::regex:
      return json::string(repr(v));
  }
  return nullptr;
}

}  // namespace bora::dsl::yaql
