// String methods. Positions and lengths count code points, as Python does.
#include <algorithm>

#include "dsl/yaql/format.hpp"
#include "dsl/yaql/interp.hpp"
#include "dsl/yaql/strutil.hpp"

namespace bora::dsl::yaql {

namespace {

std::u32string u32_arg(const Value& v) {
  return utf8_decode(str_arg(v));
}

char32_t upper(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
      (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) || (c >= 0x430 && c <= 0x44F)) {
    return c - 32;
  }
  if (c >= 0x450 && c <= 0x45F) {
    return c - 80;
  }
  return c;
}

char32_t lower(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
      (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F)) {
    return c + 32;
  }
  if (c >= 0x400 && c <= 0x40F) {
    return c + 80;
  }
  return c;
}

Value case_map(Call& c, char32_t (*f)(char32_t)) {
  c.expect(1, 1);
  std::u32string s = u32_arg(c.arg(0));
  std::transform(s.begin(), s.end(), s.begin(), f);
  return Value::string(utf8_encode(s));
}

Value to_upper(Call& c) {
  c.expect(1, 1);
  std::u32string s = u32_arg(c.arg(0));
  std::u32string out;
  out.reserve(s.size());
  for (char32_t ch : s) {
    if (ch == 0xDF) {
      out += U"SS";  // Python upper-cases sharp s to two letters
    } else {
      out += upper(ch);
    }
  }
  return Value::string(utf8_encode(out));
}

Value to_lower(Call& c) {
  return case_map(c, lower);
}

// Python's strip(chars): chars == null means whitespace.
std::u32string strip(const std::u32string& s, const Value& chars, bool left, bool right) {
  std::u32string set = chars.is_null() ? std::u32string() : u32_arg(chars);
  auto drop = [&](char32_t ch) {
    return chars.is_null() ? py_space(ch) : set.find(ch) != std::u32string::npos;
  };
  std::size_t b = 0;
  std::size_t e = s.size();
  while (left && b < e && drop(s[b])) {
    ++b;
  }
  while (right && e > b && drop(s[e - 1])) {
    --e;
  }
  return s.substr(b, e - b);
}

Value trim_impl(Call& c, bool left, bool right) {
  c.expect(1, 2, true);
  std::u32string s = u32_arg(c.arg(0));
  Value chars = c.opt(1, "chars", Value());
  return Value::string(utf8_encode(strip(s, chars, left, right)));
}

Value trim(Call& c) {
  return trim_impl(c, true, true);
}

Value trim_left(Call& c) {
  return trim_impl(c, true, false);
}

Value trim_right(Call& c) {
  return trim_impl(c, false, true);
}

ValueList split_words(const std::u32string& s, int64_t max_splits, bool from_right) {
  std::vector<std::pair<std::size_t, std::size_t>> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && py_space(s[i])) {
      ++i;
    }
    std::size_t b = i;
    while (i < s.size() && !py_space(s[i])) {
      ++i;
    }
    if (b < i) {
      words.emplace_back(b, i);
    }
  }
  ValueList out;
  if (max_splits < 0 || std::size_t(max_splits) + 1 >= words.size()) {
    for (auto& w : words) {
      out.push_back(Value::string(utf8_encode(s.substr(w.first, w.second - w.first))));
    }
    return out;
  }
  std::size_t k = std::size_t(max_splits);
  if (!from_right) {
    for (std::size_t j = 0; j < k; ++j) {
      out.push_back(Value::string(
          utf8_encode(s.substr(words[j].first, words[j].second - words[j].first))));
    }
    out.push_back(Value::string(
        utf8_encode(strip(s.substr(words[k].first), Value(), false, true))));
    return out;
  }
  std::size_t first_kept = words.size() - k;
  std::size_t end = words[first_kept - 1].second;
  out.push_back(Value::string(utf8_encode(strip(s.substr(0, end), Value(), true, false))));
  for (std::size_t j = first_kept; j < words.size(); ++j) {
    out.push_back(Value::string(
        utf8_encode(s.substr(words[j].first, words[j].second - words[j].first))));
  }
  return out;
}

