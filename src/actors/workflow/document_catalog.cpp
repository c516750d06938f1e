#include "actors/workflow/document_catalog.hpp"

namespace bora::actors::workflow {

void DocumentCatalog::add(const std::vector<std::shared_ptr<const dsl::WorkflowSpec>>& workflows,
                          const std::vector<std::shared_ptr<const dsl::ActionSpec>>& actions,
                          const std::string& ns) {
  for (const auto& w : workflows) {
    workflows_[{ns, w->name}] = w;
  }
  for (const auto& a : actions) {
    actions_[{ns, a->name}] = a;
  }
}

std::shared_ptr<const dsl::WorkflowSpec> DocumentCatalog::find_workflow(std::string_view name,
                                                                        std::string_view ns) const {
  auto it = workflows_.find({std::string(ns), std::string(name)});
  return it == workflows_.end() ? nullptr : it->second;
}

std::shared_ptr<const dsl::ActionSpec> DocumentCatalog::find_action(std::string_view name,
                                                                    std::string_view ns) const {
  auto it = actions_.find({std::string(ns), std::string(name)});
  return it == actions_.end() ? nullptr : it->second;
}

}  // namespace bora::actors::workflow
