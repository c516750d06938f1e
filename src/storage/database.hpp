#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"
#include "storage/batch.hpp"
#include "storage/keys.hpp"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace bora::storage {

/// The schema version this build writes and reads (keys.hpp, records.hpp).
inline constexpr int64_t schema_version = 1;

/// Settings of a database; every RocksDB option is derived from these in one
/// function of database.cpp.
struct DatabaseOptions {
  /// Creates the directory and an empty database when none exists.
  bool create_if_missing = true;
  /// Makes every write wait for fsync (config `sync: true`); otherwise a
  /// write survives a process crash but may be lost on a power failure.
  bool sync = false;
  /// Bytes of the shared block cache for reads.
  size_t block_cache_bytes = 32u << 20;
  /// Opens without the directory lock and never writes (`bora db` tools next
  /// to a running server), as a RocksDB secondary instance: the view is the
  /// state at open time, families missing on disk read as empty, writes and
  /// compaction fail with invalid_state. Implies no creation.
  bool read_only = false;
  /// Accepts a stored schema version older than `schema_version` (for
  /// `bora db upgrade` and the other maintenance tools); a newer one is
  /// still refused.
  bool allow_old_schema = false;
};

/// A bounded scan: keys of one family that start with `prefix`, at most
/// `limit` of them. Forward scans begin at `start` (at the first key of the
/// prefix when empty) and go up; reverse scans begin at the greatest key not
/// above `start` (at the last key of the prefix when empty) and go down.
struct ScanRange {
  std::string prefix;
  std::string start;
  /// Skips `start` itself when it exists (paging after a marker).
  bool exclusive = false;
  bool reverse = false;
  size_t limit = 100;
};

/// Called per key of a scan; returns false to stop early. The views are only
/// valid during the call.
using ScanFn = std::function<bool(std::string_view key, std::string_view value)>;

/// One open RocksDB database: the only owner of the `rocksdb::DB` and of every
/// column family handle. Created by `open`; the handles are released before
/// the database when it is destroyed. Reads may run on any thread at the same
/// time; writes too (RocksDB serializes them), though Bora routes every write
/// through the store actor, which merges batches into group commits. Calls
/// block on disk I/O: call them from a detached actor or a plain thread.
class Database {
public:
  /// Opens (or creates) the database in `dir`. Lists the existing column
  /// families and creates the missing ones, then checks the schema version in
  /// `meta` (written on first open). Errors: io_error for an unreadable or
  /// corrupted directory, a directory with other files but no database, or a
  /// lock held by another process; invalid_state for a schema version newer
  /// than `schema_version`.
  static Result<std::unique_ptr<Database>> open(const std::string& dir,
                                                const DatabaseOptions& opts);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Returns the value of `key` in `family`; not_found when absent.
  Result<std::string> get(Family family, std::string_view key) const;

  /// Writes `batch` atomically (all column families), fsynced when
  /// `DatabaseOptions::sync` is set. An empty batch writes nothing.
  Result<void> write(Batch&& batch);

  /// Calls `fn` for each key in `range`, in key order.
  Result<void> scan(Family family, const ScanRange& range, const ScanFn& fn) const;

  /// Writes a consistent copy of the database to `dir` (a RocksDB checkpoint:
  /// hard links where the file system allows, copies otherwise). `dir` must
  /// not exist; its parent must. Works on a read-only database too.
  Result<void> checkpoint(const std::string& dir) const;

  /// Flushes and compacts every family fully, so deleted keys stop taking
  /// disk space. Blocks until done; invalid_state when read-only.
  Result<void> compact();

  /// Returns the RocksDB integer property `name` of `family` (for example
  /// "rocksdb.total-sst-files-size"); 0 for a family missing on disk.
  Result<uint64_t> int_property(Family family, const std::string& name) const;

  /// Returns true when opened with `DatabaseOptions::read_only`.
  bool read_only() const {
    return read_only_;
  }

  /// Returns the directory the database lives in.
  const std::string& dir() const {
    return dir_;
  }

private:
  Database(std::string dir, const DatabaseOptions& opts);

  Result<void> open_families(const DatabaseOptions& opts, bool existing);
  Result<void> check_schema(bool allow_old);
  rocksdb::ColumnFamilyHandle* handle(Family family) const;

  std::string dir_;
  bool sync_;
  bool read_only_;
  // Info-log directory of a read-only (secondary) instance; removed on close.
  std::string secondary_dir_;
  // Owned; ~Database destroys them before resetting `db_`. Indexed by
  // Family; families found on disk that this build does not know follow.
  // A read-only open leaves the entry of a family missing on disk null.
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace bora::storage
