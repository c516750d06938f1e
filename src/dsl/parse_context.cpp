#include "dsl/parse_context.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include <boost/json.hpp>
#include <tuple>

#include "dsl/parser.hpp"
#include "dsl/pystr.hpp"

namespace bora::dsl {
namespace {

// jsonschema's relevance order: deeper first, weak (oneOf/anyOf) before
// others, errors whose instance matches the schema type before the rest.
std::tuple<int64_t, bool, bool> relevance(const SchemaError& e) {
  return {-static_cast<int64_t>(e.depth), !e.weak, e.type_mismatch};
}

// Mistral's whole-expression patterns (Jinja `{{ }}`, then YAQL `<% %>`),
// anchored at the start, ending the line with optional spaces. Python's `$`
// also matches before a final newline.
bool matches_whole_expression(std::string_view s) {
  // `.` does not cross newlines but the trailing `\s*` does: the expression
  // must sit on the first line and only white space may follow it.
  const char* blanks = " \t\r\n\f\v";
  std::size_t nl = s.find('\n');
  if (nl != std::string_view::npos && s.find_first_not_of(blanks, nl) != std::string_view::npos) {
    return false;
  }
  std::string_view line = s.substr(0, nl);
  std::size_t end = line.find_last_not_of(blanks);
  line = line.substr(0, end == std::string_view::npos ? 0 : end + 1);
  auto framed = [line](std::string_view open, std::string_view close) {
    return line.size() >= open.size() + close.size() && line.substr(0, open.size()) == open &&
           line.substr(line.size() - close.size()) == close;
  };
  return framed("{{", "}}") || framed("<%", "%>");
}

}  // namespace

void ParseContext::add(YamlMark at, std::string path, std::string message) {
  ++total_;
  if (!message_) {
    message_ = message;
  }
  if (diagnostics_.size() < max_diagnostics) {
    diagnostics_.push_back(Diagnostic{at.line, at.column, std::move(path), std::move(message)});
  }
}

void ParseContext::add_schema_errors(const std::vector<SchemaError>& errors) {
  if (errors.empty()) {
    return;
  }
  if (!message_) {
    message_ = "Invalid DSL: " + descend(best_match(errors)).message;
  }
  for (const auto& e : errors) {
    const SchemaError& d = descend(e);
    add(d.mark, d.path, "Invalid DSL: " + d.message);
  }
}

void ParseContext::locate(const void* part, YamlMark at, std::string path) {
  locations_[part] = {at, std::move(path)};
}

std::pair<YamlMark, std::string> ParseContext::location(const void* part) const {
  auto it = locations_.find(part);
  return it == locations_.end() ? std::pair<YamlMark, std::string>{} : it->second;
}

Error ParseContext::error() const {
  // The message follows Mistral (the first problem in its checking order);
  // the list reads top to bottom like the file.
  std::vector<Diagnostic> sorted = diagnostics_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return Error(code_, message_.value_or("invalid definition"), std::move(sorted));
}

void ParseContext::expr(TextPos pos, std::string path, std::string text, uint32_t column_offset,
                        std::shared_ptr<const CompiledString>* out) {
  strings.push_back(
      StringSlot{next_seq(), pos, std::move(path), std::move(text), column_offset, out});
}

void ParseContext::check(TextPos pos, std::string path, std::string text) {
  expr(pos, std::move(path), std::move(text), 0, nullptr);
}

void ParseContext::expr(const YamlNode& node, std::string path,
                        std::shared_ptr<const CompiledString>* out) {
  std::string text = node.value.is_string() ? std::string(node.value.as_string()) : "";
  expr(text_pos(node), std::move(path), std::move(text), 0, out);
}

void ParseContext::value(const YamlNode& node, std::string path, ValueTemplate* out) {
  values.push_back(
      ValueSlot{next_seq(), &node, text_pos(node), std::move(path), to_json(node), out, {}});
}

TextPos text_pos(const YamlNode& node) {
  return {node.mark, node.text_mark, node.block_scalar};
}

TextPos key_pos(const YamlEntry& entry) {
  return {entry.key_mark, entry.key_mark, false};
}

YamlMark place(const TextPos& pos, uint32_t line_in_text, uint32_t column) {
  if (column == 0) {
    return pos.mark;
  }
  if (line_in_text <= 1) {
    return {pos.text_mark.line, pos.text_mark.column + column - 1};
  }
  if (pos.block) {
    return {pos.text_mark.line + line_in_text - 1, pos.text_mark.column + column - 1};
  }
  return {pos.text_mark.line + line_in_text - 1, column};
}

std::string repr(const YamlNode& node) {
  return py_repr(to_json(node));
}

std::string join_path(std::string_view path, std::string_view key) {
  if (path.empty()) {
    return std::string(key);
  }
  std::string r;
  r.reserve(path.size() + 1 + key.size());
  r.append(path).append(".").append(key);
  return r;
}

const SchemaError& best_match(const std::vector<SchemaError>& errors) {
  // max() keeps the first of equals; shallow errors rank highest here.
  const SchemaError* best = &errors.front();
  for (const auto& e : errors) {
    auto a = relevance(e);
    auto b = relevance(*best);
    // Higher is better at the top: -depth larger, not weak, type mismatch.
    if (a > b) {
      best = &e;
    }
  }
  return *best;
}

const SchemaError& descend(const SchemaError& e) {
  const SchemaError* cur = &e;
  while (!cur->context.empty()) {
    std::vector<const SchemaError*> sorted;
    for (const auto& c : cur->context) {
      sorted.push_back(&c);
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const SchemaError* a, const SchemaError* b) {
      return relevance(*a) < relevance(*b);
    });
    if (sorted.size() >= 2 && relevance(*sorted[0]) == relevance(*sorted[1])) {
      return *cur;
    }
    cur = sorted[0];
  }
  return *cur;
}

