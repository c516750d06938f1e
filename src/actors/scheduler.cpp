#include "actors/scheduler.hpp"

#include <algorithm>
#include <chrono>

#include <caf/result.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/errors.hpp"
#include "storage/time_format.hpp"

namespace bora::actors {

SchedulerActor::behavior_type scheduler(SchedulerActor::stateful_pointer<SchedulerState> self) {
  install_exception_backstop(self);
  return {
      [self](schedule_atom, storage::Timer& timer) -> caf::result<storage::Timer> {
        auto rp = self->make_response_promise<storage::Timer>();
        int64_t wait = std::max<int64_t>(0, timer.due_at - storage::now_ms());
        std::string id = timer.id;
        self->state.pending[id] = {std::move(timer), rp};
        self->delayed_send(self, std::chrono::milliseconds(wait), fire_atom_v, std::move(id));
        return rp;
      },
      [self](fire_atom, const std::string& id) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) {
          return;
        }
        auto p = std::move(it->second);
        self->state.pending.erase(it);
        p.promise.deliver(std::move(p.timer));
      },
  };
}

}  // namespace bora::actors
