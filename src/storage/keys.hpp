#pragma once

// On-disk key layout of Bora's RocksDB database (schema version 1).
//
// Every key is built and parsed only by the functions of this file. Text keys
// are raw bytes (no terminator); "esc(x)" is x with '%' written as "%25" and
// '/' as "%2F", so a user-chosen name can never forge a separator. Numbers are
// fixed-width big-endian, so byte order is numeric order.
//
// | family            | key                         | example                                  |
// |-------------------|-----------------------------|------------------------------------------|
// | definitions       | <kind>/<esc ns>/<esc name>  | workflow//my%2Fwf   (ns "", name my/wf)  |
// | executions        | <id>                        | 0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b     |
// | tasks             | <id>                        | (as executions)                          |
// | action_executions | <id>                        | (as executions)                          |
// | cron_triggers     | <name>                      | nightly                                  |
// | environments      | <name>                      | envA                                     |
// | event_triggers    | <id>                        | (as executions)                          |
// | timers            | <due_ms:u64be><id>          | <8 bytes>0190a1b2-c3d4-7e5f-8a6b-...     |
// | indexes           | <index>/<esc value>/<key>   | exec_state/RUNNING/0190a1b2-...          |
// |                   | <index>/<value:u64be>/<key> | exec_created/<8 bytes>/0190a1b2-...      |
// | meta              | schema_version              | value "1" (decimal text)                 |
//
// Components:
//   <kind>    workflow, workbook or action.
//   <id>      lower-case UUID text, 36 bytes; UUIDv7 (time-ordered) when Bora
//             made it, any version when a client chose it.
//   <name>    the raw name; it is the whole key, so it needs no escaping.
//   <due_ms>  milliseconds since the Unix epoch, 8 bytes big-endian.
//   <index>   one of the index names below; <value> is escaped text, or 8
//             bytes big-endian for numeric indexes (exec_created).
//
// The <key> part of an index key is the rest of the key after the second
// separator: it is the record's primary key in its own family (an id, a
// definition key, a trigger name) and may itself contain '/'.
//
// Indexes (value in brackets):
//   exec_state [state]         exec_created [created_at ms]  exec_workflow [workflow name]
//   exec_task [task_execution_id]   exec_root [root_execution_id]
//   task_wf_exec [workflow_execution_id]   task_state [state]
//   action_task [task_execution_id]
//   definition_id [definition id] -> definition key
//   cron_id [trigger id] -> trigger name   cron_workflow [workflow_id] -> trigger name
//
// Changing any row needs a higher meta schema version, a `bora db upgrade`
// step and a test that upgrades an old record (STYLE.md, Storage).

#include <cstdint>
#include <string>
#include <string_view>

#include "result.hpp"

namespace bora::storage {

/// Column families, in the order Database keeps their handles.
enum class Family : uint8_t {
  definitions,
  executions,
  tasks,
  action_executions,
  cron_triggers,
  environments,
  timers,
  indexes,
  meta,
  event_triggers,
};

/// Number of families in `Family`.
inline constexpr size_t family_count = 10;

/// Returns the RocksDB name of `family` ("definitions", "action_executions", ...).
const char* family_name(Family family);

/// Kinds of stored definitions, the first component of a definition key.
enum class DefinitionKind : uint8_t { workflow, workbook, action };

/// Returns "workflow", "workbook" or "action".
const char* to_string(DefinitionKind kind);

/// The parts of a definition key.
struct DefinitionKey {
  DefinitionKind kind = DefinitionKind::workflow;
  std::string ns;
  std::string name;
};

/// Returns the key of a definition; any text is allowed in `ns` and `name`.
std::string definition_key(DefinitionKind kind, std::string_view ns, std::string_view name);

/// Returns the prefix shared by every definition of `kind` in namespace `ns`.
std::string definition_prefix(DefinitionKind kind, std::string_view ns);

/// Returns the prefix shared by every definition of `kind` in every namespace.
std::string definition_prefix(DefinitionKind kind);

/// Parses a key built by `definition_key`; invalid_argument if malformed.
Result<DefinitionKey> parse_definition_key(std::string_view key);

/// Secondary indexes kept in the `indexes` family.
enum class Index : uint8_t {
  exec_state,
  exec_created,
  exec_workflow,
  exec_task,
  exec_root,
  task_wf_exec,
  task_state,
  action_task,
  definition_id,
  cron_id,
  cron_workflow,
};

/// Returns the index's name as written in keys ("exec_state", ...).
const char* to_string(Index index);

/// Returns true for indexes whose value is a number (u64 big-endian).
bool is_numeric(Index index);

/// The parts of an index key. `value` is set for text indexes, `number` for
/// numeric ones; `key` is the primary key of the indexed record.
struct IndexEntry {
  Index index = Index::exec_state;
  std::string value;
  uint64_t number = 0;
  std::string key;
};

/// Returns the key of a text index entry. Precondition: `!is_numeric(index)`.
std::string index_key(Index index, std::string_view value, std::string_view key);

/// Returns the key of a numeric index entry. Precondition: `is_numeric(index)`.
std::string index_key(Index index, uint64_t number, std::string_view key);

/// Returns the prefix of every entry of a text index with `value`.
std::string index_prefix(Index index, std::string_view value);

/// Returns the prefix of every entry of `index`, all values.
std::string index_prefix(Index index);

/// Parses a key built by `index_key`; invalid_argument if malformed.
Result<IndexEntry> parse_index_key(std::string_view key);

/// The parts of a timer key.
struct TimerKey {
  uint64_t due_ms = 0;
  std::string id;
};

/// Returns the key of a timer due at `due_ms` (milliseconds since the epoch).
std::string timer_key(uint64_t due_ms, std::string_view id);

/// Returns the first key of timers due at `due_ms` or later (for range scans).
std::string timer_bound(uint64_t due_ms);

/// Parses a key built by `timer_key`; invalid_argument if malformed.
Result<TimerKey> parse_timer_key(std::string_view key);

/// The key of the schema version in the `meta` family.
inline constexpr std::string_view schema_version_key = "schema_version";

/// Returns `text` with '%' and '/' escaped (the "esc" of the table above).
std::string escape_component(std::string_view text);

/// Reverses `escape_component`; invalid_argument on a bad escape sequence or
/// a raw '/'.
Result<std::string> unescape_component(std::string_view text);

}  // namespace bora::storage
