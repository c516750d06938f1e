#include "dsl/workflow_spec.hpp"

#include <algorithm>

namespace bora::dsl {

EngineCommand engine_command_of(std::string_view word) {
  if (word == "fail") {
    return EngineCommand::fail;
  }
  if (word == "succeed") {
    return EngineCommand::succeed;
  }
  if (word == "pause") {
    return EngineCommand::pause;
  }
  if (word == "noop") {
    return EngineCommand::noop;
  }
  return EngineCommand::none;
}

const TaskSpec* WorkflowSpec::find_task(std::string_view name) const {
  auto it = task_index_.find(name);
  return it == task_index_.end() ? nullptr : tasks[it->second].get();
}

void WorkflowSpec::index_tasks() {
  task_index_.clear();
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    task_index_.emplace(tasks[i]->name, i);
  }
}

std::vector<const TransitionSpec*> WorkflowSpec::transitions(const TaskSpec& task,
                                                             ClauseKind kind) const {
  std::vector<const TransitionSpec*> out;
  if (const ClauseSpec* own = task.clause(kind); own && !own->next.empty()) {
    for (const auto& t : own->next) {
      out.push_back(&t);
    }
    return out;
  }
  const ClauseSpec* defaults = task_defaults ? task_defaults->clause(kind) : nullptr;
  if (!defaults) {
    return out;
  }
  for (const auto& t : defaults->next) {
    if (t.target != task.name) {
      out.push_back(&t);
    }
  }
  return out;
}

std::vector<std::string_view> WorkflowSpec::outbound_names(const TaskSpec& task) const {
  std::vector<std::string_view> names;
  for (auto kind : {ClauseKind::on_error, ClauseKind::on_success, ClauseKind::on_complete}) {
    for (const TransitionSpec* t : transitions(task, kind)) {
      if (std::find(names.begin(), names.end(), t->target) == names.end()) {
        names.push_back(t->target);
      }
    }
  }
  return names;
}

std::vector<std::string_view> WorkflowSpec::requires_of(const TaskSpec& task) const {
  std::vector<std::string_view> names;
  auto add = [&](const std::vector<std::string>& list) {
    for (const auto& r : list) {
      if (r != task.name && std::find(names.begin(), names.end(), r) == names.end()) {
        names.push_back(r);
      }
    }
  };
  add(task.requires);
  if (task_defaults) {
    add(task_defaults->requires);
  }
  return names;
}

}  // namespace bora::dsl
