#include "actors/engine.hpp"

#include <boost/json.hpp>
#include <caf/result.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/errors.hpp"
#include "actors/workflow/inputs.hpp"
#include "dsl/parser.hpp"
#include "log.hpp"

namespace bora::actors {

namespace {

namespace json = boost::json;

const log::Logger& logger() {
  static const log::Logger instance("engine");
  return instance;
}
using Self = EngineActor::stateful_pointer<EngineState>;

Result<json::object> parse_object(const std::string& text, const char* what) {
  if (text.empty()) {
    return json::object{};
  }
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = max_input_depth;
  auto v = json::parse(text, ec, {}, opts);
  if (ec || !v.is_object()) {
    return Error(Errc::invalid_argument, std::string(what) + " must be a JSON object");
  }
  return std::move(v.as_object());
}

std::shared_ptr<ExecutionSetup> base_setup(Self self) {
  auto setup = std::make_shared<ExecutionSetup>();
  setup->catalog = self->state.options.catalog.get();
  setup->store = self->state.store;
  setup->executor = self->state.executor;
  setup->scheduler = self->state.scheduler;
  setup->engine = EngineLink{self};
  setup->watch = self->state.options.watch;
  return setup;
}

void spawn_execution(Self self, std::shared_ptr<ExecutionSetup> setup) {
  std::string id = setup->record.id;
  auto actor = self->spawn<caf::linked>(execution, std::move(setup));
  self->state.live[id] = actor;
}

Result<std::string> start(Self self, StartCommand& cmd) {
  const auto& catalog = self->state.options.catalog;
  auto spec = catalog ? catalog->find_workflow(cmd.workflow, cmd.ns) : nullptr;
  if (!spec) {
    return Error(Errc::not_found, "Workflow not found [workflow_identifier=" + cmd.workflow +
                                      ", namespace=" + cmd.ns + "]");
  }
  auto input = parse_object(cmd.input, "input");
  auto params = parse_object(cmd.params, "params");
  if (!input.ok() || !params.ok()) {
    return (!input.ok() ? input : params).error();
  }
  if (const auto* env = params->if_contains("env"); env != nullptr && env->is_string()) {
    return Error(Errc::invalid_argument,
                 "Environment is not found: " + std::string(env->as_string()));
  }
  workflow::StartRequest req;
  req.input = std::move(input).value();
  req.params = std::move(params).value();
  req.description = cmd.description;
  req.ns = cmd.ns;
  req.id = cmd.id;
  req.workflow_id = cmd.workflow_id;
  auto record = workflow::new_execution(*spec, std::move(req));
  if (!record.ok()) {
    return std::move(record).error();
  }
  auto setup = base_setup(self);
  setup->spec = spec;
  setup->root_env = record->params.as_object().at("env");
  setup->record = std::move(record).value();
  std::string id = setup->record.id;
  spawn_execution(self, std::move(setup));
  return id;
}

void remember(Self self, const std::string& id, const std::string& summary) {
  auto& st = self->state;
  if (auto it = st.ended.find(id); it != st.ended.end()) {
    it->second = summary;
    return;
  }
  if (st.ended.size() >= EngineState::max_kept_summaries) {
    st.ended.erase(st.ended_order.front());
    st.ended_order.pop_front();
  }
  st.ended[id] = summary;
  st.ended_order.push_back(id);
}

// Finds the spec a stored execution ran: the definition text it kept, else
// the catalog's current one.
std::shared_ptr<const dsl::WorkflowSpec> stored_spec(Self self,
                                                     const storage::WorkflowExecution& e) {
  // Executions of one definition share its parsed spec (a restart brings
  // back thousands of them).
  auto& cache = self->state.parsed_specs;
  std::string key = e.workflow_name;
  key.push_back('\0');
  key += e.spec_source;
  if (auto it = cache.find(key); it != cache.end()) {
    return it->second;
  }
  auto parsed = dsl::parse_workflows(e.spec_source, e.workflow_name);
  if (parsed.ok()) {
    for (const auto& w : *parsed) {
      if (w->name == e.workflow_name) {
        if (cache.size() >= EngineState::max_parsed_specs) {
          cache.clear();
        }
        cache.emplace(std::move(key), w);
        return w;
      }
    }
  }
  const auto& catalog = self->state.options.catalog;
  return catalog ? catalog->find_workflow(e.workflow_name, e.workflow_namespace) : nullptr;
}

// Brings execution `image` back into an actor (it is not live). With
// `recovery`, it goes on from where the process stopped.
Result<ExecutionActor> revive(Self self, storage::ExecutionImage image,
                              Recovery* recovery = nullptr) {
  auto spec = stored_spec(self, image.execution);
  if (!spec) {
    return Error(Errc::not_found, "Workflow not found [workflow_identifier=" +
                                      image.execution.workflow_name + "]");
  }
  auto setup = base_setup(self);
  setup->spec = spec;
  setup->record = image.execution;
  const auto& params = setup->record.params;
  const auto* env = params.is_object() ? params.as_object().if_contains("env") : nullptr;
  setup->root_env = env != nullptr ? *env : json::value(json::object{});
  std::string id = setup->record.id;
  setup->image = std::make_shared<const storage::ExecutionImage>(std::move(image));
  if (recovery != nullptr) {
    setup->recover = true;
    setup->timers = std::move(recovery->timers);
  }
  auto actor = self->spawn<caf::linked>(execution, std::move(setup));
  self->state.live[id] = actor;
  self->state.reviving.insert(id);
  return actor;
}

void command_stored(Self self, ExecCommand cmd, caf::typed_response_promise<caf::ok_atom> rp) {
  std::string id = cmd.execution_id;
  self->request(self->state.store, caf::infinite, load_atom_v, id)
      .then(
          [self, rp, cmd](storage::ExecutionImage& image) mutable {
            auto live = self->state.live.find(cmd.execution_id);
            Result<ExecutionActor> actor =
                live != self->state.live.end() ? Result<ExecutionActor>(live->second)
                                               : revive(self, std::move(image));
            if (!actor.ok()) {
              rp.deliver(to_caf_error(actor.error()));
              return;
            }
            self->request(*actor, caf::infinite, command_atom_v, std::move(cmd))
                .then([rp](caf::ok_atom ok) mutable { rp.deliver(ok); },
                      [rp](caf::error& err) mutable { rp.deliver(err); });
          },
          [rp, id](caf::error& err) mutable {
            Error e = from_caf_error(err);
            if (e.code == Errc::not_found) {
              e.message = "Execution not found [id=" + id + "]";
            }
            rp.deliver(to_caf_error(e));
          });
}

// Asks a live execution for its summary; if its actor has just quit (its
// end not yet recorded here), answers from the summary it left.
caf::result<std::string> get_live(Self self, ExecutionActor actor, std::string id) {
  auto rp = self->make_response_promise<std::string>();
  self->request(actor, caf::infinite, caf::get_atom_v)
      .then([rp](std::string& summary) mutable { rp.deliver(std::move(summary)); },
            [self, rp, id](caf::error& err) mutable {
              auto e = self->state.ended.find(id);
              if (err == caf::sec::request_receiver_down && e != self->state.ended.end()) {
                rp.deliver(e->second);
                return;
              }
              rp.deliver(err);
            });
  return rp;
}

// Sends `cmd` to the live actor of its execution; if that actor has just
// quit (its end not yet recorded here), the execution is revived instead.
caf::result<caf::ok_atom> command_live(Self self, ExecutionActor actor, ExecCommand cmd) {
  auto rp = self->make_response_promise<caf::ok_atom>();
  self->request(actor, caf::infinite, command_atom_v, cmd)
      .then([rp](caf::ok_atom ok) mutable { rp.deliver(ok); },
            [self, rp, cmd](caf::error& err) mutable {
              if (err != caf::sec::request_receiver_down) {
                rp.deliver(err);
                return;
              }
              self->state.live.erase(cmd.execution_id);
              command_stored(self, std::move(cmd), rp);
            });
  return rp;
}

// Completes an async action through the executor; a pause or resume of the
// action goes on to the execution that runs it.
caf::result<caf::ok_atom> complete_action(Self self, ActionDone done) {
  auto rp = self->make_response_promise<caf::ok_atom>();
  uint8_t kind = done.kind;
  std::string action_id = done.action_ex_id;
  self->request(self->state.executor, caf::infinite, complete_atom_v, std::move(done))
      .then(
          [self, rp, kind, action_id](std::string& owner) mutable {
            auto live = self->state.live.find(owner);
            if ((kind != ActionDone::paused && kind != ActionDone::resumed) ||
                live == self->state.live.end()) {
              rp.deliver(caf::ok_atom_v);
              return;
            }
            ExecCommand cmd;
            cmd.execution_id = owner;
            cmd.op = kind == ActionDone::paused ? ExecCommand::pause_action
                                                : ExecCommand::resume_action;
            cmd.task_ex_id = action_id;
            self->request(live->second, caf::infinite, command_atom_v, std::move(cmd))
                .then([rp](caf::ok_atom ok) mutable { rp.deliver(ok); },
                      [rp](caf::error& err) mutable { rp.deliver(err); });
          },
          [rp](caf::error& err) mutable { rp.deliver(err); });
  return rp;
}

// A sub-workflow runs again after a rerun inside it: finds its parent
// execution through the parent task's record, revives it if needed, lets it
// adopt the child and sets its task (and itself) RUNNING again.
void walk_up(Self self, const std::string& child, const std::string& task_id) {
  self->request(self->state.store, caf::infinite, caf::get_atom_v, storage::Family::tasks, task_id)
      .then([self, child, task_id](std::string& bytes) {
        auto task = storage::decode<storage::TaskExecution>(bytes);
        if (!task.ok()) {
          return;
        }
        ExecCommand cmd;
        cmd.execution_id = task->workflow_execution_id;
        cmd.op = ExecCommand::child_rerun;
        cmd.task_ex_id = task_id;
        cmd.has_msg = true;
        cmd.msg = child;
        auto adopt = [self, child, parent_id = cmd.execution_id] {
          auto p = self->state.live.find(parent_id);
          auto c = self->state.live.find(child);
          if (p != self->state.live.end() && c != self->state.live.end()) {
            self->send(c->second, child_atom_v, caf::actor_cast<caf::actor>(p->second));
          }
        };
        auto live = self->state.live.find(cmd.execution_id);
        if (live != self->state.live.end()) {
          caf::anon_send(live->second, command_atom_v, std::move(cmd));
          adopt();
          return;
        }
        self->request(self->state.store, caf::infinite, load_atom_v, cmd.execution_id)
            .then([self, cmd, adopt](storage::ExecutionImage& image) mutable {
              auto actor = revive(self, std::move(image));
              if (actor.ok()) {
                caf::anon_send(*actor, command_atom_v, std::move(cmd));
                adopt();
              }
            });
      });
}

}  // namespace

EngineActor::behavior_type engine(Self self, StoreActor store, ExecutorActor executor,
                                  SchedulerActor scheduler, EngineOptions options) {
  install_exception_backstop(self);
  // Executions are linked to the engine so that they stop with it (a node
  // shutting down leaves them to recovery); the end of one execution, even
  // a failed one, never stops the engine.
  // Only executions are linked to the engine: an exit message from another
  // source is the end of one; the node stopping sends one naming the engine
  // itself (anon_send_exit).
  self->set_exit_handler([self](caf::exit_msg& msg) {
    if (!msg.source || msg.source == self->address()) {
      self->quit(std::move(msg.reason));
    }
  });
  auto& st = self->state;
  st.options = std::move(options);
  st.store = std::move(store);
  st.executor = std::move(executor);
  st.scheduler = std::move(scheduler);
  return {
      [self](start_atom, StartCommand& cmd) -> caf::result<std::string> {
        auto id = start(self, cmd);
        if (!id.ok()) {
          return to_caf_error(id.error());
        }
        return std::move(id).value();
      },
      [self](run_atom, StartCommand& cmd) -> caf::result<std::string> {
        auto id = start(self, cmd);
        if (!id.ok()) {
          return to_caf_error(id.error());
        }
        auto rp = self->make_response_promise<std::string>();
        self->state.waiting[*id].push_back(rp);
        return rp;
      },
      [self](caf::spawn_atom, std::shared_ptr<ChildSpawn>& child) {
        auto setup = base_setup(self);
        setup->spec = child->call.spec;
        setup->record = std::move(child->call.record);
        setup->root_env = std::move(child->call.root_env);
        setup->parent = child->parent;
        spawn_execution(self, std::move(setup));
      },
      [self](caf::wait_for_atom, const std::string& id) -> caf::result<std::string> {
        auto& st = self->state;
        auto e = st.ended.find(id);
        bool live = st.live.count(id) > 0;
        // A live execution that ended before (revived for a rerun) is
        // waited for again.
        if (e != st.ended.end() && (!live || st.reviving.count(id) == 0)) {
          return e->second;
        }
        if (!live) {
          return to_caf_error(Error(Errc::not_found, "Execution not found [id=" + id + "]"));
        }
        auto rp = self->make_response_promise<std::string>();
        st.waiting[id].push_back(rp);
        return rp;
      },
      [self](caf::get_atom, const std::string& id) -> caf::result<std::string> {
        auto& st = self->state;
        if (auto l = st.live.find(id); l != st.live.end()) {
          return get_live(self, l->second, id);
        }
        if (auto e = st.ended.find(id); e != st.ended.end()) {
          return e->second;
        }
        return to_caf_error(Error(Errc::not_found, "Execution not found [id=" + id + "]"));
      },
      [self](complete_atom, ActionDone& done) -> caf::result<caf::ok_atom> {
        return complete_action(self, std::move(done));
      },
      [self](done_atom, const std::string& id, std::string& summary, bool final) {
        auto& st = self->state;
        // Only the actor now registered for `id` may end its registration: a
        // revived execution has a new actor while the old one's last words
        // may still be on their way.
        auto l = st.live.find(id);
        if (final && l != st.live.end() &&
            caf::actor_cast<caf::strong_actor_ptr>(l->second) == self->current_sender()) {
          st.live.erase(l);
          st.reviving.erase(id);
        }
        remember(self, id, summary);
        auto it = self->state.waiting.find(id);
        if (it == self->state.waiting.end()) {
          return;
        }
        for (auto& rp : it->second) {
          rp.deliver(summary);
        }
        self->state.waiting.erase(it);
      },
      [self](recover_atom, std::shared_ptr<Recovery>& r) {
        std::string id = r->image.execution.id;
        if (self->state.live.count(id) > 0) {
          return;
        }
        auto actor = revive(self, std::move(r->image), r.get());
        if (!actor.ok()) {
          logger().error("recover_failed id=" + id + " error=" + actor.error().message);
          return;
        }
        ++self->state.recovered;
        if (!r->parent_id.empty()) {
          self->state.recovered_children.emplace_back(id, r->parent_id);
        }
      },
      [self](recover_atom) -> uint64_t {
        auto& st = self->state;
        for (const auto& [child, parent] : st.recovered_children) {
          auto c = st.live.find(child);
          if (c == st.live.end()) {
            continue;
          }
          auto p = st.live.find(parent);
          caf::actor parent_actor =
              p != st.live.end() ? caf::actor_cast<caf::actor>(p->second) : caf::actor{};
          self->send(c->second, child_atom_v, parent_actor);
        }
        st.recovered_children.clear();
        return st.recovered;
      },
      [self](caf::join_atom, const std::string& child, const std::string& task_id) {
        walk_up(self, child, task_id);
      },
      [self](command_atom, ExecCommand& cmd) -> caf::result<caf::ok_atom> {
        auto it = self->state.live.find(cmd.execution_id);
        if (it == self->state.live.end()) {
          auto rp = self->make_response_promise<caf::ok_atom>();
          command_stored(self, std::move(cmd), rp);
          return rp;
        }
        return command_live(self, it->second, std::move(cmd));
      },
  };
}

}  // namespace bora::actors
