#pragma once

// Internal to the HTTP layer: fires the stored cron triggers. One thread
// wakes every tick, starts an execution for each trigger whose next time has
// come and stores the trigger's next time (or deletes it when its count is
// used up) before starting, so a crash never fires one time twice. A trigger
// that was due while the server was down fires once at start.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "http/api.hpp"

namespace bora::http {

class CronRunner {
public:
  CronRunner(Api& api, int64_t tick_ms) : api_(api), tick_ms_(tick_ms) {}
  ~CronRunner() { stop(); }
  CronRunner(const CronRunner&) = delete;
  CronRunner& operator=(const CronRunner&) = delete;

  void start();
  void stop();
  /// Fires every trigger due at `now_ms`; returns how many fired.
  size_t fire_due(int64_t now_ms);

private:
  Api& api_;
  int64_t tick_ms_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace bora::http
