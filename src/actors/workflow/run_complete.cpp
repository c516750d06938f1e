// Results reaching tasks, task completion (publish, keep-result,
// after-completion policies), transitions, joins, timers and sub-workflow
// outcomes (semantics.md §2, §3, §6; language.md §4, §6).

#include <algorithm>
#include <cmath>

#include <boost/json.hpp>

#include "actors/workflow/host.hpp"
#include "actors/workflow/run.hpp"
#include "actors/workflow/task_rt.hpp"
#include "dsl/pystr.hpp"
#include "storage/time_format.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;
using storage::State;

namespace {

State state_of(actions::ResultKind k) {
  switch (k) {
    case actions::ResultKind::data:
      return State::success;
    case actions::ResultKind::error:
      return State::error;
    case actions::ResultKind::cancel:
      return State::cancelled;
  }
  return State::error;
}

// Python's str() of an error value as a task's state_info; empty or null
// errors give no state_info.
std::optional<std::string> error_info(const json::value& v) {
  if (v.is_null() || (v.is_string() && v.as_string().empty())) {
    return std::nullopt;
  }
  return dsl::py_str(v);
}

std::string number_text(double d) {
  if (d == std::floor(d)) {
    return std::to_string(static_cast<int64_t>(d));
  }
  return dsl::py_float_repr(d);
}

}  // namespace

// -- results ---

std::string Run::completion_error(const TaskRt& t, const std::string& msg) const {
  std::string action = t.spec->callee_text;
  for (auto it = t.children.rbegin(); it != t.children.rend(); ++it) {
    if (it->action) {
      action = it->action->name;
      break;
    }
  }
  return "Failed to handle action completion [error=" + msg + ", wf=" + exec_.workflow_name +
         ", task=" + t.rec.name + ", action=" + action + "]:";
}

json::value Run::task_result(const TaskRt& t) const {
  if (storage::is_completed(t.rec.state) && t.rec.processed) {
    return t.rec.result;
  }
  if (t.with_items) {
    json::array out;
    std::vector<const Child*> by_index(static_cast<size_t>(std::max<int64_t>(t.count, 0)));
    for (const auto& c : t.children) {
      if (c.accepted && c.index >= 0 && c.index < t.count) {
        by_index[static_cast<size_t>(c.index)] = &c;
      }
    }
    for (const auto* c : by_index) {
      if (c != nullptr) {
        out.push_back(c->result);
      }
    }
    return out;
  }
  for (auto it = t.children.rbegin(); it != t.children.rend(); ++it) {
    if (it->accepted) {
      return it->result;
    }
  }
  return json::array{};
}

Result<void> Run::on_action_result(const std::string& action_ex_id, actions::ActionResult result) {
  auto it = by_action_.find(action_ex_id);
  if (it == by_action_.end()) {
    return Error(Errc::not_found, "Action execution not found [id=" + action_ex_id + "]");
  }
  TaskRt& t = *it->second;
  auto pos = t.child_pos.find(action_ex_id);
  if (pos == t.child_pos.end() || storage::is_completed(t.children[pos->second].state)) {
    return Error(Errc::invalid_state, "Action " + action_ex_id + " is already completed");
  }
  auto c = t.children.begin() + static_cast<std::ptrdiff_t>(pos->second);
  if (result.kind == actions::ResultKind::data) {
    for (auto a = c->chain.rbegin(); a != c->chain.rend(); ++a) {
      if (!(*a)->output) {
        continue;
      }
      auto v = eval(*(*a)->output, View{result.value, {}}, &t);
      if (!v.ok()) {
        result = actions::ActionResult::error(json::value(v.error().message));
        break;
      }
      result.value = std::move(v).value();
    }
  }
  c->state = state_of(result.kind);
  c->result = result.value;
  bool live = !storage::is_completed(t.rec.state) && t.rec.state != State::delayed;
  c->accepted = live;
  if (c->action) {
    auto& a = *c->action;
    a.state = c->state;
    a.output = json::object{{"result", result.value}};
    a.accepted = live;
    a.updated_at = storage::now_ms();
    action_writes_.push_back(a);
  }
  if (!live) {
    return {};
  }
  --t.running;
  if (t.with_items) {
    item_finished(t);
  } else {
    complete_task(t, c->state, c->state == State::success ? std::nullopt : error_info(c->result));
  }
  return {};
}

