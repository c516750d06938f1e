// Starting one item of a task (one action or sub-workflow): its input, and
// the resolution of actions (ad-hoc chains) and sub-workflows (language.md
// §3, §10; actions.md §3).

#include <algorithm>
#include <cmath>

#include <boost/json.hpp>

#include "actors/actions/system_actions.hpp"
#include "actors/workflow/host.hpp"
#include "actors/workflow/inputs.hpp"
#include "actors/workflow/run.hpp"
#include "actors/workflow/task_rt.hpp"
#include "dsl/pystr.hpp"
#include "storage/ids.hpp"
#include "storage/time_format.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;
using storage::State;

namespace {

// Names to try for `name` called from workflow `wf_name`: a workbook item
// (`wb.main`) first looks for `wb.<name>`.
std::vector<std::string> candidates(const std::string& wf_name, const std::string& name) {
  std::vector<std::string> out;
  auto dot = wf_name.rfind('.');
  if (dot != std::string::npos) {
    out.push_back(wf_name.substr(0, dot) + "." + name);
  }
  out.push_back(name);
  return out;
}

// Python's `<class '...'>` text of a JSON value's type.
std::string py_class(const json::value& v) {
  return std::string("<class '") + dsl::py_type_name(v) + "'>";
}

}  // namespace

View& Run::item_view(TaskRt& t) {
  if (!t.item_view || t.view_version != context_version_) {
    t.item_view = task_view(t, nullptr);
    t.view_version = context_version_;
  }
  return *t.item_view;
}

namespace {

// Sets one item's variables in a task's cached view for the time of its
// evaluations, then puts back what they shadowed.
class ItemScope {
public:
  ItemScope(View& view, const TaskRt& t, int64_t index) : view_(view) {
    if (!t.with_items) {
      return;
    }
    auto& data = view_.data.as_object();
    json::object items;
    for (size_t k = 0; k < t.item_vars.size(); ++k) {
      const auto& var = t.item_vars[k];
      const auto& value = t.item_lists[k].at(static_cast<size_t>(index));
      const auto* old = data.if_contains(var);
      saved_.emplace_back(var, old != nullptr ? std::optional<json::value>(*old) : std::nullopt);
      data[var] = value;
      items[var] = value;
    }
    view_.parts[2] = std::move(items);
  }
  ~ItemScope() {
    auto& data = view_.data.as_object();
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        data[it->first] = std::move(*it->second);
      } else {
        data.erase(it->first);
      }
    }
    if (!saved_.empty()) {
      view_.parts[2] = json::object{};
    }
  }
  ItemScope(const ItemScope&) = delete;
  ItemScope& operator=(const ItemScope&) = delete;

private:
  View& view_;
  std::vector<std::pair<std::string, std::optional<json::value>>> saved_;
};

}  // namespace

Result<json::value> Run::task_input(TaskRt& t, const View& view) {
  json::object input;
  if (t.spec->input) {
    auto v = eval(*t.spec->input, view, &t);
    if (!v.ok()) {
      return std::move(v).error();
    }
    if (v->is_object()) {
      input = v->as_object();
    }
  } else if (t.spec->input_expr) {
    auto v = eval(*t.spec->input_expr, view, &t);
    if (!v.ok()) {
      return std::move(v).error();
    }
    if (!v->is_object()) {
      return Error(Errc::evaluation_error,
                   "Wrong dynamic input for task: " + t.rec.name +
                       ". Dict type is expected. Actual type: " + py_class(*v) +
                       ". Actual value: " + dsl::py_repr(*v));
    }
    input = v->as_object();
  }
  auto inline_params = eval(t.spec->inline_params, view, &t);
  if (!inline_params.ok()) {
    return std::move(inline_params).error();
  }
  if (const auto* o = inline_params->if_object()) {
    for (const auto& kv : *o) {
      input[kv.key()] = kv.value();
    }
  }
  if (!t.spec->is_workflow && t.spec->callee->lang() == dsl::ExprLang::none) {
    auto e = env();
    const auto* acts = e.if_contains("__actions");
    const auto* defaults = acts != nullptr && acts->is_object()
                               ? acts->as_object().if_contains(t.spec->callee_text)
                               : nullptr;
    if (defaults != nullptr && defaults->is_object()) {
      for (const auto& kv : defaults->as_object()) {
        if (!input.contains(kv.key())) {
          input[kv.key()] = kv.value();
        }
      }
    }
  }
  return json::value(std::move(input));
}

