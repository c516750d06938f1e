// `bora db ...`: runs the real binary on data directories filled by
// `bora run --data DIR`, and checks the JSON on stdout and the exit codes
// (0 ok, 1 damage or failure, 2 usage).

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <boost/json.hpp>

#include "../support/temp_dir.hpp"
#include "process.hpp"
#include "storage/database.hpp"
#include "storage/ids.hpp"
#include "storage/tables.hpp"

using bora::test::ProcessResult;
using bora::test::run_command;
using bora::test::shell_quote;

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
namespace storage = bora::storage;

const char* const flow_yaml = R"(version: '2.0'
flow:
  tasks:
    first:
      action: std.echo output="one"
      on-success: [second]
    second:
      action: std.noop
)";

// A temporary directory with a definition file and a data directory holding
// the runs made so far.
struct DbFixture {
  bora::test::TempDir dir;
  std::string file = dir.sub("flow.yaml");
  std::string data = dir.sub("data");

  DbFixture() {
    std::ofstream(file) << flow_yaml;
  }

  void run_flow() const {
    ProcessResult r =
        run_command(std::string(BORA_BINARY) + " run " + shell_quote(file) + " --data " +
                    shell_quote(data));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }

  ProcessResult db(const std::string& args, const std::string& data_dir = "") const {
    std::string target = data_dir.empty() ? data : data_dir;
    return run_command(std::string(BORA_BINARY) + " db " + args + " --data " +
                       shell_quote(target));
  }
};

json::object stdout_object(const ProcessResult& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.out, ec);
  REQUIRE_MESSAGE((!ec && v.is_object()), "stdout: " << r.out << "\nstderr: " << r.err);
  return v.as_object();
}

uint64_t family_keys(const json::object& stats, const std::string& family) {
  for (const auto& f : stats.at("families").as_array()) {
    if (f.at("family") == family.c_str()) {
      return f.at("keys").to_number<uint64_t>();
    }
  }
  return 0;
}

// Opens the data directory in this process (holding its lock) for writing.
std::unique_ptr<storage::Database> open_here(const std::string& dir) {
  auto db = storage::Database::open(dir, {});
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
  return std::move(*db);
}

std::string first_key(const storage::Database& db, storage::Family family,
                      const std::string& prefix) {
  auto keys = storage::list_keys(db, family, prefix, "", 1);
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 1);
  return keys->front();
}

}  // namespace

