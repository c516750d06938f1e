#pragma once

#include <memory>
#include <string_view>

#include "dsl/action_spec.hpp"
#include "dsl/workflow_spec.hpp"

namespace bora::actors::workflow {

/// Where a running workflow finds the definitions it calls: sub-workflows and
/// ad-hoc actions. The engine implements it over the definitions it holds;
/// `bora run` over the parsed file. Called from the actor running the
/// workflow; implementations must not block and must be safe to call from
/// several actors at once.
class Catalog {
public:
  virtual ~Catalog() = default;
  /// Returns the workflow named exactly `name` in namespace `ns`, or null.
  virtual std::shared_ptr<const dsl::WorkflowSpec> find_workflow(std::string_view name,
                                                                 std::string_view ns) const = 0;
  /// Returns the ad-hoc action named exactly `name` in namespace `ns`, or null.
  virtual std::shared_ptr<const dsl::ActionSpec> find_action(std::string_view name,
                                                             std::string_view ns) const = 0;
};

}  // namespace bora::actors::workflow
