#include "storage/tables.hpp"

#include <algorithm>

#include <cstdint>

#include "storage/ids.hpp"

namespace bora::storage {

namespace {

void add_optional(std::vector<std::string>& out, Index index,
                  const std::optional<std::string>& value, std::string_view key) {
  if (value) {
    out.push_back(index_key(index, *value, key));
  }
}

Result<void> check_id(std::string_view id) {
  if (!is_uuid(id)) {
    return Error(Errc::invalid_argument,
                 "expected a lower-case UUID as record id, got '" + std::string(id) + "'");
  }
  return {};
}

Result<void> check_named(std::string_view id, std::string_view name) {
  if (name.empty()) {
    return Error(Errc::invalid_argument, "a stored record needs a non-empty name");
  }
  return check_id(id);
}

Result<void> check_timed(std::string_view id, int64_t ms) {
  if (ms < 0) {
    return Error(Errc::invalid_argument, "a stored time must not be before 1970");
  }
  return check_id(id);
}

Result<void> validate(const WorkflowDefinition& r) {
  return check_named(r.id, r.name);
}
Result<void> validate(const WorkbookDefinition& r) {
  return check_named(r.id, r.name);
}
Result<void> validate(const ActionDefinition& r) {
  return check_named(r.id, r.name);
}
Result<void> validate(const Environment& r) {
  return check_named(r.id, r.name);
}
Result<void> validate(const EventTrigger& r) {
  return check_named(r.id, r.name);
}
Result<void> validate(const CronTrigger& r) {
  return check_named(r.id, r.name);
}
Result<void> validate(const WorkflowExecution& r) {
  return check_timed(r.id, r.created_at);
}
Result<void> validate(const TaskExecution& r) {
  return check_id(r.id);
}
Result<void> validate(const ActionExecution& r) {
  return check_id(r.id);
}
Result<void> validate(const Timer& r) {
  return check_timed(r.id, r.due_at);
}

std::vector<std::string> definition_index(const std::string& id, const std::string& key) {
  return {index_key(Index::definition_id, id, key)};
}

std::vector<std::string> record_index(const WorkflowDefinition& r) {
  return definition_index(r.id, primary_key(r));
}
std::vector<std::string> record_index(const WorkbookDefinition& r) {
  return definition_index(r.id, primary_key(r));
}
std::vector<std::string> record_index(const ActionDefinition& r) {
  return definition_index(r.id, primary_key(r));
}
std::vector<std::string> record_index(const Environment&) {
  return {};
}
std::vector<std::string> record_index(const EventTrigger&) {
  return {};
}
std::vector<std::string> record_index(const Timer&) {
  return {};
}

std::vector<std::string> record_index(const CronTrigger& r) {
  return {index_key(Index::cron_id, r.id, r.name),
          index_key(Index::cron_workflow, r.workflow_id, r.name)};
}

std::vector<std::string> record_index(const WorkflowExecution& r) {
  std::vector<std::string> out{
      index_key(Index::exec_state, to_string(r.state), r.id),
      index_key(Index::exec_created, static_cast<uint64_t>(r.created_at), r.id),
      index_key(Index::exec_workflow, r.workflow_name, r.id),
  };
  add_optional(out, Index::exec_task, r.task_execution_id, r.id);
  add_optional(out, Index::exec_root, r.root_execution_id, r.id);
  return out;
}

std::vector<std::string> record_index(const TaskExecution& r) {
  return {index_key(Index::task_wf_exec, r.workflow_execution_id, r.id),
          index_key(Index::task_state, to_string(r.state), r.id)};
}

std::vector<std::string> record_index(const ActionExecution& r) {
  std::vector<std::string> out;
  add_optional(out, Index::action_task, r.task_execution_id, r.id);
  return out;
}

std::vector<std::string> keys_of(const std::vector<IndexEntry>& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const IndexEntry& e : entries) {
    out.push_back(e.key);
  }
  return out;
}

// Collects the parsed index entries of a scan of `indexes`.
Result<std::vector<IndexEntry>> scan_index(const Database& db, const ScanRange& range) {
  std::vector<IndexEntry> out;
  Error bad;
  bool failed = false;
  auto status = db.scan(Family::indexes, range, [&](std::string_view key, std::string_view) {
    auto entry = parse_index_key(key);
    if (!entry.ok()) {
      bad = Error(Errc::io_error, "stored " + entry.error().message);
      failed = true;
      return false;
    }
    out.push_back(std::move(*entry));
    return true;
  });
  if (!status.ok()) {
    return std::move(status).error();
  }
  if (failed) {
    return bad;
  }
  return out;
}

}  // namespace

Family family_of(const WorkflowDefinition&) {
  return Family::definitions;
}
Family family_of(const WorkbookDefinition&) {
  return Family::definitions;
}
Family family_of(const ActionDefinition&) {
  return Family::definitions;
}
Family family_of(const Environment&) {
  return Family::environments;
}
Family family_of(const CronTrigger&) {
  return Family::cron_triggers;
}
Family family_of(const EventTrigger&) {
  return Family::event_triggers;
}
Family family_of(const WorkflowExecution&) {
  return Family::executions;
}
Family family_of(const TaskExecution&) {
  return Family::tasks;
}
Family family_of(const ActionExecution&) {
  return Family::action_executions;
}
Family family_of(const Timer&) {
  return Family::timers;
}