void Run::item_finished(TaskRt& t) {
  while (!t.queued.empty() && (t.capacity <= 0 || t.running < t.capacity) &&
         t.rec.state == State::running && !completed()) {
    int64_t i = t.queued.back();
    t.queued.pop_back();
    start_item(t, i);
  }
  if (t.running > 0 || !t.queued.empty() || t.rec.state != State::running) {
    return;
  }
  bool cancelled = false;
  bool failed = false;
  for (const auto& c : t.children) {
    if (!c.accepted) {
      continue;
    }
    cancelled = cancelled || c.state == State::cancelled;
    failed = failed || c.state == State::error;
  }
  if (cancelled) {
    complete_task(t, State::cancelled, "One or more actions was cancelled.");
  } else if (failed) {
    complete_task(t, State::error, "One or more actions had failed.");
  } else {
    complete_task(t, State::success, std::nullopt);
  }
}

void Run::on_child_finished(const ChildOutcome& o) {
  auto it = by_child_.find(o.child_id);
  if (it == by_child_.end()) {
    return;
  }
  TaskRt& t = *it->second;
  auto pos = t.child_pos.find(o.child_id);
  if (pos == t.child_pos.end() || storage::is_completed(t.children[pos->second].state)) {
    return;
  }
  auto c = t.children.begin() + static_cast<std::ptrdiff_t>(pos->second);
  c->state = o.state;
  c->result = o.output;
  bool live = !storage::is_completed(t.rec.state) && t.rec.state != State::delayed;
  c->accepted = live;
  if (!live) {
    return;
  }
  if (t.rec.state == State::paused) {
    t.rec.state = State::running;
    touch(t);
  }
  --t.running;
  if (t.with_items) {
    item_finished(t);
    return;
  }
  std::optional<std::string> info;
  if (o.state != State::success) {
    const auto* r = o.output.is_object() ? o.output.as_object().if_contains("result") : nullptr;
    info = r != nullptr ? error_info(*r) : std::nullopt;
  }
  complete_task(t, o.state, info);
}

Result<void> Run::on_action_paused(const std::string& action_ex_id, bool paused) {
  auto it = by_action_.find(action_ex_id);
  if (it == by_action_.end()) {
    return Error(Errc::not_found, "Action execution not found [id=" + action_ex_id + "]");
  }
  TaskRt& t = *it->second;
  for (auto& c : t.children) {
    if (c.id == action_ex_id && !storage::is_completed(c.state) && c.action) {
      c.state = paused ? State::paused : State::running;
      c.action->state = c.state;
      c.action->updated_at = storage::now_ms();
      action_writes_.push_back(*c.action);
    }
  }
  pause_task_for_child(t, paused);
  return {};
}

void Run::pause_task_for_child(TaskRt& t, bool paused) {
  if (paused && t.rec.state == State::running) {
    t.rec.state = State::paused;
    touch(t);
    (void)pause();
  } else if (!paused && t.rec.state == State::paused) {
    t.rec.state = State::running;
    touch(t);
    bool any_paused = std::any_of(tasks_.begin(), tasks_.end(),
                                  [](const auto& x) { return x->rec.state == State::paused; });
    if (!any_paused && exec_.state == State::paused) {
      (void)resume(nullptr);
    }
  }
}

void Run::on_child_paused(const std::string& child_id, bool paused) {
  auto it = by_child_.find(child_id);
  if (it == by_child_.end()) {
    return;
  }
  TaskRt& t = *it->second;
  for (auto& c : t.children) {
    if (c.id == child_id && !storage::is_completed(c.state)) {
      c.state = paused ? State::paused : State::running;
    }
  }
  pause_task_for_child(t, paused);
}

// -- timers ---

