#include "actors/execution.hpp"

#include <boost/json.hpp>
#include <caf/result.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/errors.hpp"
#include "log.hpp"

namespace bora::actors {

namespace {

namespace json = boost::json;
using Self = ExecutionActor::stateful_pointer<ExecutionState>;
using storage::State;

const log::Logger& logger() {
  static const log::Logger instance("engine");
  return instance;
}

json::value opt_text(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::value parse_or_null(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

void flush(Self self);

void on_action_done(Self self, ActionDone& d) {
  auto kind = static_cast<actions::ResultKind>(d.kind);
  auto r = self->state.run->on_action_result(d.action_ex_id,
                                             actions::ActionResult{kind, parse_or_null(d.value)});
  (void)r;  // a late or duplicate result changes nothing
  flush(self);
}

void run_action(Self self, workflow::ActionCall& call) {
  ActionRequest req;
  req.action_ex_id = call.action_ex_id;
  req.task_ex_id = call.task_ex_id;
  req.execution_id = call.execution_id;
  req.workflow_name = call.workflow_name;
  req.action = call.action;
  req.input = json::serialize(call.input);
  req.timeout = call.timeout ? *call.timeout : -1;
  req.target = call.target;
  req.safe_rerun = call.safe_rerun;
  req.await_only = call.await_only;
  req.started_at = call.started_at;
  std::string id = call.action_ex_id;
  self->request(self->state.setup->executor, caf::infinite, run_atom_v, std::move(req))
      .then([self](ActionDone& d) { on_action_done(self, d); },
            [self, id](caf::error& err) {
              ActionDone d{id, static_cast<uint8_t>(actions::ResultKind::error),
                           json::serialize(json::value("The action could not run: " +
                                                       from_caf_error(err).message))};
              on_action_done(self, d);
            });
}

void arm(Self self, storage::Timer& timer) {
  self->request(self->state.setup->scheduler, caf::infinite, schedule_atom_v, std::move(timer))
      .then([self](storage::Timer& t) {
        self->state.run->on_timer(t);
        flush(self);
      });
}

void report(Self self) {
  auto& st = self->state;
  const auto& rec = st.run->record();
  if (st.setup->parent && rec.state != st.reported) {
    if (storage::is_completed(rec.state)) {
      ChildDone d{rec.id, storage::to_string(rec.state), json::serialize(rec.output),
                  rec.state_info.has_value(), rec.state_info.value_or("")};
      self->send(st.setup->parent, child_atom_v, std::move(d));
    } else if (rec.state == State::paused || (rec.state == State::running && st.reported == State::paused)) {
      self->send(st.setup->parent, child_atom_v, rec.id, rec.state == State::paused);
    }
  }
  // A rerun inside a sub-workflow walks up: its parent task runs again.
  if (rec.task_execution_id && rec.state == State::running && storage::is_completed(st.reported)) {
    self->send(st.setup->engine, caf::join_atom_v, rec.id, *rec.task_execution_id);
    st.awaiting_parent = !st.setup->parent;
  }
  st.reported = rec.state;
  if (!storage::is_completed(rec.state) || st.in_flight > 0 || st.finished ||
      st.awaiting_parent) {
    return;
  }
  bool last = !st.run->has_running_children();
  if (!st.announced || last) {
    self->send(st.setup->engine, done_atom_v, rec.id, json::serialize(summary_of(*st.run, true)),
               last);
  }
  if (!st.announced && !last) {
    self->delayed_send(self, ExecutionState::grace, caf::timeout_atom_v);
  }
  st.announced = true;
  if (last) {
    st.finished = true;
    self->quit();
  }
}

void dispatch(Self self, workflow::Effects& e) {
  auto& st = self->state;
  if (st.setup->watch) {
    for (const auto& w : e.watch) {
      st.setup->watch(w);
    }
  }
  for (auto& a : e.actions) {
    run_action(self, a);
  }
  for (auto& t : e.timers) {
    arm(self, t);
  }
  for (auto& c : e.children) {
    auto spawn = std::make_shared<ChildSpawn>(ChildSpawn{std::move(c), ExecutionActor{self}});
    self->send(st.setup->engine, caf::spawn_atom_v, std::move(spawn));
  }
  for (auto& c : e.child_commands) {
    ExecCommand cmd;
    cmd.execution_id = c.child_id;
    cmd.op = c.op == workflow::ChildCommand::Op::pause    ? ExecCommand::pause
             : c.op == workflow::ChildCommand::Op::resume ? ExecCommand::resume
                                                          : ExecCommand::cancel;
    cmd.has_msg = c.msg.has_value();
    cmd.msg = c.msg.value_or("");
    // The child's answer is of no use here: send anonymously.
    caf::anon_send(st.setup->engine, command_atom_v, std::move(cmd));
  }
}

void flush(Self self) {
  auto& st = self->state;
  storage::Batch batch;
  auto w = st.run->write(batch);
  if (!w.ok()) {
    logger().error("write_failed id=" + st.run->record().id + " error=" + w.error().message);
  }
  auto effects = std::make_shared<workflow::Effects>(st.run->take_effects());
  if (batch.empty()) {
    dispatch(self, *effects);
    report(self);
    return;
  }
  ++st.in_flight;
  self->request(st.setup->store, caf::infinite, write_atom_v, std::move(batch))
      .then(
          [self, effects](uint64_t) {
            --self->state.in_flight;
            dispatch(self, *effects);
            report(self);
          },
          [self](caf::error& err) {
            // Nothing acknowledged may run ahead of the disk: stop here. A
            // store that is gone means the node is shutting down; the
            // execution goes on from storage at the next start.
            if (err != caf::sec::request_receiver_down &&
                from_caf_error(err).code != Errc::unavailable) {
              logger().error("store_failed id=" + self->state.run->record().id +
                             " error=" + from_caf_error(err).message);
            }
            self->quit(err);
          });
}

caf::result<caf::ok_atom> command(Self self, ExecCommand& cmd) {
  auto& run = *self->state.run;
  std::optional<std::string> msg;
  if (cmd.has_msg) {
    msg = cmd.msg;
  }
  json::value env = cmd.env.empty() ? json::value(nullptr) : parse_or_null(cmd.env);
  const json::object* env_obj = env.if_object();
  Result<void> r;
  switch (cmd.op) {
    case ExecCommand::pause:
      r = run.pause();
      break;
    case ExecCommand::resume:
      r = run.resume(env_obj);
      break;
    case ExecCommand::cancel:
      r = run.cancel(msg);
      break;
    case ExecCommand::fail:
      r = run.force_fail(msg);
      break;
    case ExecCommand::succeed:
      r = run.force_succeed(msg);
      break;
    case ExecCommand::child_rerun:
      r = run.on_child_rerun(cmd.task_ex_id, cmd.msg);
      break;
    case ExecCommand::update:
      r = run.update(msg, env_obj);
      break;
    case ExecCommand::pause_action:
    case ExecCommand::resume_action:
      r = run.on_action_paused(cmd.task_ex_id, cmd.op == ExecCommand::pause_action);
      break;
    default:
      r = run.rerun(cmd.task_ex_id, cmd.reset, env_obj);
      break;
  }
  flush(self);
  if (!r.ok()) {
    return to_caf_error(r.error());
  }
  return caf::ok_atom_v;
}

}  // namespace

json::object summary_of(const workflow::Run& run, bool detail) {
  const auto& rec = run.record();
  json::array tasks;
  for (const auto* t : run.tasks()) {
    json::object o{{"name", t->name},
                   {"id", t->id},
                   {"state", storage::to_string(t->state)},
                   {"state_info", opt_text(t->state_info)},
                   {"published", t->published},
                   {"result", t->result}};
    if (detail) {
      o["children"] = run.children_of(t->id);
    }
    tasks.push_back(std::move(o));
  }
  return json::object{{"id", rec.id},
                      {"workflow", rec.workflow_name},
                      {"state", storage::to_string(rec.state)},
                      {"state_info", opt_text(rec.state_info)},
                      {"output", rec.output},
                      {"tasks", std::move(tasks)}};
}

ExecutionActor::behavior_type execution(Self self, std::shared_ptr<ExecutionSetup> setup) {
  install_exception_backstop(self);
  auto& st = self->state;
  st.setup = setup;
  st.run = std::make_unique<workflow::Run>(setup->spec, setup->record, setup->catalog,
                                           setup->root_env);
  st.run->set_watch(static_cast<bool>(setup->watch));
  if (setup->image) {
    st.run->restore(*setup->image);
    st.reported = setup->record.state;
    st.announced = storage::is_completed(setup->record.state);
    if (setup->recover) {
      // A sub-workflow reports to its parent once the engine names it.
      st.awaiting_parent = setup->record.task_execution_id.has_value();
      self->send(self, start_atom_v);
    }
  } else {
    if (setup->record.task_execution_id) {
      // A sub-workflow's IDLE record was written by its parent.
      st.run->mark_written();
    }
    self->send(self, start_atom_v);
  }
  return {
      [self](start_atom) {
        auto& st = self->state;
        if (st.setup->image && st.setup->recover) {
          st.run->recover(*st.setup->image, st.setup->timers);
        } else {
          (void)st.run->start();
        }
        flush(self);
      },
      [self](child_atom, ChildDone& d) {
        workflow::ChildOutcome o;
        o.child_id = d.child_id;
        o.state = storage::parse_state(d.state).value_or(State::error);
        o.output = parse_or_null(d.output);
        if (d.has_info) {
          o.state_info = d.state_info;
        }
        self->state.run->on_child_finished(o);
        flush(self);
      },
      [self](child_atom, const caf::actor& parent) {
        auto& st = self->state;
        // A null parent: it is not running any more; nobody waits.
        st.setup->parent = caf::actor_cast<ExecutionActor>(parent);
        st.awaiting_parent = false;
        const auto& rec = st.run->record();
        if (storage::is_completed(rec.state)) {
          // Ended before the parent was known: tell it now.
          st.reported = State::running;
        }
        report(self);
      },
      [self](child_atom, const std::string& id, bool paused) {
        self->state.run->on_child_paused(id, paused);
        flush(self);
      },
      [self](command_atom, ExecCommand& cmd) -> caf::result<caf::ok_atom> {
        return command(self, cmd);
      },
      [self](caf::get_atom) -> caf::result<std::string> {
        return json::serialize(summary_of(*self->state.run, true));
      },
      [self](caf::timeout_atom) {
        auto& st = self->state;
        if (!st.finished) {
          st.finished = true;
          self->send(st.setup->engine, done_atom_v, st.run->record().id,
                     json::serialize(summary_of(*st.run, true)), true);
          self->quit();
        }
      },
  };
}

}  // namespace bora::actors
