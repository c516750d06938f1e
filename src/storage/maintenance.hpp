#pragma once

// Offline and online maintenance of a database: integrity check, statistics,
// backup and restore, schema upgrades and the execution retention policy.
// These back `bora db ...` and the engine's periodic expiration; every call
// blocks on disk I/O, so run it on a plain thread or a detached actor.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "result.hpp"
#include "storage/batch.hpp"
#include "storage/database.hpp"
#include "storage/state.hpp"

namespace bora::storage {

// -- check ------------------------------------------------------------------

/// At most this many problems are listed in a CheckReport; the rest are only
/// counted, so a badly damaged database cannot exhaust memory.
inline constexpr size_t max_listed_problems = 1000;

/// What `check_database` found. The database is sound when `problem_count`
/// is zero.
struct CheckReport {
  uint64_t records = 0;
  uint64_t index_entries = 0;
  /// One line per problem, naming the family and key ("tasks/<id>: ...").
  std::vector<std::string> problems;
  /// Every problem found, listed or not.
  uint64_t problem_count = 0;
};

/// Reads everything: each record decodes and sits under its own key; each
/// record's index entries exist; each index entry parses and points at an
/// existing record that owns it; timers parse and match their key; the
/// schema version is this build's; tasks point at existing executions,
/// sub-executions at existing tasks and roots, action executions at existing
/// tasks (when set). Damage is reported in the CheckReport; an error result
/// means the database could not be read at all. Uses memory independent of
/// the database size (point lookups instead of in-memory sets).
Result<CheckReport> check_database(const Database& db);

// -- stats ------------------------------------------------------------------

/// Size of one column family: exact key count and key + value bytes (by a
/// full scan), and the bytes of its table files on disk (RocksDB property).
struct FamilyStats {
  std::string family;
  uint64_t keys = 0;
  uint64_t bytes = 0;
  uint64_t sst_bytes = 0;
};

/// Returns the size of every family, in Family order.
Result<std::vector<FamilyStats>> database_stats(const Database& db);

/// Number of workflow executions in one state.
struct StateCount {
  State state = State::idle;
  uint64_t count = 0;
};

/// Counts the workflow executions per state through the exec_state index
/// (keys only); every state is listed, zeros included.
Result<std::vector<StateCount>> executions_by_state(const Database& db);

/// Returns the total size in bytes of the regular files under `dir`.
Result<uint64_t> directory_bytes(const std::string& dir);

// -- backup and restore -----------------------------------------------------

/// Writes a consistent copy of `db` to `dir`, then opens the copy read-only
/// to make sure it is usable. A database opened for writing is copied by a
/// RocksDB checkpoint (hard links, fast). A read-only view, which may run
/// next to a server writing the same directory, is copied key by key into a
/// new database: a checkpoint of such a view is not reliably consistent.
/// `dir` must not exist (already_exists otherwise); missing parents are
/// created, and `dir` is removed again when the backup fails.
Result<void> backup_database(Database& db, const std::string& dir);

/// What `backup_live` did: the views it opened, and the check of the view it
/// copied (problems there are damage of the database itself).
struct BackupReport {
  uint64_t attempts = 0;
  CheckReport check;
};

/// At most this many read-only views are opened by `backup_live`.
inline constexpr uint64_t max_backup_attempts = 5;

/// Backs up the database in `data_dir`, which a running server may be
/// writing, to `dir`. A read-only view opened while the server flushes can
/// miss a log the server just retired, so each view is checked first
/// (`check_database`): a clean view is copied; a view with problems is
/// copied only when the next view shows the very same problems (damage of
/// the database, not of the view). Errors: unavailable when no view was
/// consistent after `max_backup_attempts`, and those of `backup_database`.
Result<BackupReport> backup_live(const std::string& data_dir, const std::string& dir);

/// Copies the backup in `backup_dir` to `data_dir`. Refuses (invalid_state) a
/// `data_dir` that exists and is not empty; checks first that the backup
/// opens and afterwards that the copy does. The copy is made in a sibling
/// temporary directory and renamed into place, so a failure leaves no
/// half-restored `data_dir`.
Result<void> restore_database(const std::string& backup_dir, const std::string& data_dir);

// -- upgrade ----------------------------------------------------------------

/// Returns the schema version stored in `meta`; io_error when it is missing
/// or not a decimal number.
Result<int64_t> stored_schema_version(const Database& db);

/// One migration step from schema version `from` to `from + 1`. `run` adds
/// the rewrites to the batch; the batch and the new version number are
/// written together, so a step is applied whole or not at all.
struct MigrationStep {
  int64_t from = 0;
  std::string description;
  std::function<Result<void>(const Database& db, Batch& batch)> run;
};

/// Returns the steps of this build, in order. Empty while schema version 1
/// is the only one that ever existed.
const std::vector<MigrationStep>& builtin_migrations();

/// Runs the steps from the stored schema version up to `target`, one write
/// per step, and returns the version reached (`target`). Errors:
/// invalid_state when the stored version is newer than `target` or a step is
/// missing (nothing after the last finished step is written), and whatever a
/// step returns. The database must be open with `allow_old_schema`.
Result<int64_t> upgrade_database(Database& db, const std::vector<MigrationStep>& steps,
                                 int64_t target);

/// Upgrades to `schema_version` with `builtin_migrations()`.
Result<int64_t> upgrade_database(Database& db);

// -- retention --------------------------------------------------------------

/// Mistral's execution expiration policy. Only finished (SUCCESS, ERROR,
/// CANCELLED) top-level executions are candidates, minus `ignored_states`;
/// their age is `updated_at` (`created_at` when never updated).
struct RetentionPolicy {
  /// Deletes candidates last updated more than this many minutes ago (>= 1).
  std::optional<int64_t> older_than_minutes;
  /// Keeps only this many of the most recently updated candidates; 0 or
  /// empty: no limit.
  std::optional<uint64_t> max_finished_executions;
  /// Root executions deleted per write; 0: all in one write.
  uint64_t batch_size = 0;
  /// Finished states never deleted; each must be a finished state.
  std::vector<State> ignored_states;
};

/// Runs one retention pass at `now_ms` (milliseconds since the epoch): first
/// the executions older than the limit, then those beyond the count limit,
/// newest kept. Returns the ids of the root executions deleted, in deletion
/// order. Each goes with its sub-executions, tasks, action executions, index
/// entries and the timers targeting any of them, in writes of `batch_size`
/// roots. A policy with neither limit deletes nothing. Errors:
/// invalid_argument for a bad policy (nothing deleted); a read or write error
/// stops the pass after the batches already written. Memory grows with the
/// number of candidates (an id and a time each) when the count limit is set.
Result<std::vector<std::string>> expire_executions(Database& db, const RetentionPolicy& p,
                                                   int64_t now_ms);

/// Adds to `batch` the deletes of execution `root_id` and everything under
/// it: sub-executions (through their parent tasks and the exec_root index),
/// task executions, action executions, their index entries (state entries
/// under every state, so stale ones go too; dangling entries met on the way
/// too) and the timers targeting any of them (found by scanning the timers).
/// Errors: not_found
/// for an absent execution, io_error for an unreadable record (nothing added).
Result<void> delete_execution_tree(const Database& db, const std::string& root_id, Batch& batch);

}  // namespace bora::storage