ValueList split_on(std::string_view s, std::string_view sep, int64_t max_splits, bool from_right) {
  if (sep.empty()) {
    fail("empty separator");
  }
  std::vector<std::string_view> parts;
  if (!from_right) {
    std::size_t b = 0;
    int64_t n = 0;
    while (max_splits < 0 || n < max_splits) {
      std::size_t p = s.find(sep, b);
      if (p == std::string_view::npos) {
        break;
      }
      parts.push_back(s.substr(b, p - b));
      b = p + sep.size();
      ++n;
    }
    parts.push_back(s.substr(b));
  } else {
    std::size_t e = s.size();
    int64_t n = 0;
    while (max_splits < 0 || n < max_splits) {
      if (e < sep.size()) {
        break;
      }
      std::size_t p = s.rfind(sep, e - sep.size());
      if (p == std::string_view::npos) {
        break;
      }
      parts.insert(parts.begin(), s.substr(p + sep.size(), e - p - sep.size()));
      e = p;
      ++n;
    }
    parts.insert(parts.begin(), s.substr(0, e));
  }
  ValueList out;
  for (auto p : parts) {
    out.push_back(Value::string(std::string(p)));
  }
  return out;
}

Value split_impl(Call& c, bool from_right) {
  c.expect(1, 3, true);
  Value s = c.arg(0);
  Value sep = c.opt(1, "separator", Value());
  if (!from_right && (sep.kind() == Kind::regex || s.kind() == Kind::regex)) {
    return regex_split(c);
  }
  str_arg(s);
  int64_t max_splits = to_int_arg(c.opt(2, "maxSplits", Value::integer(-1)));
  ValueList out;
  if (sep.is_null()) {
    out = split_words(utf8_decode(s.str()), max_splits, from_right);
  } else {
    out = split_on(s.str(), str_arg(sep), max_splits, from_right);
  }
  c.in.step(out.size());
  return Value::list(std::move(out), Seq::pylist);
}

Value split(Call& c) {
  return split_impl(c, false);
}

Value right_split(Call& c) {
  return split_impl(c, true);
}

Value replace_in_list(Call& c) {
  c.expect(3, 4);
  ValueList items = iter_arg(c.arg(0));
  int64_t pos = to_int_arg(c.arg(1));
  Value v = c.arg(2);
  int64_t count = c.size() > 3 ? to_int_arg(c.arg(3)) : 1;
  ValueList out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    int64_t k = int64_t(i);
    bool hit = k >= pos && (count < 0 || k < pos + count);
    if (hit && k == pos) {
      out.push_back(v);
    } else if (!hit) {
      out.push_back(items[i]);
    }
  }
  return Value::list(std::move(out), Seq::iter);
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t b = 0;
  for (std::size_t p; !from.empty() && (p = text.find(from, b)) != std::string_view::npos;
       b = p + from.size()) {
    out.append(text.substr(b, p - b));
    out += to;
  }
  out.append(text.substr(b));
  return out;
}

// s.replace({old => new, ...}, count?): each pair applied in turn.
Value replace_with_map(Call& c, const Value& s, const Value& map) {
  c.expect(2, 3);
  std::string text(s.str());
  for (std::size_t i = 0; i < map.size(); ++i) {
    auto e = map.entry(i);
    text = replace_all(text, yaql_str(e.first), yaql_str(e.second));
    c.in.check_size(text.size());
  }
  return Value::string(std::move(text));
}

Value replace(Call& c) {
  Value s = c.arg(0);
  if (s.kind() == Kind::regex) {
    return regex_replace(c);
  }
  if (s.is_collection()) {
    return replace_in_list(c);
  }
  c.expect(2, 4);
  str_arg(s);
  Value old = c.arg(1);
  if (old.kind() == Kind::regex) {
    return regex_replace(c);
  }
  if (old.is_dict()) {
    return replace_with_map(c, s, old);
  }
  std::string_view from = str_arg(old);
  std::string to(str_arg(c.arg(2)));
  int64_t count = c.size() > 3 ? to_int_arg(c.arg(3)) : -1;
  std::string_view text = s.str();
  std::string out;
  std::size_t b = 0;
  int64_t n = 0;
  while (count < 0 || n < count) {
    std::size_t p = from.empty() ? (b <= text.size() ? b : std::string_view::npos)
                                 : text.find(from, b);
    if (p == std::string_view::npos) {
      break;
    }
    out.append(text.substr(b, p - b));
    out += to;
    c.in.check_size(out.size());
    ++n;
    if (from.empty()) {
      if (p >= text.size()) {
        b = p + 1;
        break;
      }
      std::size_t len = 1;
      while (p + len < text.size() && (static_cast<unsigned char>(text[p + len]) & 0xC0) == 0x80) {
        ++len;
      }
      out.append(text.substr(p, len));
      b = p + len;
    } else {
      b = p + from.size();
    }
  }
  if (b <= text.size()) {
    out.append(text.substr(b));
  }
  c.in.check_size(out.size());
  return Value::string(std::move(out));
}

