#include "storage/tables.hpp"

#include <doctest/doctest.h>

#include "samples.hpp"
#include "../support/temp_dir.hpp"

namespace bora::storage {

namespace {

using bora::test::TempDir;

std::unique_ptr<Database> open_ok(const std::string& dir) {
  auto db = Database::open(dir, {});
  REQUIRE(db.ok());
  return std::move(*db);
}

template <class R>
void store(Database& db, const R& record, const R* previous = nullptr) {
  Batch batch;
  REQUIRE(put_record(batch, record, previous).ok());
  REQUIRE(db.write(std::move(batch)).ok());
}

std::vector<std::string> ids_with(const Database& db, Index index, const std::string& value,
                                  const std::string& marker = "", size_t limit = 100) {
  auto ids = list_index(db, index, value, marker, limit);
  REQUIRE(ids.ok());
  return *ids;
}

}  // namespace

TEST_SUITE("storage.tables") {
  TEST_CASE("a record and its index entries appear in one write") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    WorkflowExecution ex = test::sample_execution();
    Batch batch;
    REQUIRE(put_record(batch, ex).ok());
    CHECK(batch.ops().size() == 1 + index_keys(ex).size());
    CHECK(index_keys(ex).size() == 5);
    CHECK_FALSE(db->get(Family::indexes, index_keys(ex)[0]).ok());
    REQUIRE(db->write(std::move(batch)).ok());
    for (const std::string& key : index_keys(ex)) {
      CHECK(db->get(Family::indexes, key).ok());
    }
    auto loaded = load<WorkflowExecution>(*db, ex.id);
    REQUIRE(loaded.ok());
    CHECK(encode(*loaded) == encode(ex));
    CHECK(ids_with(*db, Index::exec_state, "RUNNING") == std::vector<std::string>{ex.id});
    CHECK(ids_with(*db, Index::exec_workflow, "wf1") == std::vector<std::string>{ex.id});
    CHECK(ids_with(*db, Index::exec_task, *ex.task_execution_id) ==
          std::vector<std::string>{ex.id});
    CHECK(ids_with(*db, Index::exec_root, *ex.root_execution_id) ==
          std::vector<std::string>{ex.id});
  }

