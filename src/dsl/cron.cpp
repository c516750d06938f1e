#include "dsl/cron.hpp"

#include <algorithm>
#include <random>
#include <utility>

#include "dsl/cron_internal.hpp"

// Parsing follows croniter 1.3.5 rule by rule, because Mistral accepts or
// refuses a pattern exactly as croniter does: its odd corners (`1#2abc` is
// read as `1#2`, `5-0` in day-of-week means 5-7, a list covering every value
// of a field becomes `*`, 0 in day-of-month means 1 only in the 6-field form)
// are kept on purpose.

namespace bora::dsl {

using cron_detail::all_digits;
using cron_detail::ascii32;
using cron_detail::Bounds;
using cron_detail::crash;
using cron_detail::digits_to_int;
using cron_detail::dom;
using cron_detail::dow;
using cron_detail::equals;
using cron_detail::field_bounds;
using cron_detail::field_sizes;
using cron_detail::name_value;
using cron_detail::python_int_digits;
using cron_detail::RandomForm;
using cron_detail::RangeText;
using cron_detail::reject;
using cron_detail::text_of;

namespace {

constexpr std::pair<const char*, const char*> aliases[] = {
    {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"},  {"@daily", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},   {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
};

// Python's `%` (the result takes the sign of the divisor); `n` is not 0.
int64_t py_mod(int64_t a, int64_t n) {
  int64_t r = a % n;
  return (r != 0 && ((r < 0) != (n < 0))) ? r + n : r;
}

}  // namespace

// Builds one CronPattern; friend of the class, lives only in this file.
class CronPatternBuilder {
public:
  CronPatternBuilder(bool six, std::optional<uint64_t> seed) : six_(six), seed_(seed) {
    pattern_.has_seconds_ = six;
  }

  Result<void> add_field(std::size_t i, std::u32string text);
  Result<CronPattern> finish();

private:
  struct Collected {
    std::set<int32_t> values;
    bool star = false;
    bool last = false;
  };

  Result<void> add_element(std::u32string e);
  Result<void> add_range(const RangeText& r);
  Result<void> add_token(const std::u32string& t, std::optional<int32_t> nth);
  Result<void> add_value(int64_t v, std::optional<int32_t> nth);
  Result<std::u32string> expand_random(const RandomForm& f);
  uint32_t random32();

