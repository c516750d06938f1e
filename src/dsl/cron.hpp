#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace bora::dsl {

/// Longest pattern text `CronPattern::parse` reads, in bytes. Mistral stores at
/// most 100 characters; this bound only keeps hostile input cheap.
constexpr std::size_t max_cron_pattern_bytes = 64 * 1024;

/// Widest search `CronPattern::next_after` makes, in calendar years after the
/// start (the window of croniter, which Mistral uses).
constexpr int32_t cron_search_years = 50;

/// The value set of one field of a parsed pattern.
struct CronField {
  /// True when the field matches every value (`*`, or a list that covers them all).
  bool any = false;
  /// The listed values, ascending (day-of-week keeps 7 only in the 6-field form).
  std::vector<int32_t> values;
  /// Day of month only: `L`, the last day of the month, is listed.
  bool last = false;
};

/// A parsed cron pattern with the grammar and the matching rules of the
/// croniter library (1.3.5) that Mistral evaluates patterns with:
/// - 5 fields `minute hour day-of-month month day-of-week`, or 6 with a final
///   `second` field; fields split on any Unicode white space;
/// - `*`, numbers (any Unicode decimal digits), names `jan`..`dec` and
///   `sun`..`sat` in any case, ranges `a-b`, steps `*/n`, `a-b/n` and `a/n`,
///   lists, `L` (last day) in day-of-month, `d#n` and `Ld` (n-th and last
///   weekday d of the month) in day-of-week;
/// - `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight` and
///   `@hourly` (the whole text, any case);
/// - `R`, `R(a-b)`, `R/n` and `R(a-b)/n` as a whole field pick a random value
///   when the pattern is parsed (as croniter does each time Mistral builds one);
/// - day-of-month and day-of-week combine with OR when both are restricted.
/// Croniter's quirks are kept on purpose: see cron.cpp, cron_syntax.cpp and
/// cron_next.cpp.
/// A CronPattern is an immutable value; any thread may use it.
class CronPattern {
public:
  /// Parses `text`. Fails with `invalid_argument` when croniter rejects the
  /// text (or it is longer than `max_cron_pattern_bytes` or not UTF-8), and
  /// with `internal` and croniter's crash text where croniter itself crashes
  /// and Mistral answers 500: "integer modulo by zero" for `R(5-4)`, and
  /// "name 'exc' is not defined" for a number of more than 4300 digits or a
  /// day-of-month range starting at `L`.
  /// `random_seed` fixes the choices of `R` fields (tests); without it they
  /// come from std::random_device.
  static Result<CronPattern> parse(std::string_view text,
                                   std::optional<uint64_t> random_seed = std::nullopt);

  /// Returns the first fire time strictly after `after` (seconds since the
  /// epoch, UTC), with croniter's algorithm; nullopt when croniter finds none
  /// within `cron_search_years` (e.g. `0 0 30 2 *`), or the search would leave
  /// the years 1..9999. Runs a bounded number of steps.
  std::optional<int64_t> next_after(int64_t after) const;

  /// Returns true for the 6-field form (with seconds).
  bool has_seconds() const {
    return has_seconds_;
  }
  /// Returns field `i`: 0 minute, 1 hour, 2 day of month, 3 month, 4 day of
  /// week, 5 second (present only with `has_seconds()`).
  const CronField& field(std::size_t i) const {
    assert(i < fields_.size());
    return fields_[i];
  }
  /// Returns the n-th weekday rules of the day-of-week field: weekday (0 is
  /// Sunday; 7 too in the 6-field form) to the set of n in 1..5, with 0 for `L`.
  const std::map<int32_t, std::set<int32_t>>& nth_weekdays() const {
    return nth_;
  }

private:
  friend class CronPatternBuilder;
  CronPattern() = default;

  std::array<CronField, 6> fields_{};
  bool has_seconds_ = false;
  std::map<int32_t, std::set<int32_t>> nth_;
};

/// A request to create a cron trigger, as the REST API decodes it.
struct CronRequest {
  /// `pattern`; absent for JSON null. An empty text counts as "no pattern".
  std::optional<std::string> pattern;
  /// `first_execution_time` as sent, "YYYY-MM-DD HH:MM" in UTC.
  std::optional<std::string> first_time;
  /// `remaining_executions`.
  std::optional<int64_t> count;
  /// The current time, seconds since the epoch (UTC).
  int64_t now = 0;
};

/// What to store for a new cron trigger (times in seconds since the epoch).
struct CronPlan {
  /// The pattern to store: the one given, or Mistral's "never" default
  /// `0 0 30 2 0` when none was given.
  std::string pattern;
  std::optional<int64_t> first_execution_time;
  int64_t next_execution_time = 0;
  std::optional<int64_t> remaining_executions;
};

/// Applies Mistral's cron trigger creation rules to `req`. Errors carry
/// Mistral's exact texts: `invalid_argument` for a count below 1, a first
/// time that does not parse (Python's strptime messages) or is less than a
/// minute ahead, a missing pattern and first time, a count above 1 without a
/// pattern, and `The specified pattern is not valid: <p>`; `internal` where
/// Mistral answers 500 (`failed to find next date`, `integer modulo by zero`).
Result<CronPlan> plan_cron_trigger(const CronRequest& req);

/// The state of a trigger after one firing.
struct CronAdvance {
  /// The next fire time; nullopt when the trigger is done and is deleted.
  std::optional<int64_t> next;
  /// The remaining executions to store (nullopt: unlimited).
  std::optional<int64_t> remaining;
  /// True when the pattern has no next fire time (or does not parse): Mistral
  /// then fails this firing without starting the workflow and leaves the
  /// trigger unchanged; `next` is nullopt and `remaining` the one passed in.
  bool no_next_time = false;
};

/// Returns the trigger's state after it fires, as Mistral advances it: one
/// less remaining execution when counted, deletion when that reaches 0, else
/// the first fire time of `p` after `fired_at`, which must be the later of the
/// current time and the trigger's stored next_execution_time.
CronAdvance advance_cron_trigger(const CronPattern& p, std::optional<int64_t> remaining,
                                 int64_t fired_at);

/// Like the overload above, but takes the stored pattern text and parses it
/// only when a next time is needed (a first-time-only trigger may store an
/// empty pattern that does not parse).
CronAdvance advance_cron_trigger(std::string_view pattern, std::optional<int64_t> remaining,
                                 int64_t fired_at);

}  // namespace bora::dsl
