#pragma once

// The controller of one workflow execution: Mistral's semantics as a plain
// state machine, with no actor, no thread and no storage call inside.
//
// The execution actor owns one Run. It feeds it events (start, an action's
// result, a timer, a sub-workflow's end, a user command), then asks it for
// the records changed by the event (`write`, one atomic batch) and for the
// effects to carry out (`take_effects`): actions to run, timers to arm,
// sub-workflows to start or command. The actor writes the batch first and
// carries out the effects only once the store has acknowledged it
// (write-ahead), so what others see never runs ahead of the disk.
//
// Memory: a Run holds its execution record, its task execution records and
// the action executions of the tasks still running; action records of
// finished tasks are dropped once written.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "actors/actions/action_result.hpp"
#include "actors/workflow/catalog.hpp"
#include "actors/workflow/view.hpp"
#include "dsl/workflow_spec.hpp"
#include "result.hpp"
#include "storage/batch.hpp"
#include "storage/image.hpp"
#include "storage/records.hpp"

namespace bora::actors::workflow {

class Host;
struct TaskRt;
struct Child;



/// An action to run, produced by a Run for the executor.
struct ActionCall {
  std::string action_ex_id;
  std::string task_ex_id;
  std::string execution_id;
  std::string workflow_name;
  /// The system action to run (the end of an ad-hoc chain).
  std::string action;
  /// Its checked input (defaults filled).
  boost::json::object input;
  /// Task `timeout` policy in seconds, if any.
  std::optional<double> timeout;
  /// Evaluated `target`, empty when none.
  std::string target;
  bool safe_rerun = false;
  /// Only wait for the outside completion of an async action (recovery).
  bool await_only = false;
  /// Recovery: when the first run started (a delay counts from then); 0: now.
  int64_t started_at = 0;
};

/// A sub-workflow to start: its record (IDLE, written in the same batch as
/// the parent task) and its spec.
struct ChildCall {
  std::shared_ptr<const dsl::WorkflowSpec> spec;
  storage::WorkflowExecution record;
  /// The root execution's env, which the sub-workflow reads.
  boost::json::value root_env;
};

/// A command for a running sub-workflow.
struct ChildCommand {
  enum class Op : uint8_t { pause = 1, resume, cancel };
  std::string child_id;
  Op op = Op::pause;
  std::optional<std::string> msg;
};

/// What the execution actor must do after writing an event's batch.
struct Effects {
  std::vector<ActionCall> actions;
  /// Timers to arm (their records are in the batch already).
  std::vector<storage::Timer> timers;
  std::vector<ChildCall> children;
  std::vector<ChildCommand> child_commands;
  /// Task state changes, in order, when watching is on: {"task", "id", "state"}.
  std::vector<boost::json::object> watch;

  bool empty() const {
    return actions.empty() && timers.empty() && children.empty() && child_commands.empty() &&
           watch.empty();
  }
};

/// How a sub-workflow ended, reported to its parent's Run.
struct ChildOutcome {
  std::string child_id;
  storage::State state = storage::State::success;
  boost::json::value output;
  std::optional<std::string> state_info;
};

/// One workflow execution's controller. Not thread-safe: one owner.
class Run {
public:
  /// Makes the controller of `record` (a new execution in state IDLE, whose
  /// input is checked and params built, see inputs.hpp) running `spec`.
  /// `catalog` must outlive the Run. `root_env` is the env of the root
  /// execution (`params.env` of the root; sub-workflows read the root's).
  Run(std::shared_ptr<const dsl::WorkflowSpec> spec, storage::WorkflowExecution record,
      const Catalog* catalog, boost::json::value root_env);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  /// Rebuilds the state of a stored execution from its image; the Run must
  /// have been made from `image.execution` and received no event yet. Tasks
  /// whose definition no longer exists in the spec are skipped.
  void restore(const storage::ExecutionImage& image);

  // -- events ---

