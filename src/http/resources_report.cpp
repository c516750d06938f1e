// The execution report (api.md §7.5) and the sub-execution lists (§7.6).

#include "http/resources.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/resources_detail.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

using detail::string_or_null;
using detail::time_or_null;
using storage::State;

// Task counts of the report's `statistics`, in Mistral's field order.
struct Counts {
  int64_t total = 0;
  int64_t running = 0;
  int64_t success = 0;
  int64_t error = 0;
  int64_t idle = 0;
  int64_t paused = 0;

  // Mistral counts only these five states; WAITING, DELAYED and CANCELLED
  // tasks are in no counter, not even the total.
  void add(State s) {
    int64_t* counter = s == State::running   ? &running
                       : s == State::success ? &success
                       : s == State::error   ? &error
                       : s == State::idle    ? &idle
                       : s == State::paused  ? &paused
                                             : nullptr;
    if (counter) {
      ++*counter;
      ++total;
    }
  }
};

// The fields every report entry starts or ends with.
void put_base(json::object& o, const std::string& id, const std::string& name, int64_t created_at,
              const std::optional<int64_t>& updated_at, State state,
              const std::optional<std::string>& state_info) {
  o["id"] = id;
  o["name"] = name;
  o["created_at"] = storage::format_timestamp(created_at);
  o["updated_at"] = time_or_null(updated_at);
  o["state"] = storage::to_string(state);
  o["state_info"] = string_or_null(state_info);
}

json::object action_entry(const storage::ActionExecution& a) {
  json::object o;
  o["accepted"] = a.accepted;
  o["last_heartbeat"] = time_or_null(a.last_heartbeat);
  put_base(o, a.id, a.name, a.created_at, a.updated_at, a.state, a.state_info);
  return o;
}

bool depth_exceeded(int max_depth, int depth) {
  return (max_depth >= 0 && depth > max_depth) || depth > max_report_nesting;
}

template <class T>
const std::vector<T>* children_of(const std::map<std::string, std::vector<T>>& m,
                                  const std::string& task_id) {
  auto it = m.find(task_id);
  return it == m.end() ? nullptr : &it->second;
}

// Walks a report tree once, counting tasks and (unless statistics only)
// building the entries. Depth 0 is the root; its tasks are at depth 1 and
// their sub-workflows at depth 1 too, as Mistral counts.
class ReportWalker {
public:
  explicit ReportWalker(const ReportOptions& o) : o_(o) {}

  json::object workflow(const ReportTree& t, int depth) {
    const storage::WorkflowExecution& ex = *t.execution;
    json::object o;
    if (!o_.statistics_only) {
      put_base(o, ex.id, ex.workflow_name, ex.created_at, ex.updated_at, ex.state, ex.state_info);
    }
    if (depth_exceeded(o_.max_depth, depth) || !entered_.insert(ex.id).second) {
      return o;
    }
    json::array tasks;
    for (const storage::TaskExecution* task : t.tasks) {
      if (o_.errors_only && task->state != State::error) {
        continue;
      }
      counts_.add(task->state);
      json::object entry = task_entry(t, *task, depth + 1);
      if (!o_.statistics_only) {
        tasks.emplace_back(std::move(entry));
      }
    }
    if (!o_.statistics_only) {
      o["task_executions"] = std::move(tasks);
    }
    return o;
  }

  const Counts& counts() const {
    return counts_;
  }

private:
  json::object task_entry(const ReportTree& owner, const storage::TaskExecution& task, int depth) {
    json::array actions;
    json::array workflows;
    if (const auto* list = children_of(owner.children_by_task, task.id)) {
      for (const ReportTree* child : *list) {
        json::object entry = workflow(*child, depth);
        if (!o_.statistics_only) {
          workflows.emplace_back(std::move(entry));
        }
      }
    }
    json::object o;
    if (o_.statistics_only) {
      return o;
    }
    if (const auto* list = children_of(owner.actions_by_task, task.id)) {
      for (const storage::ActionExecution* a : *list) {
        actions.emplace_back(action_entry(*a));
      }
    }
    o["action_executions"] = std::move(actions);
    o["workflow_executions"] = std::move(workflows);
    if (const json::value* retry = retry_number(task)) {
      o["retry_count"] = *retry;
    }
    put_base(o, task.id, task.name, task.created_at, task.updated_at, task.state, task.state_info);
    return o;
  }

