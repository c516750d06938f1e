#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "dsl/action_spec.hpp"
#include "dsl/workbook_spec.hpp"
#include "dsl/workflow_spec.hpp"
#include "result.hpp"

namespace bora::dsl {

/// Most diagnostics one parse reports; later problems are not listed.
inline constexpr std::size_t max_diagnostics = 100;
/// Most tasks one workflow may declare.
inline constexpr std::size_t max_tasks_per_workflow = 10'000;
/// Most workflows or actions one document may declare.
inline constexpr std::size_t max_items_per_document = 10'000;

/// The three kinds of definition documents.
enum class DocumentKind : uint8_t { workflows = 1, workbook, actions };

/// A parsed document of any kind (what `bora validate` checks).
struct Document {
  DocumentKind kind = DocumentKind::workflows;
  /// Set for workbooks.
  std::shared_ptr<const WorkbookSpec> workbook;
  /// The workflows (a workbook's too, with qualified names).
  std::vector<std::shared_ptr<const WorkflowSpec>> workflows;
  /// The ad-hoc actions (a workbook's too, with qualified names).
  std::vector<std::shared_ptr<const ActionSpec>> actions;
};

// Every function below is pure: no I/O, no shared state; safe from any
// thread. `file` is only used to label the result. On failure the Error's
// code is Errc::parse_error (YAML syntax), Errc::limit_exceeded (a limit of
// yaml_loader.hpp or above) or Errc::invalid_definition; its message is
// Mistral's message for the first problem and its diagnostics list every
// problem found (at most max_diagnostics), each with line, column and the
// dotted path of user keys (`wf1.tasks.t2.on-success`).

/// Parses and validates a workbook (`/v2/workbooks`).
Result<std::shared_ptr<const WorkbookSpec>> parse_workbook(std::string_view text,
                                                           std::string_view file);

/// Parses and validates a workflow list (`/v2/workflows`).
Result<std::vector<std::shared_ptr<const WorkflowSpec>>> parse_workflows(std::string_view text,
                                                                         std::string_view file);

/// Parses and validates an ad-hoc action list (`/v2/actions`).
Result<std::vector<std::shared_ptr<const ActionSpec>>> parse_actions(std::string_view text,
                                                                     std::string_view file);

/// Detects the kind of document and parses it: a top level with a `name`,
/// `workflows` or `actions` key is a workbook; one whose every entry other
/// than `version` is a map with a `base` key (and no `tasks`) is an action
/// list; anything else is a workflow list.
Result<Document> parse_document(std::string_view text, std::string_view file);

}  // namespace bora::dsl
