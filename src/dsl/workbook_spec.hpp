#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/action_spec.hpp"
#include "dsl/workflow_spec.hpp"

namespace bora::dsl {

/// A workbook: a named group of workflows and ad-hoc actions whose items are
/// stored as `<workbook>.<item>`. Immutable once built.
struct WorkbookSpec {
  std::string name;
  std::string description;
  std::vector<std::string> tags;
  std::vector<std::shared_ptr<const WorkflowSpec>> workflows;
  std::vector<std::shared_ptr<const ActionSpec>> actions;
  /// The whole workbook text as given.
  std::string definition;
};

}  // namespace bora::dsl
