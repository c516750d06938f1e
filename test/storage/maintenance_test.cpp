#include "storage/maintenance.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include <doctest/doctest.h>

#include "../support/temp_dir.hpp"
#include "execution_tree.hpp"

namespace bora::storage {

namespace {

using bora::test::TempDir;
using test::add_tree;
using test::open_db;
using test::put_raw;
using test::remove_raw;

CheckReport check_ok(const Database& db) {
  auto report = check_database(db);
  REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
  return std::move(*report);
}

// Returns true when some listed problem contains `text`.
bool reported(const CheckReport& report, const std::string& text) {
  return std::any_of(report.problems.begin(), report.problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

using Content = std::map<std::pair<int, std::string>, std::string>;

// Returns every key and value of every family.
Content content(const Database& db) {
  Content out;
  for (size_t i = 0; i < family_count; ++i) {
    ScanRange all;
    all.limit = SIZE_MAX;
    REQUIRE(db.scan(static_cast<Family>(i), all, [&](std::string_view k, std::string_view v) {
                out[{static_cast<int>(i), std::string(k)}] = std::string(v);
                return true;
              }).ok());
  }
  return out;
}

DatabaseOptions read_only() {
  DatabaseOptions opts;
  opts.read_only = true;
  opts.allow_old_schema = true;
  return opts;
}

}  // namespace

TEST_SUITE("storage.maintenance.check") {
  TEST_CASE("an empty database checks clean") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 0);
    CHECK(report.records == 0);
    CHECK(report.index_entries == 0);
  }

  TEST_CASE("complete trees and every record kind check clean and are counted") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    add_tree(*db, State::success, 5'000'000);
    add_tree(*db, State::running, 6'000'000);
    test::store(*db, test::sample_workflow());
    test::store(*db, test::sample_workbook());
    test::store(*db, test::sample_action());
    test::store(*db, test::sample_environment());
    test::store(*db, test::sample_cron());
    CheckReport report = check_ok(*db);
    CHECK_MESSAGE(report.problem_count == 0,
                  (report.problems.empty() ? "" : report.problems.front()));
    CHECK(report.records == 2 * 6 + 5);
    // root 3, task 2, action 1, child 5, child task 2; definitions 1 each, cron 2.
    CHECK(report.index_entries == 2 * 13 + 3 + 2);
  }

  TEST_CASE("a deleted index entry is reported as missing") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto tree = add_tree(*db, State::success, 5'000'000);
    remove_raw(*db, Family::indexes, index_key(Index::task_state, "SUCCESS", tree.task.id));
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 1);
    CHECK(reported(report, "tasks/" + tree.task.id + ": index entry task_state/SUCCESS/"));
  }

  TEST_CASE("a stray index entry naming a missing record is reported") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    add_tree(*db, State::success, 5'000'000);
    std::string ghost = new_uuid7();
    put_raw(*db, Family::indexes, index_key(Index::exec_workflow, "wf1", ghost), "");
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 1);
    CHECK(reported(report, "points at missing executions record " + ghost));
  }

  TEST_CASE("a stale index entry its record does not own is reported") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto tree = add_tree(*db, State::success, 5'000'000);
    put_raw(*db, Family::indexes, index_key(Index::exec_state, "RUNNING", tree.root.id), "");
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 1);
    CHECK(reported(report, "stale: executions record " + tree.root.id));
  }

  TEST_CASE("a malformed index key is reported") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    put_raw(*db, Family::indexes, "no_such_index/x/y", "");
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 1);
    CHECK(reported(report, "indexes/no_such_index/x/y: malformed index key"));
  }

  TEST_CASE("corrupted record bytes are reported as unreadable") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto tree = add_tree(*db, State::success, 5'000'000);
    std::string bytes = *db->get(Family::tasks, tree.child_task.id);
    bytes[bytes.size() / 2] = '\x01';
    put_raw(*db, Family::tasks, tree.child_task.id, bytes);
    put_raw(*db, Family::action_executions, tree.action.id, "{\"v\": 1}");
    CheckReport report = check_ok(*db);
    CHECK(reported(report, "tasks/" + tree.child_task.id + ": unreadable record"));
    CHECK(reported(report, "action_executions/" + tree.action.id + ": unreadable record"));
    // The entries of an unreadable record are not reported a second time.
    CHECK(report.problem_count == 2);
  }

  TEST_CASE("a task whose execution is missing is reported") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    TaskExecution orphan = test::sample_task();
    test::store(*db, orphan);
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 1);
    CHECK(reported(report, "tasks/" + orphan.id + ": workflow_execution_id names missing "
                                                  "executions record " +
                               orphan.workflow_execution_id));
  }

  TEST_CASE("action executions and sub-executions with missing parents are reported") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto tree = add_tree(*db, State::success, 5'000'000);
    Batch batch;
    delete_record(batch, tree.task);
    REQUIRE(db->write(std::move(batch)).ok());
    CheckReport report = check_ok(*db);
    CHECK(reported(report, "action_executions/" + tree.action.id + ": task_execution_id"));
    CHECK(reported(report, "executions/" + tree.child.id + ": task_execution_id"));
    CHECK(report.problem_count == 2);
  }

  TEST_CASE("a record under a key that is not its own is reported") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    Environment env = test::sample_environment();
    put_raw(*db, Family::environments, "other-name", encode(env));
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 1);
    CHECK(reported(report, "environments/other-name: record belongs under key 'envA'"));
  }

  TEST_CASE("a timer whose key disagrees with its due time is reported") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    Timer timer = test::sample_timer();
    put_raw(*db, Family::timers, timer_key(12, timer.id), encode(timer));
    put_raw(*db, Family::timers, "short", encode(timer));
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 2);
    CHECK(reported(report, "timers/12/" + timer.id + ": record belongs under key"));
  }

  TEST_CASE("a schema version other than this build's is reported") {
    TempDir tmp;
    {
      auto db = open_db(tmp.path());
      put_raw(*db, Family::meta, std::string(schema_version_key), "0");
    }
    auto db = open_db(tmp.path(), read_only());
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == 1);
    CHECK(reported(report, "schema version 0 is not this build's"));
  }

  TEST_CASE("problems beyond the listing cap are counted but not listed") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    Batch batch;
    for (size_t i = 0; i < max_listed_problems + 5; ++i) {
      batch.put(Family::indexes, index_key(Index::task_state, "ERROR", new_uuid7()), "");
    }
    REQUIRE(db->write(std::move(batch)).ok());
    CheckReport report = check_ok(*db);
    CHECK(report.problem_count == max_listed_problems + 5);
    CHECK(report.problems.size() == max_listed_problems);
  }
}