std::string primary_key(const WorkflowDefinition& r) {
  return definition_key(DefinitionKind::workflow, r.ns, r.name);
}
std::string primary_key(const WorkbookDefinition& r) {
  return definition_key(DefinitionKind::workbook, r.ns, r.name);
}
std::string primary_key(const ActionDefinition& r) {
  return definition_key(DefinitionKind::action, r.ns, r.name);
}
std::string primary_key(const Environment& r) {
  return r.name;
}
std::string primary_key(const CronTrigger& r) {
  return r.name;
}
std::string primary_key(const EventTrigger& r) {
  return r.id;
}
std::string primary_key(const WorkflowExecution& r) {
  return r.id;
}
std::string primary_key(const TaskExecution& r) {
  return r.id;
}
std::string primary_key(const ActionExecution& r) {
  return r.id;
}
std::string primary_key(const Timer& r) {
  return timer_key(static_cast<uint64_t>(r.due_at), r.id);
}

template <class R>
std::vector<std::string> index_keys(const R& r) {
  return record_index(r);
}

template <class R>
Result<void> put_record(Batch& batch, const R& record, const R* previous) {
  BORA_TRY_VOID(validate(record));
  std::string key = primary_key(record);
  auto entries = record_index(record);
  std::vector<std::string> kept;
  if (previous != nullptr) {
    // Entries the update leaves as they are are neither deleted nor written
    // again: most updates change one index entry (a state) or none.
    for (std::string& old : record_index(*previous)) {
      if (std::find(entries.begin(), entries.end(), old) != entries.end()) {
        kept.push_back(std::move(old));
      } else {
        batch.remove(Family::indexes, old);
      }
    }
    std::string old_key = primary_key(*previous);
    if (old_key != key) {
      batch.remove(family_of(*previous), old_key);
    }
  }
  batch.put(family_of(record), key, encode(record));
  for (const std::string& entry : entries) {
    if (std::find(kept.begin(), kept.end(), entry) == kept.end()) {
      batch.put(Family::indexes, entry, {});
    }
  }
  return {};
}

template <class R>
void delete_record(Batch& batch, const R& record) {
  batch.remove(family_of(record), primary_key(record));
  for (const std::string& entry : record_index(record)) {
    batch.remove(Family::indexes, entry);
  }
}

template <class R>
Result<R> load(const Database& db, std::string_view key) {
  auto bytes = db.get(family_of(R{}), key);
  if (!bytes.ok()) {
    return std::move(bytes).error();
  }
  return decode<R>(*bytes);
}

#define BORA_STORAGE_RECORD(R)                                  \
  template std::vector<std::string> index_keys(const R&);       \
  template Result<void> put_record(Batch&, const R&, const R*); \
  template void delete_record(Batch&, const R&);                \
  template Result<R> load(const Database&, std::string_view);

BORA_STORAGE_RECORD(WorkflowDefinition)
BORA_STORAGE_RECORD(WorkbookDefinition)
BORA_STORAGE_RECORD(ActionDefinition)
BORA_STORAGE_RECORD(Environment)
BORA_STORAGE_RECORD(CronTrigger)
BORA_STORAGE_RECORD(EventTrigger)
BORA_STORAGE_RECORD(WorkflowExecution)
BORA_STORAGE_RECORD(TaskExecution)
BORA_STORAGE_RECORD(ActionExecution)
BORA_STORAGE_RECORD(Timer)
#undef BORA_STORAGE_RECORD

Result<std::vector<std::string>> list_index(const Database& db, Index index, std::string_view value,
                                            std::string_view marker, size_t limit, Order order) {
  ScanRange range;
  range.prefix = index_prefix(index, value);
  range.start = marker.empty() ? std::string() : index_key(index, value, marker);
  range.exclusive = !marker.empty();
  range.reverse = order == Order::descending;
  range.limit = limit;
  auto entries = scan_index(db, range);
  if (!entries.ok()) {
    return std::move(entries).error();
  }
  return keys_of(*entries);
}

Result<std::vector<IndexEntry>> list_numeric_index(const Database& db, Index index, uint64_t from,
                                                   std::string_view marker, size_t limit,
                                                   Order order) {
  ScanRange range;
  range.prefix = index_prefix(index);
  range.start = index_key(index, from, marker);
  range.exclusive = !marker.empty();
  range.reverse = order == Order::descending;
  range.limit = limit;
  if (range.reverse && marker.empty()) {
    // Every entry numbered `from` sorts above (from, ""), so start just
    // below the entries of from + 1 instead (or at the very end).
    range.start = from == UINT64_MAX ? std::string() : index_key(index, from + 1, "");
  }
  return scan_index(db, range);
}

Result<std::vector<std::string>> list_keys(const Database& db, Family family,
                                           std::string_view prefix, std::string_view marker,
                                           size_t limit, Order order) {
  ScanRange range;
  range.prefix = std::string(prefix);
  range.start = std::string(marker);
  range.exclusive = !marker.empty();
  range.reverse = order == Order::descending;
  range.limit = limit;
  std::vector<std::string> out;
  auto status = db.scan(family, range, [&](std::string_view key, std::string_view) {
    out.emplace_back(key);
    return true;
  });
  if (!status.ok()) {
    return std::move(status).error();
  }
  return out;
}

Result<std::vector<Timer>> due_timers(const Database& db, int64_t now_ms, size_t limit) {
  std::vector<Timer> out;
  if (now_ms < 0) {
    return out;
  }
  ScanRange range;
  range.limit = limit;
  std::string end = timer_bound(static_cast<uint64_t>(now_ms) + 1);
  Error bad;
  bool failed = false;
  auto status = db.scan(Family::timers, range, [&](std::string_view key, std::string_view value) {
    if (key >= end) {
      return false;
    }
    auto timer = decode<Timer>(value);
    if (!timer.ok()) {
      bad = std::move(timer).error();
      failed = true;
      return false;
    }
    out.push_back(std::move(*timer));
    return true;
  });
  if (!status.ok()) {
    return std::move(status).error();
  }
  if (failed) {
    return bad;
  }
  return out;
}

}  // namespace bora::storage