  static const json::value* retry_number(const storage::TaskExecution& task) {
    const json::object* rc = task.runtime_context.if_object();
    const json::value* policy = rc ? rc->if_contains("retry_task_policy") : nullptr;
    const json::object* p = policy ? policy->if_object() : nullptr;
    return p ? p->if_contains("retry_no") : nullptr;
  }

  const ReportOptions& o_;
  Counts counts_;
  std::set<std::string> entered_;
};

// Python's timedelta(...).seconds of a duration: whole seconds, days dropped.
int64_t timedelta_seconds(int64_t ms) {
  int64_t s = ms / 1000 - ((ms % 1000 < 0) ? 1 : 0);
  return ((s % 86400) + 86400) % 86400;
}

json::value estimated_time(const storage::WorkflowExecution& ex, const ReportOptions& o) {
  if (ex.state != State::running) {
    return 0;
  }
  std::size_t n = std::min(o.previous_successes.size(), estimated_time_sample_limit);
  if (n == 0) {
    return -1;
  }
  int64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const storage::WorkflowExecution& prev = *o.previous_successes[i];
    sum += timedelta_seconds(prev.updated_at.value_or(prev.created_at) - prev.created_at);
  }
  // Mistral averages with a true division, so the estimate is a float.
  double left = static_cast<double>(sum) / static_cast<double>(n) -
                static_cast<double>(timedelta_seconds(o.now_ms - ex.created_at));
  if (left < 0) {
    return 1;
  }
  return left;
}

json::object statistics(const Counts& c, json::value estimate) {
  json::object o;
  o["total_tasks_count"] = c.total;
  o["running_tasks_count"] = c.running;
  o["success_tasks_count"] = c.success;
  o["error_tasks_count"] = c.error;
  o["idle_tasks_count"] = c.idle;
  o["paused_tasks_count"] = c.paused;
  o["estimated_time"] = std::move(estimate);
  return o;
}

// Collects the sub-execution list depth first.
class SubExecutionWalker {
public:
  explicit SubExecutionWalker(const SubExecutionOptions& o) : o_(o) {}

  void execution(const ReportTree& t, int depth) {
    const storage::WorkflowExecution& ex = *t.execution;
    if (depth_exceeded(o_.max_depth, depth) || !entered_.insert(ex.id).second) {
      return;
    }
    ExecutionView view;
    view.output = o_.include_output;
    out_.emplace_back(execution_json(ex, view));
    for (const storage::TaskExecution* task : t.tasks) {
      const auto* children = children_of(t.children_by_task, task->id);
      if (children) {
        this->task(*task, *children, depth + 1);
      }
    }
  }

  void task(const storage::TaskExecution& task, const std::vector<const ReportTree*>& children,
            int depth) {
    if (o_.errors_only && task.state != State::error) {
      return;
    }
    for (const ReportTree* child : children) {
      execution(*child, depth);
    }
  }

  json::object result() && {
    return json::object{{"executions", std::move(out_)}};
  }

private:
  const SubExecutionOptions& o_;
  json::array out_;
  std::set<std::string> entered_;
};

}  // namespace

json::object execution_report(const ReportTree& root, const ReportOptions& o) {
  ReportWalker walker(o);
  json::object tree = walker.workflow(root, 0);
  json::object report;
  report["statistics"] = statistics(walker.counts(), estimated_time(*root.execution, o));
  if (!o.statistics_only) {
    report["root_workflow_execution"] = std::move(tree);
  }
  return report;
}

json::object sub_executions_json(const ReportTree& root, const SubExecutionOptions& o) {
  SubExecutionWalker walker(o);
  walker.execution(root, 0);
  return std::move(walker).result();
}

json::object task_sub_executions_json(const storage::TaskExecution& task,
                                      const std::vector<const ReportTree*>& children,
                                      const SubExecutionOptions& o) {
  SubExecutionWalker walker(o);
  walker.task(task, children, 0);
  return std::move(walker).result();
}

}  // namespace bora::http
