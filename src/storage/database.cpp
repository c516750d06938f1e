#include "storage/database.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include "log.hpp"

namespace bora::storage {

namespace fs = std::filesystem;

namespace {

const log::Logger& logger() {
  static const log::Logger instance("storage");
  return instance;
}

// The one place a rocksdb::Status becomes a bora::Error.
Error to_error(const rocksdb::Status& s, std::string_view what) {
  if (s.IsNotFound() && s.getState() == nullptr) {
    return Error(Errc::not_found, std::string(what) + ": not found");
  }
  Errc code = Errc::io_error;
  if (s.IsNotFound()) {
    code = Errc::not_found;
  } else if (s.IsInvalidArgument() || s.IsNotSupported()) {
    code = Errc::invalid_argument;
  } else if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsShutdownInProgress()) {
    code = Errc::unavailable;
  }
  return Error(code, std::string(what) + ": " + s.ToString());
}

// Every RocksDB option Bora sets, for the database and for each family.
rocksdb::Options make_options(const DatabaseOptions& opts) {
  rocksdb::Options o;
  o.create_if_missing = opts.create_if_missing;
  o.create_missing_column_families = true;
  o.paranoid_checks = true;
  // A read-only view is a RocksDB secondary instance, which may run next to
  // a server that compacts and deletes table files: it must open every table
  // file up front, so a file deleted later stays readable.
  o.max_open_files = opts.read_only ? -1 : 512;
  o.keep_log_file_num = 4;
  o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  o.IncreaseParallelism(2);
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(opts.block_cache_bytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return o;
}

Error unreadable(const std::string& dir, const std::error_code& ec) {
  return Error(Errc::io_error, "cannot read '" + dir + "': " + ec.message());
}

// Returns whether `dir` holds a database. Refuses a directory that holds
// files but no database, so a wrong path never turns into a silent empty start.
Result<bool> existing_database(const std::string& dir) {
  std::error_code ec;
  bool has_current = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (ec) {
    return unreadable(dir, ec);
  }
  if (has_current) {
    return true;
  }
  bool present = fs::exists(dir, ec);
  if (ec) {
    return unreadable(dir, ec);
  }
  if (!present) {
    return false;
  }
  if (!fs::is_directory(dir, ec)) {
    return Error(Errc::io_error, "database path '" + dir + "' is not a directory");
  }
  bool empty = fs::is_empty(dir, ec);
  if (ec) {
    return unreadable(dir, ec);
  }
  if (!empty) {
    return Error(Errc::io_error, "directory '" + dir + "' is not empty and holds no database");
  }
  return false;
}

// Returns Bora's families in Family order (so a handle's index is its
// Family), then every other family found on disk, "default" included.
std::vector<std::string> family_order(const std::vector<std::string>& on_disk) {
  std::vector<std::string> names;
  for (size_t i = 0; i < family_count; ++i) {
    names.emplace_back(family_name(static_cast<Family>(i)));
  }
  for (const std::string& name : on_disk) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  return names;
}

// Returns the smallest key above every key starting with `prefix`, or ""
// when there is none (empty prefix, or only 0xff bytes).
std::string prefix_successor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) {
    prefix.pop_back();
  }
  if (!prefix.empty()) {
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  }
  return prefix;
}

// Puts `it` on the first key a scan of `range` may return.
void position(rocksdb::Iterator& it, const ScanRange& range) {
  if (!range.reverse) {
    it.Seek(std::max(range.start, range.prefix));
  } else if (range.start.empty()) {
    it.SeekToLast();  // bounded above by iterate_upper_bound
  } else {
    it.SeekForPrev(range.start);
  }
}

bool is_decimal(std::string_view text) {
  return !text.empty() && text.size() < 10 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Returns true when `name` is one of `names`.
bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Error read_only_error(const std::string& dir) {
  return Error(Errc::invalid_state, "database in '" + dir + "' is open read-only");
}

}  // namespace

Database::Database(std::string dir, const DatabaseOptions& opts)
    : dir_(std::move(dir)), sync_(opts.sync), read_only_(opts.read_only) {}

