#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "../support/temp_dir.hpp"
#include "execution_tree.hpp"
#include "storage/maintenance.hpp"

namespace bora::storage {

namespace {

using bora::test::TempDir;
using test::add_tree;
using test::ExecutionTree;
using test::open_db;
using test::present;

constexpr int64_t minute = 60'000;
constexpr int64_t now = 1'000 * minute;

// Returns true when no record of `t` is left, nor any index entry or timer.
bool gone(const Database& db, const ExecutionTree& t) {
  return !present(db, Family::executions, t.root.id) &&
         !present(db, Family::executions, t.child.id) && !present(db, Family::tasks, t.task.id) &&
         !present(db, Family::tasks, t.child_task.id) &&
         !present(db, Family::action_executions, t.action.id) &&
         !present(db, Family::timers, primary_key(t.timer));
}

bool intact(const Database& db, const ExecutionTree& t) {
  return present(db, Family::executions, t.root.id) &&
         present(db, Family::executions, t.child.id) && present(db, Family::tasks, t.task.id) &&
         present(db, Family::tasks, t.child_task.id) &&
         present(db, Family::action_executions, t.action.id) &&
         present(db, Family::timers, primary_key(t.timer));
}

std::vector<std::string> expire_ok(Database& db, const RetentionPolicy& p) {
  auto deleted = expire_executions(db, p, now);
  REQUIRE_MESSAGE(deleted.ok(), (deleted.ok() ? "" : deleted.error().message));
  return *deleted;
}

uint64_t index_count(const Database& db) {
  uint64_t n = 0;
  ScanRange all;
  all.limit = SIZE_MAX;
  REQUIRE(db.scan(Family::indexes, all, [&](std::string_view, std::string_view) {
                ++n;
                return true;
              }).ok());
  return n;
}

RetentionPolicy older_than(int64_t minutes) {
  RetentionPolicy p;
  p.older_than_minutes = minutes;
  return p;
}

RetentionPolicy keep_latest(uint64_t n) {
  RetentionPolicy p;
  p.max_finished_executions = n;
  return p;
}

}  // namespace

TEST_SUITE("storage.maintenance.retention") {
  TEST_CASE("older_than deletes finished roots past the limit with everything under them") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto old = add_tree(*db, State::success, now - 61 * minute);
    auto recent = add_tree(*db, State::success, now - 59 * minute);
    CHECK(expire_ok(*db, older_than(60)) == std::vector<std::string>{old.root.id});
    CHECK(gone(*db, old));
    CHECK(intact(*db, recent));
    CHECK(index_count(*db) == 13);
    auto report = check_database(*db);
    REQUIRE(report.ok());
    CHECK(report->problem_count == 0);
  }