TEST_SUITE("storage.maintenance.stats") {
  TEST_CASE("stats count keys and bytes per family and executions per state") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    add_tree(*db, State::success, 5'000'000);
    add_tree(*db, State::error, 5'000'000);
    auto stats = database_stats(*db);
    REQUIRE(stats.ok());
    REQUIRE(stats->size() == family_count);
    CHECK((*stats)[1].family == "executions");
    CHECK((*stats)[1].keys == 4);
    CHECK((*stats)[2].keys == 4);
    CHECK((*stats)[7].keys == 26);
    CHECK((*stats)[8].keys == 1);
    CHECK((*stats)[1].bytes > 4 * 36);
    auto states = executions_by_state(*db);
    REQUIRE(states.ok());
    uint64_t success = 0;
    uint64_t total = 0;
    for (const StateCount& c : *states) {
      total += c.count;
      success += c.state == State::success ? c.count : 0;
    }
    CHECK(states->size() == 8);
    CHECK(success == 2);
    CHECK(total == 4);
  }

  TEST_CASE("compaction moves data into table files that stats report") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    add_tree(*db, State::success, 5'000'000);
    REQUIRE(db->compact().ok());
    auto stats = database_stats(*db);
    REQUIRE(stats.ok());
    CHECK((*stats)[1].sst_bytes > 0);
    auto bytes = directory_bytes(tmp.path());
    REQUIRE(bytes.ok());
    CHECK(*bytes > (*stats)[1].sst_bytes);
  }
}

