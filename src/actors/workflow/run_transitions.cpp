// Transitions of direct workflows (clauses, engine commands, the backlog)
// and joins (language.md §4.3-4.5).

#include <algorithm>

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
    const char* event = from.rec.state == State::error ? "on-error" : "on-success";
    for (const auto& n : from.rec.next_tasks.as_array()) {
      const auto& pair = n.as_array();
      if (pair.size() == 2 && pair[0] == json::value(target)) {
        event = pair[1].as_string().c_str();
        break;
      }
    }
    trigger_ = json::array{json::object{{"task_id", from.rec.id}, {"event", event}}};
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

}  // namespace bora::actors::workflow
