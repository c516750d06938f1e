// What `$` sees in each kind of evaluation (language.md §7.2), and the
// expression functions answered from the live execution.

#include <boost/json.hpp>

#include "actors/workflow/host.hpp"
#include "actors/workflow/run.hpp"
#include "actors/workflow/task_rt.hpp"
#include "dsl/pystr.hpp"
#include "storage/time_format.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;

namespace {

// Copies every key of `src` into `dst`, replacing existing keys: applied
// from the lowest-priority map to the highest, it gives "first map wins".
void overlay(json::object& dst, const json::value& src) {
  if (const auto* o = src.if_object()) {
    for (const auto& kv : *o) {
      dst[kv.key()] = kv.value();
    }
  }
}

json::object marker(const TaskRt& t) {
  return json::object{{"id", t.rec.id}, {"name", t.rec.name}};
}

json::value time_text(const std::optional<int64_t>& ms) {
  if (!ms) {
    return nullptr;
  }
  return json::value(storage::format_timestamp(*ms));
}

}  // namespace

void merge_into(json::object& left, const json::object& right) {
  for (const auto& kv : right) {
    auto it = left.find(kv.key());
    if (it != left.end() && it->value().is_object() && kv.value().is_object()) {
      merge_into(it->value().as_object(), kv.value().as_object());
    } else {
      left[kv.key()] = kv.value();
    }
  }
}

json::value task_map(const TaskRt& t, const json::value& result) {
  json::object spec{{"name", t.rec.name}};
  spec[t.spec->is_workflow ? "workflow" : "action"] = t.spec->callee_text;
  return json::object{{"id", t.rec.id},
                      {"name", t.rec.name},
                      {"spec", std::move(spec)},
                      {"state", storage::to_string(t.rec.state)},
                      {"state_info", t.rec.state_info ? json::value(*t.rec.state_info)
                                                      : json::value(nullptr)},
                      {"result", result},
                      {"published", t.rec.published},
                      {"type", t.rec.type},
                      {"workflow_execution_id", t.rec.workflow_execution_id},
                      {"created_at", time_text(t.rec.created_at)},
                      {"updated_at", time_text(t.rec.updated_at)}};
}

// -- views ---

json::object Run::env() const {
  if (const auto* o = root_env_.if_object()) {
    return *o;
  }
  return {};
}

json::object Run::outbound(const TaskRt& t) const {
  json::object out;
  overlay(out, t.rec.in_context);
  overlay(out, t.rec.published);
  return out;
}

namespace {

// Builds a view from maps given highest priority first.
View make_view(std::vector<json::value> parts) {
  json::object merged;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    overlay(merged, *it);
  }
  return View{json::value(std::move(merged)), std::move(parts)};
}

// Mistral prints a context view as its maps' texts without braces, joined.
std::string view_repr(const View& v) {
  std::string out = "{";
  for (size_t i = 0; i < v.parts.size(); ++i) {
    std::string text = dsl::py_repr(v.parts[i]);
    out += (i > 0 ? ", " : "") + (text.size() >= 2 ? text.substr(1, text.size() - 2) : text);
  }
  return out + "}";
}

template <class T>
Result<json::value> evaluate_with(const T& expr, const View& view, const dsl::HostFunctions* host) {
  dsl::EvalContext ctx;
  ctx.data = &view.data;
  ctx.host = host;
  ctx.data_is_view = !view.parts.empty();
  auto r = expr.evaluate(ctx);
  if (r.ok() || view.parts.empty()) {
    return r;
  }
  Error err = std::move(r).error();
  std::string tail = ", data=" + dsl::py_repr(view.data) + "]";
  if (err.message.size() >= tail.size() &&
      err.message.compare(err.message.size() - tail.size(), tail.size(), tail) == 0) {
    err.message.resize(err.message.size() - tail.size());
    err.message += ", data=" + view_repr(view) + "]";
  }
  return err;
}

template <class T>
Result<json::value> evaluate_in(const Run& run, const T& expr, const View& view,
                                const TaskRt* t) {
  Host host(run, t);
  return evaluate_with(expr, view, &host);
}

}  // namespace

