#pragma once

// Private to the workflow controller: the in-memory state of one task
// execution next to its stored record.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "actors/workflow/view.hpp"
#include "dsl/action_spec.hpp"
#include "dsl/task_spec.hpp"
#include "storage/records.hpp"

namespace bora::actors::workflow {

/// One action execution or sub-workflow execution of a task.
struct Child {
  std::string id;
  int64_t index = 0;
  storage::State state = storage::State::running;
  /// Counts towards the task's result (set when its result is taken).
  bool accepted = false;
  /// The action's `output.result`, or the sub-workflow's output.
  boost::json::value result;
  /// The action execution record while the task runs (action tasks only).
  std::optional<storage::ActionExecution> action;
  /// Ad-hoc actions called, outermost first (their `output` applies inner first).
  std::vector<std::shared_ptr<const dsl::ActionSpec>> chain;
};

/// A task execution as the controller keeps it.
struct TaskRt {
  storage::TaskExecution rec;
  const dsl::TaskSpec* spec = nullptr;
  /// State of the last written version (index upkeep); empty: never written.
  std::optional<storage::State> written_state;
  bool dirty = false;
  /// Bumped by a rerun: timers of an earlier run are ignored.
  int64_t epoch = 0;

  // -- with-items ---
  bool with_items = false;
  std::vector<std::string> item_vars;
  std::vector<boost::json::array> item_lists;
  int64_t count = 1;
  int64_t next_index = 0;
  int64_t running = 0;
  int64_t capacity = 0;  ///< 0: all at once
  /// Indexes still to start, in order (a with-items rerun starts only some).
  std::vector<int64_t> queued;
  /// The task's view while its items start, built once per run of the task:
  /// each item's variables are set in it and taken out again, so starting an
  /// item never copies the (possibly large) input and contexts.
  std::optional<View> item_view;
  int64_t view_version = -1;

  std::vector<Child> children;
  /// Position in `children` by child id.
  std::unordered_map<std::string, size_t> child_pos;

  // -- policies ---
  int64_t retry_no = 0;
  bool wait_after_done = false;
  bool timeout_armed = false;
  /// The delay the task waits on ("wait_before", "wait_after", "retry"), if any.
  std::string pending_delay;
  /// For wait-after: the state and state_info the task completes with again.
  storage::State pending_state = storage::State::success;
  std::optional<std::string> pending_info;
  /// A pause-before stop is in effect (resume starts it without policies).
  bool paused_before = false;
};

}  // namespace bora::actors::workflow
