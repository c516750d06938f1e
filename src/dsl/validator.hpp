#pragma once

// Internal to the parser: the semantic checks (phase 3) and the compilation
// of expression slots (phase 4).

#include <memory>
#include <string>
#include <vector>

#include "dsl/action_spec.hpp"
#include "dsl/parse_context.hpp"
#include "dsl/workflow_spec.hpp"

namespace bora::dsl {

/// Checks the task graph of one workflow: start tasks, transition and
/// requires targets, join counts, unsupported actions. `short_name` is the
/// name Mistral prints (the key, not the workbook-qualified name).
void validate_workflow(ParseContext& ctx, const WorkflowSpec& wf, const std::string& short_name);

/// Checks ad-hoc actions of one document: unsupported bases and base cycles.
/// `workbook` is the workbook name ("" for an action list); a base `x` in a
/// workbook refers to `<workbook>.x` first.
void validate_actions(ParseContext& ctx,
                      const std::vector<std::shared_ptr<const ActionSpec>>& actions,
                      const std::string& workbook);

/// Compiles every registered expression slot, adding a located diagnostic
/// for each syntax error.
void compile_slots(ParseContext& ctx);

/// Returns true for the system actions Bora does not run (yet).
bool is_unsupported_action(std::string_view name);

}  // namespace bora::dsl
