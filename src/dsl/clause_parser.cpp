// Transition clauses (`on-success` / `on-error` / `on-complete`). Mistral's
// schema accepts exactly one of four forms; the errors of every form are
// kept so the reported message is the one jsonschema's best match picks.
#include <algorithm>
#include <cctype>

#include "dsl/inline_params.hpp"
#include "dsl/spec_build.hpp"

namespace bora::dsl {
namespace {

// Python's `$` also matches before one final newline.
std::string for_dollar(std::string_view s) {
  std::string r(s);
  if (!r.empty() && r.back() == '\n') {
    r.pop_back();
  }
  return r;
}

bool is_word(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::size_t word_end(std::string_view s, std::size_t i) {
  while (i < s.size() && is_word(s[i])) {
    ++i;
  }
  return i;
}

// How many of Mistral's three task-reference patterns the text matches:
// `^\S+$`, `^\w+ \w+=(.*)$` and `^\w+\(\w+=(.*)\)$`. Sets `func` when
// the function form matched. Hand-written: std::regex recurses per
// character and overflows the stack on long input.
int next_task_matches(std::string_view s, bool& func) {
  std::string text = for_dollar(s);
  std::string_view t = text;
  func = false;
  if (t.empty() || t.find('\n') != std::string_view::npos) {
    return 0;
  }
  bool plain = std::none_of(t.begin(), t.end(), is_space);
  std::size_t a = word_end(t, 0);
  bool params = false;
  if (a > 0 && a < t.size() && t[a] == ' ') {
    std::size_t b = word_end(t, a + 1);
    params = b > a + 1 && b < t.size() && t[b] == '=';
  }
  if (a > 0 && a < t.size() && t[a] == '(') {
    std::size_t b = word_end(t, a + 1);
    func = b > a + 1 && b < t.size() && t[b] == '=' && t.back() == ')' && b + 1 < t.size();
  }
  return int(plain) + int(params) + int(func);
}

const char* const both_forms_message =
    " is valid under each of {'type': 'string', 'pattern': '^\\\\w+\\\\(\\\\w+=(.*)\\\\)$', "
    "'description': 'Task name with func parameter (e.g.: `fail(msg=\"test\")`, "
    "`fail(msg=<% task() %>)`)'}, {'type': 'string', 'pattern': '^\\\\S+$', 'description': "
    "'Task name (e.g.: `task1`)'}";

SchemaError weak_error(const YamlNode& node, const std::string& path, uint32_t depth) {
  SchemaError e = make_error(node, path, depth,
                             repr(node) + " is not valid under any of the given schemas", true);
  e.weak = true;
  return e;
}

bool check_next_task(const YamlNode& node, const std::string& path, uint32_t depth,
                     std::vector<SchemaError>& out) {
  // The task-reference schema is itself a oneOf of three string forms, so
  // jsonschema reports a (weak) oneOf failure even for a non-string.
  if (!node.is_string()) {
    out.push_back(weak_error(node, path, depth));
    return false;
  }
  bool func = false;
  int n = next_task_matches(node.value.as_string(), func);
  if (n == 1) {
    return true;
  }
  if (n == 0) {
    out.push_back(weak_error(node, path, depth));
  } else {
    out.push_back(make_error(node, path, depth, repr(node) + both_forms_message));
  }
  return false;
}

bool check_task_with_expression(const YamlNode& node, const std::string& path, uint32_t depth,
                                std::vector<SchemaError>& out) {
  if (!node.is_map()) {
    out.push_back(type_error(node, path, depth, "object"));
    return false;
  }
  bool ok = true;
  if (node.entries.empty()) {
    out.push_back(make_error(node, path, depth, "{} does not have enough properties"));
    ok = false;
  }
  if (node.entries.size() > 1) {
    out.push_back(make_error(node, path, depth, repr(node) + " has too many properties"));
    ok = false;
  }
  for (const auto& e : node.entries) {
    bool func = false;
    int n = next_task_matches(e.key, func);
    for (int i = 0; i < n; ++i) {
      ok = check_expression(e.value, join_path(path, e.key), depth + 1, out) && ok;
    }
  }
  return ok;
}

bool check_item(const YamlNode& item, const std::string& path, uint32_t depth,
                std::vector<SchemaError>& out) {
  std::vector<SchemaError> ctx;
  int valid = int(check_next_task(item, path, 0, ctx)) +
              int(check_task_with_expression(item, path, 0, ctx));
  if (valid == 1) {
    return true;
  }
  SchemaError e = weak_error(item, path, depth);
  e.context = std::move(ctx);
  out.push_back(std::move(e));
  return false;
}

bool check_list_of_tasks(const YamlNode& node, const std::string& path, uint32_t depth,
                         std::vector<SchemaError>& out) {
  if (!node.is_seq()) {
    out.push_back(type_error(node, path, depth, "array"));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    ok = check_item(node.items[i], join_path(path, std::to_string(i)), depth + 1, out) && ok;
  }
  if (has_duplicate_items(node)) {
    out.push_back(make_error(node, path, depth, repr(node) + " has non-unique elements"));
    ok = false;
  }
  if (node.items.empty()) {
    out.push_back(make_error(node, path, depth, "[] is too short"));
    ok = false;
  }
  return ok;
}

bool check_publish(const YamlNode& node, const std::string& path, uint32_t depth,
                   std::vector<SchemaError>& out) {
  if (!node.is_map()) {
    out.push_back(type_error(node, path, depth, "object"));
    return false;
  }
  // Mistral's publish schema also takes the common spec keys (name,
  // version, description, tags); they are checked and otherwise ignored.
  bool ok = true;
  for (const auto& e : node.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "branch" || e.key == "global" || e.key == "atomic") {
      ok = check_nonempty_map(e.value, p, depth + 1, out) && ok;
    } else if (e.key == "name" || e.key == "description") {
      ok = check_string(e.value, p, depth + 1, out) && ok;
    } else if (e.key == "tags") {
      ok = check_unique_strings(e.value, p, depth + 1, out) && ok;
    }
  }
  return check_allowed_keys(
             node, path, depth,
             {"branch", "global", "atomic", "name", "version", "description", "tags"}, out) &&
         ok;
}

bool check_advanced(const YamlNode& node, const std::string& path, uint32_t depth,
                    std::vector<SchemaError>& out) {
  if (!node.is_map()) {
    out.push_back(type_error(node, path, depth, "object"));
    return false;
  }
  bool ok = true;
  if (node.entries.empty()) {
    out.push_back(make_error(node, path, depth, "{} does not have enough properties"));
    ok = false;
  }
  if (const YamlNode* p = node.find("publish")) {
    ok = check_publish(*p, join_path(path, "publish"), depth + 1, out) && ok;
  }
  if (const YamlNode* n = node.find("next")) {
    std::vector<SchemaError> ctx;
    std::string np = join_path(path, "next");
    int valid = int(check_next_task(*n, np, 0, ctx)) +
                int(check_task_with_expression(*n, np, 0, ctx)) +
                int(check_list_of_tasks(*n, np, 0, ctx));
    if (valid != 1) {
      SchemaError e = weak_error(*n, np, depth + 1);
      e.context = std::move(ctx);
      out.push_back(std::move(e));
      ok = false;
    }
  }
  return check_allowed_keys(node, path, depth, {"publish", "next"}, out) && ok;
}

// One clause item before it is placed: its name text and condition.
struct PendingItem {
  TextPos pos;
  std::string text;
  const YamlNode* condition = nullptr;
  std::string path;
};

void collect_items(const YamlNode& node, const std::string& path, std::vector<PendingItem>& items) {
  if (node.is_string()) {
    items.push_back({text_pos(node), std::string(node.value.as_string()), nullptr, path});
    return;
  }
  if (node.is_map()) {
    const YamlEntry& e = node.entries.front();
    items.push_back({key_pos(e), e.key, &e.value, join_path(path, e.key)});
    return;
  }
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    collect_items(node.items[i], join_path(path, std::to_string(i)), items);
  }
}

void fill_transition(ParseContext& ctx, const PendingItem& item, TransitionSpec& t) {
  CommandText cmd = parse_command_text(item.text);
  if (!cmd.ok) {
    ctx.add(item.pos.mark, item.path, "Invalid action/workflow task property: " + item.text);
  }
  t.target = cmd.name;
  t.command = engine_command_of(t.target);
  ctx.locate(&t, item.pos.mark, item.path);
  // Mistral syntax-checks the target name too (an expression there can
  // never name a task, but its syntax error is what Mistral reports).
  ctx.check(item.pos, item.path, t.target);
  std::vector<std::pair<std::string, uint32_t>> offsets;
  for (const auto& p : cmd.positions) {
    offsets.emplace_back(p.key, p.column_offset);
  }
  register_inline_params(ctx, item.pos, item.path, cmd.params, offsets, &t.params);
  if (item.condition) {
    ctx.expr(*item.condition, item.path, &t.condition);
  }
}

void fill_next(ParseContext& ctx, const YamlNode& node, const std::string& path,
               std::vector<TransitionSpec>& next) {
  std::vector<PendingItem> items;
  collect_items(node, path, items);
  next.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    fill_transition(ctx, items[i], next[i]);
  }
}

