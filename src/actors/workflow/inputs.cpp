#include "actors/workflow/inputs.hpp"

#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "dsl/template.hpp"
#include "dsl/yaml_value.hpp"
#include "storage/ids.hpp"
#include "storage/time_format.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;

namespace {

// Evaluates every string leaf of `v` (maps and lists recursively).
Result<json::value> eval_strings(const json::value& v, const dsl::EvalContext& ctx, int depth) {
  if (depth > 200) {
    return Error(Errc::limit_exceeded, "env is nested too deeply");
  }
  if (const auto* s = v.if_string()) {
    auto cs = dsl::CompiledString::compile(*s);
    if (!cs.ok()) {
      return std::move(cs).error();
    }
    return (*cs)->evaluate(ctx);
  }
  if (const auto* o = v.if_object()) {
    json::object out;
    for (const auto& kv : *o) {
      auto r = eval_strings(kv.value(), ctx, depth + 1);
      if (!r.ok()) {
        return std::move(r).error();
      }
      out[kv.key()] = std::move(r).value();
    }
    return json::value(std::move(out));
  }
  if (const auto* a = v.if_array()) {
    json::array out;
    for (const auto& x : *a) {
      auto r = eval_strings(x, ctx, depth + 1);
      if (!r.ok()) {
        return std::move(r).error();
      }
      out.push_back(std::move(r).value());
    }
    return json::value(std::move(out));
  }
  return v;
}

// Mistral prints a workflow spec as its class and the body it was built
// from, each task completed with its type, name and version.
std::string spec_repr(const dsl::WorkflowSpec& spec) {
  auto doc = dsl::parse_yaml_value(spec.definition);
  std::string key = spec.name;
  const json::object* body = nullptr;
  if (doc.ok() && doc->is_object()) {
    const auto* b = doc->as_object().if_contains(key);
    if (b == nullptr && key.find('.') != std::string::npos) {
      b = doc->as_object().if_contains(key.substr(key.rfind('.') + 1));
    }
    body = b != nullptr ? b->if_object() : nullptr;
  }
  if (body == nullptr) {
    return std::string(spec_class(spec)) + " " + spec.name;
  }
  json::object out = *body;
  std::string type = spec.type == dsl::WorkflowType::reverse ? "reverse" : "direct";
  if (auto* tasks = out.if_contains("tasks"); tasks != nullptr && tasks->is_object()) {
    for (auto& kv : tasks->as_object()) {
      if (auto* t = kv.value().if_object()) {
        (*t)["type"] = type;
        (*t)["name"] = kv.key();
        (*t)["version"] = "2.0";
      }
    }
  }
  out["name"] = spec.name;
  out["version"] = "2.0";
  return std::string(spec_class(spec)) + " " + dsl::py_repr(out);
}

}  // namespace

Result<json::object> check_input(const std::vector<dsl::InputParam>& params,
                                 const json::object& input, std::string_view name,
                                 std::string_view cls) {
  json::array missing;
  json::array unexpected;
  json::object out;
  for (const auto& p : params) {
    if (const auto* v = input.if_contains(p.name)) {
      out[p.name] = *v;
    } else if (p.default_value) {
      out[p.name] = *p.default_value;
    } else {
      missing.push_back(json::value(p.name));
    }
  }
  for (const auto& kv : input) {
    bool declared = false;
    for (const auto& p : params) {
      declared = declared || p.name == kv.key();
    }
    if (!declared) {
      unexpected.push_back(json::value(kv.key()));
    }
  }
  if (missing.empty() && unexpected.empty()) {
    return out;
  }
  std::string msg = "Invalid input [name=" + std::string(name) + ", class=" + std::string(cls);
  if (!missing.empty()) {
    msg += ", missing=" + dsl::py_repr(missing);
  }
  if (!unexpected.empty()) {
    msg += ", unexpected=" + dsl::py_repr(unexpected);
  }
  msg += "]";
  return Error(Errc::invalid_argument, std::move(msg));
}

std::string_view spec_class(const dsl::WorkflowSpec& spec) {
  return spec.type == dsl::WorkflowType::reverse ? "ReverseWorkflowSpec" : "DirectWorkflowSpec";
}

Result<json::value> evaluate_env(const json::value& env, bool evaluate) {
  if (!evaluate || !env.is_object() || env.as_object().empty()) {
    return env;
  }
  json::value data = json::object{{"__env", env}};
  dsl::EvalContext ctx;
  ctx.data = &data;
  return eval_strings(env, ctx, 0);
}

Result<void> init_context(const dsl::WorkflowSpec& spec, storage::WorkflowExecution& record,
                          const json::value& env) {
  record.context = json::object{{"__execution", json::object{{"id", record.id}}}};
  auto vars = evaluate_vars(spec, record, env);
  if (!vars.ok()) {
    return Error(Errc::invalid_argument, std::move(vars).error().message);
  }
  if (const auto* o = vars->if_object()) {
    for (const auto& kv : *o) {
      record.context.as_object()[kv.key()] = kv.value();
    }
  }
  return {};
}

Result<storage::WorkflowExecution> new_execution(const dsl::WorkflowSpec& spec,
                                                 StartRequest request) {
  auto input = check_input(spec.input, request.input, spec.name, spec_class(spec));
  if (!input.ok()) {
    return std::move(input).error();
  }
  if (spec.type == dsl::WorkflowType::reverse) {
    const auto* tn = request.params.if_contains("task_name");
    const auto* name = tn != nullptr ? tn->if_string() : nullptr;
    if (name == nullptr || spec.find_task(*name) == nullptr) {
      std::string shown = name != nullptr ? std::string(*name) : "None";
      return Error(Errc::invalid_argument, "Invalid task name [wf_spec=" + spec_repr(spec) +
                                               ", task_name=" + shown + "]");
    }
  }
  json::value env = json::object{};
  if (const auto* e = request.params.if_contains("env")) {
    env = *e;
  }
  bool evaluate = true;
  if (const auto* ev = request.params.if_contains("evaluate_env")) {
    evaluate = dsl::py_truthy(*ev);
  }
  auto evaluated = evaluate_env(env, evaluate);
  if (!evaluated.ok()) {
    return Error(Errc::invalid_argument, std::move(evaluated).error().message);
  }
  request.params["env"] = std::move(evaluated).value();
  request.params["namespace"] = request.ns;
  storage::WorkflowExecution rec;
  rec.id = request.id.empty() ? storage::new_uuid7() : request.id;
  rec.workflow_id = request.workflow_id;
  // Without authentication every object belongs to Mistral's default project.
  rec.project_id = "<default-project>";
  rec.workflow_name = spec.name;
  rec.workflow_namespace = request.ns;
  rec.description = std::move(request.description);
  rec.tags = spec.tags;
  rec.params = std::move(request.params);
  rec.state = storage::State::idle;
  rec.input = std::move(input).value();
  rec.output = json::object{};
  rec.created_at = storage::now_ms();
  rec.spec_source = spec.definition;
  rec.runtime_context = json::object{};
  BORA_TRY_VOID(init_context(spec, rec, rec.params.as_object()["env"]));
  return rec;
}

}  // namespace bora::actors::workflow
