// Creating and starting task executions: before-start policies, with-items
// expansion and reverse workflows (language.md §5, §9; semantics.md §6, §7).

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
  if (!trigger_.empty()) {
    r.runtime_context.as_object()["triggered_by"] = std::move(trigger_);
    trigger_ = json::array{};
  }
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
    t.queued = {0};
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
  t.queued.clear();
  for (int64_t i = t.count - 1; i >= 0; --i) {
    t.queued.push_back(i);
  }
  while (!t.queued.empty() && (t.capacity <= 0 || t.running < t.capacity) &&
         t.rec.state == State::running) {
    int64_t i = t.queued.back();
    t.queued.pop_back();
    start_item(t, i);
  }
}

// -- reverse workflows ---

void Run::start_reverse() {
  const auto& target = exec_.params.as_object().at("task_name").as_string();
  std::vector<std::string> queued{std::string(target)};
  while (!queued.empty()) {
    std::string name = queued.back();
    queued.pop_back();
    if (std::find(reverse_pending_.begin(), reverse_pending_.end(), name) !=
        reverse_pending_.end()) {
      continue;
    }
    reverse_pending_.push_back(name);
    if (const auto* s = spec_->find_task(name)) {
      for (auto r : spec_->requires_of(*s)) {
        queued.emplace_back(r);
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
