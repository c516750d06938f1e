#pragma once

// The scheduler actor: timers (task delays, retries, timeouts). A requester
// asks `(schedule_atom, timer)` and gets the timer back as the reply when it
// is due, so the wait costs no thread. Timer records are written by their
// owner in the same batch as the state change that armed them; after a
// restart the owner re-arms them from storage.
//
// One per node; spawned with `sys.spawn(scheduler)`.

#include <string>
#include <unordered_map>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/type_ids.hpp"
#include "storage/records.hpp"

namespace bora::actors {

/// The scheduler's interface: `(schedule_atom, Timer)` replies with the
/// timer at its due time (at once when overdue); `(fire_atom, id)` is
/// internal.
using SchedulerActor =
    caf::typed_actor<caf::replies_to<schedule_atom, storage::Timer>::with<storage::Timer>,
                     caf::reacts_to<fire_atom, std::string>>;

/// State of the scheduler actor.
struct SchedulerState {
  static inline const char* name = "bora.scheduler";

  struct Pending {
    storage::Timer timer;
    caf::typed_response_promise<storage::Timer> promise;
  };
  std::unordered_map<std::string, Pending> pending;
};

/// Returns the behavior of the scheduler.
SchedulerActor::behavior_type scheduler(SchedulerActor::stateful_pointer<SchedulerState> self);

}  // namespace bora::actors
