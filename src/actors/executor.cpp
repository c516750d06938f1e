#include "actors/executor.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <boost/json.hpp>
#include <caf/result.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/actions/system_actions.hpp"
#include "actors/errors.hpp"
#include "storage/time_format.hpp"

namespace bora::actors {

namespace {

namespace json = boost::json;
using Self = ExecutorActor::stateful_pointer<ExecutorState>;

// Timer ids of held early completions (action ids never start with it).
const std::string early_key = "early:";

// One blocking run on its own thread; quits after answering.
using WorkerActor = caf::typed_actor<caf::replies_to<run_atom, ActionRequest>::with<ActionDone>>;

ActionDone done_of(const std::string& id, const actions::ActionResult& r) {
  return {id, static_cast<uint8_t>(r.kind), json::serialize(r.value)};
}

actions::CallInfo call_info(const ActionRequest& req, const ExecutorOptions& options) {
  actions::CallInfo info;
  info.action_execution_id = req.action_ex_id;
  info.workflow_name = req.workflow_name;
  info.workflow_execution_id = req.execution_id;
  info.task_execution_id = req.task_ex_id;
  info.api_base_url = options.api_base_url;
  if (req.timeout > 0) {
    info.timeout_seconds = req.timeout;
  }
  return info;
}

// Python's text of an interrupted wait: "1 second", "2 seconds", "1.5 seconds".
std::string seconds_text(double s) {
  if (s == std::floor(s)) {
    auto n = static_cast<int64_t>(s);
    return std::to_string(n) + (n == 1 ? " second" : " seconds");
  }
  return json::serialize(json::value(s)) + " seconds";
}

json::object parse_input(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return {};
  }
  return std::move(v.as_object());
}

WorkerActor::behavior_type blocking_worker(WorkerActor::pointer self, ExecutorOptions options) {
  return {
      [self, options](run_atom, const ActionRequest& req) -> caf::result<ActionDone> {
        const auto* action = actions::find_system_action(req.action);
        auto result = actions::run_blocking(*action, parse_input(req.input), call_info(req, options));
        self->quit();
        return done_of(req.action_ex_id, result);
      },
  };
}

// Applies an outside completion to waiting run `it`; returns the owner.
std::string apply(Self self, std::unordered_map<std::string, ExecutorState::Waiting>::iterator it,
                  ActionDone done) {
  std::string owner = it->second.execution_id;
  if (done.kind == ActionDone::paused || done.kind == ActionDone::resumed) {
    return owner;
  }
  auto w = std::move(it->second);
  self->state.waiting.erase(it);
  w.promise.deliver(std::move(done));
  return owner;
}

// Registers an async run, then applies a completion that came before it.
void wait_outside(Self self, const std::string& id, ExecutorState::Waiting w) {
  auto it = self->state.waiting.emplace(id, std::move(w)).first;
  auto e = self->state.early.find(id);
  if (e == self->state.early.end()) {
    return;
  }
  auto early = std::move(e->second);
  self->state.early.erase(e);
  early.promise.deliver(apply(self, it, std::move(early.done)));
}

caf::result<ActionDone> run_action(Self self, ActionRequest& req) {
  ++self->state.runs;
  const auto* action = actions::find_system_action(req.action);
  if (action == nullptr) {
    return done_of(req.action_ex_id,
                   actions::ActionResult::error(json::value("Unknown action " + req.action)));
  }
  if (req.await_only) {
    // Recovery: the run happened before a restart; only its outside
    // completion is awaited.
    auto rp = self->make_response_promise<ActionDone>();
    wait_outside(self, req.action_ex_id, {rp, ActionDone{}, req.execution_id});
    return rp;
  }
  auto input = parse_input(req.input);
  auto info = call_info(req, self->state.options);
  auto plan = actions::plan(*action, input, info);
  switch (plan.mode) {
    case actions::RunMode::immediate:
      return done_of(req.action_ex_id, plan.result);
    case actions::RunMode::delayed: {
      auto rp = self->make_response_promise<ActionDone>();
      double delay = plan.delay_seconds;
      if (req.started_at > 0) {
        // Recovery: the delay began with the first run.
        double elapsed = static_cast<double>(storage::now_ms() - req.started_at) / 1000.0;
        delay = std::max(0.0, delay - elapsed);
      }
      auto result = plan.result;
      if (req.timeout > 0 && req.timeout < delay) {
        // The task's timeout interrupts the run, as Mistral's executor does.
        delay = req.timeout;
        result = actions::ActionResult::error(json::value(
            "The action raised an exception [action=" + req.action +
            ", action_ex_id=" + req.action_ex_id + ", msg='" + seconds_text(req.timeout) + "']"));
      }
      self->state.waiting[req.action_ex_id] = {rp, done_of(req.action_ex_id, result),
                                               req.execution_id};
      auto ms = static_cast<int64_t>(std::llround(delay * 1000.0));
      self->delayed_send(self, std::chrono::milliseconds(ms), fire_atom_v, req.action_ex_id);
      return rp;
    }
    case actions::RunMode::async: {
      auto rp = self->make_response_promise<ActionDone>();
      wait_outside(self, req.action_ex_id, {rp, ActionDone{}, req.execution_id});
      return rp;
    }
    case actions::RunMode::blocking:
      break;
  }
  auto rp = self->make_response_promise<ActionDone>();
  auto worker = self->spawn<caf::detached>(blocking_worker, self->state.options);
  bool is_async = action->is_async;
  std::string id = req.action_ex_id;
  std::string exec_id = req.execution_id;
  self->request(worker, caf::infinite, run_atom_v, std::move(req))
      .then(
          [self, rp, is_async, id, exec_id](ActionDone& d) mutable {
            if (is_async && d.kind == static_cast<uint8_t>(actions::ResultKind::data)) {
              wait_outside(self, id, {rp, ActionDone{}, exec_id});
              return;
            }
            rp.deliver(std::move(d));
          },
          [rp, id](caf::error& err) mutable {
            rp.deliver(done_of(id, actions::ActionResult::error(json::value(
                                       "The action worker stopped: " + to_string(err)))));
          });
  return rp;
}

}  // namespace

