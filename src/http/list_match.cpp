// Applying filters to rendered items. Mistral filters in SQL (SQLite in our
// reference runs), so the rules are SQL's: text compares by bytes, a NULL
// attribute fails every comparison (also `neq` and `nin`), LIKE folds ASCII
// case and treats `%` and `_` as wildcards, and tags are found with LIKE in
// the JSON text of the tag list.

#include <algorithm>
#include <optional>

#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "http/list_query.hpp"
#include "http/list_query_detail.hpp"

namespace bora::http {
namespace json = boost::json;
namespace {

char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Index just past the UTF-8 character starting at `i`.
size_t next_char(std::string_view s, size_t i) {
  ++i;
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
    ++i;
  }
  return i;
}

// The text SQL would compare for a non-string attribute.
std::string as_text(const json::value& v) {
  if (v.is_bool()) {
    return v.get_bool() ? "true" : "false";
  }
  return dsl::py_json_dumps(v);
}

bool compare(FilterOp op, std::string_view have, const std::vector<std::string>& want) {
  switch (op) {
    case FilterOp::eq:
      return have == want.front();
    case FilterOp::neq:
      return have != want.front();
    case FilterOp::gt:
      return have > want.front();
    case FilterOp::gte:
      return have >= want.front();
    case FilterOp::lt:
      return have < want.front();
    case FilterOp::lte:
      return have <= want.front();
    case FilterOp::in:
      return std::binary_search(want.begin(), want.end(), have);
    case FilterOp::nin:
      return !std::binary_search(want.begin(), want.end(), have);
    case FilterOp::has:
    case FilterOp::is_null:
      break;
  }
  return false;
}

bool match_text(const Filter& f, const json::value& v) {
  std::string converted;
  std::string_view have;
  if (v.is_string()) {
    have = v.get_string();
  } else {
    converted = as_text(v);
    have = converted;
  }
  if (f.op == FilterOp::has) {
    return detail::sql_like(have, f.patterns.front());
  }
  bool listed = f.op == FilterOp::in || f.op == FilterOp::nin;
  return compare(f.op, have, listed ? f.patterns : f.values);
}

bool match_json(const Filter& f, const json::value& v) {
  if (!v.is_string()) {
    return dsl::py_equal(v, f.json);
  }
  std::string_view text = v.get_string();
  if (text == f.values.front()) {
    return true;  // Same text as Bora renders it: no need to parse.
  }
  json::error_code ec;
  json::value parsed = json::parse(text, ec, {}, detail::json_options());
  return !ec && dsl::py_equal(parsed, f.json);
}

bool match_tags(const Filter& f, const json::value& v) {
  std::string converted;
  std::string_view text;
  if (v.is_string()) {
    text = v.get_string();
  } else {
    converted = dsl::py_json_dumps(v);
    text = converted;
  }
  for (const auto& p : f.patterns) {
    if (!detail::sql_like(text, p)) {
      return false;
    }
  }
  return true;
}

bool match_number(const Filter& f, const json::value& v) {
  if (v.is_int64() || v.is_uint64()) {
    return as_text(v) == f.values.front();
  }
  if (v.is_double()) {
    double d = v.get_double();
    return std::to_string(static_cast<int64_t>(d)) == f.values.front() &&
           static_cast<double>(static_cast<int64_t>(d)) == d;
  }
  return v.is_string() && v.get_string() == f.values.front();
}

bool match_one(const Filter& f, const json::value* v) {
  bool null = v == nullptr || v->is_null();
  if (f.op == FilterOp::is_null || null) {
    return f.op == FilterOp::is_null && null;
  }
  switch (f.kind) {
    case FilterKind::text:
    case FilterKind::uuid:
      return match_text(f, *v);
    case FilterKind::json:
      return match_json(f, *v);
    case FilterKind::tag_list:
    case FilterKind::tag_text:
      return match_tags(f, *v);
    case FilterKind::boolean:
      return as_text(*v) == f.values.front();
    case FilterKind::integer:
      return match_number(f, *v);
  }
  return false;
}

}  // namespace

namespace detail {

bool sql_like(std::string_view text, std::string_view pattern) {
  // Greedy matching that remembers the last `%` and, on a mismatch, lets it
  // swallow one more character; linear in the common cases.
  size_t t = 0;
  size_t p = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == '_') {
      t = next_char(text, t);
      ++p;
    } else if (p < pattern.size() && fold(text[t]) == pattern[p]) {
      ++t;
      ++p;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      resume = next_char(text, resume);
      t = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace detail

bool matches(const ListQuery& q, const ListSpec& /*spec*/, const json::object& item) {
  for (const auto& f : q.filters) {
    if (!match_one(f, item.if_contains(f.field))) {
      return false;
    }
  }
  return true;
}

}  // namespace bora::http