  /// Records that the execution's current record is stored already (a
  /// sub-workflow written by its parent), so the first write replaces its
  /// index entries.
  void mark_written() { exec_written_ = exec_; }
  /// Starts the execution: evaluates `vars`, goes RUNNING and launches the
  /// start tasks. Fails (the record then holds ERROR) when `vars` or the
  /// reverse target cannot be evaluated; the caller reports it.
  Result<void> start();
  /// Continues an execution brought back from storage after the process
  /// stopped (call after restore): a sub-workflow that never started starts;
  /// stored `timers` (this execution's) are armed again for their original
  /// due time; with-items tasks queue the items not yet started; actions that
  /// were running run again when that is safe (their task says safe-rerun,
  /// or the action has no effect outside: std.noop, std.echo, std.sleep,
  /// std.fail, std.test_dict; a delay counts from the original start), async
  /// actions wait for their completion again, and any other action fails
  /// with a message saying why; a sub-workflow that ended while its parent
  /// was not told is delivered to it.
  void recover(const storage::ExecutionImage& image, const std::vector<storage::Timer>& timers);
  /// Delivers the result of action execution `action_ex_id`. Unknown or
  /// already completed action executions fail with not_found/invalid_state.
  Result<void> on_action_result(const std::string& action_ex_id, actions::ActionResult result);
  /// An async action was set PAUSED (true) or back to RUNNING (false) from
  /// outside: its task and the workflow pause or resume with it.
  Result<void> on_action_paused(const std::string& action_ex_id, bool paused);
  /// Delivers a timer armed by this Run (ignored when no longer relevant).
  void on_timer(const storage::Timer& timer);
  /// Delivers the end of a sub-workflow started by this Run.
  void on_child_finished(const ChildOutcome& outcome);
  /// Sub-workflow `child_id` of task execution `task_ex_id` runs again after
  /// a rerun inside it: the task and this execution go back to RUNNING.
  Result<void> on_child_rerun(const std::string& task_ex_id, const std::string& child_id);
  /// A sub-workflow went PAUSED (true) or back to RUNNING (false).
  void on_child_paused(const std::string& child_id, bool paused);

  // -- user commands (semantics.md §4, §5) ---

  /// Pauses the execution (and its running sub-workflows).
  Result<void> pause();
  /// Resumes a PAUSED or IDLE execution, merging `env` into params.env.
  Result<void> resume(const boost::json::object* env);
  /// Sets the description (when given) and deep-merges `env` (when given)
  /// into params.env. The env may change only in IDLE, PAUSED or ERROR
  /// (forbidden otherwise, with Mistral's message).
  Result<void> update(const std::optional<std::string>& description,
                      const boost::json::object* env);
  /// Cancels the execution with `msg` as state_info.
  Result<void> cancel(std::optional<std::string> msg);
  /// Fails a RUNNING execution by force.
  Result<void> force_fail(std::optional<std::string> msg);
  /// Succeeds a RUNNING execution by force.
  Result<void> force_succeed(std::optional<std::string> msg);
  /// Reruns task execution `task_ex_id` (state ERROR). `reset` false reruns
  /// only the failed with-items items.
  Result<void> rerun(const std::string& task_ex_id, bool reset, const boost::json::object* env);

  // -- output ---

  /// Adds every record changed since the last call to `batch`.
  Result<void> write(storage::Batch& batch);
  /// Returns and clears the effects gathered since the last call.
  Effects take_effects();
  /// Turns on the task transition feed (Effects::watch).
  void set_watch(bool on) { watch_ = on; }

  // -- reading ---

  const storage::WorkflowExecution& record() const { return exec_; }
  const dsl::WorkflowSpec& spec() const { return *spec_; }
  /// Returns the task execution records in creation order.
  std::vector<const storage::TaskExecution*> tasks() const;
  /// Returns true once the execution reached SUCCESS, ERROR or CANCELLED.
  bool completed() const;
  /// Returns the children of task execution `task_ex_id` (action executions
  /// or sub-workflows) as a JSON list of {id, state, index, kind}.
  boost::json::array children_of(const std::string& task_ex_id) const;
  /// Returns true while an action or sub-workflow of any task still runs.
  bool has_running_children() const;
  /// Returns the ids of sub-workflows started and not finished.
  std::vector<std::string> running_children() const;

private:
  friend class Host;

  // run.cpp: lifecycle of the execution.
  void set_state(storage::State to, std::optional<std::string> info);
  void check_completion();
  void finish_success(std::optional<std::string> info);
  void finish_error(std::optional<std::string> msg);
  void finish_cancelled(std::optional<std::string> msg);
  void force_fail_task(TaskRt& t, const std::string& msg);
  boost::json::object final_context() const;
  std::string failure_message() const;
  void dispatch_backlog();