Result<json::value> evaluate_vars(const dsl::WorkflowSpec& spec,
                                  const storage::WorkflowExecution& record,
                                  const json::value& env) {
  if (!spec.vars) {
    return json::value(json::object{});
  }
  View view = make_view({json::object{{"__env", env}}, record.context, record.input});
  return evaluate_with(*spec.vars, view, nullptr);
}

View Run::task_view(const TaskRt& t, const json::object* items) const {
  // Mistral's view always has an item map, empty outside with-items.
  std::vector<json::value> parts{json::object{{"__task_execution", marker(t)}},
                                 json::object{{"__env", env()}},
                                 items != nullptr ? json::value(*items) : json::value(json::object{})};
  parts.push_back(t.rec.in_context);
  parts.push_back(exec_.context);
  parts.push_back(exec_.input);
  return make_view(std::move(parts));
}

View Run::publish_view(const TaskRt& t) const {
  return make_view({json::object{{"__task_execution", marker(t)}}, t.rec.in_context,
                    json::object{{"__env", env()}}, exec_.context, exec_.input});
}

View Run::transition_view(const TaskRt& t) const {
  return make_view({json::object{{"__task_execution", marker(t)}}, outbound(t),
                    json::object{{"__env", env()}}, exec_.context, exec_.input});
}

View Run::output_view(const json::object& final_ctx) const {
  return make_view({final_ctx, json::object{{"__env", env()}}, exec_.context, exec_.input});
}

Result<json::value> Run::eval(const dsl::ValueTemplate& tpl, const View& view,
                              const TaskRt* t) const {
  return evaluate_in(*this, tpl, view, t);
}

Result<json::value> Run::eval(const dsl::CompiledString& s, const View& view,
                              const TaskRt* t) const {
  return evaluate_in(*this, s, view, t);
}

// -- expression functions ---

Result<json::value> Host::task(const std::string* name) const {
  const TaskRt* t = current_;
  if (name != nullptr) {
    t = run_.latest_task(*name);
  }
  if (t == nullptr) {
    return json::value(nullptr);
  }
  return task_map(*t, run_.task_result(*t));
}

Result<json::value> Host::tasks(const dsl::TasksQuery& query) const {
  json::array out;
  if (query.workflow_execution_id && *query.workflow_execution_id != run_.exec_.id) {
    return json::value(std::move(out));
  }
  for (const auto& t : run_.tasks_) {
    if (query.state && *query.state != storage::to_string(t->rec.state)) {
      continue;
    }
    out.push_back(task_map(*t, run_.task_result(*t)));
  }
  return json::value(std::move(out));
}

Result<json::value> Host::execution() const {
  const auto& e = run_.exec_;
  return json::value(json::object{
      {"id", e.id},
      {"name", e.workflow_name},
      {"spec", json::object{{"name", e.workflow_name}}},
      {"input", e.input},
      {"params", e.params},
      {"created_at", storage::format_timestamp(e.created_at)},
      {"updated_at", time_text(e.updated_at ? e.updated_at : std::optional<int64_t>(e.created_at))},
      {"root_execution_id",
       e.root_execution_id ? json::value(*e.root_execution_id) : json::value(nullptr)}});
}

Result<json::value> Host::executions(const dsl::ExecutionsQuery& query) const {
  // Only the current execution is known to the controller; other executions
  // live in other actors and are not reachable without blocking.
  json::array out;
  const auto& e = run_.exec_;
  bool match = (!query.id || *query.id == e.id) &&
               (!query.state || *query.state == storage::to_string(e.state)) &&
               (!query.root_execution_id ||
                (e.root_execution_id && *e.root_execution_id == *query.root_execution_id));
  if (match) {
    auto v = execution();
    out.push_back(std::move(v).value());
  }
  return json::value(std::move(out));
}

Result<json::value> Host::global(std::string_view name) const {
  if (const auto* o = run_.exec_.context.if_object()) {
    if (const auto* v = o->if_contains(name)) {
      return *v;
    }
  }
  return json::value(nullptr);
}

}  // namespace bora::actors::workflow
