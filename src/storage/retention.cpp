// The execution expiration policy and the deletion of an execution tree.
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/maintenance.hpp"
#include "storage/tables.hpp"

namespace bora::storage {

namespace {

constexpr size_t page = 1000;

constexpr State all_states[] = {State::idle,    State::waiting, State::running, State::delayed,
                                State::paused,  State::success, State::error,   State::cancelled};

// Timer keys by the id of the record each timer targets.
using TimerIndex = std::unordered_map<std::string, std::vector<std::string>>;

// Reads every timer once. An unreadable timer is left alone: its target is
// unknown, and `bora db check` reports it.
Result<TimerIndex> index_timers(const Database& db) {
  TimerIndex out;
  ScanRange all;
  all.limit = SIZE_MAX;
  BORA_TRY_VOID(db.scan(Family::timers, all, [&](std::string_view key, std::string_view value) {
    auto timer = decode<Timer>(value);
    if (timer.ok()) {
      out[timer->target_id].emplace_back(key);
    }
    return true;
  }));
  return out;
}

// Calls `fn` with each primary key listed by text index `index` under
// `value`, reading the index a page at a time.
template <class Fn>
Result<void> each_indexed(const Database& db, Index index, const std::string& value, Fn&& fn) {
  std::string marker;
  while (true) {
    auto keys = list_index(db, index, value, marker, page);
    if (!keys.ok()) {
      return std::move(keys).error();
    }
    for (const std::string& key : *keys) {
      BORA_TRY_VOID(fn(key));
    }
    if (keys->size() < page) {
      return {};
    }
    marker = keys->back();
  }
}

// Collects the deletes of one execution tree into a batch of its own, so a
// failure half-way adds nothing to the caller's batch.
class TreeDeleter {
public:
  TreeDeleter(const Database& db, const TimerIndex& timers) : db_(db), timers_(timers) {}

  Result<void> run(const std::string& root_id, Batch& out) {
    auto root = load<WorkflowExecution>(db_, root_id);
    if (!root.ok()) {
      return std::move(root).error();
    }
    pending_.push_back(root_id);
    BORA_TRY_VOID(each_indexed(db_, Index::exec_root, root_id, [&](const std::string& id) {
      pending_.push_back(id);
      return Result<void>();
    }));
    while (!pending_.empty()) {
      std::string id = std::move(pending_.back());
      pending_.pop_back();
      if (seen_.insert(id).second) {
        BORA_TRY_VOID(delete_execution(id));
      }
    }
    out.append(std::move(batch_));
    return {};
  }

private:
  // Loads the record an index entry names; a dangling entry is deleted and
  // yields nothing.
  template <class R>
  Result<std::optional<R>> load_listed(Index index, const std::string& value,
                                       const std::string& key) {
    auto record = load<R>(db_, key);
    if (record.ok()) {
      return std::optional<R>(std::move(record).value());
    }
    if (record.error().code != Errc::not_found) {
      return std::move(record).error();
    }
    batch_.remove(Family::indexes, index_key(index, value, key));
    return std::optional<R>();
  }

  // Deletes the entries of a state index under every other state too: an
  // entry left behind by an update that did not name the version it replaced
  // goes with the record instead of dangling. Point lookups (bloom filters)
  // cost less than writing a tombstone for every state.
  void drop_state_entries(Index index, const std::string& id, State current) {
    for (State s : all_states) {
      std::string key = index_key(index, to_string(s), id);
      if (s != current && db_.get(Family::indexes, key).ok()) {
        batch_.remove(Family::indexes, key);
      }
    }
  }

  void drop_timers(const std::string& id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) {
      return;
    }
    for (const std::string& key : it->second) {
      batch_.remove(Family::timers, key);
    }
  }

  Result<void> delete_execution(const std::string& id) {
    auto exec = load<WorkflowExecution>(db_, id);
    if (!exec.ok()) {
      // Listed by exec_root but gone: only the index entry is left to drop.
      return exec.error().code == Errc::not_found ? Result<void>() : std::move(exec).error();
    }
    delete_record(batch_, *exec);
    drop_state_entries(Index::exec_state, id, exec->state);
    drop_timers(id);
    return each_indexed(db_, Index::task_wf_exec, id,
                        [&](const std::string& task_id) { return delete_task(id, task_id); });
  }

  Result<void> delete_task(const std::string& exec_id, const std::string& task_id) {
    auto task = load_listed<TaskExecution>(Index::task_wf_exec, exec_id, task_id);
    if (!task.ok() || !task->has_value()) {
      return task.ok() ? Result<void>() : std::move(task).error();
    }
    delete_record(batch_, **task);
    drop_state_entries(Index::task_state, task_id, (*task)->state);
    drop_timers(task_id);
    BORA_TRY_VOID(each_indexed(db_, Index::action_task, task_id, [&](const std::string& id) {
      auto action = load_listed<ActionExecution>(Index::action_task, task_id, id);
      if (action.ok() && action->has_value()) {
        delete_record(batch_, **action);
        drop_timers(id);
      }
      return action.ok() ? Result<void>() : std::move(action).error();
    }));
    return each_indexed(db_, Index::exec_task, task_id, [&](const std::string& id) {
      pending_.push_back(id);
      return Result<void>();
    });
  }

