// Statistics, backup and restore, schema upgrades.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include "storage/maintenance.hpp"
#include "storage/tables.hpp"

namespace bora::storage {

namespace fs = std::filesystem;

namespace {

constexpr State all_states[] = {State::idle,    State::waiting, State::running, State::delayed,
                                State::paused,  State::success, State::error,   State::cancelled};

Error file_error(const std::string& what, const std::error_code& ec) {
  return Error(Errc::io_error, what + ": " + ec.message());
}

// Opens the database in `dir` read-only and closes it again: the proof that
// a backup or a restored copy is usable.
Result<void> check_opens(const std::string& dir) {
  DatabaseOptions opts;
  opts.read_only = true;
  opts.allow_old_schema = true;
  auto db = Database::open(dir, opts);
  if (!db.ok()) {
    return Error(db.error().code, "'" + dir + "' does not hold a usable database: " +
                                      db.error().message);
  }
  return {};
}

Result<bool> is_empty_or_absent(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    if (ec) {
      return file_error("cannot read '" + dir + "'", ec);
    }
    return true;
  }
  bool empty = fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
  if (ec) {
    return file_error("cannot read '" + dir + "'", ec);
  }
  return empty;
}

constexpr size_t copy_batch_bytes = 4u << 20;

// Writes every key of every family of `src` to a new database in `dir`: the
// backup of a read-only view, whose state stays fixed while a server writes.
Result<void> copy_records(const Database& src, const std::string& dir) {
  auto dst = Database::open(dir, DatabaseOptions{});
  if (!dst.ok()) {
    return std::move(dst).error();
  }
  std::optional<Error> failed;
  Batch batch;
  auto flush = [&] {
    auto written = (*dst)->write(std::move(batch));
    batch = Batch();
    if (!written.ok()) {
      failed = std::move(written).error();
    }
  };
  for (size_t i = 0; i < family_count && !failed; ++i) {
    auto family = static_cast<Family>(i);
    ScanRange all;
    all.limit = SIZE_MAX;
    BORA_TRY_VOID(src.scan(family, all, [&](std::string_view key, std::string_view value) {
      batch.put(family, key, value);
      if (batch.byte_size() >= copy_batch_bytes) {
        flush();
      }
      return !failed;
    }));
  }
  if (!failed) {
    flush();
  }
  return failed ? Result<void>(*failed) : Result<void>();
}

Result<void> write_version(Database& db, Batch batch, int64_t version) {
  batch.put(Family::meta, schema_version_key, std::to_string(version));
  return db.write(std::move(batch));
}

const MigrationStep* find_step(const std::vector<MigrationStep>& steps, int64_t from) {
  for (const MigrationStep& step : steps) {
    if (step.from == from) {
      return &step;
    }
  }
  return nullptr;
}

}  // namespace

Result<std::vector<FamilyStats>> database_stats(const Database& db) {
  std::vector<FamilyStats> out;
  for (size_t i = 0; i < family_count; ++i) {
    auto family = static_cast<Family>(i);
    FamilyStats stats;
    stats.family = family_name(family);
    ScanRange all;
    all.limit = SIZE_MAX;
    BORA_TRY_VOID(db.scan(family, all, [&](std::string_view key, std::string_view value) {
      ++stats.keys;
      stats.bytes += key.size() + value.size();
      return true;
    }));
    auto sst = db.int_property(family, "rocksdb.total-sst-files-size");
    if (!sst.ok()) {
      return std::move(sst).error();
    }
    stats.sst_bytes = *sst;
    out.push_back(std::move(stats));
  }
  return out;
}

Result<std::vector<StateCount>> executions_by_state(const Database& db) {
  std::vector<StateCount> out;
  for (State state : all_states) {
    ScanRange range;
    range.prefix = index_prefix(Index::exec_state, to_string(state));
    range.limit = SIZE_MAX;
    StateCount count{state, 0};
    BORA_TRY_VOID(db.scan(Family::indexes, range, [&](std::string_view, std::string_view) {
      ++count.count;
      return true;
    }));
    out.push_back(count);
  }
  return out;
}

Result<uint64_t> directory_bytes(const std::string& dir) {
  std::error_code ec;
  uint64_t total = 0;
  fs::recursive_directory_iterator it(dir, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      uint64_t size = it->file_size(size_ec);
      total += size_ec ? 0 : size;  // a file removed meanwhile counts nothing
    }
  }
  if (ec) {
    return file_error("cannot measure '" + dir + "'", ec);
  }
  return total;
}