  TEST_CASE("a state change moves the record between state index entries") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    TaskExecution task = test::sample_task();
    task.state = State::running;
    store(*db, task);
    TaskExecution done = task;
    done.state = State::success;
    store(*db, done, &task);
    CHECK(ids_with(*db, Index::task_state, "RUNNING").empty());
    CHECK(ids_with(*db, Index::task_state, "SUCCESS") == std::vector<std::string>{task.id});
    CHECK(ids_with(*db, Index::task_wf_exec, task.workflow_execution_id).size() == 1);
    CHECK(load<TaskExecution>(*db, task.id)->state == State::success);
  }

  TEST_CASE("two updates of one record merged into a group commit stay consistent") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    WorkflowExecution v1 = test::sample_execution();
    v1.state = State::idle;
    store(*db, v1);
    WorkflowExecution v2 = v1;
    v2.state = State::running;
    WorkflowExecution v3 = v2;
    v3.state = State::success;
    Batch first;
    REQUIRE(put_record(first, v2, &v1).ok());
    Batch second;
    REQUIRE(put_record(second, v3, &v2).ok());
    first.append(std::move(second));
    REQUIRE(db->write(std::move(first)).ok());
    CHECK(ids_with(*db, Index::exec_state, "IDLE").empty());
    CHECK(ids_with(*db, Index::exec_state, "RUNNING").empty());
    CHECK(ids_with(*db, Index::exec_state, "SUCCESS") == std::vector<std::string>{v1.id});
  }

  TEST_CASE("index listing pages with a marker and a limit in creation order") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    std::string wf_ex = new_uuid7();
    std::vector<std::string> made;
    for (int i = 0; i < 7; ++i) {
      TaskExecution t = test::sample_task();
      t.id = new_uuid7();
      t.workflow_execution_id = wf_ex;
      store(*db, t);
      made.push_back(t.id);
    }
    TaskExecution stranger = test::sample_task();
    store(*db, stranger);
    auto page1 = ids_with(*db, Index::task_wf_exec, wf_ex, "", 3);
    CHECK(page1 == std::vector<std::string>(made.begin(), made.begin() + 3));
    auto page2 = ids_with(*db, Index::task_wf_exec, wf_ex, page1.back(), 3);
    CHECK(page2 == std::vector<std::string>(made.begin() + 3, made.begin() + 6));
    auto page3 = ids_with(*db, Index::task_wf_exec, wf_ex, page2.back(), 3);
    CHECK(page3 == std::vector<std::string>{made[6]});
    CHECK(ids_with(*db, Index::task_wf_exec, wf_ex, made[6], 3).empty());
  }

  TEST_CASE("index listing pages newest first when descending") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    std::vector<std::string> made;
    for (int i = 0; i < 5; ++i) {
      ActionExecution ae = test::sample_action_execution();
      ae.id = new_uuid7();
      ae.task_execution_id = "task";
      store(*db, ae);
      made.push_back(ae.id);
    }
    ActionExecution other = test::sample_action_execution();
    other.task_execution_id = "tasl";  // sorts right after "task"
    store(*db, other);
    auto page1 = list_index(*db, Index::action_task, "task", "", 2, Order::descending);
    REQUIRE(page1.ok());
    CHECK(*page1 == std::vector<std::string>{made[4], made[3]});
    auto page2 = list_index(*db, Index::action_task, "task", page1->back(), 10, Order::descending);
    REQUIRE(page2.ok());
    CHECK(*page2 == std::vector<std::string>{made[2], made[1], made[0]});
  }

  TEST_CASE("the created_at index lists newest first with a time bound and a marker") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    std::vector<WorkflowExecution> made;
    for (int64_t created : {1000, 2000, 2000, 3000}) {
      WorkflowExecution ex = test::sample_execution();
      ex.id = new_uuid7();
      ex.created_at = created;
      store(*db, ex);
      made.push_back(ex);
    }
    auto newest =
        list_numeric_index(*db, Index::exec_created, UINT64_MAX, "", 10, Order::descending);
    REQUIRE(newest.ok());
    REQUIRE(newest->size() == 4);
    CHECK((*newest)[0].key == made[3].id);
    CHECK((*newest)[3].key == made[0].id);
    auto up_to = list_numeric_index(*db, Index::exec_created, 2000, "", 2, Order::descending);
    REQUIRE(up_to.ok());
    REQUIRE(up_to->size() == 2);
    CHECK((*up_to)[0].key == made[2].id);
    CHECK((*up_to)[1].key == made[1].id);
    auto next =
        list_numeric_index(*db, Index::exec_created, 2000, made[1].id, 2, Order::descending);
    REQUIRE(next.ok());
    REQUIRE(next->size() == 1);
    CHECK((*next)[0].key == made[0].id);
  }

  TEST_CASE("the created_at index orders executions by time even with client-chosen ids") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    WorkflowExecution late = test::sample_execution();
    late.id = "00000000-0000-4000-8000-000000000001";
    late.created_at = 2000;
    WorkflowExecution early = test::sample_execution();
    early.id = "ffffffff-0000-4000-8000-000000000002";
    early.created_at = 1000;
    store(*db, late);
    store(*db, early);
    auto all = list_numeric_index(*db, Index::exec_created, 0, "", 10);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].key == early.id);
    CHECK((*all)[0].number == 1000);
    CHECK((*all)[1].key == late.id);
    auto after = list_numeric_index(*db, Index::exec_created, 1000, early.id, 10);
    REQUIRE(after.ok());
    REQUIRE(after->size() == 1);
    CHECK((*after)[0].key == late.id);
    auto from = list_numeric_index(*db, Index::exec_created, 1500, "", 10);
    REQUIRE(from.ok());
    CHECK(from->size() == 1);
  }

  TEST_CASE("deleting a record removes its index entries with it") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    ActionExecution ae = test::sample_action_execution();
    store(*db, ae);
    CHECK(ids_with(*db, Index::action_task, *ae.task_execution_id).size() == 1);
    Batch batch;
    delete_record(batch, ae);
    REQUIRE(db->write(std::move(batch)).ok());
    auto gone = load<ActionExecution>(*db, ae.id);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == Errc::not_found);
    CHECK(ids_with(*db, Index::action_task, *ae.task_execution_id).empty());
    auto rest = list_keys(*db, Family::indexes, "", "", 100);
    REQUIRE(rest.ok());
    CHECK(rest->empty());
  }

  TEST_CASE("definitions are found by key and by id, and a rename moves both") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    WorkflowDefinition wf = test::sample_workflow();
    store(*db, wf);
    auto by_id = ids_with(*db, Index::definition_id, wf.id);
    REQUIRE(by_id.size() == 1);
    CHECK(load<WorkflowDefinition>(*db, by_id[0])->name == "wb.wf1");
    WorkflowDefinition renamed = wf;
    renamed.name = "wb/other";
    store(*db, renamed, &wf);
    CHECK_FALSE(load<WorkflowDefinition>(*db, primary_key(wf)).ok());
    by_id = ids_with(*db, Index::definition_id, wf.id);
    REQUIRE(by_id.size() == 1);
    CHECK(by_id[0] == definition_key(DefinitionKind::workflow, "team/a", "wb/other"));
    auto listed = list_keys(*db, Family::definitions,
                            definition_prefix(DefinitionKind::workflow, "team/a"), "", 10);
    REQUIRE(listed.ok());
    CHECK(*listed == by_id);
  }

  TEST_CASE("environments and cron triggers are keyed by name") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    store(*db, test::sample_environment());
    CronTrigger cron = test::sample_cron();
    store(*db, cron);
    CHECK(load<Environment>(*db, "envA")->variables.at("greeting") == "hi");
    CHECK(load<CronTrigger>(*db, "nightly")->pattern == "*/5 * * * *");
    CHECK(ids_with(*db, Index::cron_id, cron.id) == std::vector<std::string>{"nightly"});
    CHECK(ids_with(*db, Index::cron_workflow, cron.workflow_id) ==
          std::vector<std::string>{"nightly"});
  }

  TEST_CASE("due timers come back earliest first and only up to now") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    for (int64_t due : {3000, 1000, 2000, 5000}) {
      Timer t = test::sample_timer();
      t.due_at = due;
      store(*db, t);
    }
    auto due = due_timers(*db, 3000, 10);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 3);
    CHECK((*due)[0].due_at == 1000);
    CHECK((*due)[2].due_at == 3000);
    auto limited = due_timers(*db, 10'000, 2);
    REQUIRE(limited.ok());
    CHECK(limited->size() == 2);
    Batch batch;
    delete_record(batch, (*due)[0]);
    REQUIRE(db->write(std::move(batch)).ok());
    CHECK(due_timers(*db, 1000, 10)->empty());
  }

  TEST_CASE("records with bad ids or names are refused before anything is written") {
    Batch batch;
    WorkflowExecution ex = test::sample_execution();
    ex.id = "0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B";
    CHECK(put_record(batch, ex).error().code == Errc::invalid_argument);
    Environment env = test::sample_environment();
    env.name = "";
    CHECK_FALSE(put_record(batch, env).ok());
    Timer t = test::sample_timer();
    t.due_at = -1;
    CHECK_FALSE(put_record(batch, t).ok());
    CHECK(batch.empty());
  }

  TEST_CASE("an unreadable stored record is reported, not half-read") {
    TempDir tmp;
    auto db = open_ok(tmp.path());
    std::string id = new_uuid7();
    Batch batch;
    batch.put(Family::executions, id, "{\"v\": 1}");
    REQUIRE(db->write(std::move(batch)).ok());
    auto loaded = load<WorkflowExecution>(*db, id);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == Errc::io_error);
  }

}  // TEST_SUITE

}  // namespace bora::storage
