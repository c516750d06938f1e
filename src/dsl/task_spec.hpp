#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "dsl/policy_spec.hpp"
#include "dsl/template.hpp"
#include "dsl/transition_spec.hpp"

namespace bora::dsl {

/// `join` of a direct-workflow task: none, `all`, or a count (`one` is 1).
enum class JoinKind : uint8_t { none = 1, all, count };

/// One `with-items` variable: `var in [json list]` or `var in <% expr %>`.
struct WithItemsSpec {
  std::string var;
  /// Set for the expression form.
  std::shared_ptr<const CompiledString> expr;
  /// The literal list of the `[...]` form.
  boost::json::array list;
};

/// One task of a workflow, as written. Immutable once built; shared by every
/// execution of the workflow through `std::shared_ptr<const TaskSpec>`.
struct TaskSpec {
  std::string name;
  std::string description;
  std::vector<std::string> tags;

  /// True for `workflow:` tasks (sub-workflow), false for action tasks.
  bool is_workflow = false;
  /// The action or sub-workflow name as written (without inline
  /// parameters); `std.noop` for a task that names neither.
  std::string callee_text;
  /// The same name compiled; it may be an expression.
  std::shared_ptr<const CompiledString> callee;
  /// Inline parameters of `action:`/`workflow:` (`name k=v ...`) as an object.
  /// They win over `input` on a key clash; the engine merges the two.
  ValueTemplate inline_params;
  /// `input` as a map (absent when not a map).
  std::optional<ValueTemplate> input;
  /// `input` as a string expression that must evaluate to a map.
  std::shared_ptr<const CompiledString> input_expr;

  std::optional<ValueTemplate> publish;
  std::optional<ValueTemplate> publish_on_error;

  /// Direct workflows only.
  std::optional<ClauseSpec> on_success;
  std::optional<ClauseSpec> on_error;
  std::optional<ClauseSpec> on_complete;
  JoinKind join = JoinKind::none;
  /// Inbound tasks to wait for when join == count.
  uint32_t join_count = 0;

  /// Reverse workflows only: names of required tasks, as written.
  std::vector<std::string>
  requires;

  /// Zipped with-items variables, in definition order (empty: no with-items).
  std::vector<WithItemsSpec> with_items;
  PoliciesSpec policies;
  /// Absent means true (keep-result) / fall back to task-defaults (safe-rerun).
  std::optional<PolicyValue> keep_result;
  std::optional<PolicyValue> safe_rerun;
  /// Executor selector; null when absent.
  std::shared_ptr<const CompiledString> target;

  /// Returns the clause of `kind` (nullptr when the task has none).
  const ClauseSpec* clause(ClauseKind kind) const {
    const auto& c = kind == ClauseKind::on_success ? on_success
                    : kind == ClauseKind::on_error ? on_error
                                                   : on_complete;
    return c ? &*c : nullptr;
  }
};

}  // namespace bora::dsl
