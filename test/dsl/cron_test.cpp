#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "dsl/cron.hpp"

namespace json = boost::json;
using namespace bora;
using namespace bora::dsl;

namespace {

int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

json::value load_cases() {
  std::ifstream in(BORA_TEST_DATA "/dsl/cron_cases/cases.json");
  std::stringstream ss;
  ss << in.rdbuf();
  json::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  REQUIRE_MESSAGE(!ec, "cases.json does not parse: " << ec.message());
  return v;
}

std::string shown(const std::string& p) {
  return p.size() > 80 ? p.substr(0, 80) + "... (" + std::to_string(p.size()) + " bytes)" : p;
}

// Checks one table row against CronPattern; returns true when it matched.
bool check_case(const json::object& c) {
  const std::string pattern(c.at("pattern").as_string());
  auto parsed = CronPattern::parse(pattern);
  INFO("pattern: ", shown(pattern));
  if (c.contains("invalid")) {
    CHECK_FALSE(parsed.ok());
    return !parsed.ok() && parsed.error().code == Errc::invalid_argument;
  }
  if (c.contains("crash")) {
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == Errc::internal);
    CHECK(parsed.error().message == std::string(c.at("crash").as_string()));
    return parsed.error().code == Errc::internal;
  }
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  if (c.contains("random")) {
    CHECK(parsed->next_after(utc(2026, 11, 29)).has_value());
    return true;
  }
  int64_t t = c.at("start").as_int64();
  bool all = true;
  for (const auto& want : c.at("next").as_array()) {
    auto got = parsed->next_after(t);
    INFO("after: ", t);
    CHECK(got == std::optional<int64_t>(want.as_int64()));
    if (got != std::optional<int64_t>(want.as_int64())) {
      return false;
    }
    t = *got;
  }
  if (c.at("never").as_bool()) {
    CHECK_FALSE(parsed->next_after(t).has_value());
    all = !parsed->next_after(t).has_value();
  }
  return all;
}

CronRequest request(std::optional<std::string> pattern, std::optional<std::string> first,
                    std::optional<int64_t> count = std::nullopt) {
  return CronRequest{std::move(pattern), std::move(first), count, utc(2026, 11, 29, 0, 10, 38)};
}

std::string plan_error(const CronRequest& r) {
  auto p = plan_cron_trigger(r);
  return p.ok() ? std::string("<ok>") : p.error().message;
}

}  // namespace

