// Rerun of a failed task (semantics.md §5).

#include <algorithm>

#include <boost/json.hpp>

#include "actors/workflow/host.hpp"
#include "actors/workflow/run.hpp"
#include "actors/workflow/task_rt.hpp"
#include "dsl/pystr.hpp"
#include "storage/time_format.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;
using storage::State;

// -- rerun ---

Result<void> Run::rerun(const std::string& task_ex_id, bool reset, const json::object* env_update) {
  TaskRt* t = find_task(task_ex_id);
  if (t == nullptr) {
    return Error(Errc::not_found, "Task execution not found [id=" + task_ex_id + "]");
  }
  if (t->rec.state != State::error) {
    return Error(Errc::invalid_state, "Task execution is not in ERROR state [id=" + task_ex_id +
                                          ", state=" + storage::to_string(t->rec.state) + "]");
  }
  if (exec_.state == State::paused) {
    return {};
  }
  if (exec_.state == State::success) {
    return Error(Errc::invalid_state, "Can't change workflow execution state from SUCCESS to "
                                      "RUNNING. [workflow=" + exec_.workflow_name +
                                          ", execution_id=" + exec_.id + "]");
  }
  if (env_update != nullptr) {
    if (exec_.state != State::idle && exec_.state != State::error) {
      return Error(Errc::invalid_state,
                   "Updating env to workflow execution is only permitted if it is in IDLE, "
                   "PAUSED, or ERROR state.");
    }
    auto& params = exec_.params.as_object();
    if (!params["env"].is_object()) {
      params["env"] = json::object{};
    }
    merge_into(params["env"].as_object(), *env_update);
    if (!exec_.root_execution_id) {
      root_env_ = params["env"];
    }
    ++context_version_;
  }
  set_state(State::running, std::nullopt);
  ++t->epoch;
  t->retry_no = 0;
  t->wait_after_done = false;
  t->timeout_armed = false;
  t->pending_delay.clear();
  t->rec.runtime_context = json::object{};
  t->rec.processed = false;
  t->rec.started_at = std::nullopt;
  t->rec.finished_at = std::nullopt;
  t->rec.state_info = std::nullopt;
  std::vector<int64_t> failed_items;
  for (auto& c : t->children) {
    bool redo = reset || c.state == State::error || c.state == State::cancelled;
    if (c.accepted && redo) {
      c.accepted = false;
      failed_items.push_back(c.index);
      if (c.action) {
        c.action->accepted = false;
        action_writes_.push_back(*c.action);
      }
    }
  }
  if (reset || !t->with_items) {
    start_task(*t, true);
    return {};
  }
  // with-items without reset: only the failed items run again.
  if (!prepare_items(*t)) {
    return {};
  }
  t->count = static_cast<int64_t>(t->item_lists.front().size());
  t->rec.runtime_context.as_object()["with_items"] = json::object{
      {"count", t->count}, {"capacity", t->capacity > 0 ? json::value(t->capacity) : nullptr}};
  t->rec.state = State::running;
  t->rec.started_at = storage::now_ms();
  touch(*t);
  std::sort(failed_items.rbegin(), failed_items.rend());
  t->queued = failed_items;
  t->running = 0;
  item_finished(*t);
  return {};
}

Result<void> Run::on_child_rerun(const std::string& task_ex_id, const std::string& child_id) {
  TaskRt* t = find_task(task_ex_id);
  if (t == nullptr) {
    return Error(Errc::not_found, "Task execution not found [id=" + task_ex_id + "]");
  }
  auto pos = t->child_pos.find(child_id);
  if (pos == t->child_pos.end()) {
    return Error(Errc::not_found, "Sub-workflow not found [id=" + child_id + "]");
  }
  Child& c = t->children[pos->second];
  if (storage::is_completed(c.state)) {
    c.state = State::running;
    c.accepted = false;
    ++t->running;
  }
  if (storage::is_completed(t->rec.state)) {
    t->rec.state = State::running;
    t->rec.state_info = std::nullopt;
    t->rec.finished_at = std::nullopt;
    t->rec.processed = false;
    t->rec.error_handled = false;
    t->rec.next_tasks = json::array{};
    t->rec.has_next_tasks = false;
    touch(*t);
  }
  if (exec_.state == State::error || exec_.state == State::cancelled) {
    set_state(State::running, std::nullopt);
  }
  return {};
}

}  // namespace bora::actors::workflow