ExecutorActor::behavior_type executor(Self self, ExecutorOptions options) {
  install_exception_backstop(self);
  self->state.options = std::move(options);
  return {
      [self](run_atom, ActionRequest& req) -> caf::result<ActionDone> {
        return run_action(self, req);
      },
      [self](complete_atom, ActionDone& done) -> caf::result<std::string> {
        auto it = self->state.waiting.find(done.action_ex_id);
        if (it != self->state.waiting.end()) {
          return apply(self, it, std::move(done));
        }
        auto& st = self->state;
        if (st.early.count(done.action_ex_id) > 0) {
          return to_caf_error(Error(Errc::invalid_state, "Action " + done.action_ex_id +
                                                             " is already being completed"));
        }
        auto rp = self->make_response_promise<std::string>();
        std::string id = done.action_ex_id;
        st.early[id] = {std::move(done), rp};
        self->delayed_send(self, ExecutorState::early_grace, fire_atom_v, early_key + id);
        return rp;
      },
      [self](fire_atom, const std::string& id) {
        if (id.rfind(early_key, 0) == 0) {
          auto e = self->state.early.find(id.substr(early_key.size()));
          if (e != self->state.early.end()) {
            e->second.promise.deliver(to_caf_error(
                Error(Errc::not_found, "no running action execution with id " + e->first)));
            self->state.early.erase(e);
          }
          return;
        }
        auto it = self->state.waiting.find(id);
        if (it == self->state.waiting.end()) {
          return;
        }
        auto w = std::move(it->second);
        self->state.waiting.erase(it);
        w.promise.deliver(std::move(w.result));
      },
  };
}

}  // namespace bora::actors
