// Integrity check: records against their index entries and their links.
#include "storage/maintenance.hpp"

#include <cstdint>
#include <string_view>

#include "storage/tables.hpp"

namespace bora::storage {

namespace {

// Families holding records, in the order the check reads them.
constexpr Family record_families[] = {
    Family::definitions,   Family::executions,   Family::tasks,  Family::action_executions,
    Family::cron_triggers, Family::environments, Family::event_triggers, Family::timers,
};

template <class R, class Fn>
Result<void> decode_then(std::string_view bytes, Fn& fn) {
  auto record = decode<R>(bytes);
  if (!record.ok()) {
    return std::move(record).error();
  }
  fn(*record);
  return {};
}

// Decodes the value stored under `key` of `family` with the record type that
// family (and, for definitions, the key's kind) holds, and calls `fn` with it.
template <class Fn>
Result<void> visit_record(Family family, std::string_view key, std::string_view bytes, Fn&& fn) {
  switch (family) {
    case Family::definitions: {
      auto parsed = parse_definition_key(key);
      if (!parsed.ok()) {
        return Error(Errc::io_error, parsed.error().message);
      }
      switch (parsed->kind) {
        case DefinitionKind::workflow:
          return decode_then<WorkflowDefinition>(bytes, fn);
        case DefinitionKind::workbook:
          return decode_then<WorkbookDefinition>(bytes, fn);
        case DefinitionKind::action:
          return decode_then<ActionDefinition>(bytes, fn);
      }
      return {};
    }
    case Family::executions:
      return decode_then<WorkflowExecution>(bytes, fn);
    case Family::tasks:
      return decode_then<TaskExecution>(bytes, fn);
    case Family::action_executions:
      return decode_then<ActionExecution>(bytes, fn);
    case Family::cron_triggers:
      return decode_then<CronTrigger>(bytes, fn);
    case Family::environments:
      return decode_then<Environment>(bytes, fn);
    case Family::timers:
      return decode_then<Timer>(bytes, fn);
    case Family::event_triggers:
      return decode_then<EventTrigger>(bytes, fn);
    case Family::indexes:
    case Family::meta:
      return {};
  }
  return {};
}

// Returns the family holding the records an index points at.
Family owner_family(Index index) {
  switch (index) {
    case Index::exec_state:
    case Index::exec_created:
    case Index::exec_workflow:
    case Index::exec_task:
    case Index::exec_root:
      return Family::executions;
    case Index::task_wf_exec:
    case Index::task_state:
      return Family::tasks;
    case Index::action_task:
      return Family::action_executions;
    case Index::definition_id:
      return Family::definitions;
    case Index::cron_id:
    case Index::cron_workflow:
      return Family::cron_triggers;
  }
  return Family::meta;
}

// Prints a key for a report line: timer keys start with 8 binary bytes.
std::string printable(Family family, std::string_view key) {
  if (family == Family::timers) {
    auto parsed = parse_timer_key(key);
    if (parsed.ok()) {
      return std::to_string(parsed->due_ms) + "/" + parsed->id;
    }
  }
  std::string out;
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// One run of the check; problems accumulate in the report.
class Checker {
public:
  explicit Checker(const Database& db) : db_(db) {}

  Result<CheckReport> run() {
    check_schema();
    for (Family family : record_families) {
      BORA_TRY_VOID(check_records(family));
    }
    BORA_TRY_VOID(check_indexes());
    return std::move(report_);
  }

private:
  void problem(Family family, std::string_view key, const std::string& text) {
    ++report_.problem_count;
    if (report_.problems.size() < max_listed_problems) {
      report_.problems.push_back(std::string(family_name(family)) + "/" +
                                 printable(family, key) + ": " + text);
    }
  }

  bool exists(Family family, std::string_view key) {
    auto value = db_.get(family, key);
    if (!value.ok() && value.error().code != Errc::not_found) {
      read_error_ = value.error();
    }
    return value.ok();
  }

  void check_schema() {
    auto version = stored_schema_version(db_);
    if (!version.ok()) {
      problem(Family::meta, schema_version_key, version.error().message);
    } else if (*version != schema_version) {
      problem(Family::meta, schema_version_key,
              "schema version " + std::to_string(*version) + " is not this build's (" +
                  std::to_string(schema_version) + "); run `bora db upgrade`");
    }
  }

  void check_link(Family from, std::string_view key, Family to, const std::string& target,
                  const char* field) {
    if (!exists(to, target)) {
      problem(from, key,
              std::string(field) + " names missing " + family_name(to) + " record " + target);
    }
  }

  void check_links(std::string_view key, const WorkflowExecution& r) {
    if (r.task_execution_id) {
      check_link(Family::executions, key, Family::tasks, *r.task_execution_id,
                 "task_execution_id");
    }
    if (r.root_execution_id) {
      check_link(Family::executions, key, Family::executions, *r.root_execution_id,
                 "root_execution_id");
    }
  }

  void check_links(std::string_view key, const TaskExecution& r) {
    check_link(Family::tasks, key, Family::executions, r.workflow_execution_id,
               "workflow_execution_id");
  }

  void check_links(std::string_view key, const ActionExecution& r) {
    if (r.task_execution_id) {
      check_link(Family::action_executions, key, Family::tasks, *r.task_execution_id,
                 "task_execution_id");
    }
  }

  template <class R>
  void check_links(std::string_view, const R&) {}

  template <class R>
  void check_record(Family family, std::string_view key, const R& record) {
    if (primary_key(record) != key) {
      problem(family, key,
              "record belongs under key '" + printable(family, primary_key(record)) + "'");
    }
    for (const std::string& entry : index_keys(record)) {
      if (!exists(Family::indexes, entry)) {
        problem(family, key, "index entry " + printable(Family::indexes, entry) + " is missing");
      }
    }
    check_links(key, record);
  }

  Result<void> check_records(Family family) {
    ScanRange all;
    all.limit = SIZE_MAX;
    auto status = db_.scan(family, all, [&](std::string_view key, std::string_view value) {
      ++report_.records;
      auto visited = visit_record(family, key, value, [&](const auto& record) {
        check_record(family, key, record);
      });
      if (!visited.ok()) {
        problem(family, key, "unreadable record: " + visited.error().message);
      }
      return !read_error_;
    });
    return finish(std::move(status));
  }

  // Checks that the record an index entry points at exists and owns it.
  void check_entry(std::string_view key) {
    auto entry = parse_index_key(key);
    if (!entry.ok()) {
      problem(Family::indexes, key, "malformed index key");
      return;
    }
    Family owner = owner_family(entry->index);
    auto bytes = db_.get(owner, entry->key);
    if (!bytes.ok()) {
      if (bytes.error().code != Errc::not_found) {
        read_error_ = bytes.error();
        return;
      }
      problem(Family::indexes, key,
              std::string("points at missing ") + family_name(owner) + " record " + entry->key);
      return;
    }
    bool owned = false;
    auto visited = visit_record(owner, entry->key, *bytes, [&](const auto& record) {
      for (const std::string& own : index_keys(record)) {
        owned = owned || own == key;
      }
    });
    // An unreadable owner is reported once, under its own key.
    if (visited.ok() && !owned) {
      problem(Family::indexes, key,
              std::string("stale: ") + family_name(owner) + " record " + entry->key +
                  " does not own this entry");
    }
  }

  Result<void> check_indexes() {
    ScanRange all;
    all.limit = SIZE_MAX;
    auto status = db_.scan(Family::indexes, all, [&](std::string_view key, std::string_view) {
      ++report_.index_entries;
      check_entry(key);
      return !read_error_;
    });
    return finish(std::move(status));
  }

  Result<void> finish(Result<void> status) {
    if (read_error_) {
      return *read_error_;
    }
    return status;
  }

  const Database& db_;
  CheckReport report_;
  // A failed point read (not a missing key) ends the check with that error.
  std::optional<Error> read_error_;
};

}  // namespace

Result<CheckReport> check_database(const Database& db) {
  return Checker(db).run();
}

}  // namespace bora::storage
