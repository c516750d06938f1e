#pragma once

// Internal to the parser: builders that turn YAML nodes into specs. Each
// validates its node the way Mistral's schema does (adding SchemaErrors),
// fills the spec for the parts that are valid, and registers expression
// slots in the ParseContext for the last phase.

#include <memory>
#include <string>
#include <vector>

#include "dsl/action_spec.hpp"
#include "dsl/parse_context.hpp"
#include "dsl/task_spec.hpp"
#include "dsl/workflow_spec.hpp"

namespace bora::dsl {

struct WorkbookSpec;

/// Validates a transition clause value (one of its four forms).
bool check_clause(const YamlNode& node, const std::string& path, uint32_t depth,
                  std::vector<SchemaError>& out);
/// Fills `out` from a clause that passed check_clause. `out` must already be
/// at its final address (slots point into it).
void fill_clause(ParseContext& ctx, const YamlNode& node, const std::string& path, ClauseSpec& out);

/// Validates `retry` (map or one-line string).
bool check_retry(const YamlNode& node, const std::string& path, uint32_t depth,
                 std::vector<SchemaError>& out);
/// Checks and fills the policy keys found in `map` (task or task-defaults).
void fill_policies(ParseContext& ctx, const YamlNode& map, const std::string& path,
                   PoliciesSpec& out, std::vector<SchemaError>& errors);
/// Registers a literal-or-expression value.
void fill_policy_value(ParseContext& ctx, const YamlNode& node, const std::string& path,
                       PolicyValue& out);

/// Builds one task (schema errors reported as one spec).
std::shared_ptr<TaskSpec> build_task(ParseContext& ctx, const YamlEntry& entry, WorkflowType type,
                                     const std::string& path);

/// Reads `with-items` of the task `entry` (already checked) into `task`.
void fill_with_items(ParseContext& ctx, const YamlEntry& entry, WorkflowType type,
                     const std::string& path, TaskSpec& task);

/// Returns Python's repr of a task's data as Mistral prints it in task-level
/// messages (its keys plus the injected type, name and version).
std::string task_repr(const YamlEntry& entry, WorkflowType type);

/// Builds task-defaults.
void build_task_defaults(ParseContext& ctx, const YamlNode& node, const std::string& path,
                         TaskDefaultsSpec& out);

/// Builds one workflow from its entry (`name: body`); `name` is the stored
/// (possibly qualified) name. Returns nullptr when the body is unusable.
std::shared_ptr<WorkflowSpec> build_workflow(ParseContext& ctx, const YamlEntry& entry,
                                             const std::string& name, const std::string& path);

/// Builds a workbook from the document root (`text` is the whole text).
/// Returns nullptr when the document level is unusable.
std::shared_ptr<WorkbookSpec> build_workbook(ParseContext& ctx, std::string_view text,
                                             const YamlNode& root);

/// Builds one ad-hoc action.
std::shared_ptr<ActionSpec> build_action(ParseContext& ctx, const YamlEntry& entry,
                                         const std::string& name, const std::string& path);

/// Reads an `input` list (already checked) into parameters.
std::vector<InputParam> read_input_params(ParseContext& ctx, const YamlNode& node,
                                          const std::string& path);

/// Returns the node's text (strings) or Python's str() of its value.
std::string scalar_text(const YamlNode& node);

/// Registers the inline parameters of a command string as a value slot.
void register_inline_params(ParseContext& ctx, const TextPos& pos, const std::string& path,
                            const boost::json::object& params,
                            const std::vector<std::pair<std::string, uint32_t>>& offsets,
                            ValueTemplate* out);

/// Returns the code-point count of text[0, bytes).
uint32_t code_points(std::string_view text, std::size_t bytes);

}  // namespace bora::dsl