TEST_SUITE("dsl.cron") {
  TEST_CASE("gives the fire times croniter gives for every pattern of the table") {
    json::value v = load_cases();
    const auto& cases = v.at("cases").as_array();
    CHECK(cases.size() >= 150);
    std::size_t failed = 0;
    for (const auto& c : cases) {
      failed += check_case(c.as_object()) ? 0 : 1;
    }
    CHECK(failed == 0);
    std::size_t invalid = 0;
    std::size_t crashes = 0;
    for (const auto& c : cases) {
      invalid += c.as_object().contains("invalid") ? 1 : 0;
      crashes += c.as_object().contains("crash") ? 1 : 0;
    }
    CHECK(invalid >= 50);
    CHECK(crashes >= 3);
  }

  TEST_CASE("reads fields, names, ranges and steps into value sets") {
    auto p = CronPattern::parse("0,30 9-17/4 L JAN-mar mon-FRI");
    REQUIRE(p.ok());
    CHECK_FALSE(p->has_seconds());
    CHECK(p->field(0).values == std::vector<int32_t>{0, 30});
    CHECK(p->field(1).values == std::vector<int32_t>{9, 13, 17});
    CHECK(p->field(2).last);
    CHECK(p->field(2).values.empty());
    CHECK(p->field(3).values == std::vector<int32_t>{1, 2, 3});
    CHECK(p->field(4).values == std::vector<int32_t>{1, 2, 3, 4, 5});
    auto six = CronPattern::parse("* * * * 1-7 */20");
    REQUIRE(six.ok());
    CHECK(six->has_seconds());
    CHECK(six->field(4).any);  // seven entries become `*`, as croniter does
    CHECK(six->field(5).values == std::vector<int32_t>{0, 20, 40});
  }

  TEST_CASE("keeps n-th weekday rules and rejects mixing them with plain days") {
    auto p = CronPattern::parse("0 0 * * mon#2,L5");
    REQUIRE(p.ok());
    CHECK(p->nth_weekdays().at(1) == std::set<int32_t>{2});
    CHECK(p->nth_weekdays().at(5) == std::set<int32_t>{0});
    CHECK(p->next_after(utc(2026, 11, 29)) == utc(2026, 12, 14));
    CHECK_FALSE(CronPattern::parse("0 0 * * 2,1#2").ok());
    CHECK_FALSE(CronPattern::parse("0 0 * * 1#6").ok());
  }

  TEST_CASE("combines day of month and day of week with OR") {
    auto p = CronPattern::parse("0 0 13 * 5");
    REQUIRE(p.ok());
    // 2026-12-04 is a Friday, before the 13th.
    CHECK(p->next_after(utc(2026, 12, 1)) == utc(2026, 12, 4));
    CHECK(p->next_after(utc(2026, 12, 12)) == utc(2026, 12, 13));
  }

  TEST_CASE("finds no time for patterns that never fire, quickly") {
    auto start = std::chrono::steady_clock::now();
    for (const char* text : {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30 2 1", "0 0 * * 7 *",
                             "0 0 1 * 1#3", "59 23 31 2 1#5"}) {
      auto p = CronPattern::parse(text);
      REQUIRE(p.ok());
      CHECK_FALSE(p->next_after(utc(2026, 11, 29)).has_value());
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  }

  TEST_CASE("stays within the 50-year window and Python's years 1 to 9999") {
    auto leap = CronPattern::parse("0 0 29 2 *");
    REQUIRE(leap.ok());
    // 2096 is followed by the non-leap 2100, then 2104.
    CHECK(leap->next_after(utc(2096, 3, 1)) == utc(2104, 2, 29));
    auto every = CronPattern::parse("* * * * *");
    REQUIRE(every.ok());
    CHECK(every->next_after(utc(1969, 12, 31, 23, 59, 30)) == utc(1970, 1, 1));
    CHECK_FALSE(every->next_after(utc(9999, 12, 31, 23, 59)).has_value());
    CHECK_FALSE(every->next_after(INT64_MAX).has_value());
    CHECK_FALSE(every->next_after(INT64_MIN).has_value());
    CHECK(every->next_after(utc(9999, 12, 31, 23, 58)) == utc(9999, 12, 31, 23, 59));
  }

  TEST_CASE("bounds hostile pattern text") {
    std::string huge(max_cron_pattern_bytes + 1, '1');
    auto r = CronPattern::parse(huge);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_argument);
    std::string commas = "0 0 * * *";
    commas.insert(0, std::string(max_cron_pattern_bytes - commas.size() - 1, ','));
    CHECK_FALSE(CronPattern::parse(commas).ok());
    std::string list;
    for (int i = 0; i < 6000; ++i) {
      list += "0-59,";
    }
    list += "0 * * * *";
    auto wide = CronPattern::parse(list);
    REQUIRE(wide.ok());
    CHECK(wide->field(0).any);
    CHECK_FALSE(CronPattern::parse("\xff * * * *").ok());
    CHECK_FALSE(CronPattern::parse(std::string("0 0 * * *\0", 10)).ok());
  }

  TEST_CASE("draws R values in range, reproducibly for a seed") {
    for (uint64_t seed = 0; seed < 50; ++seed) {
      auto p = CronPattern::parse("r r(10-20) r/20 * * r(5-9)/2", seed);
      REQUIRE(p.ok());
      REQUIRE(p->field(0).values.size() == 1);
      CHECK(p->field(0).values[0] <= 59);
      REQUIRE(p->field(1).values.size() == 1);
      CHECK(p->field(1).values[0] >= 10);
      CHECK(p->field(1).values[0] <= 20);
      CHECK(p->field(2).values.front() <= 20);
      CHECK(p->field(5).values.front() >= 5);
      auto again = CronPattern::parse("r r(10-20) r/20 * * r(5-9)/2", seed);
      REQUIRE(again.ok());
      CHECK(again->field(0).values == p->field(0).values);
    }
    auto crash = CronPattern::parse("r(5-4) * * * *");
    REQUIRE_FALSE(crash.ok());
    CHECK(crash.error().message == "integer modulo by zero");
    CHECK_FALSE(CronPattern::parse("h * * * *").ok());
    CHECK_FALSE(CronPattern::parse("r/0 * * * *").ok());
  }

  TEST_CASE("plans a pattern-only trigger from the next fire time") {
    auto p = plan_cron_trigger(request("*/5 * * * *", std::nullopt, 3));
    REQUIRE(p.ok());
    CHECK(p->pattern == "*/5 * * * *");
    CHECK(p->next_execution_time == utc(2026, 11, 29, 0, 15));
    CHECK_FALSE(p->first_execution_time.has_value());
    CHECK(p->remaining_executions == 3);
    auto unlimited = plan_cron_trigger(request("\xd9\xa5 * * * *", std::nullopt));
    REQUIRE(unlimited.ok());
    CHECK(unlimited->next_execution_time == utc(2026, 11, 29, 1, 5));
    CHECK_FALSE(unlimited->remaining_executions.has_value());
  }

  TEST_CASE("plans a first-time-only trigger as one firing of the never pattern") {
    auto p = plan_cron_trigger(request(std::nullopt, "2027-01-01 10:00"));
    REQUIRE(p.ok());
    CHECK(p->pattern == "0 0 30 2 0");
    CHECK(p->first_execution_time == utc(2027, 1, 1, 10));
    CHECK(p->next_execution_time == utc(2027, 1, 1, 10));
    CHECK(p->remaining_executions == 1);
    auto once = plan_cron_trigger(request(std::nullopt, "2027-1-1 1:5", 1));
    REQUIRE(once.ok());
    CHECK(once->next_execution_time == utc(2027, 1, 1, 1, 5));
    CHECK(once->remaining_executions == 1);
    auto empty = plan_cron_trigger(request("", "2027-01-01 10:00"));
    REQUIRE(empty.ok());
    CHECK(empty->pattern.empty());
    CHECK(empty->remaining_executions == 1);
  }

  TEST_CASE("plans a trigger with pattern and first time to fire first at that time") {
    auto p = plan_cron_trigger(request("0 * * * *", "2027-01-01 10:00"));
    REQUIRE(p.ok());
    CHECK(p->next_execution_time == utc(2027, 1, 1, 10));
    CHECK_FALSE(p->remaining_executions.has_value());
    auto counted = plan_cron_trigger(request("0 0 30 2 *", "2027-01-05 10:00", 3));
    REQUIRE(counted.ok());
    CHECK(counted->next_execution_time == utc(2027, 1, 5, 10));
    CHECK(counted->remaining_executions == 3);
  }

  TEST_CASE("refuses requests with Mistral's texts") {
    CHECK(plan_error(request(std::nullopt, std::nullopt)) ==
          "Pattern or first_execution_time must be specified.");
    CHECK(plan_error(request("", std::nullopt)) ==
          "Pattern or first_execution_time must be specified.");
    CHECK(plan_error(request(std::nullopt, "2027-01-01 10:00", 5)) ==
          "Pattern must be provided if count is superior to 1.");
    CHECK(plan_error(request("* * * * *", std::nullopt, 0)) ==
          "Invalid input for field/attribute remaining_executions. Value: '0'. Value should be "
          "greater or equal to 1");
    CHECK(plan_error(request("* * * * *", std::nullopt, -3)) ==
          "Invalid input for field/attribute remaining_executions. Value: '-3'. Value should "
          "be greater or equal to 1");
    CHECK(plan_error(request("bad", std::nullopt)) == "The specified pattern is not valid: bad");
    CHECK(plan_error(request("bad", "2020-01-01 10:00")) ==
          "first_execution_time must be at least 1 minute in the future.");
    CHECK(plan_error(request("0 0 15 * 1#2", "2020-01-05 10:00")) ==
          "first_execution_time must be at least 1 minute in the future.");
  }

  TEST_CASE("reads the first time as Python's strptime does") {
    CHECK(plan_error(request(std::nullopt, "2027-01-01 10:00:00")) ==
          "unconverted data remains: :00");
    CHECK(plan_error(request(std::nullopt, "2027-01-05 10:00 ")) == "unconverted data remains:  ");
    CHECK(plan_error(request(std::nullopt, "2027-01-05 10:60")) == "unconverted data remains: 0");
    CHECK(plan_error(request(std::nullopt, "2027-02-30 10:00")) == "day is out of range for month");
    CHECK(plan_error(request(std::nullopt, "0000-01-01 10:00")) == "year 0 is out of range");
    CHECK(plan_error(request(std::nullopt, "x")) ==
          "time data 'x' does not match format '%Y-%m-%d %H:%M'");
    CHECK(plan_error(request(std::nullopt, "")) ==
          "time data '' does not match format '%Y-%m-%d %H:%M'");
    CHECK(plan_error(request(std::nullopt, "it's")) ==
          "time data \"it's\" does not match format '%Y-%m-%d %H:%M'");
    CHECK(plan_error(request(std::nullopt, "2027-01-05 24:00")) ==
          "time data '2027-01-05 24:00' does not match format '%Y-%m-%d %H:%M'");
    auto spaced = plan_cron_trigger(request(std::nullopt, "2027-01- 5\t\xe3\x80\x80 7:5"));
    REQUIRE(spaced.ok());
    CHECK(spaced->next_execution_time == utc(2027, 1, 5, 7, 5));
    // Arabic-Indic digits where the format's regex says \d.
    auto arabic = plan_cron_trigger(
        request(std::nullopt, "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa7-01-05 1\xd9\xa0:0\xd9\xa0"));
    REQUIRE(arabic.ok());
    CHECK(arabic->next_execution_time == utc(2027, 1, 5, 10));
  }

  TEST_CASE("refuses hostile first times without crashing") {
    CHECK(plan_error(request(std::nullopt, "\xff\xfe")).rfind("time data ", 0) == 0);
    CHECK(plan_error(request(std::nullopt, std::string(100000, '9'))).rfind("time data ", 0) == 0);
    std::string trailing = "2027-01-05 10:00" + std::string(100000, 'x');
    CHECK(plan_error(request(std::nullopt, trailing)) ==
          "unconverted data remains: " + std::string(100000, 'x'));
    CHECK(plan_error(request(std::nullopt, std::string("2027-01-05\0 10:00", 16)))
              .rfind("time data ", 0) == 0);
  }

  TEST_CASE("needs the first time at least one minute ahead") {
    CronRequest r = request(std::nullopt, "2026-11-29 00:11");
    r.now = utc(2026, 11, 29, 0, 10, 0);
    CHECK(plan_cron_trigger(r).ok());
    r.now += 1;
    CHECK(plan_error(r) == "first_execution_time must be at least 1 minute in the future.");
  }

  TEST_CASE("answers Mistral's server errors where croniter fails") {
    auto never = plan_cron_trigger(request("0 0 30 2 *", std::nullopt));
    REQUIRE_FALSE(never.ok());
    CHECK(never.error().code == Errc::internal);
    CHECK(never.error().message == "failed to find next date");
    auto modulo = plan_cron_trigger(request("r(5-4) * * * *", std::nullopt));
    REQUIRE_FALSE(modulo.ok());
    CHECK(modulo.error().code == Errc::internal);
    CHECK(modulo.error().message == "integer modulo by zero");
    auto name = plan_cron_trigger(request("* * l-5 * *", std::nullopt));
    REQUIRE_FALSE(name.ok());
    CHECK(name.error().message == "name 'exc' is not defined");
  }

  TEST_CASE("advances a counted trigger and deletes it after the last firing") {
    auto p = CronPattern::parse("*/5 * * * *");
    REQUIRE(p.ok());
    auto a = advance_cron_trigger(*p, 3, utc(2026, 11, 29, 0, 18));
    CHECK(a.next == utc(2026, 11, 29, 0, 20));
    CHECK(a.remaining == 2);
    CHECK_FALSE(a.no_next_time);
    auto last = advance_cron_trigger(*p, 1, utc(2026, 11, 29, 0, 20));
    CHECK_FALSE(last.next.has_value());
    CHECK(last.remaining == 0);
    CHECK_FALSE(last.no_next_time);
    auto zero = advance_cron_trigger(*p, 0, utc(2026, 11, 29, 0, 20));
    CHECK_FALSE(zero.next.has_value());
  }

  TEST_CASE("advances an unlimited trigger from the time it fired") {
    auto p = CronPattern::parse("0 * * * *");
    REQUIRE(p.ok());
    auto a = advance_cron_trigger(*p, std::nullopt, utc(2026, 11, 29, 3, 0, 5));
    CHECK(a.next == utc(2026, 11, 29, 4));
    CHECK_FALSE(a.remaining.has_value());
  }

  TEST_CASE("deletes a first-time-only trigger without reading its pattern") {
    auto a = advance_cron_trigger(std::string_view(""), 1, utc(2027, 1, 1, 10));
    CHECK_FALSE(a.next.has_value());
    CHECK(a.remaining == 0);
    CHECK_FALSE(a.no_next_time);
    auto never = advance_cron_trigger(std::string_view("0 0 30 2 0"), 1, utc(2027, 1, 1, 10));
    CHECK_FALSE(never.next.has_value());
    CHECK_FALSE(never.no_next_time);
  }

  TEST_CASE("reports a pattern with no next time and keeps the count") {
    auto a = advance_cron_trigger(std::string_view("0 0 30 2 *"), 3, utc(2027, 1, 5, 10));
    CHECK(a.no_next_time);
    CHECK_FALSE(a.next.has_value());
    CHECK(a.remaining == 3);
    auto bad = advance_cron_trigger(std::string_view(""), 2, utc(2027, 1, 5, 10));
    CHECK(bad.no_next_time);
    CHECK(bad.remaining == 2);
  }
}
