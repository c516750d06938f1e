#include "dsl/cron_internal.hpp"

#include <string>
#include <utility>

// croniter recognises the parts of a pattern with regular expressions; these
// hand-written matchers accept exactly what those expressions accept, with
// Python's Unicode meaning of `\d`, so that Bora refuses what Mistral refuses.

namespace bora::dsl::cron_detail {

namespace {

constexpr const char* month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* day_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// Splits `low-high` or `low-high/step` as croniter's regex
// `^([^-]+)-([^-/]+)(/(\d+))?$` does.
std::optional<RangeText> match_range(std::u32string_view t) {
  std::size_t dash = t.find(U'-');
  if (dash == std::u32string_view::npos || dash == 0) {
    return std::nullopt;
  }
  std::size_t end = dash + 1;
  while (end < t.size() && t[end] != U'-' && t[end] != U'/') {
    ++end;
  }
  if (end == dash + 1) {
    return std::nullopt;
  }
  RangeText r{
      std::u32string(t.substr(0, dash)), std::u32string(t.substr(dash + 1, end - dash - 1)), {}};
  if (end == t.size()) {
    return r;
  }
  if (t[end] != U'/' || !all_digits(t.substr(end + 1))) {
    return std::nullopt;
  }
  r.step = std::u32string(t.substr(end + 1));
  return r;
}

// Matches `^(h|r)(\((\d+)-(\d+)\))?(/(\d+))?$` by hand.
class RandomMatcher {
public:
  explicit RandomMatcher(std::u32string_view text) : text_(text) {}

  std::optional<RandomForm> match() {
    RandomForm f;
    if (text_.empty() || (text_[0] != U'h' && text_[0] != U'r')) {
      return std::nullopt;
    }
    f.hashed = text_[0] == U'h';
    pos_ = 1;
    if (accept(U'(')) {
      f.begin = digits(f.long_bounds);
      if (!f.begin || !accept(U'-')) {
        return std::nullopt;
      }
      f.end = digits(f.long_bounds);
      if (!f.end || !accept(U')')) {
        return std::nullopt;
      }
    }
    if (accept(U'/')) {
      f.divisor = digits(f.long_divisor);
      if (!f.divisor) {
        return std::nullopt;
      }
    }
    return pos_ == text_.size() ? std::optional<RandomForm>(f) : std::nullopt;
  }

private:
  bool accept(char32_t c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<int64_t> digits(bool& too_long) {
    std::size_t from = pos_;
    while (pos_ < text_.size() && digit_value(text_[pos_]) >= 0) {
      ++pos_;
    }
    too_long = too_long || pos_ - from > python_int_digits;
    if (pos_ == from) {
      return std::nullopt;
    }
    return digits_to_int(text_.substr(from, pos_ - from));
  }

  std::u32string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Error reject(std::string message) {
  return Error(Errc::invalid_argument, "cron pattern: " + std::move(message));
}

Error crash() {
  return Error(Errc::internal, "name 'exc' is not defined");
}

std::string text_of(std::u32string_view s) {
  return encode_utf8(s);
}

std::u32string ascii32(const std::string& s) {
  return std::u32string(s.begin(), s.end());
}

// What a name stands for in field `i`: a number, or -1 for day-of-month `l`.
std::optional<int32_t> name_value(std::size_t i, std::u32string_view s) {
  if (i == dom && equals(s, "l")) {
    return -1;
  }
  if (i == 3) {
    for (int32_t k = 0; k < 12; ++k) {
      if (equals(s, month_names[k])) {
        return k + 1;
      }
    }
  }
  if (i == dow) {
    for (int32_t k = 0; k < 7; ++k) {
      if (equals(s, day_names[k])) {
        return k;
      }
    }
  }
  return std::nullopt;
}

std::optional<RandomForm> match_random(std::u32string_view text) {
  return RandomMatcher(text).match();
}

// Peels `d#n` (n-th weekday d) or `Ld` (last weekday d) off a day-of-week
// element, leaving `d` in `e`; returns n (0 for last), or nullopt for a plain
// element. Whatever follows the digits of n is ignored, as croniter does.
Result<std::optional<int32_t>> peel_nth(std::u32string& e) {
  std::size_t hash = e.find(U'#');
  if (hash == std::u32string::npos) {
    if (e.size() > 1 && e[0] == U'l' && all_digits(std::u32string_view(e).substr(1))) {
      e.erase(0, 1);
      return std::optional<int32_t>(nth_last);
    }
    return std::optional<int32_t>();
  }
  std::size_t end = hash + 1;
  while (end < e.size() && digit_value(e[end]) >= 0) {
    ++end;
  }
  std::u32string day = e.substr(0, hash);
  if (end == hash + 1 || !(all_digits(day) || name_value(dow, day))) {
    return reject("`" + text_of(e) + "` is not a day of week");
  }
  int64_t n = digits_to_int(std::u32string_view(e).substr(hash + 1, end - hash - 1));
  if (n < 1 || n > 5) {
    return reject("invalid day_of_week value `" + text_of(e) + "`");
  }
  e = std::move(day);
  return std::optional<int32_t>(static_cast<int32_t>(n));
}

// Rewrites `*/n` to `min-max/n` and `a/n` to `a-max/n` (splitting at the
// last `/` with text on both sides) and matches a range. Returns nullopt for
// a single token, an error for a rewritten text that is no range.
Result<std::optional<RangeText>> find_range(const std::u32string& e, Bounds b) {
  std::u32string t = e;
  if (e.size() > 2 && e[0] == U'*' && e[1] == U'/') {
    t = ascii32(std::to_string(b.lo) + "-" + std::to_string(b.hi)) + e.substr(1);
  }
  if (auto range = match_range(t)) {
    return range;
  }
  for (std::size_t k = e.size() >= 2 ? e.size() - 2 : 0; k >= 1 && k < e.size(); --k) {
    if (e[k] == U'/') {
      t = e.substr(0, k) + ascii32("-" + std::to_string(b.hi)) + e.substr(k);
      if (auto range = match_range(t)) {
        return range;
      }
      return reject("`" + text_of(e) + "` is not acceptable");
    }
  }
  return std::optional<RangeText>();
}

}  // namespace bora::dsl::cron_detail