Result<void> backup_database(Database& db, const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) || ec) {
    return Error(Errc::already_exists, "backup directory '" + dir + "' exists already");
  }
  fs::path parent = fs::absolute(dir, ec).parent_path();
  if (!ec) {
    fs::create_directories(parent, ec);
  }
  if (ec) {
    return file_error("cannot create the parent of '" + dir + "'", ec);
  }
  // A checkpoint of a read-only (secondary) view taken while a server writes
  // mixes the view's table files with the server's newer logs: it failed on
  // deleted files, and a test found records without their index entries in
  // one that succeeded. The view itself is a consistent state, so it is
  // copied key by key instead.
  auto made = db.read_only() ? copy_records(db, dir) : db.checkpoint(dir);
  if (made.ok()) {
    made = check_opens(dir);
  }
  if (!made.ok()) {
    // The directory did not exist before: whatever is there now is a
    // failed attempt, which must not pass for a backup.
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  return made;
}

Result<BackupReport> backup_live(const std::string& data_dir, const std::string& dir) {
  DatabaseOptions opts;
  opts.read_only = true;
  opts.allow_old_schema = true;
  BackupReport report;
  std::optional<std::vector<std::string>> previous;
  while (report.attempts < max_backup_attempts) {
    ++report.attempts;
    auto db = Database::open(data_dir, opts);
    if (!db.ok()) {
      return std::move(db).error();
    }
    auto checked = check_database(**db);
    if (!checked.ok()) {
      return std::move(checked).error();
    }
    bool same = previous && *previous == checked->problems;
    if (checked->problem_count == 0 || same) {
      report.check = std::move(*checked);
      BORA_TRY_VOID(backup_database(**db, dir));
      return report;
    }
    previous = std::move(checked->problems);
  }
  return Error(Errc::unavailable, "no consistent view of '" + data_dir + "' after " +
                                      std::to_string(max_backup_attempts) +
                                      " attempts; the server writes too fast, retry");
}

Result<void> restore_database(const std::string& backup_dir, const std::string& data_dir) {
  auto free = is_empty_or_absent(data_dir);
  if (!free.ok()) {
    return std::move(free).error();
  }
  if (!*free) {
    return Error(Errc::invalid_state,
                 "data directory '" + data_dir + "' is not empty; restore needs an empty one");
  }
  BORA_TRY_VOID(check_opens(backup_dir));
  std::error_code ec;
  fs::path target = fs::absolute(data_dir, ec);
  fs::path staging = target.string() + ".restore-tmp";
  fs::remove_all(staging, ec);
  fs::create_directories(target.parent_path(), ec);
  if (!ec) {
    fs::copy(backup_dir, staging, fs::copy_options::recursive, ec);
  }
  if (!ec) {
    // On POSIX a rename replaces an empty directory atomically.
    fs::rename(staging, target, ec);
  }
  if (ec) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    return file_error("cannot restore '" + backup_dir + "' to '" + data_dir + "'", ec);
  }
  return check_opens(data_dir);
}

Result<int64_t> stored_schema_version(const Database& db) {
  auto stored = db.get(Family::meta, schema_version_key);
  if (!stored.ok()) {
    return Error(Errc::io_error, "cannot read the schema version: " + stored.error().message);
  }
  const std::string& text = *stored;
  bool decimal = !text.empty() && text.size() < 10 &&
                 text.find_first_not_of("0123456789") == std::string::npos;
  if (!decimal) {
    return Error(Errc::io_error, "bad schema version '" + text + "'");
  }
  return static_cast<int64_t>(std::stoll(text));
}

const std::vector<MigrationStep>& builtin_migrations() {
  // Schema version 1 is the first one; a step is added here with every
  // change of a key layout or record encoding (keys.hpp, records.hpp).
  static const std::vector<MigrationStep> steps;
  return steps;
}

Result<int64_t> upgrade_database(Database& db, const std::vector<MigrationStep>& steps,
                                 int64_t target) {
  auto stored = stored_schema_version(db);
  if (!stored.ok()) {
    return std::move(stored).error();
  }
  int64_t version = *stored;
  if (version > target) {
    return Error(Errc::invalid_state, "schema version " + std::to_string(version) +
                                          " is newer than " + std::to_string(target));
  }
  for (; version < target; ++version) {
    const MigrationStep* step = find_step(steps, version);
    if (step == nullptr) {
      return Error(Errc::invalid_state,
                   "no upgrade step from schema version " + std::to_string(version));
    }
    Batch batch;
    BORA_TRY_VOID(step->run(db, batch));
    BORA_TRY_VOID(write_version(db, std::move(batch), version + 1));
  }
  return version;
}

Result<int64_t> upgrade_database(Database& db) {
  return upgrade_database(db, builtin_migrations(), schema_version);
}

}  // namespace bora::storage
