#pragma once

// The engine actor: the table of live executions of a node. It starts
// executions (checking the workflow, its input and params first), spawns
// sub-workflows for their parents, routes commands to the execution they
// name, and answers those waiting for an execution to end.
//
// One per node with the engine role; spawned with
// `sys.spawn(engine, store, executor, scheduler, options)`.

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/execution.hpp"

namespace bora::actors {

/// The engine's interface: EngineLink (for executions), plus
/// - `(start_atom, StartCommand)`: starts an execution, replies with its id;
/// - `(run_atom, StartCommand)`: starts an execution, replies once it has
///   ended with the JSON text of its summary (summary_of).
/// - `(wait_for_atom, id)`: replies with the summary once execution `id`
///   has ended (at once if it ended recently; not_found if unknown).
/// - `(get_atom, id)`: the detailed summary of a live or recently ended
///   execution (not_found otherwise);
/// - `(complete_atom, ActionDone)`: completes a waiting async action.
/// The starts fail with invalid_argument (bad input, params, reverse target) or
/// not_found (unknown workflow) and Mistral's message.
/// One execution to continue after a restart (see Run::recover).
struct Recovery {
  storage::ExecutionImage image;
  /// Its stored timers.
  std::vector<storage::Timer> timers;
  /// For a sub-workflow: the execution running its parent task.
  std::string parent_id;
};

/// - `(recover_atom, Recovery)`: brings an execution back and lets it go on;
/// - `recover_atom`: the recoveries are all sent: sub-workflows learn their
///   parents; replies with the number of executions recovered.
using EngineActor =
    EngineLink::extend<caf::reacts_to<recover_atom, std::shared_ptr<Recovery>>,
                       caf::replies_to<recover_atom>::with<uint64_t>,caf::replies_to<start_atom, StartCommand>::with<std::string>,
                       caf::replies_to<run_atom, StartCommand>::with<std::string>,
                       caf::replies_to<caf::wait_for_atom, std::string>::with<std::string>,
                       caf::replies_to<caf::get_atom, std::string>::with<std::string>,
                       caf::replies_to<complete_atom, ActionDone>::with<caf::ok_atom>>;

/// Settings of an engine.
struct EngineOptions {
  /// The definitions executions may use. Shared with every execution.
  std::shared_ptr<const workflow::Catalog> catalog;
  /// Called with each task transition when set (`bora run --watch`); called
  /// from actor threads, so it must be thread-safe.
  std::function<void(const boost::json::object&)> watch;
};

/// State of the engine actor.
struct EngineState {
  static inline const char* name = "bora.engine";

  EngineOptions options;
  StoreActor store;
  ExecutorActor executor;
  SchedulerActor scheduler;
  /// Executions running on this node, by id.
  std::unordered_map<std::string, ExecutionActor> live;
  /// Requesters of `run` waiting for an execution to end.
  std::unordered_map<std::string, std::vector<caf::typed_response_promise<std::string>>> waiting;
  /// Summaries of the latest ended top-level executions (at most
  /// max_kept_summaries), for `wait_for` after the end.
  std::unordered_map<std::string, std::string> ended;
  std::deque<std::string> ended_order;
  /// Live executions brought back from storage (their old summary is stale).
  std::unordered_set<std::string> reviving;
  /// Specs parsed from stored definition texts (name, NUL, text), shared by
  /// the executions brought back from storage.
  std::unordered_map<std::string, std::shared_ptr<const dsl::WorkflowSpec>> parsed_specs;
  static constexpr size_t max_parsed_specs = 1024;
  /// Recovered sub-workflows and the executions of their parent tasks.
  std::vector<std::pair<std::string, std::string>> recovered_children;
  uint64_t recovered = 0;
  static constexpr size_t max_kept_summaries = 16384;
};

/// Returns the behavior of the engine.
EngineActor::behavior_type engine(EngineActor::stateful_pointer<EngineState> self,
                                  StoreActor store, ExecutorActor executor,
                                  SchedulerActor scheduler, EngineOptions options);

}  // namespace bora::actors