Database::~Database() {
  if (db_ != nullptr) {
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      if (h != nullptr) {
        db_->DestroyColumnFamilyHandle(h);
      }
    }
    handles_.clear();
    db_.reset();
  }
  if (!secondary_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(secondary_dir_, ec);
  }
}

Result<std::unique_ptr<Database>> Database::open(const std::string& dir,
                                                 const DatabaseOptions& opts) {
  auto exists = existing_database(dir);
  if (!exists.ok()) {
    return std::move(exists).error();
  }
  if (!*exists && (!opts.create_if_missing || opts.read_only)) {
    return Error(Errc::not_found, "no database in '" + dir + "'");
  }
  std::error_code ec;
  if (!*exists && !fs::create_directories(dir, ec) && ec) {
    return Error(Errc::io_error, "cannot create '" + dir + "': " + ec.message());
  }
  std::unique_ptr<Database> db(new Database(dir, opts));
  BORA_TRY_VOID(db->open_families(opts, *exists));
  BORA_TRY_VOID(db->check_schema(opts.allow_old_schema));
  logger().info("open dir=" + dir + " created=" + (*exists ? "false" : "true") +
                " read_only=" + (opts.read_only ? "true" : "false"));
  return db;
}

// Opens every family on disk (RocksDB refuses to open a subset) plus the
// ones this build needs, which create_missing_column_families adds.
Result<void> Database::open_families(const DatabaseOptions& opts, bool existing) {
  rocksdb::Options options = make_options(opts);
  std::vector<std::string> on_disk{rocksdb::kDefaultColumnFamilyName};
  if (existing) {
    on_disk.clear();
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, dir_, &on_disk);
    if (!s.ok()) {
      return to_error(s, "cannot read database in '" + dir_ + "'");
    }
  }
  // A read-only open cannot create families: it opens those on disk and
  // leaves the handles of the others null.
  std::vector<std::string> names = family_order(on_disk);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    if (!read_only_ || listed(on_disk, name)) {
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions(options));
    }
  }
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> opened;
  rocksdb::Status s;
  if (read_only_) {
    // A secondary instance takes no lock and tolerates a primary that keeps
    // writing; it needs a directory of its own for its info log.
    std::string pattern = (fs::temp_directory_path() / "bora-secondary-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return Error(Errc::io_error, "cannot create a temporary directory for a read-only open");
    }
    secondary_dir_ = pattern;
    s = rocksdb::DB::OpenAsSecondary(options, dir_, secondary_dir_, descriptors, &opened, &raw);
  } else {
    s = rocksdb::DB::Open(options, dir_, descriptors, &opened, &raw);
  }
  if (!s.ok()) {
    return to_error(s, "cannot open database in '" + dir_ + "'");
  }
  db_.reset(raw);
  size_t next = 0;
  for (const std::string& name : names) {
    bool open = !read_only_ || listed(on_disk, name);
    handles_.push_back(open ? opened[next++] : nullptr);
  }
  return {};
}

Result<void> Database::check_schema(bool allow_old) {
  auto stored = get(Family::meta, schema_version_key);
  if (!stored.ok() && stored.error().code == Errc::not_found) {
    if (read_only_) {
      return Error(Errc::io_error, "database in '" + dir_ + "' has no schema version");
    }
    Batch batch;
    batch.put(Family::meta, schema_version_key, std::to_string(schema_version));
    return write(std::move(batch));
  }
  if (!stored.ok()) {
    return std::move(stored).error();
  }
  if (!is_decimal(*stored)) {
    return Error(Errc::io_error, "bad schema version '" + *stored + "' in '" + dir_ + "'");
  }
  int64_t version = std::stoll(*stored);
  if (version > schema_version) {
    return Error(Errc::invalid_state, "database in '" + dir_ + "' has schema version " + *stored +
                                          ", newer than this build reads (" +
                                          std::to_string(schema_version) + ")");
  }
  if (version < schema_version && !allow_old) {
    return Error(Errc::invalid_state, "database in '" + dir_ + "' has schema version " + *stored +
                                          "; run `bora db upgrade`");
  }
  return {};
}

