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

const char* event_name(dsl::ClauseKind k) {
  switch (k) {
    case dsl::ClauseKind::on_success:
      return "on-success";
    case dsl::ClauseKind::on_error:
      return "on-error";
    case dsl::ClauseKind::on_complete:
      return "on-complete";
  }
  return "on-complete";
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
  while (!t.todo.empty() && (t.capacity <= 0 || t.running < t.capacity) &&
         t.rec.state == State::running && !completed()) {
    int64_t i = t.todo.back();
    t.todo.pop_back();
    start_item(t, i);
  }
  if (t.running > 0 || !t.todo.empty() || t.rec.state != State::running) {
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
      t->todo.clear();
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

// -- transitions ---

void Run::process_transitions(TaskRt& t) {
  if (exec_.state == State::paused) {
    return;
  }
  if (exec_.state != State::running) {
    t.rec.processed = true;
    touch(t);
    return;
  }
  if (spec_->type == dsl::WorkflowType::reverse) {
    t.rec.processed = true;
    touch(t);
    launch_reverse_ready();
    evaluate_joins();
    check_completion();
    return;
  }
  std::vector<dsl::ClauseKind> kinds;
  if (t.rec.state == State::success) {
    kinds = {dsl::ClauseKind::on_success, dsl::ClauseKind::on_complete};
  } else if (t.rec.state == State::error) {
    kinds = {dsl::ClauseKind::on_error, dsl::ClauseKind::on_complete};
  }
  std::vector<std::pair<const dsl::TransitionSpec*, int>> cmds;
  json::array next;
  bool handled = false;
  std::optional<View> view;
  for (auto kind : kinds) {
    for (const auto* tr : spec_->transitions(*t.spec, kind)) {
      if (tr->condition) {
        if (!view) {
          view = transition_view(t);
        }
        auto c = eval(*tr->condition, *view, &t);
        if (!c.ok()) {
          force_fail_task(t, completion_error(t, c.error().message));
          return;
        }
        if (!dsl::py_truthy(*c)) {
          continue;
        }
      }
      cmds.emplace_back(tr, static_cast<int>(kind));
      handled = handled || kind == dsl::ClauseKind::on_error;
      if (tr->command == dsl::EngineCommand::none) {
        next.push_back(json::array{json::value(tr->target), json::value(event_name(kind))});
      }
    }
  }
  t.rec.has_next_tasks = !next.empty();
  t.rec.next_tasks = std::move(next);
  t.rec.error_handled = t.rec.state == State::error && handled;
  t.rec.processed = true;
  touch(t);
  bool outer = !in_completion_;
  in_completion_ = true;
  run_commands(t, cmds);
  if (outer) {
    in_completion_ = false;
    if (exec_.state == State::running) {
      evaluate_joins();
    }
    check_completion();
  }
}

void Run::run_commands(TaskRt& t, std::vector<std::pair<const dsl::TransitionSpec*, int>>& cmds) {
  cmds.erase(std::remove_if(cmds.begin(), cmds.end(),
                            [](const auto& c) { return c.first->command == dsl::EngineCommand::noop; }),
             cmds.end());
  if (!cmds.empty()) {
    auto first = cmds.front().first->command;
    if (first == dsl::EngineCommand::fail || first == dsl::EngineCommand::succeed) {
      cmds.resize(1);
    }
  }
  bool backlog = false;
  for (const auto& [tr, kind] : cmds) {
    (void)kind;
    if (tr->command == dsl::EngineCommand::none) {
      if (backlog) {
        backlog_.push_back({t.rec.id, tr->target});
      } else if (exec_.state == State::running) {
        route_to(t, tr->target);
      }
      continue;
    }
    std::optional<std::string> msg;
    auto params = eval(tr->params, transition_view(t), &t);
    if (!params.ok()) {
      force_fail_task(t, completion_error(t, params.error().message));
      return;
    }
    if (const auto* m = params->is_object() ? params->as_object().if_contains("msg") : nullptr) {
      msg = m->is_string() ? std::string(m->as_string()) : dsl::py_str(*m);
    }
    if (tr->command == dsl::EngineCommand::fail) {
      finish_error(msg);
      return;
    }
    if (tr->command == dsl::EngineCommand::succeed) {
      finish_success(msg);
      return;
    }
    (void)pause();
    exec_.state_info = msg;
    backlog = true;
  }
}

void Run::route_to(TaskRt& from, const std::string& target) {
  const auto* s = spec_->find_task(target);
  if (s == nullptr) {
    return;
  }
  if (s->join == dsl::JoinKind::none) {
    launch(*s, outbound(from));
    return;
  }
  auto it = joins_.find(s->name);
  if (it == joins_.end()) {
    TaskRt& j = new_task(*s, json::object{}, State::waiting);
    j.rec.state_info = "Task is waiting.";
    j.rec.unique_key = "join-task-" + exec_.id + "-" + s->name;
    joins_[s->name] = &j;
    return;
  }
  // A join that failed for want of an inbound branch waits again when a
  // rerun brings that branch back (its single execution is reused).
  TaskRt& j = *it->second;
  if (j.rec.state == State::error && j.children.empty()) {
    j.rec.state = State::waiting;
    j.rec.state_info = "Task is waiting.";
    j.rec.processed = false;
    j.rec.finished_at = std::nullopt;
    j.rec.next_tasks = json::array{};
    j.rec.has_next_tasks = false;
    j.rec.error_handled = false;
    touch(j);
  }
}

// -- joins ---

const std::vector<const dsl::TaskSpec*>& Run::inbound_of(const std::string& name) {
  auto it = inbound_.find(name);
  if (it != inbound_.end()) {
    return it->second;
  }
  std::vector<const dsl::TaskSpec*> in;
  for (const auto& t : spec_->tasks) {
    auto outs = spec_->outbound_names(*t);
    if (std::find(outs.begin(), outs.end(), name) != outs.end()) {
      in.push_back(t.get());
    }
  }
  return inbound_[name] = std::move(in);
}

bool Run::reachable(const dsl::TaskSpec& s, std::vector<std::string>& visiting) {
  if (std::find(visiting.begin(), visiting.end(), s.name) != visiting.end()) {
    return false;
  }
  const auto& in = inbound_of(s.name);
  if (in.empty()) {
    return true;
  }
  visiting.push_back(s.name);
  bool result = false;
  for (const auto* p : in) {
    const auto& execs = tasks_named(p->name);
    bool pending = std::any_of(execs.begin(), execs.end(), [](const TaskRt* x) {
      return !storage::is_completed(x->rec.state) || !x->rec.processed;
    });
    if (pending || (execs.empty() && reachable(*p, visiting))) {
      result = true;
      break;
    }
  }
  visiting.pop_back();
  return result;
}

void Run::evaluate_joins() {
  for (auto& [name, j] : joins_) {
    (void)name;
    if (j->rec.state == State::waiting && j->pending_delay.empty() && exec_.state == State::running) {
      evaluate_join(*j);
    }
  }
}

void Run::evaluate_join(TaskRt& j) {
  const auto& in = inbound_of(j.rec.name);
  std::vector<TaskRt*> satisfied;
  json::array failed;
  size_t sat_specs = 0;
  for (const auto* s : in) {
    const auto& execs = tasks_named(s->name);
    bool sat = false;
    bool pending = false;
    for (TaskRt* x : execs) {
      if (!storage::is_completed(x->rec.state) || !x->rec.processed) {
        pending = true;
        continue;
      }
      for (const auto& n : x->rec.next_tasks.as_array()) {
        if (n.as_array().at(0).as_string() == j.rec.name) {
          sat = true;
          satisfied.push_back(x);
          break;
        }
      }
    }
    if (sat) {
      ++sat_specs;
    } else if (pending) {
      continue;
    } else if (!execs.empty()) {
      failed.push_back(json::value(s->name));
    } else {
      std::vector<std::string> visiting{j.rec.name};
      if (!reachable(*s, visiting)) {
        failed.push_back(json::value(s->name));
      }
    }
  }
  size_t need = j.spec->join == dsl::JoinKind::all ? in.size() : j.spec->join_count;
  bool fail = j.spec->join == dsl::JoinKind::all ? !failed.empty()
                                                 : failed.size() > in.size() - need;
  if (sat_specs >= need && !(j.spec->join == dsl::JoinKind::all && !failed.empty())) {
    json::object ctx;
    json::object published;
    for (TaskRt* x : satisfied) {
      merge_into(published, x->rec.published.as_object());
      merge_into(ctx, outbound(*x));
    }
    merge_into(ctx, published);
    j.rec.in_context = std::move(ctx);
    start_task(j, true);
  } else if (fail) {
    j.rec.result = json::array{};
    complete_task(j, State::error, "Failed by tasks: " + dsl::py_repr(failed));
  }
}

// -- rerun ---

Result<void> Run::rerun(const std::string& task_ex_id, bool reset, const json::object* env_update) {
  TaskRt* t = find_task(task_ex_id);
  if (t == nullptr) {
    return Error(Errc::not_found, "Task execution not found [id=" + task_ex_id + "]");
  }
  if (t->rec.state != State::error) {
    return Error(Errc::invalid_state, "Task execution is not in ERROR state [id=" + task_ex_id +
                                          ", state=" + storage::to_string(t->rec.state) + "]");
  }
  if (exec_.state == State::paused) {
    return {};
  }
  if (exec_.state == State::success) {
    return Error(Errc::invalid_state, "Can't change workflow execution state from SUCCESS to "
                                      "RUNNING. [workflow=" + exec_.workflow_name +
                                          ", execution_id=" + exec_.id + "]");
  }
  if (env_update != nullptr) {
    if (exec_.state != State::idle && exec_.state != State::error) {
      return Error(Errc::invalid_state,
                   "Updating env to workflow execution is only permitted if it is in IDLE, "
                   "PAUSED, or ERROR state.");
    }
    auto& params = exec_.params.as_object();
    if (!params["env"].is_object()) {
      params["env"] = json::object{};
    }
    merge_into(params["env"].as_object(), *env_update);
    if (!exec_.root_execution_id) {
      root_env_ = params["env"];
    }
    ++context_version_;
  }
  set_state(State::running, std::nullopt);
  ++t->epoch;
  t->retry_no = 0;
  t->wait_after_done = false;
  t->timeout_armed = false;
  t->pending_delay.clear();
  t->rec.runtime_context = json::object{};
  t->rec.processed = false;
  t->rec.started_at = std::nullopt;
  t->rec.finished_at = std::nullopt;
  t->rec.state_info = std::nullopt;
  std::vector<int64_t> failed_items;
  for (auto& c : t->children) {
    bool redo = reset || c.state == State::error || c.state == State::cancelled;
    if (c.accepted && redo) {
      c.accepted = false;
      failed_items.push_back(c.index);
      if (c.action) {
        c.action->accepted = false;
        action_writes_.push_back(*c.action);
      }
    }
  }
  if (reset || !t->with_items) {
    start_task(*t, true);
    return {};
  }
  // with-items without reset: only the failed items run again.
  if (!prepare_items(*t)) {
    return {};
  }
  t->count = static_cast<int64_t>(t->item_lists.front().size());
  t->rec.runtime_context.as_object()["with_items"] = json::object{
      {"count", t->count}, {"capacity", t->capacity > 0 ? json::value(t->capacity) : nullptr}};
  t->rec.state = State::running;
  t->rec.started_at = storage::now_ms();
  touch(*t);
  std::sort(failed_items.rbegin(), failed_items.rend());
  t->todo = failed_items;
  t->running = 0;
  item_finished(*t);
  return {};
}

}  // namespace bora::actors::workflow
