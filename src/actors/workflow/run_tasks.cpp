// Creating and starting task executions: before-start policies, with-items
// expansion, input evaluation and the resolution of actions and
// sub-workflows (language.md §3, §9, §10; semantics.md §6, §7).

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

// Seconds the task-level timeout trails the action-level one.
constexpr double task_timeout_lag = 0.25;

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
  switch (v.kind()) {
    case json::kind::array:
      return "<class 'list'>";
    case json::kind::object:
      return "<class 'dict'>";
    case json::kind::string:
      return "<class 'str'>";
    case json::kind::bool_:
      return "<class 'bool'>";
    case json::kind::double_:
      return "<class 'float'>";
    case json::kind::null:
      return "<class 'NoneType'>";
    default:
      return "<class 'int'>";
  }
}

}  // namespace

std::string Run::run_error(const TaskRt& t, const std::string& msg) const {
  return "Failed to run task [error=" + msg + ", wf=" + exec_.workflow_name +
         ", task=" + t.rec.name + "]:";
}

TaskRt& Run::new_task(const dsl::TaskSpec& spec, json::object in_context, State s) {
  auto owned = std::make_unique<TaskRt>();
  TaskRt& t = *owned;
  t.spec = &spec;
  auto& r = t.rec;
  r.id = storage::new_uuid7();
  r.name = spec.name;
  r.type = spec.is_workflow ? "WORKFLOW" : "ACTION";
  r.workflow_name = exec_.workflow_name;
  r.workflow_namespace = exec_.workflow_namespace;
  r.workflow_id = exec_.workflow_id;
  r.workflow_execution_id = exec_.id;
  r.tags = spec.tags;
  r.state = s;
  r.project_id = exec_.project_id;
  r.runtime_context = json::object{};
  r.result = json::array{};
  r.published = json::object{};
  r.published_global = json::object{};
  r.created_at = storage::now_ms();
  r.in_context = std::move(in_context);
  r.next_tasks = json::array{};
  by_id_[r.id] = &t;
  named_[r.name].push_back(&t);
  tasks_.push_back(std::move(owned));
  touch(t);
  return t;
}

void Run::launch(const dsl::TaskSpec& spec, json::object in_context) {
  TaskRt& t = new_task(spec, std::move(in_context), State::idle);
  start_task(t, true);
}

// -- policies ---

Result<json::value> Run::policy(TaskRt& t,
                                std::optional<dsl::PolicyValue> dsl::PoliciesSpec::*member) {
  auto value_of = [&](const std::optional<dsl::PolicyValue>& p) -> Result<json::value> {
    if (!p) {
      return json::value(nullptr);
    }
    if (p->expr) {
      return eval(*p->expr, task_view(t, nullptr), &t);
    }
    return p->literal;
  };
  auto own = value_of(t.spec->policies.*member);
  if (!own.ok() || dsl::py_truthy(*own) || !spec_->task_defaults) {
    return own;
  }
  return value_of(spec_->task_defaults->policies.*member);
}

Result<double> Run::policy_seconds(TaskRt& t,
                                   std::optional<dsl::PolicyValue> dsl::PoliciesSpec::*member,
                                   const char* cls) {
  auto v = policy(t, member);
  if (!v.ok()) {
    return std::move(v).error();
  }
  if (v->is_null()) {
    return 0.0;
  }
  if (v->is_int64() || v->is_uint64()) {
    return v->to_number<double>();
  }
  return Error(Errc::evaluation_error,
               std::string("Invalid data type in ") + cls + ": " + dsl::py_repr(*v) +
                   ". Value(s) can be shown after YAQL evaluating. If you use YAQL expression "
                   "here, please correct it.");
}

void Run::arm_timer(TaskRt& t, const std::string& kind, double seconds) {
  storage::Timer tm;
  tm.id = storage::new_uuid7();
  tm.due_at = storage::now_ms() + static_cast<int64_t>(std::llround(seconds * 1000.0));
  tm.kind = kind;
  tm.target_id = exec_.id;
  tm.payload = json::object{{"task", t.rec.id}, {"epoch", t.epoch}};
  timer_puts_.push_back(tm);
  effects_.timers.push_back(std::move(tm));
}

void Run::start_task(TaskRt& t, bool before_policies) {
  if (before_policies) {
    auto pause_before = policy(t, &dsl::PoliciesSpec::pause_before);
    if (!pause_before.ok()) {
      force_fail_task(t, run_error(t, pause_before.error().message));
      return;
    }
    auto timeout = policy_seconds(t, &dsl::PoliciesSpec::timeout, "TimeoutPolicy");
    auto wait = policy_seconds(t, &dsl::PoliciesSpec::wait_before, "WaitBeforePolicy");
    if (!timeout.ok() || !wait.ok()) {
      force_fail_task(t, run_error(t, (!timeout.ok() ? timeout : wait).error().message));
      return;
    }
    if (dsl::py_truthy(*pause_before)) {
      t.rec.state = State::idle;
      t.rec.state_info = "Set by 'pause-before' policy";
      t.paused_before = true;
      touch(t);
      (void)pause();
      return;
    }
    if (*timeout > 0 && !t.timeout_armed) {
      t.timeout_armed = true;
      t.rec.runtime_context.as_object()["timeout"] = *timeout;
      // The action is interrupted at the same moment and reports first, as
      // in Mistral, whose task timeout is checked by a slower poller.
      arm_timer(t, "timeout", *timeout + task_timeout_lag);
    }
    if (*wait > 0) {
      t.rec.state = State::delayed;
      t.rec.state_info = "Delayed by 'wait-before' policy [delay=" + dsl::py_str(*wait == std::floor(*wait) ? json::value(static_cast<int64_t>(*wait)) : json::value(*wait)) + "]";
      t.pending_delay = "wait_before";
      if (!t.rec.started_at) {
        t.rec.started_at = storage::now_ms();
      }
      touch(t);
      arm_timer(t, "wait_before", *wait);
      return;
    }
  }
  t.rec.state = State::running;
  t.rec.state_info = std::nullopt;
  if (!t.rec.started_at) {
    t.rec.started_at = storage::now_ms();
  }
  touch(t);
  run_task(t);
}