void Run::on_timer(const storage::Timer& timer) {
  timer_deletes_.push_back(timer);
  const auto* p = timer.payload.if_object();
  if (p == nullptr || !p->contains("task") || !p->at("task").is_string()) {
    return;
  }
  TaskRt* t = find_task(std::string(p->at("task").as_string()));
  if (t == nullptr || p->at("epoch").to_number<int64_t>() != t->epoch || completed()) {
    return;
  }
  if (timer.kind == "timeout") {
    if (!storage::is_completed(t->rec.state) && t->rec.state != State::idle) {
      auto secs = t->rec.runtime_context.as_object().at("timeout").to_number<double>();
      t->queued.clear();
      complete_task(*t, State::error, "Task timed out [timeout(s)=" + number_text(secs) + "].");
    }
    return;
  }
  if (t->rec.state != State::delayed && t->rec.state != State::waiting) {
    return;
  }
  if (timer.kind != t->pending_delay) {
    return;
  }
  t->pending_delay.clear();
  if (timer.kind == "wait_after") {
    complete_task(*t, t->pending_state, t->pending_info);
    return;
  }
  t->rec.state = State::running;
  t->rec.state_info = std::nullopt;
  touch(*t);
  run_task(*t);
}

// -- completion ---

void Run::complete_task(TaskRt& t, State state, std::optional<std::string> info) {
  t.rec.state = state;
  t.rec.state_info = std::move(info);
  t.rec.finished_at = storage::now_ms();
  t.rec.processed = false;
  t.rec.result = task_result(t);
  touch(t);
  auto published = publish(t);
  if (!published.ok()) {
    force_fail_task(t, completion_error(t, published.error().message));
    return;
  }
  const auto& keep = t.spec->keep_result;
  if (keep && keep->literal.is_bool() && !keep->literal.as_bool()) {
    if (t.rec.result.is_array()) {
      for (auto& x : t.rec.result.as_array()) {
        x = nullptr;
      }
    } else {
      t.rec.result = nullptr;
    }
  }
  auto delayed = after_policies(t);
  if (!delayed.ok()) {
    force_fail_task(t, completion_error(t, delayed.error().message));
    return;
  }
  if (*delayed) {
    return;
  }
  process_transitions(t);
}

Result<void> Run::publish(TaskRt& t) {
  if (t.rec.state != State::success && t.rec.state != State::error) {
    return {};
  }
  bool ok = t.rec.state == State::success;
  auto kind = ok ? dsl::ClauseKind::on_success : dsl::ClauseKind::on_error;
  auto clause_of = [&](dsl::ClauseKind k) -> const dsl::ClauseSpec* {
    const auto* c = t.spec->clause(k);
    if (c == nullptr && spec_->task_defaults) {
      c = spec_->task_defaults->clause(k);
    }
    return c;
  };
  const auto* own = clause_of(kind);
  const auto* complete = clause_of(dsl::ClauseKind::on_complete);
  const auto& task_level = ok ? t.spec->publish : t.spec->publish_on_error;
  std::vector<const dsl::ValueTemplate*> branch;
  std::vector<const dsl::ValueTemplate*> global;
  if (own != nullptr && own->publish.branch) {
    branch.push_back(&*own->publish.branch);
  }
  if (task_level) {
    branch.push_back(&*task_level);
  }
  if (complete != nullptr && complete->publish.branch) {
    branch.push_back(&*complete->publish.branch);
  }
  if (own != nullptr && own->publish.global) {
    global.push_back(&*own->publish.global);
  }
  if (complete != nullptr && complete->publish.global) {
    global.push_back(&*complete->publish.global);
  }
  if (branch.empty() && global.empty()) {
    return {};
  }
  View view = publish_view(t);
  json::object published;
  for (const auto* tpl : branch) {
    auto v = eval(*tpl, view, &t);
    if (!v.ok()) {
      return std::move(v).error();
    }
    if (const auto* o = v->if_object()) {
      for (const auto& kv : *o) {
        published[kv.key()] = kv.value();
      }
    }
  }
  json::object globals;
  for (const auto* tpl : global) {
    auto v = eval(*tpl, view, &t);
    if (!v.ok()) {
      return std::move(v).error();
    }
    if (const auto* o = v->if_object()) {
      merge_into(globals, *o);
    }
  }
  t.rec.published = std::move(published);
  if (!globals.empty()) {
    merge_into(exec_.context.as_object(), globals);
    t.rec.published_global = std::move(globals);
    exec_dirty_ = true;
    ++context_version_;
  }
  return {};
}

