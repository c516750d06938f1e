#pragma once

// The execution actor: runs one workflow execution. It owns the execution's
// controller (workflow::Run), feeds it every event, writes what changed to
// the store and only then carries out the effects: actions go to the
// executor, timers to the scheduler, sub-workflows to the engine (which
// spawns them with this actor as their parent). Writes are pipelined: events
// arriving while a write is in flight are handled and written by the next
// one, and effects are released in write order.
//
// Spawned by the engine with `spawn(execution, setup)`; sends itself
// `start_atom` first. When the execution is completed and its last write is
// durable it reports to its parent (a sub-workflow) and to the engine, then
// quits.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/value.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/engine_messages.hpp"
#include "actors/executor.hpp"
#include "actors/scheduler.hpp"
#include "actors/store.hpp"
#include "actors/type_ids.hpp"
#include "actors/workflow/run.hpp"

namespace bora::actors {

/// The execution's interface:
/// - `start_atom`: starts the execution (sent by itself on spawn);
/// - `(child_atom, ChildDone)`: a sub-workflow ended;
/// - `(child_atom, child id, paused)`: a sub-workflow paused or resumed;
/// - `(child_atom, parent)`: adopt `parent` (an ExecutionActor) as the parent
///   to report to (a revived sub-workflow learns it this way);
/// - `(command_atom, ExecCommand)`: a user command; fails with the
///   controller's error (invalid_state, not_found);
/// - `get_atom`: returns the JSON text of summary_of(run, true);
/// - `timeout_atom`: internal, the grace time after the end has passed.
using ExecutionActor =
    caf::typed_actor<caf::reacts_to<start_atom>, caf::reacts_to<child_atom, ChildDone>,
                     caf::reacts_to<child_atom, std::string, bool>,
                     caf::reacts_to<child_atom, caf::actor>,
                     caf::replies_to<command_atom, ExecCommand>::with<caf::ok_atom>,
                     caf::replies_to<caf::get_atom>::with<std::string>,
                     caf::reacts_to<caf::timeout_atom>>;

struct ChildSpawn;

/// What an execution needs of the engine:
/// - `(spawn_atom, ChildSpawn)`: start a sub-workflow;
/// - `(done_atom, id, summary, final)`: an execution ended (summary: JSON
///   text of summary_of(run, true)); sent again with `final` when its actor
///   quits, once the actions and sub-workflows still running have ended
///   (their results are recorded, they start nothing) or the grace time
///   (ExecutionState::grace) has passed;
/// - `(join_atom, child id, parent task id)`: a revived sub-workflow runs
///   again after a rerun inside it: its parent task and workflow go RUNNING
///   too (the parent is revived if needed and adopts the child);
/// - `(command_atom, ExecCommand)`: deliver a command to an execution
///   (fails with not_found when it is not live here).
using EngineLink =
    caf::typed_actor<caf::reacts_to<caf::spawn_atom, std::shared_ptr<ChildSpawn>>,
                     caf::reacts_to<done_atom, std::string, std::string, bool>,
                     caf::reacts_to<caf::join_atom, std::string, std::string>,
                     caf::replies_to<command_atom, ExecCommand>::with<caf::ok_atom>>;

/// Everything one execution actor starts from. Shared, immutable once sent.
struct ExecutionSetup {
  std::shared_ptr<const dsl::WorkflowSpec> spec;
  storage::WorkflowExecution record;
  /// Must outlive the actor (the engine owns it).
  const workflow::Catalog* catalog = nullptr;
  boost::json::value root_env;
  StoreActor store;
  ExecutorActor executor;
  SchedulerActor scheduler;
  EngineLink engine;
  /// The parent execution of a sub-workflow; invalid for a top-level one.
  ExecutionActor parent;
  /// Called with each task transition when set (`bora run --watch`).
  std::function<void(const boost::json::object&)> watch;
  /// Set when the execution is brought back from storage: the actor
  /// restores it instead of starting it.
  std::shared_ptr<const storage::ExecutionImage> image;
  /// With `image`: the process stopped while the execution ran; it goes on
  /// (Run::recover) with its stored timers.
  bool recover = false;
  std::vector<storage::Timer> timers;
};

/// A sub-workflow to start (sent by its parent to the engine).
struct ChildSpawn {
  workflow::ChildCall call;
  ExecutionActor parent;
};

/// State of an execution actor.
struct ExecutionState {
  static inline const char* name = "bora.execution";

  std::shared_ptr<ExecutionSetup> setup;
  std::unique_ptr<workflow::Run> run;
  /// Writes sent to the store and not yet acknowledged.
  int64_t in_flight = 0;
  /// The state last reported to the parent (pause propagation).
  storage::State reported = storage::State::idle;
  /// The end was announced to the engine.
  bool announced = false;
  /// A revived sub-workflow runs again and waits to learn its parent: it
  /// must not end before it can report to it.
  bool awaiting_parent = false;
  bool finished = false;
  /// How long the actor outlives the end while children still run.
  static constexpr std::chrono::seconds grace{60};
};

/// Returns the behavior of an execution actor.
ExecutionActor::behavior_type execution(ExecutionActor::stateful_pointer<ExecutionState> self,
                                        std::shared_ptr<ExecutionSetup> setup);

/// Returns the JSON object `bora run` prints for `run`: id, workflow, state,
/// state_info, output and tasks (name, id, state, state_info, published,
/// result). With `detail`, each task also lists its `actions` (action
/// executions: id, state, index) and `children` (sub-workflow ids).
boost::json::object summary_of(const workflow::Run& run, bool detail = false);

}  // namespace bora::actors