TEST_SUITE("storage.maintenance.backup") {
  TEST_CASE("a backup restored elsewhere holds identical content") {
    TempDir tmp;
    auto db = open_db(tmp.sub("data"));
    add_tree(*db, State::success, 5'000'000);
    test::store(*db, test::sample_workflow());
    REQUIRE(backup_database(*db, tmp.sub("backups/one")).ok());
    add_tree(*db, State::running, 6'000'000);  // after the backup: not in it
    auto restored = restore_database(tmp.sub("backups/one"), tmp.sub("restored"));
    REQUIRE_MESSAGE(restored.ok(), (restored.ok() ? "" : restored.error().message));
    auto copy = open_db(tmp.sub("restored"));
    Content original = content(*db);
    Content got = content(*copy);
    CHECK(got.size() == original.size() - 13 - 6);
    for (const auto& [key, value] : got) {
      CHECK(original.count(key) == 1);
      CHECK(original[key] == value);
    }
    CHECK(check_ok(*copy).problem_count == 0);
  }

  TEST_CASE("a backup of a read-only view works while a writer holds the directory") {
    TempDir tmp;
    auto writer = open_db(tmp.sub("data"));
    auto tree = add_tree(*writer, State::success, 5'000'000);  // still in the write-ahead log
    auto reader = open_db(tmp.sub("data"), read_only());
    auto made = backup_database(*reader, tmp.sub("backup"));
    REQUIRE_MESSAGE(made.ok(), (made.ok() ? "" : made.error().message));
    auto copy = open_db(tmp.sub("backup"), read_only());
    CHECK(test::present(*copy, Family::executions, tree.root.id));
    CHECK(content(*copy) == content(*writer));
  }

  TEST_CASE("a backup of a read-only view holds the view even after the writer replaced its files") {
    TempDir tmp;
    auto writer = open_db(tmp.sub("data"));
    auto before = add_tree(*writer, State::success, 5'000'000);
    REQUIRE(writer->compact().ok());
    add_tree(*writer, State::error, 5'000'000);  // only in the write-ahead log
    auto reader = open_db(tmp.sub("data"), read_only());
    Content seen = content(*reader);
    auto after = add_tree(*writer, State::running, 6'000'000);
    REQUIRE(writer->compact().ok());  // replaces every file the reader opened
    auto made = backup_database(*reader, tmp.sub("backup"));
    REQUIRE_MESSAGE(made.ok(), (made.ok() ? "" : made.error().message));
    auto copy = open_db(tmp.sub("backup"), read_only());
    CHECK(content(*copy) == seen);
    CHECK(test::present(*copy, Family::executions, before.root.id));
    CHECK_FALSE(test::present(*copy, Family::executions, after.root.id));
  }

  TEST_CASE("a live backup copies a clean view at the first attempt") {
    TempDir tmp;
    auto writer = open_db(tmp.sub("data"));
    auto tree = add_tree(*writer, State::success, 5'000'000);
    auto made = backup_live(tmp.sub("data"), tmp.sub("backup"));
    REQUIRE_MESSAGE(made.ok(), (made.ok() ? "" : made.error().message));
    CHECK(made->attempts == 1);
    CHECK(made->check.problem_count == 0);
    auto copy = open_db(tmp.sub("backup"), read_only());
    CHECK(content(*copy) == content(*writer));
  }

  TEST_CASE("a live backup of a damaged database copies it once the damage shows twice") {
    TempDir tmp;
    auto writer = open_db(tmp.sub("data"));
    put_raw(*writer, Family::indexes, index_key(Index::task_state, "ERROR", new_uuid7()), "");
    auto made = backup_live(tmp.sub("data"), tmp.sub("backup"));
    REQUIRE(made.ok());
    CHECK(made->attempts == 2);
    CHECK(made->check.problem_count == 1);
    CHECK(std::filesystem::exists(tmp.sub("backup/CURRENT")));
    auto missing = backup_live(tmp.sub("none"), tmp.sub("backup2"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);
  }

  TEST_CASE("a backup refuses a directory that exists") {
    TempDir tmp;
    auto db = open_db(tmp.sub("data"));
    std::filesystem::create_directories(tmp.sub("backup"));
    auto made = backup_database(*db, tmp.sub("backup"));
    REQUIRE_FALSE(made.ok());
    CHECK(made.error().code == Errc::already_exists);
  }

  TEST_CASE("a restore refuses a data directory that is not empty") {
    TempDir tmp;
    {
      auto db = open_db(tmp.sub("data"));
      REQUIRE(backup_database(*db, tmp.sub("backup")).ok());
    }
    std::filesystem::create_directories(tmp.sub("busy"));
    std::ofstream(tmp.sub("busy/file")) << "x";
    auto restored = restore_database(tmp.sub("backup"), tmp.sub("busy"));
    REQUIRE_FALSE(restored.ok());
    CHECK(restored.error().code == Errc::invalid_state);
    CHECK(restore_database(tmp.sub("backup"), tmp.sub("data")).error().code ==
          Errc::invalid_state);
    std::filesystem::create_directories(tmp.sub("empty"));
    CHECK(restore_database(tmp.sub("backup"), tmp.sub("empty")).ok());
  }

  TEST_CASE("a restore from a directory without a database changes nothing") {
    TempDir tmp;
    std::filesystem::create_directories(tmp.sub("junk"));
    std::ofstream(tmp.sub("junk/CURRENT")) << "garbage\n";
    auto restored = restore_database(tmp.sub("junk"), tmp.sub("data"));
    REQUIRE_FALSE(restored.ok());
    CHECK(restored.error().message.find("does not hold a usable database") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp.sub("data")));
    CHECK_FALSE(restore_database(tmp.sub("absent"), tmp.sub("data")).ok());
  }
}

