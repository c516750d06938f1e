#pragma once

// Internal to the HTTP layer: a thread that runs one job every period until
// stopped (cron triggers, retention).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace bora::http {

class Periodic {
public:
  Periodic(int64_t period_ms, std::function<void()> job)
      : period_ms_(period_ms), job_(std::move(job)) {}
  ~Periodic() { stop(); }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  /// Runs the job now and then every period, on its own thread.
  void start() {
    thread_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!stopping_) {
        lock.unlock();
        job_();
        lock.lock();
        wake_.wait_for(lock, std::chrono::milliseconds(period_ms_), [this] { return stopping_; });
      }
    });
  }

  /// Waits for a job in progress to end, then stops.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

private:
  int64_t period_ms_;
  std::function<void()> job_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace bora::http