Value format_fn(Call& c) {
  if (c.size() < 1) {
    no_match();
  }
  Value f = c.arg(0);
  if (f.kind() == Kind::datetime) {
    return format_datetime(c);
  }
  std::string_view fmt = str_arg(f);
  ValueList args;
  for (std::size_t i = 1; i < c.size(); ++i) {
    args.push_back(c.arg(i));
  }
  DictEntries kwargs;
  for (const auto& n : c.named()) {
    kwargs.emplace_back(Value::string(n.first), c.in.eval(*n.second, c.scope));
  }
  std::string out = py_format(fmt, args, kwargs);
  c.in.check_size(out.size());
  return Value::string(std::move(out));
}

Value substring(Call& c) {
  c.expect(2, 3);
  std::u32string s = u32_arg(c.arg(0));
  int64_t n = int64_t(s.size());
  int64_t start = to_int_arg(c.arg(1));
  int64_t length = c.size() > 2 ? to_int_arg(c.arg(2)) : -1;
  if (start < 0) {
    start = std::max<int64_t>(0, start + n);
  }
  start = std::min(start, n);
  int64_t end = length < 0 ? n : std::min(n, start + length);
  return Value::string(utf8_encode(s.substr(std::size_t(start), std::size_t(end - start))));
}

Value starts_ends(Call& c, bool starts) {
  c.expect(1, 1 << 16);
  Value s_arg = c.arg(0);
  std::string_view s = str_arg(s_arg);
  for (std::size_t i = 1; i < c.size(); ++i) {
    Value p_arg = c.arg(i);
    std::string_view p = str_arg(p_arg);
    bool hit = p.size() <= s.size() &&
               (starts ? s.substr(0, p.size()) == p : s.substr(s.size() - p.size()) == p);
    if (hit) {
      return Value::boolean(true);
    }
  }
  return Value::boolean(false);
}

Value starts_with(Call& c) {
  return starts_ends(c, true);
}

Value ends_with(Call& c) {
  return starts_ends(c, false);
}

Value to_char_array(Call& c) {
  c.expect(1, 1);
  std::u32string s = u32_arg(c.arg(0));
  ValueList out;
  c.in.step(s.size());
  for (char32_t ch : s) {
    out.push_back(Value::string(utf8_encode(std::u32string(1, ch))));
  }
  return Value::list(std::move(out));
}

Value is_empty(Call& c) {
  c.expect(1, 2, true);
  Value s = c.arg(0);
  if (s.is_null()) {
    return Value::boolean(true);
  }
  str_arg(s);
  bool trim_spaces = truthy(c.opt(1, "trimSpaces", Value::boolean(true)));
  std::u32string u = utf8_decode(s.str());
  if (trim_spaces) {
    u = strip(u, Value(), true, true);
  }
  return Value::boolean(u.empty());
}

Value norm(Call& c) {
  c.expect(1, 2, true);
  Value s = c.arg(0);
  if (s.is_null()) {
    return Value();
  }
  std::u32string u = strip(u32_arg(s), c.opt(1, "chars", Value()), true, true);
  if (u.empty()) {
    return Value();
  }
  return Value::string(utf8_encode(u));
}

}  // namespace

void register_strings() {
  define("toUpper", method_form, to_upper);
  define("toLower", method_form, to_lower);
  define("trim", method_form, trim);
  define("trimLeft", method_form, trim_left);
  define("trimRight", method_form, trim_right);
  define("split", method_form, split);
  define("rightSplit", method_form, right_split);
  define("replace", method_form, replace);
  define("format", both_forms, format_fn);
  define("substring", method_form, substring);
  define("startsWith", method_form, starts_with);
  define("endsWith", method_form, ends_with);
  define("toCharArray", method_form, to_char_array);
  define("isEmpty", both_forms, is_empty);
  define("norm", both_forms, norm);
}

}  // namespace bora::dsl::yaql
