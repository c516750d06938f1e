#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "actors/workflow/catalog.hpp"

namespace bora::actors::workflow {

/// A catalog that changes while executions run: the server's definitions,
/// updated by the API as workflows, workbooks and actions are created,
/// updated and deleted. Lookups and changes may come from any thread; a
/// running execution keeps the spec it started with (specs are immutable and
/// shared), so replacing a definition never disturbs it.
class SharedCatalog : public Catalog {
public:
  /// Adds or replaces workflow `spec` in namespace `ns`.
  void put_workflow(const std::string& ns, std::shared_ptr<const dsl::WorkflowSpec> spec);
  /// Adds or replaces action `spec` in namespace `ns`.
  void put_action(const std::string& ns, std::shared_ptr<const dsl::ActionSpec> spec);
  /// Removes workflow `name` of `ns` (nothing when absent).
  void remove_workflow(const std::string& ns, const std::string& name);
  /// Removes action `name` of `ns` (nothing when absent).
  void remove_action(const std::string& ns, const std::string& name);

  std::shared_ptr<const dsl::WorkflowSpec> find_workflow(std::string_view name,
                                                         std::string_view ns) const override;
  std::shared_ptr<const dsl::ActionSpec> find_action(std::string_view name,
                                                     std::string_view ns) const override;

private:
  using Key = std::pair<std::string, std::string>;  // namespace, name
  mutable std::shared_mutex mutex_;
  std::map<Key, std::shared_ptr<const dsl::WorkflowSpec>, std::less<>> workflows_;
  std::map<Key, std::shared_ptr<const dsl::ActionSpec>, std::less<>> actions_;
};

}  // namespace bora::actors::workflow