void Run::start_item(TaskRt& t, int64_t index) {
  View& view = item_view(t);
  ItemScope scope(view, t, index);
  auto input = task_input(t, view);
  if (!input.ok()) {
    force_fail_task(t, run_error(t, input.error().message));
    return;
  }
  std::string name = t.spec->callee_text;
  if (t.spec->callee->lang() != dsl::ExprLang::none) {
    auto n = eval(*t.spec->callee, view, &t);
    if (!n.ok()) {
      force_fail_task(t, run_error(t, n.error().message));
      return;
    }
    name = n->is_string() ? std::string(n->as_string()) : dsl::py_str(*n);
  }
  auto r = t.spec->is_workflow ? start_workflow_item(t, index, *input, name)
                               : start_action_item(t, index, *input, name, view);
  if (!r.ok()) {
    force_fail_task(t, run_error(t, r.error().message));
  }
}

Result<void> Run::start_action_item(TaskRt& t, int64_t index, const json::value& input,
                                    const std::string& name, const View& item) {
  const std::string& ns = exec_.workflow_namespace;
  std::vector<std::shared_ptr<const dsl::ActionSpec>> chain;
  std::string called;
  std::string current;
  for (const auto& c : candidates(spec_->name, name)) {
    if (catalog_ != nullptr && catalog_->find_action(c, ns)) {
      current = c;
      break;
    }
    if (actions::find_system_action(c) != nullptr) {
      current = c;
      break;
    }
  }
  if (current.empty()) {
    return Error(Errc::not_found,
                 "Failed to find action [action_name=" + name + ", namespace=" + ns + "]");
  }
  called = current;
  json::object in = input.as_object();
  while (true) {
    auto adhoc = catalog_ != nullptr ? catalog_->find_action(current, ns) : nullptr;
    if (!adhoc) {
      break;
    }
    if (chain.size() > 16) {
      return Error(Errc::limit_exceeded, "ad-hoc action chain is too long");
    }
    auto checked = check_input(adhoc->input, in, adhoc->name,
                               "mistral.actions.adhoc.AdHocAction");
    if (!checked.ok()) {
      return std::move(checked).error();
    }
    json::object data;
    for (const auto& kv : exec_.context.as_object()) {
      data[kv.key()] = kv.value();
    }
    data["__env"] = env();
    for (const auto& kv : t.rec.in_context.as_object()) {
      data[kv.key()] = kv.value();
    }
    for (const auto& kv : *checked) {
      data[kv.key()] = kv.value();
    }
    View view{json::value(std::move(data)), {}};
    json::object base;
    if (adhoc->base_input) {
      auto b = eval(*adhoc->base_input, view, &t);
      if (!b.ok()) {
        return std::move(b).error();
      }
      if (b->is_object()) {
        base = b->as_object();
      }
    }
    auto bp = eval(adhoc->base_params, view, &t);
    if (!bp.ok()) {
      return std::move(bp).error();
    }
    if (const auto* o = bp->if_object()) {
      for (const auto& kv : *o) {
        base[kv.key()] = kv.value();
      }
    }
    chain.push_back(adhoc);
    current = adhoc->base;
    in = std::move(base);
  }
  const auto* sys = actions::find_system_action(current);
  if (sys == nullptr) {
    return Error(Errc::not_found,
                 "Failed to find action [action_name=" + current + ", namespace=" + ns + "]");
  }
  auto checked = actions::check_input(*sys, in);
  if (!checked.ok()) {
    return std::move(checked).error();
  }
  auto safe = t.spec->safe_rerun ? t.spec->safe_rerun
              : spec_->task_defaults ? spec_->task_defaults->safe_rerun
                                     : std::nullopt;
  bool safe_rerun = safe && dsl::py_truthy(safe->literal);
  storage::ActionExecution a;
  a.id = storage::new_uuid7();
  a.name = called;
  a.workflow_name = exec_.workflow_name;
  a.workflow_namespace = ns;
  a.task_name = t.rec.name;
  a.task_execution_id = t.rec.id;
  a.state = State::running;
  a.description = "";
  a.project_id = exec_.project_id;
  a.input = input;
  a.output = nullptr;
  a.params = json::object{};
  a.created_at = storage::now_ms();
  a.is_sync = !sys->is_async;
  a.runtime_context = json::object{{"index", index}, {"safe_rerun", safe_rerun}};
  ActionCall call;
  call.action_ex_id = a.id;
  call.task_ex_id = t.rec.id;
  call.execution_id = exec_.id;
  call.workflow_name = exec_.workflow_name;
  call.action = sys->name;
  call.input = std::move(checked).value();
  call.safe_rerun = safe_rerun;
  if (const auto* to = t.rec.runtime_context.as_object().if_contains("timeout")) {
    call.timeout = to->to_number<double>();
  }
  if (t.spec->target) {
    auto target = eval(*t.spec->target, item, &t);
    if (target.ok() && !target->is_null()) {
      call.target = target->is_string() ? std::string(target->as_string()) : dsl::py_str(*target);
    }
  }
  Child c;
  c.id = a.id;
  c.index = index;
  c.chain = std::move(chain);
  action_writes_.push_back(a);
  c.action = std::move(a);
  by_action_[c.id] = &t;
  t.child_pos[c.id] = t.children.size();
  t.children.push_back(std::move(c));
  ++t.running;
  effects_.actions.push_back(std::move(call));
  return {};
}