SchemaError make_error(const YamlNode& node, std::string path, uint32_t depth, std::string message,
                       bool type_mismatch) {
  SchemaError e;
  e.mark = node.mark;
  e.path = std::move(path);
  e.depth = depth;
  e.message = std::move(message);
  e.type_mismatch = type_mismatch;
  return e;
}

SchemaError type_error(const YamlNode& node, std::string path, uint32_t depth,
                       std::string_view type) {
  return make_error(node, std::move(path), depth,
                    repr(node) + " is not of type '" + std::string(type) + "'", true);
}

bool is_expression_string(const YamlNode& node) {
  return node.is_string() && matches_whole_expression(node.value.as_string());
}

bool is_non_negative_int(const YamlNode& node) {
  return node.is_scalar() && node.value.is_int64() && node.value.as_int64() >= 0;
}

bool check_string(const YamlNode& node, const std::string& path, uint32_t depth,
                  std::vector<SchemaError>& out) {
  if (!node.is_string()) {
    out.push_back(type_error(node, path, depth, "string"));
    return false;
  }
  if (node.value.as_string().empty()) {
    out.push_back(make_error(node, path, depth, "'' is too short"));
    return false;
  }
  return true;
}

bool check_nonempty_map(const YamlNode& node, const std::string& path, uint32_t depth,
                        std::vector<SchemaError>& out) {
  if (!node.is_map()) {
    out.push_back(type_error(node, path, depth, "object"));
    return false;
  }
  if (node.entries.empty()) {
    out.push_back(make_error(node, path, depth, "{} does not have enough properties"));
    return false;
  }
  return true;
}

