#include "dsl/cron.hpp"

#include <algorithm>
#include <vector>

#include "dsl/cron_internal.hpp"

// The search repeats croniter's: start one minute (one second with seconds)
// after the given time, then adjust month, day, hour, minute and second in
// that order, each jump resetting the smaller units, and start over after any
// jump until nothing moves. Its quirks follow from it and are kept: with both
// day fields restricted, both searches must succeed (`0 0 30 2 1` never
// fires), and n-th weekdays still apply in the day-of-month search.

namespace bora::dsl {

using cron_detail::Civil;

namespace {

// Distance from `x` up to the next listed value, wrapping at `span` (the
// number of values the unit has before it repeats); `last` stands for `span`.
int64_t forward_distance(int32_t x, const std::vector<int32_t>& values, bool last, int32_t span) {
  for (int32_t v : values) {
    if (v >= x) {
      return v - x;
    }
  }
  if (last) {
    return span - x;
  }
  return values.empty() ? 0 : values.front() - x + span;
}

int64_t midnight(const Civil& c) {
  return cron_detail::to_epoch(c.year, c.month, c.day);
}

// Days of the month of `c` that fall on `wday` (0 Sunday; 7 is Sunday too).
std::vector<int32_t> weekdays_in_month(const Civil& c, int32_t wday) {
  std::vector<int32_t> days;
  int64_t first = cron_detail::to_epoch(c.year, c.month, 1);
  int32_t first_wday = cron_detail::weekday(first);
  int32_t n = cron_detail::days_in_month(c.year, c.month);
  for (int32_t d = 1 + (wday % 7 - first_wday + 7) % 7; d <= n; d += 7) {
    days.push_back(d);
  }
  return days;
}

class Search {
public:
  Search(const CronPattern& p, bool use_dom, bool use_dow)
      : p_(p), use_dom_(use_dom), use_dow_(use_dow) {}

  std::optional<int64_t> run(int64_t after) const;

private:
  // Each returns true when it moved `t`.
  bool month(int64_t& t, const Civil& c) const;
  bool day_of_month(int64_t& t, const Civil& c) const;
  bool day_of_week(int64_t& t, const Civil& c) const;
  bool nth_weekday(int64_t& t, const Civil& c) const;
  bool hour(int64_t& t, const Civil& c) const;
  bool minute(int64_t& t, const Civil& c) const;
  bool second(int64_t& t, const Civil& c) const;

  const CronPattern& p_;
  bool use_dom_;
  bool use_dow_;
};

std::optional<int64_t> Search::run(int64_t after) const {
  if (after < cron_detail::min_epoch_seconds || after > cron_detail::max_epoch_seconds) {
    return std::nullopt;
  }
  int64_t t = after + (p_.has_seconds() ? 1 : 60);
  const int64_t start_year = cron_detail::to_civil(t).year;
  while (t <= cron_detail::max_epoch_seconds) {
    const Civil c = cron_detail::to_civil(t);
    if (c.year - start_year > cron_search_years) {
      return std::nullopt;
    }
    bool moved = month(t, c) || day_of_month(t, c) ||
                 (p_.nth_weekdays().empty() ? day_of_week(t, c) : nth_weekday(t, c)) ||
                 hour(t, c) || minute(t, c) || second(t, c);
    if (!moved) {
      return t;
    }
  }
  return std::nullopt;
}

bool Search::month(int64_t& t, const Civil& c) const {
  const CronField& f = p_.field(3);
  if (f.any) {
    return false;
  }
  int64_t diff = forward_distance(c.month, f.values, false, 12);
  if (diff == 0) {
    return false;
  }
  int64_t months = c.month - 1 + diff;
  t = cron_detail::to_epoch(c.year + months / 12, static_cast<int32_t>(months % 12) + 1, 1);
  return true;
}

bool Search::day_of_month(int64_t& t, const Civil& c) const {
  const CronField& f = p_.field(2);
  if (!use_dom_ || f.any) {
    return false;
  }
  int32_t days = cron_detail::days_in_month(c.year, c.month);
  if (f.last && c.day == days) {
    return false;
  }
  int64_t diff = forward_distance(c.day, f.values, f.last, days);
  if (diff == 0) {
    return false;
  }
  t = midnight(c) + diff * 86400;
  return true;
}

bool Search::day_of_week(int64_t& t, const Civil& c) const {
  const CronField& f = p_.field(4);
  if (!use_dow_ || f.any) {
    return false;
  }
  int64_t diff = forward_distance(cron_detail::weekday(t), f.values, false, 7);
  if (diff == 0) {
    return false;
  }
  t = midnight(c) + diff * 86400;
  return true;
}

// n-th weekday rules apply whenever the pattern has them, even in the search
// where day-of-week counts as `*` (as croniter does).
bool Search::nth_weekday(int64_t& t, const Civil& c) const {
  std::optional<int32_t> best;
  for (const auto& [wday, ns] : p_.nth_weekdays()) {
    std::vector<int32_t> days = weekdays_in_month(c, wday);
    for (int32_t n : ns) {
      if (n > static_cast<int32_t>(days.size()) || days.empty()) {
        continue;
      }
      int32_t day = n == 0 ? days.back() : days[static_cast<std::size_t>(n - 1)];
      if (day >= c.day && (!best || day < *best)) {
        best = day;
      }
    }
  }
  if (!best) {
    int32_t days = cron_detail::days_in_month(c.year, c.month);
    t = midnight(c) + int64_t{days - c.day + 1} * 86400;
    return true;
  }
  if (*best == c.day) {
    return false;
  }
  t = midnight(c) + int64_t{*best - c.day} * 86400;
  return true;
}

bool Search::hour(int64_t& t, const Civil& c) const {
  const CronField& f = p_.field(1);
  if (f.any) {
    return false;
  }
  int64_t diff = forward_distance(c.hour, f.values, false, 24);
  if (diff == 0) {
    return false;
  }
  t = midnight(c) + (c.hour + diff) * 3600;
  return true;
}

bool Search::minute(int64_t& t, const Civil& c) const {
  const CronField& f = p_.field(0);
  if (f.any) {
    return false;
  }
  int64_t diff = forward_distance(c.minute, f.values, false, 60);
  if (diff == 0) {
    return false;
  }
  t = t - c.second + diff * 60;
  return true;
}

bool Search::second(int64_t& t, const Civil& c) const {
  if (!p_.has_seconds()) {
    // The 5-field form fires on whole minutes: drop the seconds, no restart.
    t -= c.second;
    return false;
  }
  const CronField& f = p_.field(5);
  if (f.any) {
    return false;
  }
  int64_t diff = forward_distance(c.second, f.values, false, 60);
  if (diff == 0) {
    return false;
  }
  t += diff;
  return true;
}

}  // namespace

std::optional<int64_t> CronPattern::next_after(int64_t after) const {
  const bool dom_restricted = !fields_[2].any;
  const bool dow_restricted = !fields_[4].any;
  if (!(dom_restricted && dow_restricted)) {
    return Search(*this, true, true).run(after);
  }
  // Both day fields restricted: a day matching either one fires (cron's OR).
  auto by_dom = Search(*this, true, false).run(after);
  auto by_dow = Search(*this, false, true).run(after);
  if (!by_dom || !by_dow) {
    return std::nullopt;
  }
  return std::min(*by_dom, *by_dow);
}

}  // namespace bora::dsl
