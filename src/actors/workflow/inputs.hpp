#pragma once

// Starting an execution: input checks, env evaluation and the new record
// (semantics.md §2 steps 1-3). Pure functions, used by the engine before a
// Run exists so that a bad request is refused before anything is stored.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "dsl/workflow_spec.hpp"
#include "result.hpp"
#include "storage/records.hpp"

namespace bora::actors::workflow {

/// Checks `input` against declared parameters `params` and returns it with
/// defaults filled in (defaults are literals, never evaluated). Fails
/// (invalid_argument) with Mistral's text
/// `Invalid input [name=<name>, class=<cls>, missing=['a'], unexpected=['b']]`.
Result<boost::json::object> check_input(const std::vector<dsl::InputParam>& params,
                                        const boost::json::object& input, std::string_view name,
                                        std::string_view cls);

/// Returns Mistral's class name of a workflow spec for input errors.
std::string_view spec_class(const dsl::WorkflowSpec& spec);

/// Evaluates every string of `env` once with `$` = {"__env": env}
/// (semantics.md §8); returns it unchanged when `evaluate` is false.
Result<boost::json::value> evaluate_env(const boost::json::value& env, bool evaluate);

/// Evaluates the workflow's `vars` for `record` (its context holding
/// `__execution`) with `$` = env, context, input; returns `{}` without vars.
Result<boost::json::value> evaluate_vars(const dsl::WorkflowSpec& spec,
                                         const storage::WorkflowExecution& record,
                                         const boost::json::value& env);

/// Sets `record.context` to `__execution` plus the evaluated vars. Fails
/// (invalid_argument) with the evaluation error.
Result<void> init_context(const dsl::WorkflowSpec& spec, storage::WorkflowExecution& record,
                          const boost::json::value& env);

/// What a new top-level execution is made of.
struct StartRequest {
  /// The execution's id; empty: a new UUIDv7.
  std::string id;
  std::string workflow_id;
  boost::json::object input;
  /// `env` (already resolved to a map), `task_name`, `namespace`, ...
  boost::json::object params;
  std::string description;
  std::string ns;
};

/// Checks the request against `spec` (input, reverse target, env, vars) and
/// makes the execution record in state IDLE with a new id and its context. Fails with
/// invalid_argument and Mistral's message.
Result<storage::WorkflowExecution> new_execution(const dsl::WorkflowSpec& spec,
                                                 StartRequest request);

}  // namespace bora::actors::workflow