namespace {

// A text equal for values Python's == calls equal: True == 1 == 1.0, keys in
// any order. Used as a hash key so uniqueness checks stay linear.
void canonical(const boost::json::value& v, std::string& out) {
  if (v.is_bool()) {
    out += v.as_bool() ? "1" : "0";
  } else if (v.is_double() && std::floor(v.as_double()) == v.as_double() &&
             std::abs(v.as_double()) < 9e15) {
    out += std::to_string(static_cast<int64_t>(v.as_double()));
  } else if (v.is_array()) {
    out += '[';
    for (const auto& item : v.as_array()) {
      canonical(item, out);
      out += ',';
    }
    out += ']';
  } else if (v.is_object()) {
    std::vector<std::pair<std::string_view, const boost::json::value*>> entries;
    for (const auto& kv : v.as_object()) {
      entries.emplace_back(kv.key(), &kv.value());
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out += '{';
    for (const auto& [k, val] : entries) {
      out += boost::json::serialize(boost::json::string(k));
      out += ':';
      canonical(*val, out);
      out += ',';
    }
    out += '}';
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

bool has_duplicate_items(const YamlNode& list) {
  std::unordered_set<std::string> seen;
  seen.reserve(list.items.size());
  for (const auto& item : list.items) {
    std::string key;
    canonical(to_json(item), key);
    if (!seen.insert(std::move(key)).second) {
      return true;
    }
  }
  return false;
}

namespace {

SchemaError not_valid_under_any(const YamlNode& node, const std::string& path, uint32_t depth) {
  SchemaError e = make_error(node, path, depth,
                             repr(node) + " is not valid under any of the given schemas", true);
  e.weak = true;
  return e;
}

}  // namespace

bool check_unique_strings(const YamlNode& node, const std::string& path, uint32_t depth,
                          std::vector<SchemaError>& out) {
  if (!node.is_seq()) {
    out.push_back(type_error(node, path, depth, "array"));
    return false;
  }
  if (node.items.empty()) {
    out.push_back(make_error(node, path, depth, "[] is too short"));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    ok = check_string(node.items[i], join_path(path, std::to_string(i)), depth + 1, out) && ok;
  }
  if (ok && has_duplicate_items(node)) {
    out.push_back(make_error(node, path, depth, repr(node) + " has non-unique elements"));
    return false;
  }
  return ok;
}

bool check_expression(const YamlNode& node, const std::string& path, uint32_t depth,
                      std::vector<SchemaError>& out) {
  if (is_expression_string(node)) {
    return true;
  }
  out.push_back(not_valid_under_any(node, path, depth));
  return false;
}

bool check_expr_or_int(const YamlNode& node, const std::string& path, uint32_t depth,
                       std::vector<SchemaError>& out) {
  if (is_non_negative_int(node)) {
    return true;
  }
  return check_expression(node, path, depth, out);
}

bool check_expr_or_bool(const YamlNode& node, const std::string& path, uint32_t depth,
                        std::vector<SchemaError>& out) {
  if (node.is_scalar() && node.value.is_bool()) {
    return true;
  }
  return check_expression(node, path, depth, out);
}

bool check_input_list(const YamlNode& node, const std::string& path, uint32_t depth,
                      std::vector<SchemaError>& out) {
  if (!node.is_seq()) {
    out.push_back(type_error(node, path, depth, "array"));
    return false;
  }
  if (node.items.empty()) {
    out.push_back(make_error(node, path, depth, "[] is too short"));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const YamlNode& item = node.items[i];
    std::string p = join_path(path, std::to_string(i));
    if ((item.is_string() && !item.value.as_string().empty()) ||
        (item.is_map() && item.entries.size() == 1)) {
      continue;
    }
    ok = false;
    if (item.is_map() && item.entries.size() > 1) {
      out.push_back(make_error(item, p, depth + 1, repr(item) + " has too many properties"));
    } else if (item.is_map()) {
      out.push_back(make_error(item, p, depth + 1, "{} does not have enough properties"));
    } else {
      out.push_back(not_valid_under_any(item, p, depth + 1));
    }
  }
  if (ok && has_duplicate_items(node)) {
    out.push_back(make_error(node, path, depth, repr(node) + " has non-unique elements"));
    return false;
  }
  return ok;
}

bool check_allowed_keys(const YamlNode& map, const std::string& path, uint32_t depth,
                        const std::vector<std::string_view>& allowed,
                        std::vector<SchemaError>& out) {
  std::vector<std::string> extra;
  const YamlEntry* first = nullptr;
  for (const auto& e : map.entries) {
    if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
      extra.push_back(e.key);
      first = first ? first : &e;
    }
  }
  if (extra.empty()) {
    return true;
  }
  std::sort(extra.begin(), extra.end());
  std::string list;
  for (const auto& k : extra) {
    list += (list.empty() ? "" : ", ") + py_repr(boost::json::string(k));
  }
  std::string verb = extra.size() == 1 ? " was" : " were";
  SchemaError e = make_error(
      map, path, depth, "Additional properties are not allowed (" + list + verb + " unexpected)");
  // Point at the first unexpected key rather than the map.
  e.mark = first->key_mark;
  e.path = join_path(path, first->key);
  out.push_back(std::move(e));
  return false;
}

}  // namespace bora::dsl
