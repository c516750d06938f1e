#include "dsl/cron.hpp"

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "dsl/cron_internal.hpp"
#include "dsl/pystr.hpp"

// Mistral's rules for creating and advancing cron triggers, with the texts
// its API answers. The first execution time is read as Python's
// `strptime(text, '%Y-%m-%d %H:%M')` reads it, since clients see its
// messages: one-digit fields, a space before a one-digit day, any run of
// white space between date and time, and every Unicode decimal digit where
// the format's regex says `\d`.

namespace bora::dsl {

using cron_detail::digit_value;

namespace {

constexpr const char* never_pattern = "0 0 30 2 0";
constexpr const char* time_format = "'%Y-%m-%d %H:%M'";

// One character class of strptime's regex: an ASCII range, `\d`, or a space.
struct Cls {
  char32_t lo;
  char32_t hi;  // 0 means "any decimal digit"
};

constexpr Cls any_digit{0, 0};

bool accepts(Cls k, char32_t c) {
  return k.hi == 0 ? digit_value(c) >= 0 : (c >= k.lo && c <= k.hi);
}

using Alternative = std::vector<Cls>;

// The alternatives of %m, %d, %H and %M, in the order the regex tries them.
const std::vector<Alternative> month_alts = {
    {{'1', '1'}, {'0', '2'}}, {{'0', '0'}, {'1', '9'}}, {{'1', '9'}}};
const std::vector<Alternative> day_alts = {{{'3', '3'}, {'0', '1'}},
                                           {{'1', '2'}, any_digit},
                                           {{'0', '0'}, {'1', '9'}},
                                           {{'1', '9'}},
                                           {{' ', ' '}, {'1', '9'}}};
const std::vector<Alternative> hour_alts = {
    {{'2', '2'}, {'0', '3'}}, {{'0', '1'}, any_digit}, {any_digit}};
const std::vector<Alternative> minute_alts = {{{'0', '5'}, any_digit}, {any_digit}};

std::optional<std::size_t> match_alt(const std::u32string& s, std::size_t pos,
                                     const Alternative& alt) {
  for (Cls k : alt) {
    if (pos >= s.size() || !accepts(k, s[pos])) {
      return std::nullopt;
    }
    ++pos;
  }
  return pos;
}

struct Span {
  std::size_t from = 0;
  std::size_t to = 0;
};

struct TimeMatch {
  Span year, month, day, hour, minute;
};

// Matches the fixed tail `\s+H:M` from `pos`; returns the end of the match.
std::optional<std::size_t> match_time(const std::u32string& s, std::size_t pos, TimeMatch& m) {
  std::size_t p = pos;
  while (p < s.size() && cron_detail::is_space(s[p])) {
    ++p;
  }
  if (p == pos) {
    return std::nullopt;
  }
  for (const auto& h : hour_alts) {
    auto end = match_alt(s, p, h);
    if (!end || *end >= s.size() || s[*end] != U':') {
      continue;
    }
    for (const auto& mm : minute_alts) {
      if (auto stop = match_alt(s, *end + 1, mm)) {
        m.hour = {p, *end};
        m.minute = {*end + 1, *stop};
        return stop;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> match_strptime(const std::u32string& s, TimeMatch& m) {
  if (!match_alt(s, 0, {any_digit, any_digit, any_digit, any_digit}) || s.size() < 5 ||
      s[4] != U'-') {
    return std::nullopt;
  }
  m.year = {0, 4};
  for (const auto& mo : month_alts) {
    auto end = match_alt(s, 5, mo);
    if (!end || *end >= s.size() || s[*end] != U'-') {
      continue;
    }
    for (const auto& d : day_alts) {
      auto day_end = match_alt(s, *end + 1, d);
      if (!day_end) {
        continue;
      }
      if (auto stop = match_time(s, *day_end, m)) {
        m.month = {5, *end};
        m.day = {*end + 1, *day_end};
        return stop;
      }
    }
  }
  return std::nullopt;
}

int32_t span_value(const std::u32string& s, Span sp) {
  int32_t v = 0;
  for (std::size_t i = sp.from; i < sp.to; ++i) {
    if (s[i] != U' ') {
      v = v * 10 + digit_value(s[i]);
    }
  }
  return v;
}

Error invalid(std::string message) {
  return Error(Errc::invalid_argument, std::move(message));
}

// Reads the first execution time as Mistral does; seconds since the epoch.
Result<int64_t> parse_first_time(const std::string& text) {
  auto decoded = cron_detail::decode_utf8(text);
  TimeMatch m;
  std::optional<std::size_t> end;
  if (decoded) {
    end = match_strptime(*decoded, m);
  }
  if (!end) {
    return invalid("time data " + py_repr(boost::json::value(boost::json::string(text))) +
                   " does not match format " + time_format);
  }
  const std::u32string& s = *decoded;
  if (*end != s.size()) {
    return invalid("unconverted data remains: " +
                   cron_detail::encode_utf8(std::u32string_view(s).substr(*end)));
  }
  int32_t year = span_value(s, m.year);
  int32_t month = span_value(s, m.month);
  int32_t day = span_value(s, m.day);
  if (year == 0) {
    return invalid("year 0 is out of range");
  }
  if (day > cron_detail::days_in_month(year, month)) {
    return invalid("day is out of range for month");
  }
  return cron_detail::to_epoch(year, month, day, span_value(s, m.hour), span_value(s, m.minute));
}

}  // namespace

Result<CronPlan> plan_cron_trigger(const CronRequest& req) {
  if (req.count && *req.count < 1) {
    return invalid("Invalid input for field/attribute remaining_executions. Value: '" +
                   std::to_string(*req.count) + "'. Value should be greater or equal to 1");
  }
  std::optional<int64_t> first;
  if (req.first_time) {
    auto t = parse_first_time(*req.first_time);
    if (!t.ok()) {
      return std::move(t).error();
    }
    first = *t;
  }
  const bool has_pattern = req.pattern && !req.pattern->empty();
  if (!first && !has_pattern) {
    return invalid("Pattern or first_execution_time must be specified.");
  }
  if (first && req.now + 60 > *first) {
    return invalid("first_execution_time must be at least 1 minute in the future.");
  }
  if (first && !has_pattern && req.count && *req.count > 1) {
    return invalid("Pattern must be provided if count is superior to 1.");
  }
  CronPlan plan;
  plan.pattern = req.pattern ? *req.pattern : never_pattern;
  plan.first_execution_time = first;
  plan.remaining_executions = req.count;
  std::optional<CronPattern> pattern;
  if (has_pattern) {
    auto parsed = CronPattern::parse(*req.pattern);
    if (!parsed.ok()) {
      if (parsed.error().code == Errc::internal) {
        return std::move(parsed).error();
      }
      return invalid("The specified pattern is not valid: " + *req.pattern);
    }
    pattern = std::move(parsed.value());
  }
  if (first) {
    // A one-shot trigger without a pattern or count fires once.
    plan.next_execution_time = *first;
    if (!has_pattern && !req.count) {
      plan.remaining_executions = 1;
    }
    return plan;
  }
  auto next = pattern->next_after(req.now);
  if (!next) {
    // croniter raises here and Mistral answers 500 with its text.
    return Error(Errc::internal, "failed to find next date");
  }
  plan.next_execution_time = *next;
  return plan;
}

namespace {

template <class NextFn>
CronAdvance advance_with(std::optional<int64_t> remaining, NextFn next_fn) {
  std::optional<int64_t> left = remaining;
  if (left && *left > 0) {
    --*left;
  }
  if (left && *left == 0) {
    return CronAdvance{std::nullopt, left, false};
  }
  std::optional<int64_t> next = next_fn();
  if (!next) {
    return CronAdvance{std::nullopt, remaining, true};
  }
  return CronAdvance{next, left, false};
}

}  // namespace

CronAdvance advance_cron_trigger(const CronPattern& p, std::optional<int64_t> remaining,
                                 int64_t fired_at) {
  return advance_with(remaining, [&] { return p.next_after(fired_at); });
}

CronAdvance advance_cron_trigger(std::string_view pattern, std::optional<int64_t> remaining,
                                 int64_t fired_at) {
  return advance_with(remaining, [&]() -> std::optional<int64_t> {
    auto parsed = CronPattern::parse(pattern);
    return parsed.ok() ? parsed->next_after(fired_at) : std::nullopt;
  });
}

}  // namespace bora::dsl
