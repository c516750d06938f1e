#pragma once

// Internal to the cron code: the few Unicode rules of Python that croniter and
// strptime depend on (what `str.split()` splits on, what `\d` and `int()`
// read as digits), and proleptic Gregorian calendar arithmetic in UTC over
// Python's datetime years 1..9999. Not part of the dsl API.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"

namespace bora::dsl::cron_detail {

/// Decodes UTF-8 `text` into code points; nullopt when it is not valid UTF-8.
std::optional<std::u32string> decode_utf8(std::string_view text);

/// Returns true for the code points Python's `str.isspace()` accepts.
bool is_space(char32_t c);

/// Returns the value 0..9 of a Unicode decimal digit (what Python's `\d`
/// matches and `int()` reads), or -1 for any other code point.
int digit_value(char32_t c);

/// Returns true when `s` is non-empty and made only of decimal digits.
bool all_digits(std::u32string_view s);

/// Returns the value of the digits `s` (all_digits must hold), saturated at
/// `digits_cap` so that any value above every cron range stays above it.
int64_t digits_to_int(std::u32string_view s);

/// The value `digits_to_int` saturates at.
constexpr int64_t digits_cap = int64_t{1} << 53;

/// Returns true when `s` is exactly the ASCII text `ascii`.
bool equals(std::u32string_view s, std::string_view ascii);

/// Encodes code points back to UTF-8.
std::string encode_utf8(std::u32string_view s);

/// A UTC calendar time broken down into fields (month and day count from 1).
struct Civil {
  int64_t year = 1970;
  int32_t month = 1;
  int32_t day = 1;
  int32_t hour = 0;
  int32_t minute = 0;
  int32_t second = 0;
};

/// Seconds since the epoch of 0001-01-01 00:00:00 and of 9999-12-31 23:59:59,
/// the range of Python's datetime.
constexpr int64_t min_epoch_seconds = -62135596800;
constexpr int64_t max_epoch_seconds = 253402300799;

/// Returns the number of days from 1970-01-01 to the given date (negative before).
int64_t days_from_civil(int64_t year, int32_t month, int32_t day);

/// Returns the seconds since the epoch of the given UTC date and time.
int64_t to_epoch(int64_t year, int32_t month, int32_t day, int32_t hour = 0, int32_t minute = 0,
                 int32_t second = 0);

/// Breaks seconds since the epoch down into UTC calendar fields.
Civil to_civil(int64_t t);

/// Returns true for Gregorian leap years.
bool is_leap(int64_t year);

/// Returns the number of days of `month` (1..12) in `year`.
int32_t days_in_month(int64_t year, int32_t month);

/// Returns the weekday of seconds since the epoch, 0 for Sunday to 6 for Saturday.
int32_t weekday(int64_t t);

// -- pattern syntax (cron_syntax.cpp) ---------------------------------------

/// The smallest and largest value of a field.
struct Bounds {
  int32_t lo;
  int32_t hi;
};

/// Field bounds in croniter's order: minute, hour, day of month, month, day of
/// week (7 is Sunday too), and last the seconds of the 6-field form.
inline constexpr Bounds field_bounds[6] = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}, {0, 59}};
/// How many values each field has; a list with that many entries means `*`.
inline constexpr std::size_t field_sizes[6] = {60, 24, 31, 12, 7, 60};
inline constexpr std::size_t dom = 2;
inline constexpr std::size_t dow = 4;
/// The n of `Ld` (last weekday d of the month) among the n-th weekday rules.
inline constexpr int32_t nth_last = 0;

/// Python refuses to convert longer digit strings to int; croniter then
/// crashes (see `crash`).
inline constexpr std::size_t python_int_digits = 4300;

/// Returns the `invalid_argument` error of a pattern croniter rejects.
Error reject(std::string message);

/// Returns the error of a pattern croniter crashes on: it fails to wrap
/// Python's own ValueError and raises NameError, which Mistral answers with
/// 500 and this text.
Error crash();

/// Converts code points to UTF-8 (for messages) and ASCII text to code points.
std::string text_of(std::u32string_view s);
std::u32string ascii32(const std::string& s);

/// Returns what a name stands for in field `i` (`jan`..`dec`, `sun`..`sat`),
/// -1 for `l` in day of month, nullopt for anything else.
std::optional<int32_t> name_value(std::size_t i, std::u32string_view s);

/// A list element `low-high` or `low-high/step` (step empty when absent).
struct RangeText {
  std::u32string low;
  std::u32string high;
  std::u32string step;
};

/// Rewrites `*/n` to `lo-hi/n` and `a/n` to `a-hi/n` (at the last `/` with
/// text on both sides) and splits a range as croniter's regex does. Returns
/// nullopt for a single token, an error for a rewritten text that is no range.
Result<std::optional<RangeText>> find_range(const std::u32string& e, Bounds b);

/// Peels `d#n` or `Ld` off a day-of-week element, leaving `d` in `e`; returns
/// n (`nth_last` for L), or nullopt for a plain element.
Result<std::optional<int32_t>> peel_nth(std::u32string& e);

/// A whole field of croniter's hash or random form: `h` or `r`, then
/// optionally `(begin-end)`, then optionally `/divisor`.
struct RandomForm {
  bool hashed = false;
  std::optional<int64_t> begin;
  std::optional<int64_t> end;
  std::optional<int64_t> divisor;
  bool long_bounds = false;   ///< a bound has more than python_int_digits digits
  bool long_divisor = false;  ///< so has the divisor
};

/// Matches a whole field against the hash/random form; nullopt when it is not one.
std::optional<RandomForm> match_random(std::u32string_view text);

}  // namespace bora::dsl::cron_detail
