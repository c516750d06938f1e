#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/template.hpp"
#include "dsl/workflow_spec.hpp"

namespace bora::dsl {

/// An ad-hoc action: a named wrapper around a base action (system or ad-hoc)
/// with fixed base input and an optional output transformation. Immutable;
/// shared through `std::shared_ptr<const ActionSpec>`.
struct ActionSpec {
  /// The stored name: `wb.name` for a workbook item, else the key.
  std::string name;
  std::string description;
  std::vector<std::string> tags;
  /// The base action name (without inline parameters).
  std::string base;
  /// Inline parameters of `base` (`std.echo output=...`) as an object; they
  /// win over `base_input` on a key clash.
  ValueTemplate base_params;
  /// `base-input`, evaluated with `$` = this action's input.
  std::optional<ValueTemplate> base_input;
  /// Declared parameters.
  std::vector<InputParam> input;
  /// `output` (any value), evaluated with `$` = the base action's result.
  std::optional<ValueTemplate> output;
  /// The YAML text stored as this action's definition.
  std::string definition;
};

}  // namespace bora::dsl
