#include "actors/workflow/shared_catalog.hpp"

#include <mutex>

namespace bora::actors::workflow {

void SharedCatalog::put_workflow(const std::string& ns,
                                 std::shared_ptr<const dsl::WorkflowSpec> spec) {
  std::unique_lock lock(mutex_);
  workflows_[{ns, spec->name}] = std::move(spec);
}

void SharedCatalog::put_action(const std::string& ns, std::shared_ptr<const dsl::ActionSpec> spec) {
  std::unique_lock lock(mutex_);
  actions_[{ns, spec->name}] = std::move(spec);
}

void SharedCatalog::remove_workflow(const std::string& ns, const std::string& name) {
  std::unique_lock lock(mutex_);
  workflows_.erase({ns, name});
}

void SharedCatalog::remove_action(const std::string& ns, const std::string& name) {
  std::unique_lock lock(mutex_);
  actions_.erase({ns, name});
}

std::shared_ptr<const dsl::WorkflowSpec> SharedCatalog::find_workflow(std::string_view name,
                                                                      std::string_view ns) const {
  std::shared_lock lock(mutex_);
  auto it = workflows_.find(Key{std::string(ns), std::string(name)});
  return it == workflows_.end() ? nullptr : it->second;
}

std::shared_ptr<const dsl::ActionSpec> SharedCatalog::find_action(std::string_view name,
                                                                  std::string_view ns) const {
  std::shared_lock lock(mutex_);
  auto it = actions_.find(Key{std::string(ns), std::string(name)});
  return it == actions_.end() ? nullptr : it->second;
}

}  // namespace bora::actors::workflow