rocksdb::ColumnFamilyHandle* Database::handle(Family family) const {
  return handles_[static_cast<size_t>(family)];
}

Result<std::string> Database::get(Family family, std::string_view key) const {
  if (handle(family) == nullptr) {
    return Error(Errc::not_found, std::string("key in ") + family_name(family) + ": not found");
  }
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handle(family),
                               rocksdb::Slice(key.data(), key.size()), &value);
  if (!s.ok()) {
    return to_error(s, std::string("key in ") + family_name(family));
  }
  return value;
}

Result<void> Database::write(Batch&& batch) {
  if (batch.empty()) {
    return {};
  }
  if (read_only_) {
    return read_only_error(dir_);
  }
  rocksdb::WriteBatch wb;
  for (const Batch::Op& op : batch.ops()) {
    // A family number outside the enum would index past `handles_`.
    if (static_cast<size_t>(op.family) >= family_count) {
      return Error(Errc::invalid_argument, "batch names unknown column family " +
                                               std::to_string(static_cast<int>(op.family)));
    }
    rocksdb::Status s = op.is_delete ? wb.Delete(handle(op.family), op.key)
                                     : wb.Put(handle(op.family), op.key, op.value);
    if (!s.ok()) {
      return to_error(s, "batch");
    }
  }
  rocksdb::WriteOptions options;
  options.sync = sync_;
  rocksdb::Status s = db_->Write(options, &wb);
  if (!s.ok()) {
    return to_error(s, "write");
  }
  return {};
}

Result<void> Database::scan(Family family, const ScanRange& range, const ScanFn& fn) const {
  if (handle(family) == nullptr) {
    return {};
  }
  rocksdb::ReadOptions options;
  std::string upper = prefix_successor(range.prefix);
  rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) {
    options.iterate_upper_bound = &upper_slice;
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handle(family)));
  position(*it, range);
  size_t count = 0;
  for (; it->Valid() && count < range.limit; range.reverse ? it->Prev() : it->Next()) {
    rocksdb::Slice key = it->key();
    if (!key.starts_with(range.prefix)) {
      break;
    }
    std::string_view k(key.data(), key.size());
    if (range.exclusive && k == range.start) {
      continue;
    }
    ++count;
    if (!fn(k, std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  if (!it->status().ok()) {
    return to_error(it->status(), std::string("scan in ") + family_name(family));
  }
  return {};
}

Result<void> Database::checkpoint(const std::string& dir) const {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  if (!s.ok()) {
    return to_error(s, "checkpoint of '" + dir_ + "'");
  }
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  // A read-only (secondary) instance cannot flush: its checkpoint copies the
  // write-ahead logs instead, which the copy replays when opened.
  s = cp->CreateCheckpoint(dir, read_only_ ? UINT64_MAX : 0);
  if (!s.ok()) {
    return to_error(s, "checkpoint of '" + dir_ + "' to '" + dir + "'");
  }
  return {};
}

Result<void> Database::compact() {
  if (read_only_) {
    return read_only_error(dir_);
  }
  rocksdb::CompactRangeOptions options;
  // Rewrites the bottom level too, so tombstones there are dropped.
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  for (size_t i = 0; i < family_count; ++i) {
    rocksdb::Status s = db_->CompactRange(options, handles_[i], nullptr, nullptr);
    if (!s.ok()) {
      return to_error(s, std::string("compaction of ") + family_name(static_cast<Family>(i)));
    }
  }
  return {};
}

Result<uint64_t> Database::int_property(Family family, const std::string& name) const {
  if (handle(family) == nullptr) {
    return uint64_t{0};
  }
  uint64_t value = 0;
  if (!db_->GetIntProperty(handle(family), name, &value)) {
    return Error(Errc::invalid_argument, "unknown integer property '" + name + "'");
  }
  return value;
}

}  // namespace bora::storage
