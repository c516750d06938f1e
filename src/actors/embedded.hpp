#pragma once

// A whole engine in one process, behind a blocking API without CAF types:
// the actor system, the store over a RocksDB directory, the scheduler, the
// executor and the engine. `bora run`, tests and benchmarks use it; the HTTP
// layer will reach the same actors through the facade.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "actors/engine_messages.hpp"
#include "actors/workflow/catalog.hpp"
#include "result.hpp"

namespace bora::actors {

/// One embedded engine. Not copyable; destroying it stops every actor
/// (running executions are abandoned, what was written stays written).
/// Its member functions may be called from any thread except an actor's.
class Embedded {
public:
  struct Options {
    /// RocksDB directory (created when missing).
    std::string data_dir;
    /// fsync each group commit.
    bool sync = false;
    /// The definitions executions may use.
    std::shared_ptr<const workflow::Catalog> catalog;
    /// Called with each task transition (thread-safe), when set.
    std::function<void(const boost::json::object&)> watch;
    /// CAF worker threads; 0: one per core.
    size_t threads = 0;
  };

  /// Opens the database and spawns the actors. Errors: the database's.
  static Result<std::unique_ptr<Embedded>> open(Options options);
  ~Embedded();
  Embedded(const Embedded&) = delete;
  Embedded& operator=(const Embedded&) = delete;

  /// Starts an execution and waits until it ends; returns its summary
  /// (execution.hpp summary_of). Errors: the start's (invalid_argument,
  /// not_found) or unavailable when `timeout` passes first.
  Result<boost::json::object> run(const StartCommand& cmd, std::chrono::milliseconds timeout);
  /// Starts an execution and returns its id at once.
  Result<std::string> start(const StartCommand& cmd);
  /// Starts several executions with one round of messages (no wait between
  /// them); returns each one's id or error, in order.
  std::vector<Result<std::string>> start_many(const std::vector<StartCommand>& cmds);
  /// Waits until execution `id` (started by `start`) ends; returns its summary.
  Result<boost::json::object> wait(const std::string& id, std::chrono::milliseconds timeout);
  /// Returns the detailed summary of a live or recently ended execution.
  Result<boost::json::object> get(const std::string& id, std::chrono::milliseconds timeout);
  /// Completes a waiting async action (std.async_noop, std.mistral_http).
  Result<void> complete_action(const ActionDone& done, std::chrono::milliseconds timeout);
  /// Sends a user command to a live execution.
  Result<void> command(const ExecCommand& cmd, std::chrono::milliseconds timeout);

private:
  struct Impl;
  explicit Embedded(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bora::actors