  TEST_CASE("unfinished roots and sub-executions are never candidates") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    std::vector<ExecutionTree> kept;
    for (State s : {State::running, State::paused, State::idle, State::waiting, State::delayed}) {
      kept.push_back(add_tree(*db, s, now - 500 * minute));
    }
    // A finished child of a running root stays with its root.
    kept.front().child.state = State::success;
    test::store(*db, kept.front().child);
    CHECK(expire_ok(*db, older_than(1)).empty());
    CHECK(expire_ok(*db, keep_latest(1)).empty());
    for (const auto& t : kept) {
      CHECK(intact(*db, t));
    }
  }

  TEST_CASE("the age of a never-updated execution is its creation time") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto t = test::make_tree(State::error, now);
    t.root.updated_at.reset();
    t.root.created_at = now - 90 * minute;
    test::store_tree(*db, t);
    CHECK(expire_ok(*db, older_than(60)) == std::vector<std::string>{t.root.id});
  }

  TEST_CASE("max_finished_executions keeps the most recently updated ones") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    std::vector<ExecutionTree> trees;
    for (int i = 0; i < 5; ++i) {
      State s = i % 2 == 0 ? State::success : State::cancelled;
      trees.push_back(add_tree(*db, s, now - (10 - i) * minute));
    }
    auto running = add_tree(*db, State::running, now - 100 * minute);
    auto deleted = expire_ok(*db, keep_latest(2));
    CHECK(deleted == std::vector<std::string>{trees[0].root.id, trees[1].root.id,
                                              trees[2].root.id});
    CHECK(gone(*db, trees[2]));
    CHECK(intact(*db, trees[3]));
    CHECK(intact(*db, trees[4]));
    CHECK(intact(*db, running));
    CHECK(expire_ok(*db, keep_latest(2)).empty());
  }

  TEST_CASE("both limits apply: the expired ones first, then the count among the rest") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto a = add_tree(*db, State::success, now - 300 * minute);
    auto b = add_tree(*db, State::success, now - 200 * minute);
    auto c = add_tree(*db, State::success, now - 30 * minute);
    auto d = add_tree(*db, State::success, now - 20 * minute);
    auto e = add_tree(*db, State::success, now - 10 * minute);
    RetentionPolicy p = older_than(60);
    p.max_finished_executions = 2;
    CHECK(expire_ok(*db, p) == std::vector<std::string>{a.root.id, b.root.id, c.root.id});
    CHECK(intact(*db, d));
    CHECK(intact(*db, e));
  }

  TEST_CASE("ignored states are kept whatever their age") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto failed = add_tree(*db, State::error, now - 300 * minute);
    auto cancelled = add_tree(*db, State::cancelled, now - 300 * minute);
    auto done = add_tree(*db, State::success, now - 300 * minute);
    RetentionPolicy p = older_than(60);
    p.ignored_states = {State::error, State::cancelled};
    CHECK(expire_ok(*db, p) == std::vector<std::string>{done.root.id});
    CHECK(intact(*db, failed));
    CHECK(intact(*db, cancelled));
  }

  TEST_CASE("batches of batch_size roots delete every expired root in order") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    std::vector<std::string> expected;
    for (int i = 0; i < 7; ++i) {
      expected.push_back(add_tree(*db, State::success, now - (100 - i) * minute).root.id);
    }
    RetentionPolicy p = older_than(60);
    p.batch_size = 3;
    CHECK(expire_ok(*db, p) == expected);
    CHECK(index_count(*db) == 0);
  }

  TEST_CASE("a bad policy is refused and a policy without limits deletes nothing") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto t = add_tree(*db, State::success, now - 300 * minute);
    auto zero = expire_executions(*db, older_than(0), now);
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error().code == Errc::invalid_argument);
    RetentionPolicy running = older_than(5);
    running.ignored_states = {State::running};
    auto bad_state = expire_executions(*db, running, now);
    REQUIRE_FALSE(bad_state.ok());
    CHECK(bad_state.error().message.find("RUNNING is not a finished state") != std::string::npos);
    CHECK(expire_ok(*db, RetentionPolicy{}).empty());
    CHECK(expire_ok(*db, keep_latest(0)).empty());
    CHECK(intact(*db, t));
  }
}

