#pragma once

// The executor actor: runs the actions the executions ask for. It never
// blocks its scheduler thread: quick actions answer at once, delayed ones
// (std.echo with a delay, std.sleep) through a timer message to itself,
// blocking ones (std.http) on a detached worker actor with its own thread,
// and async ones (std.async_noop, std.mistral_http once its request is
// sent) wait for `complete` from outside.
//
// One per node with the executor role; spawned with
// `sys.spawn(executor, options)`. The reply to `run` is the action's result,
// however long it takes.

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/engine_messages.hpp"
#include "actors/type_ids.hpp"

namespace bora::actors {

/// The executor's interface:
/// - `(run_atom, ActionRequest)`: runs the action, replies with its result;
/// - `(complete_atom, ActionDone)`: completes (or, with kind paused or
///   resumed, only marks) a waiting async action; replies with the id of the
///   execution that runs it; fails with not_found when no such action waits
///   here;
/// - `(fire_atom, id)`: internal, a delayed result is due.
using ExecutorActor =
    caf::typed_actor<caf::replies_to<run_atom, ActionRequest>::with<ActionDone>,
                     caf::replies_to<complete_atom, ActionDone>::with<std::string>,
                     caf::reacts_to<fire_atom, std::string>>;

/// Settings of an executor.
struct ExecutorOptions {
  /// This node's API base URL (for std.mistral_http's callback header).
  std::string api_base_url = "http://127.0.0.1:8989";
};

/// State of the executor actor.
struct ExecutorState {
  static inline const char* name = "bora.executor";

  ExecutorOptions options;
  /// Runs waiting for a timer or an outside completion, by action execution id.
  struct Waiting {
    caf::typed_response_promise<ActionDone> promise;
    ActionDone result;  ///< the result to deliver when a timer fires
    std::string execution_id;
  };
  std::unordered_map<std::string, Waiting> waiting;
  /// Completions that arrived before the run they complete (the action's
  /// record is visible as soon as it is written, a moment before its run
  /// reaches this executor): held for `early_grace`, then refused.
  struct Early {
    ActionDone done;
    caf::typed_response_promise<std::string> promise;
  };
  std::unordered_map<std::string, Early> early;
  static constexpr std::chrono::seconds early_grace{5};
  /// Actions run since start (all modes).
  uint64_t runs = 0;
};

/// Returns the behavior of the executor.
ExecutorActor::behavior_type executor(ExecutorActor::stateful_pointer<ExecutorState> self,
                                      ExecutorOptions options);

}  // namespace bora::actors
