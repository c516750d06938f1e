#include "http/execution_tree.hpp"

#include <algorithm>

namespace bora::http {

using storage::Family;
using storage::Index;

namespace {

const ReportTree* load_node(Api& api, LoadedTree& out, storage::WorkflowExecution exec,
                            int depth) {
  out.executions.push_back(std::move(exec));
  const auto& e = out.executions.back();
  out.nodes.emplace_back();
  ReportTree& node = out.nodes.back();
  node.execution = &e;
  auto tasks = api.load_many<storage::TaskExecution>(
      Family::tasks, api.index_keys(Index::task_wf_exec, e.id));
  std::sort(tasks.begin(), tasks.end(), [](const auto& a, const auto& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  for (auto& t : tasks) {
    out.tasks.push_back(std::move(t));
    const auto& task = out.tasks.back();
    node.tasks.push_back(&task);
    if (task.type == "WORKFLOW") {
      if (depth >= max_report_nesting) {
        continue;
      }
      auto children = api.load_many<storage::WorkflowExecution>(
          Family::executions, child_execution_ids(api, task.id));
      for (auto& c : children) {
        node.children_by_task[task.id].push_back(load_node(api, out, std::move(c), depth + 1));
      }
    } else {
      auto actions = api.load_many<storage::ActionExecution>(
          Family::action_executions, api.index_keys(Index::action_task, task.id));
      for (auto& a : actions) {
        out.actions.push_back(std::move(a));
        node.actions_by_task[task.id].push_back(&out.actions.back());
      }
    }
  }
  return &node;
}

}  // namespace

std::vector<std::string> child_execution_ids(Api& api, const std::string& task_id) {
  return api.index_keys(Index::exec_task, task_id);
}

Result<void> load_tree(Api& api, const storage::WorkflowExecution& root, LoadedTree& out) {
  out.root = load_node(api, out, root, 0);
  return {};
}

}  // namespace bora::http
