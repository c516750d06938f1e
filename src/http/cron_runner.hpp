#pragma once

// Internal to the HTTP layer: fires the stored cron triggers. One thread
// wakes every tick, starts an execution for each trigger whose next time has
// come and stores the trigger's next time (or deletes it when its count is
// used up) before starting, so a crash never fires one time twice. A trigger
// that was due while the server was down fires once at start.

#include <cstdint>

#include "http/api.hpp"
#include "http/periodic.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

class CronRunner {
public:
  CronRunner(Api& api, int64_t tick_ms)
      : api_(api), ticker_(tick_ms, [this] { fire_due(storage::now_ms()); }) {}

  void start() { ticker_.start(); }
  void stop() { ticker_.stop(); }
  /// Fires every trigger due at `now_ms`; returns how many fired.
  size_t fire_due(int64_t now_ms);

private:
  Api& api_;
  Periodic ticker_;
};

}  // namespace bora::http