bool Run::prepare_items(TaskRt& t) {
  t.item_vars.clear();
  t.item_lists.clear();
  View view = task_view(t, nullptr);
  json::object lists;
  bool iterable = true;
  for (const auto& w : t.spec->with_items) {
    json::array list = w.list;
    if (w.expr) {
      auto v = eval(*w.expr, view, &t);
      if (!v.ok()) {
        force_fail_task(t, run_error(t, v.error().message));
        return false;
      }
      iterable = iterable && v->is_array();
      if (!v->is_array()) {
        continue;
      }
      list = v->as_array();
    }
    lists[w.var] = list;
    t.item_vars.push_back(w.var);
    t.item_lists.push_back(std::move(list));
  }
  if (!iterable) {
    force_fail_task(t, run_error(t, "Wrong input format for: " + dsl::py_repr(json::object{}) +
                                        ". Iterable type is expected for each value."));
    return false;
  }
  for (const auto& l : t.item_lists) {
    if (l.size() != t.item_lists.front().size()) {
      force_fail_task(t, run_error(t, "Wrong input format for: " + dsl::py_repr(lists) +
                                          ". All arrays must have the same length."));
      return false;
    }
  }
  return true;
}

void Run::run_task(TaskRt& t) {
  t.running = 0;
  t.item_view.reset();
  if (t.spec->with_items.empty()) {
    t.with_items = false;
    t.count = 1;
    t.todo = {0};
    start_item(t, 0);
    return;
  }
  t.with_items = true;
  if (!prepare_items(t)) {
    return;
  }
  t.count = static_cast<int64_t>(t.item_lists.front().size());
  auto conc = policy(t, &dsl::PoliciesSpec::concurrency);
  t.capacity = conc.ok() && (conc->is_int64() || conc->is_uint64()) ? conc->to_number<int64_t>() : 0;
  t.rec.runtime_context.as_object()["with_items"] = json::object{
      {"count", t.count}, {"capacity", t.capacity > 0 ? json::value(t.capacity) : nullptr}};
  touch(t);
  if (t.count == 0) {
    complete_task(t, State::success, std::nullopt);
    return;
  }
  t.todo.clear();
  for (int64_t i = t.count - 1; i >= 0; --i) {
    t.todo.push_back(i);
  }
  while (!t.todo.empty() && (t.capacity <= 0 || t.running < t.capacity) &&
         t.rec.state == State::running) {
    int64_t i = t.todo.back();
    t.todo.pop_back();
    start_item(t, i);
  }
}

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
  json::object params{{"index", index}, {"namespace", exec_.workflow_namespace}};
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

// -- reverse workflows ---

void Run::start_reverse() {
  const auto& target = exec_.params.as_object().at("task_name").as_string();
  std::vector<std::string> todo{std::string(target)};
  while (!todo.empty()) {
    std::string name = todo.back();
    todo.pop_back();
    if (std::find(reverse_pending_.begin(), reverse_pending_.end(), name) !=
        reverse_pending_.end()) {
      continue;
    }
    reverse_pending_.push_back(name);
    if (const auto* s = spec_->find_task(name)) {
      for (auto r : spec_->requires_of(*s)) {
        todo.emplace_back(r);
      }
    }
  }
  launch_reverse_ready();
}

void Run::launch_reverse_ready() {
  bool progress = true;
  while (progress && exec_.state == State::running) {
    progress = false;
    for (size_t i = 0; i < reverse_pending_.size(); ++i) {
      const auto* s = spec_->find_task(reverse_pending_[i]);
      if (s == nullptr) {
        continue;
      }
      json::object ctx;
      json::object published;
      bool ready = true;
      for (auto r : spec_->requires_of(*s)) {
        TaskRt* dep = latest_task(r);
        if (dep == nullptr || dep->rec.state != State::success || !dep->rec.processed) {
          ready = false;
          break;
        }
        merge_into(ctx, outbound(*dep));
        merge_into(published, dep->rec.published.as_object());
      }
      if (!ready) {
        continue;
      }
      merge_into(ctx, published);
      reverse_pending_.erase(reverse_pending_.begin() + static_cast<std::ptrdiff_t>(i));
      launch(*s, std::move(ctx));
      progress = true;
      break;
    }
  }
}

}  // namespace bora::actors::workflow
