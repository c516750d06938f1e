#include "cli/db.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include <boost/json.hpp>

#include "cli/commands.hpp"
#include "log.hpp"
#include "storage/database.hpp"
#include "storage/maintenance.hpp"

namespace bora::cli {

namespace json = boost::json;

namespace {

using storage::Database;
using storage::DatabaseOptions;

int fail(const DbOptions& opts, const std::string& message) {
  std::cerr << "bora db " << opts.command << ": " << message << "\n";
  return exit_failed;
}

void print(const json::value& v) {
  std::cout << json::serialize(v) << "\n";
}

// Opens the data directory. Read-only opens take no lock, so they work while
// a server runs; no open here ever creates a database.
Result<std::unique_ptr<Database>> open(const DbOptions& opts, bool read_only) {
  DatabaseOptions options;
  options.create_if_missing = false;
  options.read_only = read_only;
  options.allow_old_schema = read_only || opts.command == "upgrade";
  return Database::open(opts.data_dir, options);
}

json::object disk(const std::string& dir) {
  auto bytes = storage::directory_bytes(dir);
  json::object out;
  out["disk_bytes"] = bytes.ok() ? json::value(*bytes) : json::value(nullptr);
  return out;
}

int run_check(const DbOptions& opts, const Database& db) {
  auto report = storage::check_database(db);
  if (!report.ok()) {
    return fail(opts, report.error().message);
  }
  json::array problems;
  for (const std::string& p : report->problems) {
    problems.emplace_back(p);
  }
  print(json::object{{"ok", report->problem_count == 0},
                     {"records", report->records},
                     {"index_entries", report->index_entries},
                     {"problem_count", report->problem_count},
                     {"problems", std::move(problems)}});
  return report->problem_count == 0 ? exit_ok : exit_failed;
}

int run_stats(const DbOptions& opts, const Database& db) {
  auto families = storage::database_stats(db);
  auto states = storage::executions_by_state(db);
  auto version = storage::stored_schema_version(db);
  if (!families.ok() || !states.ok() || !version.ok()) {
    const Error& e = !families.ok() ? families.error()
                                    : (!states.ok() ? states.error() : version.error());
    return fail(opts, e.message);
  }
  json::object out = disk(opts.data_dir);
  out["schema_version"] = *version;
  json::array list;
  for (const auto& f : *families) {
    list.push_back(json::object{
        {"family", f.family}, {"keys", f.keys}, {"bytes", f.bytes}, {"sst_bytes", f.sst_bytes}});
  }
  out["families"] = std::move(list);
  json::object by_state;
  for (const auto& c : *states) {
    by_state[storage::to_string(c.state)] = c.count;
  }
  out["executions_by_state"] = std::move(by_state);
  print(out);
  return exit_ok;
}

// Opens the directory itself: a consistent copy next to a running server
// may need several read-only views.
int run_backup(const DbOptions& opts) {
  auto made = storage::backup_live(opts.data_dir, opts.path);
  if (!made.ok()) {
    return fail(opts, made.error().message);
  }
  json::object out = disk(opts.path);
  out["backup"] = opts.path;
  out["attempts"] = made->attempts;
  out["problem_count"] = made->check.problem_count;
  print(out);
  if (made->check.problem_count > 0) {
    return fail(opts, "backup written, but the database has " +
                          std::to_string(made->check.problem_count) +
                          " problems; run `bora db check`");
  }
  return exit_ok;
}

int run_upgrade(const DbOptions& opts, Database& db) {
  auto from = storage::stored_schema_version(db);
  auto reached = from.ok() ? storage::upgrade_database(db) : Result<int64_t>(from.error());
  if (!reached.ok()) {
    return fail(opts, reached.error().message);
  }
  print(json::object{{"from", *from}, {"schema_version", *reached}});
  return exit_ok;
}

int run_compact(const DbOptions& opts, Database& db, json::object& out) {
  out["disk_bytes_before"] = disk(opts.data_dir)["disk_bytes"];
  auto done = db.compact();
  if (!done.ok()) {
    return fail(opts, done.error().message);
  }
  out["disk_bytes_after"] = disk(opts.data_dir)["disk_bytes"];
  return exit_ok;
}

bool policy_of(const DbOptions& opts, storage::RetentionPolicy& p) {
  p.older_than_minutes = opts.older_than_minutes;
  p.max_finished_executions = opts.max_finished;
  p.batch_size = opts.batch_size;
  for (const std::string& name : opts.ignored_states) {
    auto state = storage::parse_state(name);
    if (!state) {
      std::cerr << "bora db expire: unknown state '" << name << "'\n";
      return false;
    }
    p.ignored_states.push_back(*state);
  }
  if (p.older_than_minutes && *p.older_than_minutes < 1) {
    std::cerr << "bora db expire: --older-than must be at least 1 (minutes)\n";
    return false;
  }
  if (!p.older_than_minutes && p.max_finished_executions.value_or(0) == 0) {
    std::cerr << "bora db expire: give --older-than or --max-finished\n";
    return false;
  }
  return true;
}

int run_expire(const DbOptions& opts, Database& db, const storage::RetentionPolicy& p) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto deleted = storage::expire_executions(db, p, static_cast<int64_t>(now));
  if (!deleted.ok()) {
    return fail(opts, deleted.error().message);
  }
  json::array ids;
  for (const std::string& id : *deleted) {
    ids.emplace_back(id);
  }
  json::object out{{"deleted", deleted->size()}, {"executions", std::move(ids)}};
  if (opts.compact && run_compact(opts, db, out) != exit_ok) {
    return exit_failed;
  }
  print(out);
  return exit_ok;
}

int run_restore(const DbOptions& opts) {
  auto restored = storage::restore_database(opts.path, opts.data_dir);
  if (!restored.ok()) {
    return fail(opts, restored.error().message);
  }
  print(json::object{{"restored", opts.data_dir}, {"from", opts.path}});
  return exit_ok;
}

// Runs a subcommand that needs the database open.
int run_open(const DbOptions& opts, const storage::RetentionPolicy& policy) {
  const std::string& c = opts.command;
  bool read_only = c == "check" || c == "stats";
  auto db = open(opts, read_only);
  if (!db.ok()) {
    return fail(opts, db.error().message);
  }
  Database& d = **db;
  if (c == "check") {
    return run_check(opts, d);
  }
  if (c == "stats") {
    return run_stats(opts, d);
  }
  if (c == "upgrade") {
    return run_upgrade(opts, d);
  }
  if (c == "expire") {
    return run_expire(opts, d, policy);
  }
  json::object out;
  int rc = run_compact(opts, d, out);
  if (rc == exit_ok) {
    print(out);
  }
  return rc;
}

}  // namespace

int run_db(const DbOptions& opts) {
  log::set_level(log::Level::warn);
  const std::string& c = opts.command;
  if (c == "restore") {
    return run_restore(opts);
  }
  if (c == "backup") {
    return run_backup(opts);
  }
  storage::RetentionPolicy policy;
  if (c == "expire" && !policy_of(opts, policy)) {
    return exit_usage;
  }
  bool known = c == "check" || c == "stats" || c == "backup" || c == "upgrade" ||
               c == "expire" || c == "compact";
  if (!known) {
    std::cerr << "bora db: unknown subcommand '" << c << "'\n";
    return exit_usage;
  }
  return run_open(opts, policy);
}

}  // namespace bora::cli
