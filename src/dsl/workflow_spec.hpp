#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "dsl/policy_spec.hpp"
#include "dsl/task_spec.hpp"
#include "dsl/template.hpp"
#include "dsl/transition_spec.hpp"

namespace bora::dsl {

/// The controller algorithm of a workflow.
enum class WorkflowType : uint8_t { direct = 1, reverse };

/// One declared parameter (workflow or ad-hoc action input). A parameter
/// without a default is required. Defaults are literals, never evaluated.
struct InputParam {
  std::string name;
  std::optional<boost::json::value> default_value;
};

/// `task-defaults`: policies, clauses, safe-rerun and requires applied to
/// every task that does not set its own.
struct TaskDefaultsSpec {
  PoliciesSpec policies;
  std::optional<ClauseSpec> on_success;
  std::optional<ClauseSpec> on_error;
  std::optional<ClauseSpec> on_complete;
  std::optional<PolicyValue> safe_rerun;
  std::vector<std::string>
  requires;

  /// Returns the clause of `kind` (nullptr when absent).
  const ClauseSpec* clause(ClauseKind kind) const {
    const auto& c = kind == ClauseKind::on_success ? on_success
                    : kind == ClauseKind::on_error ? on_error
                                                   : on_complete;
    return c ? &*c : nullptr;
  }
};

/// One workflow, as written. Immutable once built and shared between every
/// execution through `std::shared_ptr<const WorkflowSpec>`; safe to read from
/// any thread.
struct WorkflowSpec {
  /// The stored name: `wb.name` for a workbook item, else the key.
  std::string name;
  WorkflowType type = WorkflowType::direct;
  std::string description;
  std::vector<std::string> tags;
  std::vector<InputParam> input;
  std::optional<ValueTemplate> output;
  std::optional<ValueTemplate> output_on_error;
  std::optional<ValueTemplate> vars;
  std::optional<TaskDefaultsSpec> task_defaults;
  /// Tasks in definition order.
  std::vector<std::shared_ptr<const TaskSpec>> tasks;
  /// The YAML text stored as this workflow's definition.
  std::string definition;

  /// Returns the task named `name`, or nullptr. O(log n).
  const TaskSpec* find_task(std::string_view name) const;

  /// Returns the transitions `task` takes for `kind`: its own clause's
  /// `next` when not empty, else the task-defaults clause without items
  /// naming the task itself (Mistral's rule).
  std::vector<const TransitionSpec*> transitions(const TaskSpec& task, ClauseKind kind) const;

  /// Returns the names of every target of every clause of `task` (with
  /// task-defaults applied), without duplicates, in first-seen order.
  std::vector<std::string_view> outbound_names(const TaskSpec& task) const;

  /// Reverse workflows: the task's `requires` plus task-defaults `requires`,
  /// minus the task itself, without duplicates.
  std::vector<std::string_view> requires_of(const TaskSpec& task) const;

  /// Builds the name index; called once by the parser after `tasks` is final.
  void index_tasks();

private:
  std::map<std::string, std::size_t, std::less<>> task_index_;
};

}  // namespace bora::dsl
