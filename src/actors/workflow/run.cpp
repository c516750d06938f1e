// The execution's own lifecycle: start, completion, forced ends, user
// commands, and the write-ahead batch (semantics.md §2, §4).

#include "actors/workflow/run.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "actors/workflow/host.hpp"
#include "actors/workflow/inputs.hpp"
#include "actors/workflow/task_rt.hpp"
#include "dsl/pystr.hpp"
#include "storage/tables.hpp"
#include "storage/time_format.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;
using storage::State;

namespace {

std::string transition_error(const storage::WorkflowExecution& e, State to) {
  return std::string("Can't change workflow execution state from ") + storage::to_string(e.state) +
         " to " + storage::to_string(to) + ". [workflow=" + e.workflow_name +
         ", execution_id=" + e.id + "]";
}

json::value opt_text(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace

Run::Run(std::shared_ptr<const dsl::WorkflowSpec> spec, storage::WorkflowExecution record,
         const Catalog* catalog, json::value root_env)
    : spec_(std::move(spec)),
      exec_(std::move(record)),
      catalog_(catalog),
      root_env_(std::move(root_env)) {}

Run::~Run() = default;

bool Run::completed() const {
  return storage::is_completed(exec_.state);
}

std::vector<const storage::TaskExecution*> Run::tasks() const {
  std::vector<const storage::TaskExecution*> out;
  out.reserve(tasks_.size());
  for (const auto& t : tasks_) {
    out.push_back(&t->rec);
  }
  return out;
}

json::array Run::children_of(const std::string& task_ex_id) const {
  json::array out;
  auto it = by_id_.find(task_ex_id);
  if (it == by_id_.end()) {
    return out;
  }
  const TaskRt& t = *it->second;
  for (const auto& c : t.children) {
    out.push_back(json::object{{"id", c.id},
                               {"state", storage::to_string(c.state)},
                               {"index", c.index},
                               {"kind", t.spec->is_workflow ? "workflow" : "action"}});
  }
  return out;
}

bool Run::has_running_children() const {
  for (const auto& t : tasks_) {
    for (const auto& c : t->children) {
      if (!storage::is_completed(c.state)) {
        return true;
      }
    }
  }
  return false;
}

std::vector<std::string> Run::running_children() const {
  std::vector<std::string> out;
  for (const auto& t : tasks_) {
    if (!t->spec->is_workflow) {
      continue;
    }
    for (const auto& c : t->children) {
      if (!storage::is_completed(c.state)) {
        out.push_back(c.id);
      }
    }
  }
  return out;
}

// -- start ---

Result<void> Run::start() {
  if (!exec_.context.is_object() || !exec_.context.as_object().contains("__execution")) {
    auto r = init_context(*spec_, exec_, root_env_);
    if (!r.ok()) {
      set_state(State::error, r.error().message);
      exec_.output = json::object{{"result", r.error().message}};
      return std::move(r).error();
    }
  }
  set_state(State::running, std::nullopt);
  if (spec_->type == dsl::WorkflowType::reverse) {
    start_reverse();
  } else {
    std::vector<std::string_view> targets;
    for (const auto& t : spec_->tasks) {
      for (auto n : spec_->outbound_names(*t)) {
        targets.push_back(n);
      }
    }
    for (const auto& t : spec_->tasks) {
      if (std::find(targets.begin(), targets.end(), t->name) == targets.end()) {
        launch(*t, json::object{});
      }
    }
  }
  check_completion();
  return {};
}

void Run::set_state(State to, std::optional<std::string> info) {
  exec_.state = to;
  exec_.state_info = std::move(info);
  exec_.updated_at = storage::now_ms();
  exec_dirty_ = true;
}

// -- completion ---

void Run::check_completion() {
  if (exec_.state != State::running || in_completion_) {
    return;
  }
  std::vector<std::string> cancelled;
  bool unhandled = false;
  for (const auto& t : tasks_) {
    if (!storage::is_completed(t->rec.state) || !t->rec.processed) {
      return;
    }
    if (t->rec.state == State::cancelled) {
      cancelled.push_back(t->rec.name);
    } else if (t->rec.state == State::error && !t->rec.error_handled) {
      unhandled = true;
    }
  }
  if (!cancelled.empty()) {
    std::sort(cancelled.begin(), cancelled.end());
    std::string msg = "Cancelled tasks: ";
    for (size_t i = 0; i < cancelled.size(); ++i) {
      msg += (i > 0 ? ", " : "") + cancelled[i];
    }
    finish_cancelled(msg);
  } else if (unhandled) {
    finish_error(failure_message());
  } else {
    finish_success(std::nullopt);
  }
}

json::object Run::final_context() const {
  json::object ctx;
  if (spec_->type == dsl::WorkflowType::reverse) {
    const auto* target = exec_.params.as_object().if_contains("task_name");
    if (target != nullptr && target->is_string()) {
      if (const auto* t = latest_task(target->as_string())) {
        return outbound(*t);
      }
    }
    return ctx;
  }
  for (const auto& t : tasks_) {
    if (storage::is_completed(t->rec.state) && !t->rec.has_next_tasks) {
      merge_into(ctx, outbound(*t));
    }
  }
  return ctx;
}

void Run::finish_success(std::optional<std::string> info) {
  json::object final_ctx = final_context();
  json::value out = final_ctx;
  if (spec_->output) {
    auto r = eval(*spec_->output, output_view(final_ctx), nullptr);
    if (!r.ok()) {
      finish_error("Failed to check and complete [wf_ex_id=" + exec_.id +
                   ", wf_name=" + exec_.workflow_name + "]: " + r.error().message);
      return;
    }
    if (!(r->is_object() && r->as_object().empty())) {
      out = std::move(r).value();
    }
  }
  exec_.output = std::move(out);
  set_state(State::success, std::move(info));
}

void Run::finish_error(std::optional<std::string> msg) {
  json::object out{{"result", opt_text(msg)}};
  std::optional<std::string> info = msg;
  json::object final_ctx = final_context();
  if (spec_->output_on_error) {
    auto r = eval(*spec_->output_on_error, output_view(final_ctx), nullptr);
    if (r.ok() && r->is_object()) {
      merge_into(out, r->as_object());
    } else {
      std::string err = r.ok() ? "output-on-error must be a map" : r.error().message;
      info = "Failed to evaluate expression in output-on-error! (output-on-error: '" +
             dsl::py_str(spec_->output_on_error->literal()) + "', exception: '" + err +
             "' Cause: '" + (msg ? *msg : std::string("None")) + "'";
      out = json::object{{"result", *info}};
    }
  } else {
    merge_into(out, final_ctx);
  }
  exec_.output = std::move(out);
  set_state(State::error, std::move(info));
}

void Run::finish_cancelled(std::optional<std::string> msg) {
  exec_.output = json::object{{"result", opt_text(msg)}};
  set_state(State::cancelled, msg);
  for (const auto& id : running_children()) {
    effects_.child_commands.push_back({id, ChildCommand::Op::cancel, msg});
  }
}

std::string Run::failure_message() const {
  std::vector<const TaskRt*> failed;
  for (const auto& t : tasks_) {
    if (t->rec.state == State::error && !t->rec.error_handled &&
        spec_->transitions(*t->spec, dsl::ClauseKind::on_error).empty()) {
      failed.push_back(t.get());
    }
  }
  std::stable_sort(failed.begin(), failed.end(),
                   [](const TaskRt* a, const TaskRt* b) { return a->rec.name < b->rec.name; });
  std::string msg = "Failure caused by error in tasks: ";
  for (size_t i = 0; i < failed.size(); ++i) {
    msg += (i > 0 ? ", " : "") + failed[i]->rec.name;
  }
  msg += "\n";
  for (const auto* t : failed) {
    msg += "\n  " + t->rec.name + " [task_ex_id=" + t->rec.id + "] -> " +
           (t->rec.state_info ? *t->rec.state_info : "None") + "\n";
    for (size_t i = 0; i < t->children.size(); ++i) {
      const auto& c = t->children[i];
      if (c.state != State::error) {
        continue;
      }
      const json::value* shown = &c.result;
      if (t->spec->is_workflow) {
        const auto* r = c.result.is_object() ? c.result.as_object().if_contains("result") : nullptr;
        static const json::value none;
        shown = r != nullptr ? r : &none;
      }
      msg += std::string("    [") + (t->spec->is_workflow ? "wf_ex_id=" : "action_ex_id=") +
             c.id + ", idx=" + std::to_string(i) + "]: " + dsl::py_str(*shown) + "\n";
    }
  }
  return msg;
}

void Run::force_fail_task(TaskRt& t, const std::string& msg) {
  t.rec.result = task_result(t);
  t.rec.state = State::error;
  t.rec.state_info = msg;
  t.rec.finished_at = storage::now_ms();
  t.rec.processed = true;
  touch(t);
  if (exec_.state == State::running || exec_.state == State::paused) {
    finish_error(msg);
  }
}

// -- user commands ---

Result<void> Run::pause() {
  if (exec_.state == State::paused) {
    return {};
  }
  if (exec_.state != State::running) {
    return Error(Errc::invalid_state, transition_error(exec_, State::paused));
  }
  for (const auto& id : running_children()) {
    effects_.child_commands.push_back({id, ChildCommand::Op::pause, std::nullopt});
  }
  set_state(State::paused, std::nullopt);
  return {};
}

Result<void> Run::resume(const json::object* env_update) {
  if (exec_.state != State::paused && exec_.state != State::idle) {
    return {};
  }
  if (env_update != nullptr) {
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
  for (const auto& t : tasks_) {
    if (t->rec.state == State::paused && t->spec->is_workflow) {
      for (const auto& c : t->children) {
        if (c.state == State::paused || c.state == State::running) {
          effects_.child_commands.push_back({c.id, ChildCommand::Op::resume, std::nullopt});
        }
      }
    }
  }
  set_state(State::running, std::nullopt);
  dispatch_backlog();
  check_completion();
  return {};
}

Result<void> Run::update(const std::optional<std::string>& description,
                         const json::object* env_update) {
  if (env_update != nullptr) {
    if (exec_.state != State::idle && exec_.state != State::paused &&
        exec_.state != State::error) {
      return Error(Errc::forbidden,
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
  if (description) {
    exec_.description = *description;
  }
  exec_.updated_at = storage::now_ms();
  exec_dirty_ = true;
  return {};
}

void Run::dispatch_backlog() {
  in_completion_ = true;
  // Tasks that finished while paused get their transitions now.
  for (size_t i = 0; i < tasks_.size() && exec_.state == State::running; ++i) {
    TaskRt& t = *tasks_[i];
    if (storage::is_completed(t.rec.state) && !t.rec.processed) {
      process_transitions(t);
    }
  }
  for (size_t i = 0; i < tasks_.size() && exec_.state == State::running; ++i) {
    TaskRt& t = *tasks_[i];
    if (t.paused_before && t.rec.state == State::idle) {
      t.paused_before = false;
      start_task(t, false);
    }
  }
  auto backlog = std::move(backlog_);
  backlog_.clear();
  for (const auto& [from, target] : backlog) {
    if (exec_.state != State::running) {
      backlog_.push_back({from, target});
      continue;
    }
    if (TaskRt* f = find_task(from)) {
      route_to(*f, target);
    }
  }
  in_completion_ = false;
  if (exec_.state == State::running) {
    evaluate_joins();
  }
}

Result<void> Run::cancel(std::optional<std::string> msg) {
  if (exec_.state == State::cancelled) {
    return {};
  }
  if (storage::is_completed(exec_.state)) {
    return Error(Errc::invalid_state, transition_error(exec_, State::cancelled));
  }
  finish_cancelled(std::move(msg));
  return {};
}

Result<void> Run::force_fail(std::optional<std::string> msg) {
  if (exec_.state == State::running || exec_.state == State::idle) {
    finish_error(std::move(msg));
  }
  return {};
}

Result<void> Run::force_succeed(std::optional<std::string> msg) {
  if (exec_.state == State::paused || exec_.state == State::idle ||
      exec_.state == State::error || exec_.state == State::cancelled) {
    return Error(Errc::invalid_state, transition_error(exec_, State::success));
  }
  if (exec_.state == State::running) {
    finish_success(std::move(msg));
  } else {
    // Succeeding again replaces the message, as Mistral's success path does.
    exec_.state_info = std::move(msg);
    exec_.updated_at = storage::now_ms();
    exec_dirty_ = true;
  }
  return {};
}

// -- write-ahead batch ---

void Run::touch(TaskRt& t) {
  t.rec.updated_at = storage::now_ms();
  if (!t.dirty) {
    t.dirty = true;
    dirty_tasks_.push_back(&t);
  }
  watch_event(t);
}

void Run::watch_event(const TaskRt& t) {
  // A task is created IDLE and starts at once; only a pause-before IDLE is news.
  if (!watch_ || (t.rec.state == State::idle && !t.paused_before)) {
    return;
  }
  if (!effects_.watch.empty()) {
    const auto& last = effects_.watch.back();
    if (last.at("id").as_string() == t.rec.id &&
        last.at("state").as_string() == storage::to_string(t.rec.state)) {
      return;
    }
  }
  effects_.watch.push_back(json::object{{"task", t.rec.name},
                                        {"id", t.rec.id},
                                        {"state", storage::to_string(t.rec.state)},
                                        {"state_info", opt_text(t.rec.state_info)}});
}

Result<void> Run::write(storage::Batch& batch) {
  for (auto& c : child_writes_) {
    BORA_TRY_VOID(storage::put_record(batch, c));
  }
  child_writes_.clear();
  if (exec_dirty_) {
    BORA_TRY_VOID(storage::put_record(batch, exec_, exec_written_ ? &*exec_written_ : nullptr));
    storage::WorkflowExecution prev;
    prev.id = exec_.id;
    prev.state = exec_.state;
    prev.created_at = exec_.created_at;
    prev.workflow_name = exec_.workflow_name;
    prev.task_execution_id = exec_.task_execution_id;
    prev.root_execution_id = exec_.root_execution_id;
    exec_written_ = std::move(prev);
    exec_dirty_ = false;
  }
  for (TaskRt* t : dirty_tasks_) {
    storage::TaskExecution prev;
    const storage::TaskExecution* prev_ptr = nullptr;
    if (t->written_state) {
      prev.id = t->rec.id;
      prev.name = t->rec.name;
      prev.workflow_execution_id = t->rec.workflow_execution_id;
      prev.state = *t->written_state;
      prev_ptr = &prev;
    }
    BORA_TRY_VOID(storage::put_record(batch, t->rec, prev_ptr));
    t->written_state = t->rec.state;
    t->dirty = false;
  }
  dirty_tasks_.clear();
  for (auto& a : action_writes_) {
    // An action's index entry (its task) never changes: an update (one with
    // updated_at) passes itself as the previous version to skip it.
    BORA_TRY_VOID(storage::put_record(batch, a, a.updated_at ? &a : nullptr));
  }
  action_writes_.clear();
  for (auto& tm : timer_puts_) {
    BORA_TRY_VOID(storage::put_record(batch, tm));
  }
  timer_puts_.clear();
  for (auto& tm : timer_deletes_) {
    storage::delete_record(batch, tm);
  }
  timer_deletes_.clear();
  return {};
}

Effects Run::take_effects() {
  Effects out = std::move(effects_);
  effects_ = Effects{};
  return out;
}

TaskRt* Run::find_task(const std::string& id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

TaskRt* Run::latest_task(std::string_view name) const {
  auto it = named_.find(name);
  return it == named_.end() || it->second.empty() ? nullptr : it->second.back();
}

const std::vector<TaskRt*>& Run::tasks_named(std::string_view name) const {
  static const std::vector<TaskRt*> none;
  auto it = named_.find(name);
  return it == named_.end() ? none : it->second;
}

}  // namespace bora::actors::workflow
