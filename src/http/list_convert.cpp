// Converting the text of list arguments to typed values, with the messages
// Mistral's argument types give when that fails. Mistral hands a repeated
// argument to its type as a Python list; the int, UUID and JSON types then
// fail, while text and list types use the last value.

#include <algorithm>
#include <array>
#include <limits>

#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "http/list_query_detail.hpp"

namespace bora::http::detail {
namespace json = boost::json;
namespace {

using Values = std::vector<std::string>;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}

std::string py_repr_text(std::string_view s) {
  return dsl::py_repr(json::string(s));
}

// Python's repr of a list of strings: `['a', 'b']`.
std::string py_list_repr(const Values& v) {
  json::array a;
  for (const auto& s : v) {
    a.emplace_back(json::string(s));
  }
  return dsl::py_repr(a);
}

Error invalid_input(const std::string& name, const std::string& shown, const char* type,
                    const std::string& why) {
  return Error(Errc::invalid_argument, "Invalid input for field/attribute " + name + ". Value: '" +
                                           shown + "'. unable to convert to " + type +
                                           ". Error: " + why);
}

// Python's int() of text: returns nothing when the text is not an integer
// literal. Saturates at int64's range so that huge limits stay harmless.
std::optional<int64_t> py_int(std::string_view s) {
  s = trim(s);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) {
    return std::nullopt;
  }
  constexpr int64_t max = std::numeric_limits<int64_t>::max();
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && is_digit(s[i - 1]) && is_digit(s[i + 1])) {
      continue;  // Python allows single underscores between digits.
    }
    if (!is_digit(s[i])) {
      return std::nullopt;
    }
    int d = s[i] - '0';
    n = n > (max - d) / 10 ? max : n * 10 + d;
  }
  return negative ? -n : n;
}

// Mistral's operator prefixes, in the order it tries them.
constexpr std::array<std::pair<std::string_view, FilterOp>, 9> kOps{{
    {"eq", FilterOp::eq},
    {"neq", FilterOp::neq},
    {"gt", FilterOp::gt},
    {"gte", FilterOp::gte},
    {"lt", FilterOp::lt},
    {"lte", FilterOp::lte},
    {"has", FilterOp::has},
    {"in", FilterOp::in},
    {"nin", FilterOp::nin},
}};

// Splits `op:value`; a text without a known prefix is `eq` of all of it
// (so `2026-11-28 17:43:09` stays whole). `in`/`nin` values are comma lists,
// neither trimmed nor pruned.
std::pair<FilterOp, Values> extract_op(std::string_view text) {
  for (const auto& [name, op] : kOps) {
    if (text.size() > name.size() && text.substr(0, name.size()) == name &&
        text[name.size()] == ':') {
      std::string_view rest = text.substr(name.size() + 1);
      if (op == FilterOp::in || op == FilterOp::nin) {
        return {op, split(rest, ',')};
      }
      return {op, {std::string(rest)}};
    }
  }
  return {FilterOp::eq, {std::string(text)}};
}

bool uuid_like(std::string_view s) {
  std::string t;
  for (size_t i = 0; i < s.size();) {
    if (s.substr(i, 4) == "urn:") {
      i += 4;
    } else if (s.substr(i, 5) == "uuid:") {
      i += 5;
    } else {
      t.push_back(s[i++]);
    }
  }
  size_t b = t.find_first_not_of("{}");
  size_t e = t.find_last_not_of("{}");
  t = b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
  size_t hex = 0;
  for (char c : ascii_lower(t)) {
    if (c == '-') {
      continue;
    }
    if (!is_hex(c)) {
      return false;
    }
    ++hex;
  }
  return hex == 32;
}

// Words Python's json module uses for the first problem in a text; only the
// common cases are worded like Python, the rest say where parsing stopped.
std::string json_problem(std::string_view text) {
  size_t at = 0;
  while (at < text.size() && is_space(text[at])) {
    ++at;
  }
  json::stream_parser p({}, json_options());
  json::error_code ec;
  size_t used = p.write_some(text.data(), text.size(), ec);
  if (!ec) {
    p.finish(ec);
  }
  std::string where =
      "line 1 column " + std::to_string(used + 1) + " (char " + std::to_string(used) + ")";
  if (p.done() && used < text.size()) {
    return "Extra data: " + where;
  }
  if (used <= at) {
    return "Expecting value: line 1 column " + std::to_string(at + 1) + " (char " +
           std::to_string(at) + ")";
  }
  return "Invalid JSON (" + ec.message() + "): " + where;
}