  const Database& db_;
  const TimerIndex& timers_;
  Batch batch_;
  std::vector<std::string> pending_;
  std::unordered_set<std::string> seen_;
};

struct Candidate {
  int64_t updated = 0;
  std::string id;
};

Result<void> validate(const RetentionPolicy& p) {
  if (p.older_than_minutes && *p.older_than_minutes < 1) {
    return Error(Errc::invalid_argument, "older_than must be at least 1 minute, got " +
                                             std::to_string(*p.older_than_minutes));
  }
  for (State s : p.ignored_states) {
    if (!is_completed(s)) {
      return Error(Errc::invalid_argument, std::string("ignored state ") + to_string(s) +
                                               " is not a finished state (SUCCESS, ERROR, "
                                               "CANCELLED)");
    }
  }
  return {};
}

// Returns the finished top-level executions the policy may delete.
Result<std::vector<Candidate>> candidates(const Database& db, const RetentionPolicy& p) {
  std::vector<Candidate> out;
  for (State s : {State::success, State::error, State::cancelled}) {
    const auto& ignored = p.ignored_states;
    if (std::find(ignored.begin(), ignored.end(), s) != ignored.end()) {
      continue;
    }
    BORA_TRY_VOID(each_indexed(db, Index::exec_state, to_string(s), [&](const std::string& id) {
      auto exec = load<WorkflowExecution>(db, id);
      if (!exec.ok()) {
        return exec.error().code == Errc::not_found ? Result<void>() : std::move(exec).error();
      }
      if (!exec->task_execution_id) {
        out.push_back(Candidate{exec->updated_at.value_or(exec->created_at), id});
      }
      return Result<void>();
    }));
  }
  return out;
}

bool newer(const Candidate& a, const Candidate& b) {
  return a.updated != b.updated ? a.updated > b.updated : a.id > b.id;
}

// Picks the roots to delete: the expired ones (oldest first), then those
// beyond the count limit among the rest (oldest first), as Mistral does.
std::vector<std::string> pick(std::vector<Candidate> all, const RetentionPolicy& p,
                              int64_t now_ms) {
  std::sort(all.begin(), all.end(), newer);
  std::vector<std::string> out;
  if (p.older_than_minutes) {
    int64_t cutoff = now_ms - *p.older_than_minutes * 60'000;
    auto expired = std::find_if(all.begin(), all.end(),
                                [&](const Candidate& c) { return c.updated < cutoff; });
    for (auto it = all.rbegin(); it != std::make_reverse_iterator(expired); ++it) {
      out.push_back(it->id);
    }
    all.erase(expired, all.end());
  }
  uint64_t keep = p.max_finished_executions.value_or(0);
  if (keep > 0 && all.size() > keep) {
    for (size_t i = all.size(); i > keep; --i) {
      out.push_back(all[i - 1].id);
    }
  }
  return out;
}

}  // namespace

Result<void> delete_execution_tree(const Database& db, const std::string& root_id, Batch& batch) {
  auto timers = index_timers(db);
  if (!timers.ok()) {
    return std::move(timers).error();
  }
  return TreeDeleter(db, *timers).run(root_id, batch);
}

Result<std::vector<std::string>> expire_executions(Database& db, const RetentionPolicy& p,
                                                   int64_t now_ms) {
  BORA_TRY_VOID(validate(p));
  std::vector<std::string> deleted;
  if (!p.older_than_minutes && p.max_finished_executions.value_or(0) == 0) {
    return deleted;
  }
  auto all = candidates(db, p);
  if (!all.ok()) {
    return std::move(all).error();
  }
  std::vector<std::string> doomed = pick(std::move(*all), p, now_ms);
  if (doomed.empty()) {
    return deleted;
  }
  auto timers = index_timers(db);
  if (!timers.ok()) {
    return std::move(timers).error();
  }
  size_t per_batch = p.batch_size == 0 ? doomed.size() : p.batch_size;
  for (size_t start = 0; start < doomed.size(); start += per_batch) {
    Batch batch;
    size_t end = std::min(doomed.size(), start + per_batch);
    for (size_t i = start; i < end; ++i) {
      auto added = TreeDeleter(db, *timers).run(doomed[i], batch);
      // A root deleted meanwhile (by the API) is simply gone already.
      if (!added.ok() && added.error().code != Errc::not_found) {
        return std::move(added).error();
      }
    }
    BORA_TRY_VOID(db.write(std::move(batch)));
    deleted.insert(deleted.end(), doomed.begin() + static_cast<std::ptrdiff_t>(start),
                   doomed.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return deleted;
}

}  // namespace bora::storage