TEST_SUITE("storage.maintenance.read_only") {
  TEST_CASE("a read-only open never writes, compacts or creates a database") {
    TempDir tmp;
    auto missing = Database::open(tmp.sub("none"), read_only());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);
    CHECK_FALSE(std::filesystem::exists(tmp.sub("none")));
    { open_db(tmp.sub("data")); }
    auto db = open_db(tmp.sub("data"), read_only());
    CHECK(db->read_only());
    Batch batch;
    batch.put(Family::executions, "k", "v");
    auto written = db->write(std::move(batch));
    REQUIRE_FALSE(written.ok());
    CHECK(written.error().code == Errc::invalid_state);
    CHECK(db->compact().error().code == Errc::invalid_state);
  }
}

TEST_SUITE("storage.maintenance.upgrade") {
  TEST_CASE("an upgrade of a current database is a no-op") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto version = upgrade_database(*db);
    REQUIRE(version.ok());
    CHECK(*version == schema_version);
    CHECK(builtin_migrations().empty());
    CHECK(*stored_schema_version(*db) == schema_version);
  }

  TEST_CASE("an old database opens only for the maintenance tools") {
    TempDir tmp;
    {
      auto db = open_db(tmp.path());
      put_raw(*db, Family::meta, std::string(schema_version_key), "0");
    }
    auto refused = Database::open(tmp.path(), {});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("bora db upgrade") != std::string::npos);
    DatabaseOptions opts;
    opts.allow_old_schema = true;
    auto db = open_db(tmp.path(), opts);
    auto version = upgrade_database(*db);
    REQUIRE_FALSE(version.ok());
    CHECK(version.error().message == "no upgrade step from schema version 0");
  }

  TEST_CASE("test steps run in order, each rewriting records and bumping the version") {
    TempDir tmp;
    DatabaseOptions opts;
    opts.allow_old_schema = true;
    auto db = open_db(tmp.path(), opts);
    put_raw(*db, Family::meta, std::string(schema_version_key), "0");
    Environment env = test::sample_environment();
    env.description = "old";
    test::store(*db, env);
    std::vector<int64_t> seen;
    auto rename = [&](int64_t from, const char* text) {
      return MigrationStep{from, "rewrite descriptions", [&seen, from, text](const Database& d,
                                                                              Batch& batch) {
                             seen.push_back(*stored_schema_version(d));
                             auto stored = load<Environment>(d, "envA");
                             if (!stored.ok()) {
                               return Result<void>(stored.error());
                             }
                             Environment next = *stored;
                             next.description = std::string(text) + std::to_string(from);
                             return put_record(batch, next, &*stored);
                           }};
    };
    std::vector<MigrationStep> steps{rename(1, "second-"), rename(0, "first-")};
    auto version = upgrade_database(*db, steps, 2);
    REQUIRE(version.ok());
    CHECK(*version == 2);
    CHECK(seen == std::vector<int64_t>{0, 1});
    CHECK(*load<Environment>(*db, "envA")->description == "second-1");
    CHECK(*stored_schema_version(*db) == 2);
  }

  TEST_CASE("a failing step writes nothing and a missing step keeps the version reached") {
    TempDir tmp;
    DatabaseOptions opts;
    opts.allow_old_schema = true;
    auto db = open_db(tmp.path(), opts);
    put_raw(*db, Family::meta, std::string(schema_version_key), "0");
    MigrationStep ok_step{0, "no-op", [](const Database&, Batch&) { return Result<void>(); }};
    MigrationStep bad{1, "fails", [](const Database&, Batch& batch) {
                        batch.put(Family::environments, "half", "written");
                        return Result<void>(Error(Errc::io_error, "step failed"));
                      }};
    auto failed = upgrade_database(*db, {ok_step, bad}, 3);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message == "step failed");
    CHECK(*stored_schema_version(*db) == 1);
    CHECK_FALSE(test::present(*db, Family::environments, "half"));
    auto gap = upgrade_database(*db, {ok_step}, 3);
    REQUIRE_FALSE(gap.ok());
    CHECK(gap.error().code == Errc::invalid_state);
    CHECK(*stored_schema_version(*db) == 1);
  }

  TEST_CASE("an upgrade refuses a stored version above the target") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto version = upgrade_database(*db, {}, 0);
    REQUIRE_FALSE(version.ok());
    CHECK(version.error().code == Errc::invalid_state);
  }
}

}  // namespace bora::storage