Result<std::optional<Filter>> json_filter(const std::string& name, const Values& values) {
  if (values.size() > 1) {
    std::string shown = py_list_repr(values);
    return invalid_input(name, shown, "json", json_problem(shown));
  }
  json::error_code ec;
  json::value v = json::parse(values.back(), ec, {}, json_options());
  if (ec) {
    return invalid_input(name, values.back(), "json", json_problem(values.back()));
  }
  if (v.is_null()) {
    return std::optional<Filter>();  // Mistral reads `null` as "no filter".
  }
  Filter f;
  f.field = name;
  f.kind = FilterKind::json;
  f.values.push_back(dsl::py_json_dumps(v));
  f.json = std::move(v);
  return std::optional<Filter>(std::move(f));
}

Result<std::optional<Filter>> tag_filter(const std::string& name, FilterKind kind,
                                         const std::string& text) {
  Filter f;
  f.field = name;
  f.kind = kind;
  if (kind == FilterKind::tag_list) {
    for (const auto& item : split(text, ',')) {
      std::string tag = ascii_lower(trim(item));
      if (!tag.empty() && std::find(f.values.begin(), f.values.end(), tag) == f.values.end()) {
        f.values.push_back(std::move(tag));
      }
    }
  } else {
    auto [op, vals] = extract_op(text);
    if (op != FilterOp::eq || vals.front().empty()) {
      return std::optional<Filter>();  // Mistral ignores these.
    }
    f.values = split(vals.front(), ',');
  }
  if (f.values.empty()) {
    return std::optional<Filter>();
  }
  for (const auto& tag : f.values) {
    f.patterns.push_back(tag_pattern(tag));
  }
  return std::optional<Filter>(std::move(f));
}

bool false_word(std::string_view s) {
  std::string t = ascii_lower(trim(s));
  return t.empty() || t == "false" || t == "0" || t == "no" || t == "off" || t == "f" || t == "n";
}

}  // namespace

json::parse_options json_options() {
  json::parse_options opt;
  opt.max_depth = kMaxJsonDepth;
  return opt;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

Result<int64_t> convert_int(const std::string& name, const char* type, const Values& values) {
  if (values.size() > 1) {
    return invalid_input(
        name, py_list_repr(values), type,
        "int() argument must be a string, a bytes-like object or a real number, not 'list'");
  }
  auto n = py_int(values.back());
  if (!n) {
    return invalid_input(name, values.back(), type,
                         "invalid literal for int() with base 10: " + py_repr_text(values.back()));
  }
  return *n;
}

Result<std::string> convert_uuid(const std::string& name, const Values& values) {
  if (values.size() > 1) {
    std::string shown = py_list_repr(values);
    return invalid_input(name, shown, "uuid", "Expected a uuid but received " + shown + ".");
  }
  auto [op, vals] = extract_op(values.back());
  if (op == FilterOp::in || op == FilterOp::nin) {
    return invalid_input(name, values.back(), "uuid",
                         "Expected a uuid but received " + py_list_repr(vals) + ".");
  }
  if (!uuid_like(vals.front())) {
    return invalid_input(name, values.back(), "uuid",
                         "Expected a uuid but received " + vals.front() + ".");
  }
  return vals.front();
}

Result<std::optional<Filter>> convert_filter(const std::string& name, FilterKind kind,
                                             const Values& values) {
  Filter f;
  f.field = name;
  f.kind = kind;
  switch (kind) {
    case FilterKind::json:
      return json_filter(name, values);
    case FilterKind::tag_list:
    case FilterKind::tag_text:
      return tag_filter(name, kind, values.back());
    case FilterKind::uuid: {
      auto id = convert_uuid(name, values);
      if (!id.ok()) {
        return std::move(id).error();
      }
      f.values.push_back(std::move(id).value());
      break;
    }
    case FilterKind::integer: {
      auto n = convert_int(name, "integer", values);
      if (!n.ok()) {
        return std::move(n).error();
      }
      f.values.push_back(std::to_string(n.value()));
      break;
    }
    case FilterKind::boolean:
      f.values.push_back(false_word(values.back()) ? "false" : "true");
      break;
    case FilterKind::text: {
      auto [op, vals] = extract_op(values.back());
      f.op = op;
      f.values = std::move(vals);
      if (op == FilterOp::has) {
        f.patterns.push_back("%" + ascii_lower(f.values.front()) + "%");
      } else if (op == FilterOp::in || op == FilterOp::nin) {
        // Sorted once so that long lists cost a binary search per item.
        f.patterns = f.values;
        std::sort(f.patterns.begin(), f.patterns.end());
      }
      break;
    }
  }
  return std::optional<Filter>(std::move(f));
}

std::string tag_pattern(std::string_view tag) {
  return "%" + ascii_lower(dsl::py_json_dumps(json::string(tag))) + "%";
}

}  // namespace bora::http::detail
