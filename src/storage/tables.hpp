#pragma once

// Typed access to the records: where each record lives, which index entries
// it owns, and how to page through an index. A record and its index entries
// always change in one Batch, so a reader never sees one without the other.
//
// Index entries per record (keys.hpp has the layout):
//   WorkflowExecution  exec_state, exec_created, exec_workflow,
//                      exec_task (if task_execution_id), exec_root (if root_execution_id)
//   TaskExecution      task_wf_exec, task_state
//   ActionExecution    action_task (if task_execution_id)
//   Workflow/Workbook/ActionDefinition   definition_id
//   CronTrigger        cron_id, cron_workflow
//   Environment, Timer none (a timer's key is ordered by due time already)
// Index values hold nothing (empty).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"
#include "storage/batch.hpp"
#include "storage/database.hpp"
#include "storage/keys.hpp"
#include "storage/records.hpp"

namespace bora::storage {

/// Returns the family a record type is stored in.
Family family_of(const WorkflowDefinition&);
Family family_of(const WorkbookDefinition&);
Family family_of(const ActionDefinition&);
Family family_of(const Environment&);
Family family_of(const CronTrigger&);
Family family_of(const EventTrigger&);
Family family_of(const WorkflowExecution&);
Family family_of(const TaskExecution&);
Family family_of(const ActionExecution&);
Family family_of(const Timer&);

/// Returns the record's key in its family: the definition key for
/// definitions, the name for environments and cron triggers, the timer key
/// for timers, the id for executions.
std::string primary_key(const WorkflowDefinition& r);
std::string primary_key(const WorkbookDefinition& r);
std::string primary_key(const ActionDefinition& r);
std::string primary_key(const Environment& r);
std::string primary_key(const CronTrigger& r);
std::string primary_key(const EventTrigger& r);
std::string primary_key(const WorkflowExecution& r);
std::string primary_key(const TaskExecution& r);
std::string primary_key(const ActionExecution& r);
std::string primary_key(const Timer& r);

/// Returns the keys (in `indexes`) of the index entries `r` owns.
template <class R>
std::vector<std::string> index_keys(const R& r);

/// Adds to `batch` the put of `record` and of its index entries. `previous`
/// is the stored version the caller is replacing (null for a new record):
/// its index entries that the new version no longer has, and its primary key
/// if that changed (a rename), are deleted in the same batch; entries both
/// versions have are left alone. The caller must pass the version it last
/// wrote, so several updates of one record merged into a group commit stay
/// consistent. Errors (invalid_argument, nothing added): an id that is not a
/// canonical UUID, an empty name, a negative due time.
template <class R>
Result<void> put_record(Batch& batch, const R& record, const R* previous = nullptr);

/// Adds to `batch` the delete of `record` and of all its index entries.
template <class R>
void delete_record(Batch& batch, const R& record);

/// Loads the record of type `R` stored under `key` (see `primary_key`);
/// not_found when absent, io_error when the stored value is unreadable.
template <class R>
Result<R> load(const Database& db, std::string_view key);

/// Order of a listing.
enum class Order : uint8_t { ascending, descending };

/// Returns up to `limit` primary keys from the entries of the text index
/// `index` with `value`, in key order (creation order for UUIDv7 ids) or its
/// reverse, starting after `marker` (a primary key; empty = from the first).
Result<std::vector<std::string>> list_index(const Database& db, Index index, std::string_view value,
                                            std::string_view marker, size_t limit,
                                            Order order = Order::ascending);

/// Returns up to `limit` entries of the numeric index `index`, in number then
/// key order or its reverse. Ascending: from the first entry with a number of
/// at least `from`; descending: from the last entry with a number of at most
/// `from`. With a `marker`, the listing starts just after the entry (`from`,
/// `marker`) instead (paging).
Result<std::vector<IndexEntry>> list_numeric_index(const Database& db, Index index, uint64_t from,
                                                   std::string_view marker, size_t limit,
                                                   Order order = Order::ascending);

/// Returns up to `limit` keys of `family` that start with `prefix`, after
/// `marker` (a full key; empty = from the first) in key order or its reverse.
Result<std::vector<std::string>> list_keys(const Database& db, Family family,
                                           std::string_view prefix, std::string_view marker,
                                           size_t limit, Order order = Order::ascending);

/// Returns up to `limit` timers due at or before `now_ms`, earliest first.
Result<std::vector<Timer>> due_timers(const Database& db, int64_t now_ms, size_t limit);

}  // namespace bora::storage