TEST_SUITE("storage.maintenance.delete_tree") {
  TEST_CASE("deleting a tree removes sub-executions found only through exec_root") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto t = add_tree(*db, State::success, now);
    WorkflowExecution loose = test::sample_execution();  // its parent task is unknown
    loose.root_execution_id = t.root.id;
    test::store(*db, loose);
    Timer on_root = test::sample_timer();
    on_root.target_id = t.root.id;
    test::store(*db, on_root);
    Batch batch;
    REQUIRE(delete_execution_tree(*db, t.root.id, batch).ok());
    REQUIRE(db->write(std::move(batch)).ok());
    CHECK(gone(*db, t));
    CHECK_FALSE(present(*db, Family::executions, loose.id));
    CHECK_FALSE(present(*db, Family::timers, primary_key(on_root)));
    CHECK(index_count(*db) == 0);
  }

  TEST_CASE("dangling index entries met on the way are deleted too") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto t = add_tree(*db, State::success, now);
    std::string ghost = new_uuid7();
    test::put_raw(*db, Family::indexes, index_key(Index::task_wf_exec, t.root.id, ghost), "");
    test::put_raw(*db, Family::indexes, index_key(Index::action_task, t.task.id, ghost), "");
    Batch batch;
    REQUIRE(delete_execution_tree(*db, t.root.id, batch).ok());
    REQUIRE(db->write(std::move(batch)).ok());
    CHECK(index_count(*db) == 0);
  }

  TEST_CASE("stale state entries of deleted executions and tasks go with them") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto t = add_tree(*db, State::success, now - 5 * minute);
    test::put_raw(*db, Family::indexes, index_key(Index::exec_state, "IDLE", t.child.id), "");
    test::put_raw(*db, Family::indexes, index_key(Index::task_state, "RUNNING", t.task.id), "");
    CHECK(expire_ok(*db, older_than(1)) == std::vector<std::string>{t.root.id});
    CHECK(index_count(*db) == 0);
  }

  TEST_CASE("deleting an absent execution is not_found and adds nothing") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    Batch batch;
    auto r = delete_execution_tree(*db, new_uuid7(), batch);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::not_found);
    CHECK(batch.empty());
  }

  TEST_CASE("an unreadable task stops the deletion with io_error and adds nothing") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    auto t = add_tree(*db, State::success, now);
    test::put_raw(*db, Family::tasks, t.task.id, "not json");
    Batch batch;
    auto r = delete_execution_tree(*db, t.root.id, batch);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::io_error);
    CHECK(batch.empty());
  }
}

// Disk use before and after expiring 100k finished executions (each with a
// task and an action execution), then compacting. Skipped by default; run:
//   build/test/storage/test_storage -ts=storage.maintenance.measure --no-skip
TEST_SUITE("storage.maintenance.measure" * doctest::skip()) {
  TEST_CASE("expiring and compacting 100k finished executions returns the disk space") {
    TempDir tmp;
    auto db = open_db(tmp.path());
    constexpr int total = 100'000;
    for (int i = 0; i < total; i += 1000) {
      Batch batch;
      for (int j = i; j < i + 1000; ++j) {
        ExecutionTree t = test::make_tree(State::success, now - 120 * minute);
        REQUIRE(put_record(batch, t.root).ok());
        REQUIRE(put_record(batch, t.task).ok());
        REQUIRE(put_record(batch, t.action).ok());
      }
      REQUIRE(db->write(std::move(batch)).ok());
    }
    REQUIRE(db->compact().ok());
    uint64_t before = *directory_bytes(tmp.path());
    auto start = std::chrono::steady_clock::now();
    RetentionPolicy p = older_than(60);
    p.batch_size = 1000;
    auto deleted = expire_executions(*db, p, now);
    REQUIRE(deleted.ok());
    auto expired = std::chrono::steady_clock::now();
    uint64_t after_delete = *directory_bytes(tmp.path());
    REQUIRE(db->compact().ok());
    auto compacted = std::chrono::steady_clock::now();
    uint64_t after = *directory_bytes(tmp.path());
    using ms = std::chrono::milliseconds;
    std::printf("executions=%zu before=%llu after_expire=%llu after_compact=%llu "
                "expire_ms=%lld compact_ms=%lld\n",
                deleted->size(), static_cast<unsigned long long>(before),
                static_cast<unsigned long long>(after_delete),
                static_cast<unsigned long long>(after),
                static_cast<long long>(std::chrono::duration_cast<ms>(expired - start).count()),
                static_cast<long long>(
                    std::chrono::duration_cast<ms>(compacted - expired).count()));
    CHECK(deleted->size() == total);
    CHECK(after < before / 10);
  }
}

}  // namespace bora::storage
