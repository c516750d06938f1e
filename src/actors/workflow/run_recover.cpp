// Continuing an execution after the process stopped: Run::recover.

#include <algorithm>
#include <cmath>

#include <boost/json.hpp>

#include "actors/actions/system_actions.hpp"
#include "actors/workflow/adhoc.hpp"
#include "actors/workflow/run.hpp"
#include "actors/workflow/task_rt.hpp"
#include "storage/state.hpp"
#include "storage/time_format.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;
using storage::State;

namespace {

// Built-in actions with no effect outside Bora: running one again after a
// restart is always safe.
bool has_no_outside_effect(std::string_view action) {
  return action == "std.noop" || action == "std.echo" || action == "std.sleep" ||
         action == "std.fail" || action == "std.test_dict";
}

constexpr const char* not_rerun_message =
    "The action was running when Bora stopped and its task is not marked 'safe-rerun: true', "
    "so it was not run again (its outcome is unknown).";

}  // namespace

Result<ActionCall> Run::resume_call(TaskRt& t, Child& c) {
  const auto& a = *c.action;
  json::object input = a.input.is_object() ? a.input.as_object() : json::object{};
  const auto* sys = actions::find_system_action(a.name);
  ActionCall call;
  if (sys != nullptr) {
    auto checked = actions::check_input(*sys, input);
    if (!checked.ok()) {
      return std::move(checked).error();
    }
    call.input = std::move(checked).value();
  } else {
    if (catalog_ == nullptr) {
      return Error(Errc::not_found, "Failed to find action [action_name=" + a.name + "]");
    }
    auto x = expand_adhoc(*catalog_, a.name, exec_.workflow_namespace, input, env());
    if (!x.ok()) {
      return std::move(x).error();
    }
    sys = actions::find_system_action(x->system_action);
    c.chain = x->chain;
    call.input = std::move(x->input);
  }
  call.action_ex_id = a.id;
  call.task_ex_id = t.rec.id;
  call.execution_id = exec_.id;
  call.workflow_name = exec_.workflow_name;
  call.action = sys->name;
  const auto* rc = a.runtime_context.if_object();
  const auto* safe = rc != nullptr ? rc->if_contains("safe_rerun") : nullptr;
  call.safe_rerun = safe != nullptr && safe->is_bool() && safe->as_bool();
  if (const auto* to = t.rec.runtime_context.as_object().if_contains("timeout")) {
    call.timeout = to->to_number<double>();
  }
  if (sys->is_async) {
    call.await_only = true;
    return call;
  }
  if (has_no_outside_effect(sys->name)) {
    // A delay counts from the original start, as if the run had gone on.
    call.started_at = a.created_at;
    return call;
  }
  if (!call.safe_rerun) {
    return Error(Errc::invalid_state, not_rerun_message);
  }
  return call;
}

void Run::recover(const storage::ExecutionImage& image, const std::vector<storage::Timer>& timers) {
  if (exec_.state == State::idle) {
    // A sub-workflow its parent wrote but that had not started yet.
    (void)start();
    return;
  }
  for (const auto& tm : timers) {
    const auto* p = tm.payload.if_object();
    const auto* task = p != nullptr ? p->if_contains("task") : nullptr;
    TaskRt* t = task != nullptr && task->is_string() ? find_task(std::string(task->as_string()))
                                                     : nullptr;
    if (t == nullptr || storage::is_completed(t->rec.state)) {
      timer_deletes_.push_back(tm);
      continue;
    }
    if (const auto* e = p->if_contains("epoch"); e != nullptr && e->is_number()) {
      t->epoch = std::max(t->epoch, e->to_number<int64_t>());
    }
    if (tm.kind == "timeout") {
      t->timeout_armed = true;
    } else if (tm.kind == "wait_after") {
      t->pending_delay = tm.kind;
      t->wait_after_done = true;
      if (const auto* s = p->if_contains("state"); s != nullptr && s->is_string()) {
        t->pending_state = storage::parse_state(s->as_string()).value_or(State::success);
      }
      if (const auto* i = p->if_contains("info"); i != nullptr && i->is_string()) {
        t->pending_info = std::string(i->as_string());
      }
    } else {
      t->pending_delay = tm.kind;
    }
    effects_.timers.push_back(tm);
  }
  std::vector<TaskRt*> open;
  for (const auto& t : tasks_) {
    if (!storage::is_completed(t->rec.state)) {
      open.push_back(t.get());
    }
  }
  for (TaskRt* t : open) {
    recover_task(*t, image);
  }
  check_completion();
}

void Run::recover_task(TaskRt& t, const storage::ExecutionImage& image) {
  if (t.rec.state != State::running && t.rec.state != State::paused) {
    return;  // IDLE (pause-before), WAITING (joins), DELAYED (its timer is armed)
  }
  if (t.with_items) {
    // Items not started yet are queued again, smallest index first out.
    if (!prepare_items(t)) {
      return;
    }
    t.count = static_cast<int64_t>(t.item_lists.front().size());
    std::vector<bool> started(static_cast<size_t>(t.count), false);
    for (const auto& c : t.children) {
      if (c.index >= 0 && c.index < t.count) {
        started[static_cast<size_t>(c.index)] = true;
      }
    }
    t.queued.clear();
    for (int64_t i = t.count - 1; i >= 0; --i) {
      if (!started[static_cast<size_t>(i)]) {
        t.queued.push_back(i);
      }
    }
  }
  if (t.spec->is_workflow) {
    // A sub-workflow that ended while the process stopped before its parent
    // took the result: deliver it now.
    for (const auto& w : image.children) {
      if (!w.task_execution_id || *w.task_execution_id != t.rec.id ||
          !storage::is_completed(w.state)) {
        continue;
      }
      auto pos = t.child_pos.find(w.id);
      if (pos == t.child_pos.end() || t.with_items) {
        continue;
      }
      Child& c = t.children[pos->second];
      if (t.running == 0 && t.rec.state == State::running) {
        c.state = State::running;
        c.accepted = false;
        ++t.running;
        ChildOutcome o{w.id, w.state, w.output, w.state_info};
        on_child_finished(o);
        return;
      }
    }
    if (t.with_items && t.rec.state == State::running) {
      item_finished(t);
    }
    return;
  }
  std::vector<std::string> waiting;
  for (const auto& c : t.children) {
    if (!storage::is_completed(c.state) && c.action) {
      waiting.push_back(c.id);
    }
  }
  std::vector<std::pair<std::string, std::string>> failed;
  for (const auto& id : waiting) {
    Child& c = t.children[t.child_pos.at(id)];
    auto call = resume_call(t, c);
    if (call.ok()) {
      effects_.actions.push_back(std::move(call).value());
    } else {
      failed.emplace_back(id, call.error().message);
    }
  }
  for (const auto& [id, msg] : failed) {
    (void)on_action_result(id, actions::ActionResult::error(json::value(msg)));
  }
  if (t.with_items && t.rec.state == State::running && waiting.empty()) {
    item_finished(t);
  } else if (t.with_items && t.rec.state == State::running && failed.empty()) {
    // Free slots (items that ended just before the stop) take queued items.
    while (!t.queued.empty() && (t.capacity <= 0 || t.running < t.capacity)) {
      int64_t i = t.queued.back();
      t.queued.pop_back();
      start_item(t, i);
    }
  }
}

}  // namespace bora::actors::workflow