Result<void> Run::start_workflow_item(TaskRt& t, int64_t index, const json::value& input,
                                      const std::string& name) {
  std::shared_ptr<const dsl::WorkflowSpec> child;
  for (const auto& c : candidates(spec_->name, name)) {
    if (catalog_ == nullptr) {
      break;
    }
    child = catalog_->find_workflow(c, exec_.workflow_namespace);
    if (!child && !exec_.workflow_namespace.empty()) {
      child = catalog_->find_workflow(c, "");
    }
    if (child) {
      break;
    }
  }
  if (!child) {
    return Error(Errc::not_found, "Failed to find workflow [name=" + name + "] [namespace=" +
                                      exec_.workflow_namespace + "]");
  }
  json::object declared;
  json::object params{
      {"root_execution_id", exec_.root_execution_id ? *exec_.root_execution_id : exec_.id},
      {"task_execution_id", t.rec.id},
      {"index", index},
      {"namespace", exec_.workflow_namespace}};
  for (const auto& kv : input.as_object()) {
    bool is_input = std::any_of(child->input.begin(), child->input.end(),
                                [&](const dsl::InputParam& p) { return p.name == kv.key(); });
    (is_input ? declared : params)[kv.key()] = kv.value();
  }
  auto checked = check_input(child->input, declared, child->name, spec_class(*child));
  if (!checked.ok()) {
    return std::move(checked).error();
  }
  if (const auto* notify = exec_.params.as_object().if_contains("notify")) {
    params["notify"] = *notify;
  }
  params["env"] = root_env_;
  storage::WorkflowExecution rec;
  rec.id = storage::new_uuid7();
  rec.workflow_name = child->name;
  rec.workflow_namespace = exec_.workflow_namespace;
  rec.description = "sub-workflow execution";
  rec.tags = child->tags;
  rec.params = std::move(params);
  rec.task_execution_id = t.rec.id;
  rec.root_execution_id = exec_.root_execution_id ? *exec_.root_execution_id : exec_.id;
  rec.state = State::idle;
  rec.input = std::move(checked).value();
  rec.output = json::object{};
  rec.project_id = exec_.project_id;
  rec.created_at = storage::now_ms();
  rec.spec_source = child->definition;
  rec.context = json::object{};
  rec.runtime_context = json::object{};
  rec.owner_node = exec_.owner_node;
  Child c;
  c.id = rec.id;
  c.index = index;
  by_child_[c.id] = &t;
  t.child_pos[c.id] = t.children.size();
  t.children.push_back(std::move(c));
  ++t.running;
  child_writes_.push_back(rec);
  effects_.children.push_back({child, std::move(rec), root_env_});
  return {};
}

}  // namespace bora::actors::workflow