Result<bool> Run::after_policies(TaskRt& t) {
  if (t.rec.state == State::cancelled) {
    return false;
  }
  if (!t.wait_after_done) {
    auto wait = policy_seconds(t, &dsl::PoliciesSpec::wait_after, "WaitAfterPolicy");
    if (!wait.ok()) {
      return std::move(wait).error();
    }
    t.wait_after_done = true;
    if (*wait > 0) {
      t.pending_state = t.rec.state;
      t.pending_info = t.rec.state_info;
      t.rec.state = State::delayed;
      t.rec.state_info = "Delayed by 'wait-after' policy [delay=" + number_text(*wait) + "]";
      t.pending_delay = "wait_after";
      touch(t);
      arm_timer(t, "wait_after", *wait);
      // The state to complete with again is kept with the timer, so that
      // it survives a restart.
      auto& payload = timer_puts_.back().payload.as_object();
      payload["state"] = storage::to_string(t.pending_state);
      payload["info"] = t.pending_info ? json::value(*t.pending_info) : json::value(nullptr);
      effects_.timers.back().payload = payload;
      return true;
    }
  }
  if (t.rec.state == State::success) {
    auto fail_on = t.spec->policies.fail_on ? t.spec->policies.fail_on
                   : spec_->task_defaults   ? spec_->task_defaults->policies.fail_on
                                            : std::nullopt;
    if (fail_on) {
      // fail-on sees the task's inbound view, not what it just published.
      auto v = fail_on->expr ? eval(*fail_on->expr, task_view(t, nullptr), &t)
                             : Result<json::value>(fail_on->literal);
      if (!v.ok()) {
        return std::move(v).error();
      }
      if (dsl::py_truthy(*v)) {
        t.rec.state = State::error;
        t.rec.state_info = "Failed by 'fail-on' policy";
        touch(t);
      }
    }
  }
  const auto& retry = t.spec->policies.retry ? t.spec->policies.retry
                      : spec_->task_defaults  ? spec_->task_defaults->policies.retry
                                              : std::nullopt;
  if (!retry) {
    return false;
  }
  View view = transition_view(t);
  auto num = [&](const dsl::PolicyValue& p) -> Result<json::value> {
    return p.expr ? eval(*p.expr, view, &t) : Result<json::value>(p.literal);
  };
  auto count = num(retry->count);
  auto delay = num(retry->delay);
  if (!count.ok() || !delay.ok()) {
    return (!count.ok() ? count : delay).error();
  }
  if (!count->is_number() || !delay->is_number()) {
    return Error(Errc::evaluation_error,
                 "Invalid data type in RetryPolicy: " + dsl::py_repr(!count->is_number() ? *count : *delay) +
                     ". Value(s) can be shown after YAQL evaluating. If you use YAQL expression "
                     "here, please correct it.");
  }
  int64_t n = count->to_number<int64_t>();
  bool ok = t.rec.state == State::success;
  if (t.retry_no >= n || (ok && !retry->continue_on)) {
    return false;
  }
  if (retry->continue_on) {
    auto c = eval(*retry->continue_on, view, &t);
    if (!c.ok()) {
      return std::move(c).error();
    }
    if (!dsl::py_truthy(*c)) {
      return false;
    }
  }
  if (!ok && retry->break_on) {
    auto b = eval(*retry->break_on, view, &t);
    if (!b.ok()) {
      return std::move(b).error();
    }
    if (dsl::py_truthy(*b)) {
      return false;
    }
  }
  for (auto& c : t.children) {
    if (c.accepted) {
      c.accepted = false;
      if (c.action) {
        c.action->accepted = false;
        action_writes_.push_back(*c.action);
      }
    }
  }
  ++t.retry_no;
  t.rec.runtime_context.as_object()["retry_task_policy"] = json::object{{"retry_no", t.retry_no}};
  double d = delay->to_number<double>();
  t.rec.state = t.spec->join != dsl::JoinKind::none ? State::waiting : State::delayed;
  t.rec.state_info = "Delayed by 'retry' policy [delay=" + number_text(d) + "]";
  t.pending_delay = "retry";
  touch(t);
  arm_timer(t, "retry", d);
  return true;
}

}  // namespace bora::actors::workflow
