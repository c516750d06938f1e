// Tasks: Mistral's task schema (direct and reverse variants), then the parts
// its task spec checks by hand (name length, command text, with-items).

#include <boost/json.hpp>

#include "dsl/inline_params.hpp"
#include "dsl/pystr.hpp"
#include "dsl/spec_build.hpp"

namespace bora::dsl {
namespace {

constexpr std::size_t max_task_name = 255;
// Join tasks keep 47 characters for the generated join key.
constexpr std::size_t max_join_task_name = max_task_name - 47;

const std::vector<std::string_view>& allowed_keys(WorkflowType type) {
  static const std::vector<std::string_view> direct = {
      "name",        "version",    "description",      "tags",
      "type",        "action",     "workflow",         "input",
      "with-items",  "publish",    "publish-on-error", "retry",
      "wait-before", "wait-after", "timeout",          "pause-before",
      "concurrency", "fail-on",    "target",           "keep-result",
      "safe-rerun",  "join",       "on-complete",      "on-success",
      "on-error"};
  static const std::vector<std::string_view> reverse = {
      "name",        "version",    "description",      "tags",
      "type",        "action",     "workflow",         "input",
      "with-items",  "publish",    "publish-on-error", "retry",
      "wait-before", "wait-after", "timeout",          "pause-before",
      "concurrency", "fail-on",    "target",           "keep-result",
      "safe-rerun",  "requires"};
  return type == WorkflowType::direct ? direct : reverse;
}

// oneOf [non-empty string, unique string list] (`requires`, `with-items`).
bool check_string_or_list(const YamlNode& node, const std::string& path,
                          std::vector<SchemaError>& out) {
  std::vector<SchemaError> alternatives;
  bool a = check_string(node, path, 0, alternatives);
  bool b = check_unique_strings(node, path, 0, alternatives);
  if (a != b) {
    return true;
  }
  SchemaError e =
      make_error(node, path, 1, repr(node) + " is not valid under any of the given schemas", true);
  e.weak = true;
  e.context = std::move(alternatives);
  out.push_back(std::move(e));
  return false;
}

bool check_input(const YamlNode& node, const std::string& path, std::vector<SchemaError>& out) {
  std::vector<SchemaError> alternatives;
  bool a = check_nonempty_map(node, path, 0, alternatives);
  bool b = check_string(node, path, 0, alternatives);
  if (a != b) {
    return true;
  }
  SchemaError e =
      make_error(node, path, 1, repr(node) + " is not valid under any of the given schemas", true);
  e.weak = true;
  e.context = std::move(alternatives);
  out.push_back(std::move(e));
  return false;
}

bool check_join(const YamlNode& node, const std::string& path, std::vector<SchemaError>& out) {
  if (node.is_string() && (node.value.as_string() == "all" || node.value.as_string() == "one")) {
    return true;
  }
  if (is_non_negative_int(node)) {
    return true;
  }
  if (node.is_scalar() && node.value.is_int64()) {
    out.push_back(make_error(node, path, 1, repr(node) + " is less than the minimum of 0"));
    return false;
  }
  SchemaError e =
      make_error(node, path, 1, repr(node) + " is not valid under any of the given schemas", true);
  e.weak = true;
  out.push_back(std::move(e));
  return false;
}

// Checks every key of the task map against the schema.
void check_task_schema(const YamlEntry& entry, WorkflowType type, const std::string& path,
                       std::vector<SchemaError>& out) {
  const YamlNode& t = entry.value;
  check_allowed_keys(t, path, 0, allowed_keys(type), out);
  for (const auto& e : t.entries) {
    std::string p = join_path(path, e.key);
    const std::string& k = e.key;
    if (k == "action" || k == "workflow" || k == "target" || k == "description") {
      check_string(e.value, p, 1, out);
    } else if (k == "tags") {
      check_unique_strings(e.value, p, 1, out);
    } else if (k == "input") {
      check_input(e.value, p, out);
    } else if (k == "with-items" || (k == "requires" && type == WorkflowType::reverse)) {
      check_string_or_list(e.value, p, out);
    } else if (k == "publish" || k == "publish-on-error") {
      check_nonempty_map(e.value, p, 1, out);
    } else if (k == "keep-result" || k == "safe-rerun") {
      check_expr_or_bool(e.value, p, 1, out);
    } else if (type == WorkflowType::direct && k == "join") {
      check_join(e.value, p, out);
    } else if (type == WorkflowType::direct &&
               (k == "on-success" || k == "on-error" || k == "on-complete")) {
      check_clause(e.value, p, 1, out);
    }
  }
  if (t.find("action") && t.find("workflow")) {
    out.push_back(make_error(t, path, 0,
                             task_repr(entry, type) +
                                 " is valid under each of {'type': 'object', 'required': "
                                 "['workflow']}, {'type': 'object', 'required': ['action']}"));
  }
}

uint32_t text_length(std::string_view s) {
  return code_points(s, s.size());
}

void fill_callee(ParseContext& ctx, const YamlEntry& e, const std::string& path, TaskSpec& task) {
  std::string text(e.value.value.as_string());
  CommandText cmd = parse_command_text(text);
  if (!cmd.ok) {
    ctx.add(e.value.mark, path, "Invalid action/workflow task property: " + text);
    return;
  }
  task.callee_text = cmd.name;
  ctx.expr(text_pos(e.value), path, cmd.name, 0, &task.callee);
  ctx.locate(&task.callee, e.value.mark, path);
  std::vector<std::pair<std::string, uint32_t>> offsets;
  for (const auto& p : cmd.positions) {
    offsets.emplace_back(p.key, p.column_offset);
  }
  register_inline_params(ctx, text_pos(e.value), path, cmd.params, offsets, &task.inline_params);
}

std::vector<std::string> string_list(const YamlNode& node) {
  std::vector<std::string> r;
  if (node.is_string()) {
    r.emplace_back(node.value.as_string());
  }
  for (const auto& i : node.items) {
    r.emplace_back(i.value.as_string());
  }
  return r;
}

void fill_clauses(ParseContext& ctx, const YamlNode& t, const std::string& path,
                  const std::vector<SchemaError>& errors, std::optional<ClauseSpec>& on_success,
                  std::optional<ClauseSpec>& on_error, std::optional<ClauseSpec>& on_complete) {
  for (auto [key, slot] : {std::pair{"on-success", &on_success}, std::pair{"on-error", &on_error},
                           std::pair{"on-complete", &on_complete}}) {
    const YamlNode* n = t.find(key);
    std::string p = join_path(path, key);
    bool bad = false;
    for (const auto& e : errors) {
      bad = bad || e.path.compare(0, p.size(), p) == 0;
    }
    if (n && !bad) {
      slot->emplace();
      fill_clause(ctx, *n, p, **slot);
    }
  }
}

void fill_task(ParseContext& ctx, const YamlEntry& entry, WorkflowType type,
               const std::string& path, TaskSpec& task) {
  const YamlNode& t = entry.value;
  for (const auto& e : t.entries) {
    std::string p = join_path(path, e.key);
    const std::string& k = e.key;
    if (k == "action" || k == "workflow") {
      task.is_workflow = k == "workflow";
      fill_callee(ctx, e, p, task);
    } else if (k == "description") {
      task.description = e.value.value.as_string();
    } else if (k == "tags") {
      task.tags = string_list(e.value);
    } else if (k == "input" && e.value.is_map()) {
      task.input.emplace();
      ctx.value(e.value, p, &*task.input);
    } else if (k == "input") {
      ctx.expr(e.value, p, &task.input_expr);
    } else if (k == "publish" || k == "publish-on-error") {
      auto& slot = k == "publish" ? task.publish : task.publish_on_error;
      slot.emplace();
      ctx.value(e.value, p, &*slot);
    } else if (k == "keep-result" || k == "safe-rerun") {
      auto& slot = k == "keep-result" ? task.keep_result : task.safe_rerun;
      slot.emplace();
      fill_policy_value(ctx, e.value, p, *slot);
    } else if (k == "target") {
      ctx.expr(e.value, p, &task.target);
    } else if (k == "with-items") {
      fill_with_items(ctx, entry, type, p, task);
    } else if (k == "requires") {
      task.requires = string_list(e.value);
      ctx.locate(&task.requires, e.value.mark, p);
    } else if (k == "join") {
      const auto& v = e.value.value;
      task.join = v.is_string() && v.as_string() == "all" ? JoinKind::all
                  : v.is_string()                         ? JoinKind::count
                  : v.as_int64() > 0                      ? JoinKind::count
                                                          : JoinKind::none;
      task.join_count =
          v.is_string() ? (v.as_string() == "one" ? 1 : 0) : static_cast<uint32_t>(v.as_int64());
      ctx.locate(&task.join, e.value.mark, p);
    }
  }
}

}  // namespace

// Python's repr of the task data as Mistral holds it when it reports a
// task-level problem: the keys as written plus the injected type, name and
// version.
std::string task_repr(const YamlEntry& entry, WorkflowType type) {
  boost::json::object o = to_json(entry.value).as_object();
  o["type"] = type == WorkflowType::direct ? "direct" : "reverse";
  o["name"] = entry.key;
  o["version"] = "2.0";
  return py_repr(o);
}

std::shared_ptr<TaskSpec> build_task(ParseContext& ctx, const YamlEntry& entry, WorkflowType type,
                                     const std::string& path) {
  auto task = std::make_shared<TaskSpec>();
  task->name = entry.key;
  ctx.locate(task.get(), entry.key_mark, path);
  std::vector<SchemaError> errors;
  check_task_schema(entry, type, path, errors);
  // Policies are checked with the schema (their slots are dropped if the
  // task turns out invalid: the spec is then discarded).
  fill_policies(ctx, entry.value, path, task->policies, errors);
  ctx.add_schema_errors(errors);
  if (text_length(entry.key) > max_task_name) {
    ctx.add(entry.key_mark, path,
            "The length of a '" + entry.key + "' task name must not exceed " +
                std::to_string(max_task_name) + " symbols");
  }
  if (!errors.empty()) {
    return task;
  }
  fill_task(ctx, entry, type, path, *task);
  if (task->callee_text.empty()) {
    task->callee_text = "std.noop";
    auto noop = CompiledString::compile("std.noop");
    if (noop.ok()) {
      task->callee = noop.value();
    }
  }
  if (type == WorkflowType::direct) {
    fill_clauses(ctx, entry.value, path, errors, task->on_success, task->on_error,
                 task->on_complete);
    if (task->join != JoinKind::none && text_length(entry.key) > max_join_task_name) {
      ctx.add(entry.key_mark, path,
              "The length of a '" + entry.key + "' join task name must not exceed " +
                  std::to_string(max_join_task_name) + " symbols");
    }
  }
  return task;
}

}  // namespace bora::dsl
