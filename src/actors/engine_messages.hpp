#pragma once

// Plain value types exchanged by the engine, execution, executor and
// scheduler actors, with CAF 0.17 `inspect` hooks (no CAF include). JSON
// values travel as their text so that every message can cross nodes.

#include <cstddef>
#include <cstdint>
#include <string>

#include "storage/records.hpp"

namespace bora::actors {

/// Deepest nesting accepted in a start's input and params JSON (records
/// allow deeper values; evaluation has its own limits).
inline constexpr size_t max_input_depth = 1000;

/// Asks an executor to run one system action (workflow::ActionCall on the wire).
struct ActionRequest {
  std::string action_ex_id;
  std::string task_ex_id;
  std::string execution_id;
  std::string workflow_name;
  std::string action;
  std::string input;      ///< JSON object text (checked input)
  double timeout = -1;    ///< seconds; negative: none
  std::string target;     ///< executor selector; empty: any
  bool safe_rerun = false;
  /// Recovery of an async action that was waiting when the process
  /// stopped: do not run it again, only wait for its outside completion.
  bool await_only = false;
  /// Recovery of a delayed action (std.sleep, std.echo with a delay): when
  /// its first run started (ms since the epoch); its delay counts from
  /// then. 0: now.
  int64_t started_at = 0;
};

/// The result of one action run (actions::ActionResult on the wire). An
/// outside completion of an async action may also carry `paused` or
/// `resumed`: the action is not done, its task and workflow pause or resume.
struct ActionDone {
  static constexpr uint8_t paused = 4;
  static constexpr uint8_t resumed = 5;
  std::string action_ex_id;
  uint8_t kind = 1;   ///< actions::ResultKind, or paused / resumed
  std::string value;  ///< JSON text
};

/// Starts a workflow execution.
struct StartCommand {
  std::string workflow;     ///< workflow name
  std::string ns;           ///< namespace ("" = default)
  std::string input;        ///< JSON object text
  std::string params;       ///< JSON object text (env, task_name, ...)
  std::string description;
  std::string workflow_id;  ///< recorded on the execution; may be empty
  std::string id;           ///< the client's chosen id; empty: a new UUIDv7
};

/// How a sub-workflow ended, sent to its parent execution.
struct ChildDone {
  std::string child_id;
  std::string state;       ///< API state string
  std::string output;      ///< JSON text
  bool has_info = false;
  std::string state_info;
};

/// A user command on one execution (semantics.md §4, §5).
struct ExecCommand {
  /// pause_action / resume_action name the action execution in `task_ex_id`;
  /// child_rerun names the task in `task_ex_id` and its sub-workflow, which
  /// is running again after a rerun inside it, in `msg`. update sets the
  /// description (`msg`, when has_msg) and merges `env` into params.env.
  enum Op : uint8_t {
    pause = 1,
    resume,
    cancel,
    fail,
    succeed,
    rerun,
    pause_action,
    resume_action,
    child_rerun,
    update
  };
  std::string execution_id;
  uint8_t op = pause;
  bool has_msg = false;
  std::string msg;
  std::string env;        ///< JSON object text, empty when none
  std::string task_ex_id; ///< rerun only
  bool reset = true;      ///< rerun only
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ActionRequest& x) {
  return f(x.action_ex_id, x.task_ex_id, x.execution_id, x.workflow_name, x.action, x.input,
           x.timeout, x.target, x.safe_rerun, x.await_only, x.started_at);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ActionDone& x) {
  return f(x.action_ex_id, x.kind, x.value);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, StartCommand& x) {
  return f(x.workflow, x.ns, x.input, x.params, x.description, x.workflow_id, x.id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ChildDone& x) {
  return f(x.child_id, x.state, x.output, x.has_info, x.state_info);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ExecCommand& x) {
  return f(x.execution_id, x.op, x.has_msg, x.msg, x.env, x.task_ex_id, x.reset);
}

}  // namespace bora::actors
