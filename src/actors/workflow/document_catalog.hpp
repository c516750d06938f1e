#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/workflow/catalog.hpp"

namespace bora::actors::workflow {

/// A catalog over a fixed set of definitions (the documents `bora run` was
/// given, or a test's). Immutable after construction; safe from any thread.
class DocumentCatalog : public Catalog {
public:
  /// Adds `workflows` and `actions` under namespace `ns`; a later definition
  /// with the same name replaces an earlier one.
  void add(const std::vector<std::shared_ptr<const dsl::WorkflowSpec>>& workflows,
           const std::vector<std::shared_ptr<const dsl::ActionSpec>>& actions,
           const std::string& ns = "");

  std::shared_ptr<const dsl::WorkflowSpec> find_workflow(std::string_view name,
                                                         std::string_view ns) const override;
  std::shared_ptr<const dsl::ActionSpec> find_action(std::string_view name,
                                                     std::string_view ns) const override;

private:
  using Key = std::pair<std::string, std::string>;  // namespace, name
  std::map<Key, std::shared_ptr<const dsl::WorkflowSpec>> workflows_;
  std::map<Key, std::shared_ptr<const dsl::ActionSpec>> actions_;
};

}  // namespace bora::actors::workflow