void fill_publish(ParseContext& ctx, const YamlNode& node, const std::string& path,
                  PublishSpec& out) {
  for (const auto& e : node.entries) {
    if (e.key != "branch" && e.key != "global" && e.key != "atomic") {
      continue;
    }
    std::optional<ValueTemplate>* slot = e.key == "branch"   ? &out.branch
                                         : e.key == "global" ? &out.global
                                                             : &out.atomic;
    slot->emplace();
    ctx.value(e.value, join_path(path, e.key), &**slot);
  }
  if (!out.branch && !out.global && !out.atomic) {
    ctx.add(node.mark, path, "Either 'branch', 'global' or 'atomic' must be specified: ");
  }
}

}  // namespace

bool check_clause(const YamlNode& node, const std::string& path, uint32_t depth,
                  std::vector<SchemaError>& out) {
  std::vector<SchemaError> ctx;
  int valid = int(check_next_task(node, path, 0, ctx)) +
              int(check_task_with_expression(node, path, 0, ctx)) +
              int(check_list_of_tasks(node, path, 0, ctx)) +
              int(check_advanced(node, path, 0, ctx));
  if (valid == 1) {
    return true;
  }
  if (valid == 0) {
    SchemaError e = weak_error(node, path, depth);
    e.context = std::move(ctx);
    out.push_back(std::move(e));
  } else {
    out.push_back(
        make_error(node, path, depth, repr(node) + " is valid under each of the given schemas"));
  }
  return false;
}

void fill_clause(ParseContext& ctx, const YamlNode& node, const std::string& path,
                 ClauseSpec& out) {
  if (!node.is_map()) {
    fill_next(ctx, node, path, out.next);
    return;
  }
  // Any mapping is read as the advanced form: a single `{task: <% cond %>}`
  // therefore defines no transition at all (Mistral quirk).
  if (const YamlNode* p = node.find("publish")) {
    fill_publish(ctx, *p, join_path(path, "publish"), out.publish);
  }
  if (const YamlNode* n = node.find("next")) {
    fill_next(ctx, *n, join_path(path, "next"), out.next);
  }
}

}  // namespace bora::dsl
