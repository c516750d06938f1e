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
#include "actors/store_messages.hpp"
#include "actors/workflow/catalog.hpp"
#include "storage/batch.hpp"
#include "storage/keys.hpp"
#include "storage/maintenance.hpp"
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
    /// This node's API base URL (std.mistral_http callbacks); empty: the
    /// executor's default.
    std::string api_base_url;
    /// Continue, at open, the executions that were running when the process
    /// stopped (see recover).
    bool recover = true;
  };

  /// Opens the database and spawns the actors. Errors: the database's.
  static Result<std::unique_ptr<Embedded>> open(Options options);
  ~Embedded();
  Embedded(const Embedded&) = delete;
  Embedded& operator=(const Embedded&) = delete;

  /// Brings back every execution stored as RUNNING, PAUSED or IDLE (the
  /// process stopped while they ran) and lets each go on (workflow::Run::
  /// recover); open does it when Options::recover is set. Returns how many.
  Result<uint64_t> recover();
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

  // -- storage, through the store actor (reads on its readers, writes by
  // group commit). Errors: the store's (not_found, io_error, ...).

  /// Returns the raw value of `key` in `family` (decode with storage::decode).
  Result<std::string> read(storage::Family family, const std::string& key);
  /// Reads several keys with one round of requests; one result per key.
  std::vector<Result<std::string>> read_many(storage::Family family,
                                             const std::vector<std::string>& keys);
  /// Returns a page of primary keys of a text index.
  Result<std::vector<std::string>> list(const IndexQuery& q);
  /// Returns a page of entries of a numeric index.
  Result<std::vector<storage::IndexEntry>> list(const NumericIndexQuery& q);
  /// Returns a page of keys of a family.
  Result<std::vector<std::string>> list(const KeyQuery& q);
  /// Writes `batch` atomically; returns once it is durable.
  Result<void> write(storage::Batch batch);

  /// Runs one pass of Mistral's execution expiration policy on this node's
  /// database (finished top-level executions with everything beneath them);
  /// returns the ids of the executions deleted.
  Result<std::vector<std::string>> expire(const storage::RetentionPolicy& policy);

  // -- actions run outside any workflow (the API's run-action)

  /// Runs a system action and waits for its result (at most `timeout`).
  Result<ActionDone> run_action(const ActionRequest& req, std::chrono::milliseconds timeout);
  /// Starts a system action whose action execution `record` (RUNNING) is
  /// stored already and returns at once. When the run ends, the record is
  /// written again with its result, unless the action is async: then the
  /// outside completion writes it (see complete_action).
  void run_action_saved(const ActionRequest& req, storage::ActionExecution record,
                        bool is_async);

private:
  struct Impl;
  explicit Embedded(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bora::actors