TEST_SUITE("cli.db") {
  TEST_CASE("check passes on a database filled by bora run and prints counts") {
    DbFixture f;
    f.run_flow();
    f.run_flow();
    ProcessResult r = f.db("check");
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    json::object report = stdout_object(r);
    CHECK(report.at("ok") == true);
    CHECK(report.at("problem_count") == 0);
    CHECK(report.at("records").to_number<uint64_t>() >= 2 + 4 + 4);
  }

  TEST_CASE("check reports a deleted index entry and a stray one and exits 1") {
    DbFixture f;
    f.run_flow();
    {
      auto db = open_here(f.data);
      std::string entry = first_key(*db, storage::Family::indexes, "task_state/");
      storage::Batch batch;
      batch.remove(storage::Family::indexes, entry);
      batch.put(storage::Family::indexes,
                storage::index_key(storage::Index::exec_workflow, "ghost", "not-there"), "");
      REQUIRE(db->write(std::move(batch)).ok());
    }
    ProcessResult r = f.db("check");
    CHECK(r.exit_code == 1);
    json::object report = stdout_object(r);
    CHECK(report.at("ok") == false);
    CHECK(report.at("problem_count") == 2);
    std::string problems = json::serialize(report.at("problems"));
    CHECK(problems.find("is missing") != std::string::npos);
    CHECK(problems.find("points at missing executions record not-there") != std::string::npos);
  }

  TEST_CASE("stats prints every family and the executions per state") {
    DbFixture f;
    f.run_flow();
    ProcessResult r = f.db("stats");
    CHECK(r.exit_code == 0);
    json::object stats = stdout_object(r);
    CHECK(stats.at("schema_version") == storage::schema_version);
    CHECK(stats.at("families").as_array().size() == storage::family_count);
    CHECK(family_keys(stats, "executions") == 1);
    CHECK(family_keys(stats, "tasks") == 2);
    CHECK(stats.at("executions_by_state").at("SUCCESS") == 1);
    CHECK(stats.at("disk_bytes").to_number<uint64_t>() > 0);
  }

  TEST_CASE("backup works while another process holds the database, and restore copies it") {
    DbFixture f;
    f.run_flow();
    auto held = open_here(f.data);
    ProcessResult locked = f.db("upgrade");
    CHECK(locked.exit_code == 1);
    CHECK(locked.err.find("lock") != std::string::npos);
    std::string backup = f.dir.sub("backups/b1");
    ProcessResult made = f.db("backup " + shell_quote(backup));
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    CHECK(stdout_object(made).at("backup") == backup.c_str());
    CHECK(stdout_object(made).at("problem_count") == 0);
    ProcessResult again = f.db("backup " + shell_quote(backup));
    CHECK(again.exit_code == 1);
    held.reset();
    std::string restored = f.dir.sub("restored");
    ProcessResult copied = f.db("restore " + shell_quote(backup), restored);
    REQUIRE_MESSAGE(copied.exit_code == 0, copied.err);
    CHECK(f.db("check", restored).exit_code == 0);
    json::object original = stdout_object(f.db("stats"));
    json::object copy = stdout_object(f.db("stats", restored));
    CHECK(copy.at("executions_by_state") == original.at("executions_by_state"));
    for (const char* family : {"executions", "tasks", "action_executions", "indexes"}) {
      CHECK(family_keys(copy, family) == family_keys(original, family));
    }
    ProcessResult busy = f.db("restore " + shell_quote(backup));
    CHECK(busy.exit_code == 1);
    CHECK(busy.err.find("not empty") != std::string::npos);
  }

  TEST_CASE("backups stay consistent while a writer keeps writing and compacting") {
    DbFixture f;
    f.run_flow();
    auto held = open_here(f.data);
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::thread writer([&] {
      for (int round = 0; !stop; ++round) {
        storage::Batch batch;
        for (int i = 0; i < 200; ++i) {
          storage::WorkflowExecution e;
          e.id = storage::new_uuid7();
          e.workflow_name = "load";
          e.state = storage::State::success;
          e.created_at = 1'795'887'773'000 + round;
          failures += storage::put_record(batch, e).ok() ? 0 : 1;
        }
        failures += held->write(std::move(batch)).ok() ? 0 : 1;
        if (round % 10 == 9) {
          failures += held->compact().ok() ? 0 : 1;
        }
      }
    });
    for (int i = 0; i < 3; ++i) {
      std::string backup = f.dir.sub("b" + std::to_string(i));
      ProcessResult made = f.db("backup " + shell_quote(backup));
      CHECK_MESSAGE(made.exit_code == 0, made.err);
      ProcessResult checked = f.db("check", backup);
      CHECK_MESSAGE(checked.exit_code == 0, checked.out << checked.err);
    }
    stop = true;
    writer.join();
    CHECK(failures == 0);
  }

  TEST_CASE("a missing data directory is an error and is never created") {
    DbFixture f;
    for (const char* cmd : {"check", "stats", "upgrade", "compact", "expire --max-finished 1"}) {
      ProcessResult r = f.db(cmd);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find("no database in") != std::string::npos);
    }
    CHECK(f.db("backup " + shell_quote(f.dir.sub("b"))).exit_code == 1);
    CHECK_FALSE(fs::exists(f.data));
    CHECK_FALSE(fs::exists(f.dir.sub("b")));
  }

  TEST_CASE("a corrupted data directory gives a clear error, not an empty database") {
    DbFixture f;
    f.run_flow();
    std::ofstream(f.data + "/CURRENT", std::ios::trunc) << "MANIFEST-999999\n";
    ProcessResult r = f.db("check");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("database in") != std::string::npos);
    CHECK(r.out.empty());
  }

  TEST_CASE("expire deletes the oldest finished runs beyond --max-finished") {
    DbFixture f;
    f.run_flow();
    f.run_flow();
    f.run_flow();
    ProcessResult r = f.db("expire --max-finished 1 --batch 1 --compact");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    json::object out = stdout_object(r);
    CHECK(out.at("deleted") == 2);
    CHECK(out.at("executions").as_array().size() == 2);
    CHECK(out.contains("disk_bytes_after"));
    json::object stats = stdout_object(f.db("stats"));
    CHECK(family_keys(stats, "executions") == 1);
    CHECK(family_keys(stats, "tasks") == 2);
    CHECK(f.db("check").exit_code == 0);
    ProcessResult young = f.db("expire --older-than 60");
    CHECK(young.exit_code == 0);
    CHECK(stdout_object(young).at("deleted") == 0);
  }

  TEST_CASE("expire without a limit or with a bad state is a usage error") {
    DbFixture f;
    f.run_flow();
    CHECK(f.db("expire").exit_code == 2);
    CHECK(f.db("expire --older-than 0").exit_code == 2);
    ProcessResult bad = f.db("expire --older-than 5 --ignore-state RUNNING");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("not a finished state") != std::string::npos);
    CHECK(f.db("expire --older-than 5 --ignore-state nope").exit_code == 2);
    CHECK(f.db("frobnicate").exit_code == 2);
  }

  TEST_CASE("upgrade of a current database reports the version unchanged") {
    DbFixture f;
    f.run_flow();
    ProcessResult r = f.db("upgrade");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    json::object out = stdout_object(r);
    CHECK(out.at("from") == storage::schema_version);
    CHECK(out.at("schema_version") == storage::schema_version);
  }
}
