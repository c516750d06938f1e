#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bora::cli {

/// Options of `bora db SUBCOMMAND`.
struct DbOptions {
  /// check, stats, backup, restore, upgrade, expire or compact.
  std::string command;
  /// The data directory (RocksDB) the subcommand works on.
  std::string data_dir = "var/bora";
  /// backup: the directory to create; restore: the backup to copy from.
  std::string path;
  // -- expire ---
  std::optional<int64_t> older_than_minutes;
  std::optional<uint64_t> max_finished;
  uint64_t batch_size = 0;
  /// Finished states to keep ("ERROR", ...).
  std::vector<std::string> ignored_states;
  /// Compact after deleting, so the disk space comes back at once.
  bool compact = false;
};

/// Runs `bora db`: prints one JSON object on stdout and errors on stderr.
/// check, stats and backup open the data directory read-only, so they work
/// next to a running server; upgrade, expire and compact need it unused; no
/// subcommand but restore ever creates a database. Returns exit_ok,
/// exit_failed for damage found by check or any failure, exit_usage for bad
/// arguments.
int run_db(const DbOptions& opts);

}  // namespace bora::cli
