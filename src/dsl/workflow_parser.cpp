// Workflows and task-defaults, plus small helpers shared by the builders.
#include <algorithm>
#include <cctype>

#include <boost/json.hpp>

#include "dsl/parser.hpp"
#include "dsl/pystr.hpp"
#include "dsl/spec_build.hpp"

namespace bora::dsl {
namespace {

bool check_workflow_type(const YamlNode* node) {
  return !node || (node->is_string() &&
                   (node->value.as_string() == "direct" || node->value.as_string() == "reverse"));
}

// The data repr Mistral prints when no spec class fits the workflow type.
std::string workflow_repr(const YamlEntry& entry) {
  boost::json::object o = to_json(entry.value).as_object();
  o["name"] = entry.key;
  o["version"] = "2.0";
  return py_repr(o);
}

bool is_word_key(const std::string& key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

// Mistral's schema checks task bodies only for names matching `^\w+$`; a
// body under another name (`a-b`) only has to be a map, possibly empty
// (Mistral itself fails on other values without a message).
void check_task_bodies(const YamlNode& tasks, const std::string& path,
                       std::vector<SchemaError>& out) {
  for (const auto& t : tasks.entries) {
    if (is_word_key(t.key)) {
      check_nonempty_map(t.value, join_path(path, t.key), 2, out);
    }
  }
  for (const auto& t : tasks.entries) {
    if (!is_word_key(t.key) && !t.value.is_map()) {
      out.push_back(type_error(t.value, join_path(path, t.key), 2, "object"));
    }
  }
}

void check_workflow_schema(const YamlNode& wf, const std::string& path,
                           std::vector<SchemaError>& out) {
  for (const auto& e : wf.entries) {
    std::string p = join_path(path, e.key);
    const std::string& k = e.key;
    if (k == "task-defaults" || k == "output" || k == "output-on-error" || k == "vars") {
      check_nonempty_map(e.value, p, 1, out);
    } else if (k == "input") {
      check_input_list(e.value, p, 1, out);
    } else if (k == "tags") {
      check_unique_strings(e.value, p, 1, out);
    } else if (k == "tasks") {
      if (check_nonempty_map(e.value, p, 1, out)) {
        check_task_bodies(e.value, p, out);
      }
    }
  }
  if (!wf.find("tasks")) {
    out.push_back(make_error(wf, path, 0, "'tasks' is a required property"));
  }
}

void check_task_defaults_schema(const YamlNode& td, const std::string& path,
                                std::vector<SchemaError>& out) {
  check_allowed_keys(td, path, 0,
                     {"name", "version", "description", "tags", "retry", "wait-before",
                      "wait-after", "timeout", "pause-before", "concurrency", "fail-on",
                      "on-complete", "on-success", "on-error", "safe-rerun", "requires"},
                     out);
  for (const auto& e : td.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "on-success" || e.key == "on-error" || e.key == "on-complete") {
      check_clause(e.value, p, 1, out);
    } else if (e.key == "safe-rerun") {
      check_expr_or_bool(e.value, p, 1, out);
    } else if (e.key == "requires") {
      std::vector<SchemaError> alternatives;
      bool a = check_string(e.value, p, 0, alternatives);
      bool b = check_unique_strings(e.value, p, 0, alternatives);
      if (a == b) {
        SchemaError err = make_error(
            e.value, p, 1, repr(e.value) + " is not valid under any of the given schemas", true);
        err.weak = true;
        err.context = std::move(alternatives);
        out.push_back(std::move(err));
      }
    } else if (e.key == "description") {
      check_string(e.value, p, 1, out);
    } else if (e.key == "tags") {
      check_unique_strings(e.value, p, 1, out);
    }
  }
}

// Python's repr of a key that YAML resolved to a non-string.
std::string key_repr(const std::string& key) {
  if (key == "true" || key == "false") {
    return key == "true" ? "True" : "False";
  }
  return key == "null" ? "None" : key;
}

bool is_uuid_like(std::string_view name) {
  std::string s;
  for (char c : name) {
    s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (std::string_view drop : {"urn:", "uuid:"}) {
    for (auto at = s.find(drop); at != std::string::npos; at = s.find(drop)) {
      s.erase(at, drop.size());
    }
  }
  while (!s.empty() && (s.front() == '{' || s.front() == '}')) {
    s.erase(0, 1);
  }
  while (!s.empty() && (s.back() == '{' || s.back() == '}')) {
    s.pop_back();
  }
  std::string hex;
  for (char c : s) {
    if (c != '-') {
      hex += c;
    }
  }
  return hex.size() == 32 && hex.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void fill_workflow(ParseContext& ctx, const YamlNode& wf, const std::string& path,
                   WorkflowSpec& spec) {
  for (const auto& e : wf.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "description") {
      spec.description = scalar_text(e.value);
    } else if (e.key == "tags") {
      for (const auto& t : e.value.items) {
        spec.tags.emplace_back(t.value.as_string());
      }
    } else if (e.key == "input") {
      spec.input = read_input_params(ctx, e.value, p);
    } else if (e.key == "output" || e.key == "output-on-error" || e.key == "vars") {
      auto& slot = e.key == "output" ? spec.output
                   : e.key == "vars" ? spec.vars
                                     : spec.output_on_error;
      slot.emplace();
      ctx.value(e.value, p, &*slot);
    } else if (e.key == "task-defaults") {
      spec.task_defaults.emplace();
      build_task_defaults(ctx, e.value, p, *spec.task_defaults);
    }
  }
}

}  // namespace

uint32_t code_points(std::string_view text, std::size_t bytes) {
  uint32_t n = 0;
  for (std::size_t i = 0; i < bytes && i < text.size(); ++i) {
    n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

std::string scalar_text(const YamlNode& node) {
  return node.is_string() ? std::string(node.value.as_string()) : py_str(to_json(node));
}

void register_inline_params(ParseContext& ctx, const TextPos& pos, const std::string& path,
                            const boost::json::object& params,
                            const std::vector<std::pair<std::string, uint32_t>>& offsets,
                            ValueTemplate* out) {
  ctx.values.push_back(ValueSlot{ctx.next_seq(), nullptr, pos, path, params, out, offsets});
}

std::vector<InputParam> read_input_params(ParseContext& ctx, const YamlNode& node,
                                          const std::string& path) {
  std::vector<InputParam> params;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const YamlNode& item = node.items[i];
    InputParam p;
    YamlMark at = item.mark;
    if (item.is_string()) {
      p.name = item.value.as_string();
    } else {
      p.name = item.entries.front().key;
      p.default_value = to_json(item.entries.front().value);
      at = item.entries.front().key_mark;
    }
    for (const auto& seen : params) {
      if (seen.name == p.name) {
        // A Bora rule: Mistral silently keeps the last declaration.
        ctx.add(at, join_path(path, std::to_string(i)), "duplicate input name '" + p.name + "'");
      }
    }
    params.push_back(std::move(p));
  }
  return params;
}

void build_task_defaults(ParseContext& ctx, const YamlNode& node, const std::string& path,
                         TaskDefaultsSpec& out) {
  std::vector<SchemaError> errors;
  check_task_defaults_schema(node, path, errors);
  fill_policies(ctx, node, path, out.policies, errors);
  ctx.add_schema_errors(errors);
  if (!errors.empty()) {
    return;
  }
  for (const auto& e : node.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "safe-rerun") {
      out.safe_rerun.emplace();
      fill_policy_value(ctx, e.value, p, *out.safe_rerun);
    } else if (e.key == "requires") {
      if (e.value.is_string()) {
        out.requires.emplace_back(e.value.value.as_string());
      }
      for (const auto& r : e.value.items) {
        out.requires.emplace_back(r.value.as_string());
      }
      ctx.locate(&out.requires, e.value.mark, p);
    } else if (e.key == "on-success" || e.key == "on-error" || e.key == "on-complete") {
      auto& slot = e.key == "on-success" ? out.on_success
                   : e.key == "on-error" ? out.on_error
                                         : out.on_complete;
      slot.emplace();
      fill_clause(ctx, e.value, p, *slot);
    }
  }
}

std::shared_ptr<WorkflowSpec> build_workflow(ParseContext& ctx, const YamlEntry& entry,
                                             const std::string& name, const std::string& path) {
  const YamlNode& wf = entry.value;
  const YamlNode* type = wf.find("type");
  if (!check_workflow_type(type)) {
    ctx.add(type->mark, join_path(path, "type"),
            "Failed to find a specification class to instantiate [spec_cls=<class "
            "'mistral.lang.v2.workflows.WorkflowSpec'>, data=" +
                workflow_repr(entry) + "]");
    return nullptr;
  }
  auto spec = std::make_shared<WorkflowSpec>();
  spec->name = name;
  spec->type =
      type && type->value.as_string() == "reverse" ? WorkflowType::reverse : WorkflowType::direct;
  ctx.locate(spec.get(), entry.key_mark, path);
  std::vector<SchemaError> errors;
  check_workflow_schema(wf, path, errors);
  ctx.add_schema_errors(errors);
  if (!errors.empty()) {
    return nullptr;
  }
  const YamlNode& tasks = *wf.find("tasks");
  if (tasks.entries.size() > max_tasks_per_workflow) {
    ctx.set_code(Errc::limit_exceeded);
    ctx.add(tasks.mark, join_path(path, "tasks"),
            "workflow has " + std::to_string(tasks.entries.size()) +
                " tasks, more than the limit of " + std::to_string(max_tasks_per_workflow));
    return nullptr;
  }
  fill_workflow(ctx, wf, path, *spec);
  spec->tasks.reserve(tasks.entries.size());
  for (const auto& t : tasks.entries) {
    std::string task_path = join_path(path, "tasks." + t.key);
    if (!t.key_is_text) {
      // `on:` or `1:` as a task name: Mistral fails on the non-text name.
      ctx.add(t.key_mark, task_path,
              "Invalid DSL: " + key_repr(t.key) + " is not of type 'string'");
    }
    spec->tasks.push_back(build_task(ctx, t, spec->type, task_path));
  }
  spec->index_tasks();
  if (is_uuid_like(entry.key)) {
    ctx.add(entry.key_mark, path, "Workflow name cannot be in the format of UUID.");
  }
  if (entry.key.find(' ') != std::string::npos) {
    ctx.add(entry.key_mark, path, "Name '" + entry.key + "' must not contain spaces");
  }
  return spec;
}

}  // namespace bora::dsl