  // run_tasks.cpp: creating and starting tasks.
  TaskRt& new_task(const dsl::TaskSpec& spec, boost::json::object in_context, storage::State s);
  void launch(const dsl::TaskSpec& spec, boost::json::object in_context);
  void start_task(TaskRt& t, bool before_policies);
  void run_task(TaskRt& t);
  bool prepare_items(TaskRt& t);
  void start_item(TaskRt& t, int64_t index);
  Result<void> start_action_item(TaskRt& t, int64_t index, const boost::json::value& input,
                                 const std::string& name, const View& item);
  Result<void> start_workflow_item(TaskRt& t, int64_t index, const boost::json::value& input,
                                   const std::string& name);
  Result<boost::json::value> task_input(TaskRt& t, const View& view);
  View& item_view(TaskRt& t);
  void start_reverse();
  void launch_reverse_ready();

  // run_complete.cpp: results, completion, publish, policies, transitions.
  void item_finished(TaskRt& t);
  void recover_task(TaskRt& t, const storage::ExecutionImage& image);
  Result<ActionCall> resume_call(TaskRt& t, Child& c);
  void pause_task_for_child(TaskRt& t, bool paused);
  void complete_task(TaskRt& t, storage::State state, std::optional<std::string> info);
  Result<bool> after_policies(TaskRt& t);
  Result<void> publish(TaskRt& t);
  void process_transitions(TaskRt& t);
  void run_commands(TaskRt& t, std::vector<std::pair<const dsl::TransitionSpec*, int>>& cmds);
  void route_to(TaskRt& from, const std::string& target);
  void evaluate_joins();
  void evaluate_join(TaskRt& j);
  boost::json::value task_result(const TaskRt& t) const;

  // context.cpp: what `$` sees.
  boost::json::object outbound(const TaskRt& t) const;
  View task_view(const TaskRt& t, const boost::json::object* items) const;
  View publish_view(const TaskRt& t) const;
  View transition_view(const TaskRt& t) const;
  View output_view(const boost::json::object& final_ctx) const;
  Result<boost::json::value> eval(const dsl::ValueTemplate& tpl, const View& view,
                                  const TaskRt* t) const;
  Result<boost::json::value> eval(const dsl::CompiledString& s, const View& view,
                                  const TaskRt* t) const;
  boost::json::object env() const;

  TaskRt* find_task(const std::string& id);
  TaskRt* latest_task(std::string_view name) const;
  const std::vector<TaskRt*>& tasks_named(std::string_view name) const;
  const std::vector<const dsl::TaskSpec*>& inbound_of(const std::string& name);
  bool reachable(const dsl::TaskSpec& s, std::vector<std::string>& visiting);
  Result<boost::json::value> policy(TaskRt& t, std::optional<dsl::PolicyValue> dsl::PoliciesSpec::*member);
  Result<double> policy_seconds(TaskRt& t, std::optional<dsl::PolicyValue> dsl::PoliciesSpec::*member, const char* cls);
  std::string run_error(const TaskRt& t, const std::string& msg) const;
  std::string completion_error(const TaskRt& t, const std::string& msg) const;
  void touch(TaskRt& t);
  void watch_event(const TaskRt& t);
  void arm_timer(TaskRt& t, const std::string& kind, double seconds);

  std::shared_ptr<const dsl::WorkflowSpec> spec_;
  storage::WorkflowExecution exec_;
  const Catalog* catalog_;
  boost::json::value root_env_;

  std::vector<std::unique_ptr<TaskRt>> tasks_;
  std::unordered_map<std::string, TaskRt*> by_id_;
  std::unordered_map<std::string, TaskRt*> by_action_;
  std::unordered_map<std::string, TaskRt*> by_child_;
  std::map<std::string, std::vector<TaskRt*>, std::less<>> named_;
  std::map<std::string, std::vector<const dsl::TaskSpec*>> inbound_;
  std::map<std::string, TaskRt*, std::less<>> joins_;

  // Commands held back by `pause` or a pause of the workflow: (from task id, target).
  std::vector<std::pair<std::string, std::string>> backlog_;
  /// `triggered_by` of the next task new_task makes (then cleared).
  boost::json::array trigger_;
  std::vector<std::string> reverse_pending_;

  // -- write-ahead bookkeeping ---
  bool exec_dirty_ = true;
  std::optional<storage::WorkflowExecution> exec_written_;
  std::vector<TaskRt*> dirty_tasks_;
  std::vector<storage::ActionExecution> action_writes_;
  std::vector<storage::WorkflowExecution> child_writes_;
  std::vector<storage::Timer> timer_puts_;
  std::vector<storage::Timer> timer_deletes_;
  Effects effects_;
  bool watch_ = false;
  /// Bumped whenever the workflow context or env changes (cached views).
  int64_t context_version_ = 0;
  bool in_completion_ = false;
};

}  // namespace bora::actors::workflow