  bool six_;
  std::optional<uint64_t> seed_;
  std::optional<std::mt19937_64> rng_;
  CronPattern pattern_;
  std::size_t i_ = 0;
  Collected cur_;
};

uint32_t CronPatternBuilder::random32() {
  if (!rng_) {
    rng_.emplace(seed_ ? *seed_
                       : (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}());
  }
  return static_cast<uint32_t>((*rng_)() >> 32);
}

// `R` forms: croniter draws a 32-bit number, shifts it right by the field
// index and reduces it into the range; the result is text parsed as usual.
Result<std::u32string> CronPatternBuilder::expand_random(const RandomForm& f) {
  if (f.long_divisor) {
    return crash();
  }
  if (f.divisor && *f.divisor == 0) {
    return reject("random expression with step 0");
  }
  if (f.long_bounds) {
    return crash();
  }
  const Bounds b = field_bounds[i_];
  const int64_t crc = random32() >> i_;
  std::string out;
  if (f.begin && f.divisor) {
    int64_t low = py_mod(crc, *f.divisor - b.lo + 1) + b.lo + *f.begin;
    out = std::to_string(low) + "-" + std::to_string(*f.end) + "/" + std::to_string(*f.divisor);
  } else if (f.begin) {
    int64_t n = *f.end - *f.begin + 1;
    if (n == 0) {
      // croniter crashes here and Mistral answers 500 with this text.
      return Error(Errc::internal, "integer modulo by zero");
    }
    out = std::to_string(py_mod(crc, n) + *f.begin);
  } else if (f.divisor) {
    int64_t low = py_mod(crc, *f.divisor - b.lo + 1) + b.lo;
    out = std::to_string(low) + "-" + std::to_string(b.hi) + "/" + std::to_string(*f.divisor);
  } else {
    out = std::to_string(py_mod(crc, b.hi - b.lo + 1) + b.lo);
  }
  return ascii32(out);
}

Result<void> CronPatternBuilder::add_field(std::size_t i, std::u32string text) {
  i_ = i;
  cur_ = Collected{};
  if (auto form = cron_detail::match_random(text)) {
    if (form->hashed) {
      return reject("hashed expressions need a hash id, which Mistral never gives");
    }
    auto expanded = expand_random(*form);
    if (!expanded.ok()) {
      return std::move(expanded).error();
    }
    text = std::move(expanded.value());
  }
  // croniter takes list elements from the last one; the first failure wins.
  std::size_t stop = text.size();
  while (true) {
    std::size_t comma = stop == 0 ? std::u32string::npos : text.rfind(U',', stop - 1);
    std::size_t from = comma == std::u32string::npos ? 0 : comma + 1;
    BORA_TRY_VOID(add_element(text.substr(from, stop - from)));
    if (comma == std::u32string::npos) {
      break;
    }
    stop = comma;
  }
  CronField& f = pattern_.fields_[i];
  std::size_t count = cur_.values.size() + (cur_.star ? 1 : 0) + (cur_.last ? 1 : 0);
  if (count == field_sizes[i]) {
    // croniter turns a list that has as many entries as the field has values
    // into `*`, even when an entry is out of reach (7 in the 6-field form).
    f.any = true;
    return {};
  }
  f.any = cur_.star;
  f.last = cur_.last;
  f.values.assign(cur_.values.begin(), cur_.values.end());
  return {};
}

Result<void> CronPatternBuilder::add_element(std::u32string e) {
  std::optional<int32_t> nth;
  if (i_ == dow) {
    auto peeled = cron_detail::peel_nth(e);
    if (!peeled.ok()) {
      return std::move(peeled).error();
    }
    nth = *peeled;
  }
  auto range = cron_detail::find_range(e, field_bounds[i_]);
  if (!range.ok()) {
    return std::move(range).error();
  }
  if (*range) {
    return add_range(**range);
  }
  return add_token(e, nth);
}

// Follows croniter's order of checks, since it decides between a rejection
// (400 in Mistral) and a crash (500).
Result<void> CronPatternBuilder::add_range(const RangeText& r) {
  std::u32string high_text = (i_ == dom && equals(r.high, "l")) ? ascii32("31") : r.high;
  const std::string shown = "range `" + text_of(r.low) + "-" + text_of(r.high) + "`";
  auto resolve = [&](const std::u32string& s) -> Result<int64_t> {
    if (all_digits(s)) {
      if (s.size() > python_int_digits) {
        return crash();
      }
      return digits_to_int(s);
    }
    auto v = name_value(i_, s);
    if (!v) {
      return reject(shown + " is not acceptable");
    }
    return *v;
  };
  auto low = resolve(r.low);
  auto high = resolve(high_text);
  if (!low.ok() || !high.ok()) {
    // A name error anywhere comes before a number that fails to convert.
    bool name_error = (!low.ok() && low.error().code == Errc::invalid_argument) ||
                      (!high.ok() && high.error().code == Errc::invalid_argument);
    return name_error ? reject(shown + " is not acceptable") : crash();
  }
  if (*low < 0) {
    return crash();  // `l` as the start of a day-of-month range
  }
  if (*low > *high) {
    // A day-of-week range that ends on Sunday written as 0 runs to 7.
    bool high_is_zero = all_digits(high_text) ? equals(high_text, "0") : *high == 0;
    if (i_ != dow || !high_is_zero) {
      return reject(shown + " is reversed");
    }
    *high = 7;
  }
  if (r.step.size() > python_int_digits) {
    return crash();
  }
  int64_t step = r.step.empty() ? 1 : digits_to_int(r.step);
  if (std::max(*low, *high) > field_bounds[i_].hi) {
    return reject(shown + " is out of bounds");
  }
  if (step == 0) {
    return reject("range step must not be zero");
  }
  for (int64_t v = *low; v <= *high; v += step) {
    BORA_TRY_VOID(add_value(v, std::nullopt));
  }
  return {};
}

Result<void> CronPatternBuilder::add_token(const std::u32string& t, std::optional<int32_t> nth) {
  if (!t.empty() && t[0] == U'-') {
    return reject("negative numbers are not allowed");
  }
  if (equals(t, "*")) {
    cur_.star = true;
    return {};
  }
  if (all_digits(t)) {
    if (t.size() > python_int_digits) {
      return crash();
    }
    return add_value(digits_to_int(t), nth);
  }
  auto v = name_value(i_, t);
  if (!v) {
    return reject("`" + text_of(t) + "` is not acceptable");
  }
  if (*v < 0) {
    cur_.last = true;
    return {};
  }
  return add_value(*v, nth);
}

Result<void> CronPatternBuilder::add_value(int64_t v, std::optional<int32_t> nth) {
  // croniter reads 0 as 1 in day-of-month only in the 6-field form, and 7 as
  // Sunday (0) in day-of-week only in the 5-field form.
  if (i_ == dom && six_ && v == 0) {
    v = 1;
  } else if (i_ == dow && !six_ && v == 7) {
    v = 0;
  }
  const Bounds b = field_bounds[i_];
  if (v < b.lo || v > b.hi) {
    return reject("value " + std::to_string(v) + " is out of range " + std::to_string(b.lo) + "-" +
                  std::to_string(b.hi));
  }
  auto value = static_cast<int32_t>(v);
  cur_.values.insert(value);
  if (i_ == dow && nth) {
    pattern_.nth_[value].insert(*nth);
  }
  return {};
}

Result<CronPattern> CronPatternBuilder::finish() {
  const CronField& f = pattern_.fields_[dow];
  if (!pattern_.nth_.empty()) {
    for (int32_t v : f.values) {
      if (pattern_.nth_.count(v) == 0) {
        return reject("day-of-week cannot mix plain days with n-th weekdays");
      }
    }
  }
  return std::move(pattern_);
}

namespace {

std::vector<std::u32string> split_fields(const std::u32string& text) {
  std::vector<std::u32string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && cron_detail::is_space(text[i])) {
      ++i;
    }
    std::size_t from = i;
    while (i < text.size() && !cron_detail::is_space(text[i])) {
      ++i;
    }
    if (i > from) {
      out.push_back(text.substr(from, i - from));
    }
  }
  return out;
}

}  // namespace

Result<CronPattern> CronPattern::parse(std::string_view text, std::optional<uint64_t> random_seed) {
  if (text.size() > max_cron_pattern_bytes) {
    return reject("longer than " + std::to_string(max_cron_pattern_bytes) + " bytes");
  }
  auto decoded = cron_detail::decode_utf8(text);
  if (!decoded) {
    return reject("not valid UTF-8");
  }
  std::u32string lower = std::move(*decoded);
  for (char32_t& c : lower) {
    if (c >= U'A' && c <= U'Z') {
      c = c - U'A' + U'a';
    }
  }
  for (const auto& [name, expansion] : aliases) {
    if (equals(lower, name)) {
      lower = ascii32(expansion);
      break;
    }
  }
  auto fields = split_fields(lower);
  if (fields.size() != 5 && fields.size() != 6) {
    return reject("expected 5 or 6 fields, found " + std::to_string(fields.size()));
  }
  CronPatternBuilder builder(fields.size() == 6, random_seed);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    BORA_TRY_VOID(builder.add_field(i, std::move(fields[i])));
  }
  return builder.finish();
}

}  // namespace bora::dsl
