#pragma once

// Whole execution trees (root, task, action, sub-execution, its task, a
// timer) written to a real database, shared by the maintenance tests.

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "samples.hpp"
#include "storage/database.hpp"
#include "storage/tables.hpp"

namespace bora::storage::test {

inline std::unique_ptr<Database> open_db(const std::string& dir, DatabaseOptions opts = {}) {
  auto db = Database::open(dir, opts);
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
  return std::move(*db);
}

template <class R>
void store(Database& db, const R& record) {
  Batch batch;
  REQUIRE(put_record(batch, record).ok());
  REQUIRE(db.write(std::move(batch)).ok());
}

inline void put_raw(Database& db, Family family, const std::string& key, const std::string& value) {
  Batch batch;
  batch.put(family, key, value);
  REQUIRE(db.write(std::move(batch)).ok());
}

inline void remove_raw(Database& db, Family family, const std::string& key) {
  Batch batch;
  batch.remove(family, key);
  REQUIRE(db.write(std::move(batch)).ok());
}

/// A finished top-level execution with one task running an action and a
/// sub-workflow; the sub-execution has one task, targeted by a timer.
struct ExecutionTree {
  WorkflowExecution root;
  TaskExecution task;
  ActionExecution action;
  WorkflowExecution child;
  TaskExecution child_task;
  Timer timer;
};

inline ExecutionTree make_tree(State state, int64_t updated_at) {
  ExecutionTree t;
  t.root = sample_execution();
  t.root.task_execution_id.reset();
  t.root.root_execution_id.reset();
  t.root.state = state;
  t.root.created_at = updated_at - 1000;
  t.root.updated_at = updated_at;
  t.task = sample_task();
  t.task.workflow_execution_id = t.root.id;
  t.task.state = State::success;
  t.action = sample_action_execution();
  t.action.task_execution_id = t.task.id;
  t.child = sample_execution();
  t.child.task_execution_id = t.task.id;
  t.child.root_execution_id = t.root.id;
  t.child.state = state;
  t.child_task = sample_task();
  t.child_task.workflow_execution_id = t.child.id;
  t.timer = sample_timer();
  t.timer.target_id = t.child_task.id;
  return t;
}

inline void store_tree(Database& db, const ExecutionTree& t) {
  store(db, t.root);
  store(db, t.task);
  store(db, t.action);
  store(db, t.child);
  store(db, t.child_task);
  store(db, t.timer);
}

inline ExecutionTree add_tree(Database& db, State state, int64_t updated_at) {
  ExecutionTree t = make_tree(state, updated_at);
  store_tree(db, t);
  return t;
}

inline bool present(const Database& db, Family family, const std::string& key) {
  return db.get(family, key).ok();
}

}  // namespace bora::storage::test
