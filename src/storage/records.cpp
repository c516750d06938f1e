#include "storage/records.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bora::storage {

namespace json = boost::json;

namespace {

// Deepest JSON a stored record may hold. Far above what the engine lets user
// values reach (expression limits stop near 200), so anything Bora wrote reads
// back; it only bounds the parser on a corrupted value.
constexpr size_t max_record_depth = 4096;

// -- field lists: one per record, shared by encoding and decoding -----------
// A field's JSON name is its C++ name, except `ns`, stored as "namespace".

template <class F, class R>
void fields(F& f, R& r, const WorkflowDefinition*) {
  f("id", r.id), f("name", r.name), f("namespace", r.ns), f("definition", r.definition);
  f("tags", r.tags), f("scope", r.scope), f("project_id", r.project_id), f("input", r.input);
  f("interface", r.interface), f("workbook_name", r.workbook_name);
  f("is_system", r.is_system), f("created_at", r.created_at), f("updated_at", r.updated_at);
}

template <class F, class R>
void fields(F& f, R& r, const WorkbookDefinition*) {
  f("id", r.id), f("name", r.name), f("namespace", r.ns), f("definition", r.definition);
  f("tags", r.tags), f("scope", r.scope), f("project_id", r.project_id);
  f("created_at", r.created_at), f("updated_at", r.updated_at);
}

template <class F, class R>
void fields(F& f, R& r, const ActionDefinition*) {
  f("id", r.id), f("name", r.name), f("namespace", r.ns), f("definition", r.definition);
  f("tags", r.tags), f("scope", r.scope), f("project_id", r.project_id), f("input", r.input);
  f("description", r.description), f("workbook_name", r.workbook_name);
  f("is_system", r.is_system), f("created_at", r.created_at), f("updated_at", r.updated_at);
}

template <class F, class R>
void fields(F& f, R& r, const Environment*) {
  f("id", r.id), f("name", r.name), f("description", r.description);
  f("variables", r.variables), f("scope", r.scope), f("project_id", r.project_id);
  f("created_at", r.created_at), f("updated_at", r.updated_at);
}

template <class F, class R>
void fields(F& f, R& r, const EventTrigger*) {
  f("id", r.id), f("name", r.name), f("workflow_id", r.workflow_id);
  f("workflow_input", r.workflow_input), f("workflow_params", r.workflow_params);
  f("exchange", r.exchange), f("topic", r.topic), f("event", r.event), f("scope", r.scope);
  f("project_id", r.project_id), f("created_at", r.created_at), f("updated_at", r.updated_at);
}

template <class F, class R>
void fields(F& f, R& r, const CronTrigger*) {
  f("id", r.id), f("name", r.name), f("workflow_name", r.workflow_name);
  f("workflow_namespace", r.workflow_namespace), f("workflow_id", r.workflow_id);
  f("workflow_input", r.workflow_input), f("workflow_params", r.workflow_params);
  f("pattern", r.pattern), f("remaining_executions", r.remaining_executions);
  f("first_execution_time", r.first_execution_time);
  f("next_execution_time", r.next_execution_time), f("scope", r.scope);
  f("project_id", r.project_id), f("created_at", r.created_at), f("updated_at", r.updated_at);
}

template <class F, class R>
void fields(F& f, R& r, const WorkflowExecution*) {
  f("id", r.id), f("workflow_id", r.workflow_id), f("workflow_name", r.workflow_name);
  f("workflow_namespace", r.workflow_namespace), f("description", r.description);
  f("tags", r.tags), f("params", r.params), f("task_execution_id", r.task_execution_id);
  f("root_execution_id", r.root_execution_id), f("state", r.state);
  f("state_info", r.state_info), f("input", r.input), f("output", r.output);
  f("project_id", r.project_id), f("created_at", r.created_at), f("updated_at", r.updated_at);
  f("spec_source", r.spec_source), f("context", r.context);
  f("runtime_context", r.runtime_context), f("accepted", r.accepted);
  f("owner_node", r.owner_node);
}

template <class F, class R>
void fields(F& f, R& r, const TaskExecution*) {
  f("id", r.id), f("name", r.name), f("type", r.type), f("workflow_name", r.workflow_name);
  f("workflow_namespace", r.workflow_namespace), f("workflow_id", r.workflow_id);
  f("workflow_execution_id", r.workflow_execution_id), f("tags", r.tags);
  f("state", r.state), f("state_info", r.state_info), f("project_id", r.project_id);
  f("runtime_context", r.runtime_context), f("result", r.result);
  f("published", r.published), f("published_global", r.published_global);
  f("processed", r.processed), f("created_at", r.created_at), f("updated_at", r.updated_at);
  f("started_at", r.started_at), f("finished_at", r.finished_at);
  f("in_context", r.in_context), f("has_next_tasks", r.has_next_tasks);
  f("next_tasks", r.next_tasks), f("error_handled", r.error_handled);
  f("unique_key", r.unique_key);
}

template <class F, class R>
void fields(F& f, R& r, const ActionExecution*) {
  f("id", r.id), f("name", r.name), f("workflow_name", r.workflow_name);
  f("workflow_namespace", r.workflow_namespace), f("task_name", r.task_name);
  f("task_execution_id", r.task_execution_id), f("state", r.state);
  f("state_info", r.state_info), f("tags", r.tags), f("description", r.description);
  f("project_id", r.project_id), f("accepted", r.accepted), f("input", r.input);
  f("output", r.output), f("params", r.params), f("created_at", r.created_at);
  f("updated_at", r.updated_at), f("last_heartbeat", r.last_heartbeat);
  f("is_sync", r.is_sync), f("runtime_context", r.runtime_context);
  f("executor_node", r.executor_node);
}

template <class F, class R>
void fields(F& f, R& r, const Timer*) {
  f("id", r.id), f("due_at", r.due_at), f("kind", r.kind), f("target_id", r.target_id);
  f("payload", r.payload);
}

// -- encoding ----------------------------------------------------------------

class Writer {
public:
  Writer() {
    obj_["v"] = record_version;
  }

  void operator()(const char* name, const std::string& v) {
    obj_[name] = v;
  }
  void operator()(const char* name, int64_t v) {
    obj_[name] = v;
  }
  void operator()(const char* name, bool v) {
    obj_[name] = v;
  }
  void operator()(const char* name, State v) {
    obj_[name] = to_string(v);
  }
  void operator()(const char* name, const json::value& v) {
    obj_[name] = v;
  }
  void operator()(const char* name, const std::vector<std::string>& v) {
    json::array& arr = obj_[name].emplace_array();
    for (const std::string& s : v) {
      arr.emplace_back(s);
    }
  }
  template <class T>
  void operator()(const char* name, const std::optional<T>& v) {
    if (v) {
      (*this)(name, *v);
    } else {
      obj_[name] = nullptr;
    }
  }

  std::string text() const {
    return json::serialize(obj_);
  }

private:
  json::object obj_;
};

template <class R>
std::string encode_record(const R& record) {
  Writer w;
  fields(w, record, static_cast<const R*>(nullptr));
  return w.text();
}

// -- decoding ----------------------------------------------------------------

// Reads fields out of a parsed object; the first problem is kept and the
// remaining fields are skipped.
class Reader {
public:
  explicit Reader(const json::object& obj) : obj_(obj) {}

  template <class T>
  void operator()(const char* name, T& field) {
    if (!error_.empty()) {
      return;
    }
    ++seen_;
    const json::value* v = obj_.if_contains(name);
    if (v == nullptr) {
      error_ = std::string("missing field '") + name + "'";
    } else if (!read(*v, field)) {
      error_ = std::string("field '") + name + "' has the wrong type";
    }
  }

  // Returns the first problem, also reporting members no field claimed.
  std::string finish() const {
    if (!error_.empty() || obj_.size() == seen_ + 1) {
      return error_;
    }
    return "unexpected members (" + std::to_string(obj_.size() - seen_ - 1) + " unknown)";
  }

private:
  static bool read(const json::value& v, std::string& out) {
    if (!v.is_string()) {
      return false;
    }
    out = std::string(v.get_string());
    return true;
  }
  static bool read(const json::value& v, int64_t& out) {
    if (!v.is_int64()) {
      return false;
    }
    out = v.get_int64();
    return true;
  }
  static bool read(const json::value& v, bool& out) {
    if (!v.is_bool()) {
      return false;
    }
    out = v.get_bool();
    return true;
  }
  static bool read(const json::value& v, State& out) {
    auto state = v.is_string() ? parse_state(v.get_string()) : std::nullopt;
    out = state.value_or(State::idle);
    return state.has_value();
  }
  static bool read(const json::value& v, json::value& out) {
    out = v;
    return true;
  }
  static bool read(const json::value& v, std::vector<std::string>& out) {
    if (!v.is_array()) {
      return false;
    }
    out.clear();
    for (const json::value& item : v.get_array()) {
      if (!item.is_string()) {
        return false;
      }
      out.emplace_back(item.get_string());
    }
    return true;
  }
  template <class T>
  static bool read(const json::value& v, std::optional<T>& out) {
    if (v.is_null()) {
      out.reset();
      return true;
    }
    T inner{};
    if (!read(v, inner)) {
      return false;
    }
    out = std::move(inner);
    return true;
  }

  const json::object& obj_;
  size_t seen_ = 0;
  std::string error_;
};

Error bad_record(const char* what) {
  return Error(Errc::io_error, std::string("stored record is unreadable: ") + what);
}

Result<json::object> parse_object(std::string_view bytes) {
  json::parse_options options;
  options.max_depth = max_record_depth;
  json::error_code ec;
  json::value v = json::parse(bytes, ec, {}, options);
  if (ec) {
    return bad_record(("not JSON (" + ec.message() + ")").c_str());
  }
  if (!v.is_object()) {
    return bad_record("not a JSON object");
  }
  return std::move(v.get_object());
}

Result<void> check_version(const json::object& obj) {
  const json::value* v = obj.if_contains("v");
  if (v == nullptr || !v->is_int64()) {
    return bad_record("no record version");
  }
  if (v->get_int64() != record_version) {
    return Error(Errc::io_error, "stored record has version " + std::to_string(v->get_int64()) +
                                     ", this build reads version " +
                                     std::to_string(record_version));
  }
  return {};
}

}  // namespace

std::string encode(const WorkflowDefinition& r) {
  return encode_record(r);
}
std::string encode(const WorkbookDefinition& r) {
  return encode_record(r);
}
std::string encode(const ActionDefinition& r) {
  return encode_record(r);
}
std::string encode(const Environment& r) {
  return encode_record(r);
}
std::string encode(const EventTrigger& r) {
  return encode_record(r);
}
std::string encode(const CronTrigger& r) {
  return encode_record(r);
}
std::string encode(const WorkflowExecution& r) {
  return encode_record(r);
}
std::string encode(const TaskExecution& r) {
  return encode_record(r);
}
std::string encode(const ActionExecution& r) {
  return encode_record(r);
}
std::string encode(const Timer& r) {
  return encode_record(r);
}

template <class R>
Result<R> decode(std::string_view bytes) {
  auto obj = parse_object(bytes);
  if (!obj.ok()) {
    return std::move(obj).error();
  }
  BORA_TRY_VOID(check_version(*obj));
  R record;
  Reader reader(*obj);
  fields(reader, record, static_cast<const R*>(nullptr));
  std::string problem = reader.finish();
  if (!problem.empty()) {
    return bad_record(problem.c_str());
  }
  return record;
}

template Result<WorkflowDefinition> decode(std::string_view);
template Result<WorkbookDefinition> decode(std::string_view);
template Result<ActionDefinition> decode(std::string_view);
template Result<Environment> decode(std::string_view);
template Result<EventTrigger> decode(std::string_view);
template Result<CronTrigger> decode(std::string_view);
template Result<WorkflowExecution> decode(std::string_view);
template Result<TaskExecution> decode(std::string_view);
template Result<ActionExecution> decode(std::string_view);
template Result<Timer> decode(std::string_view);

}  // namespace bora::storage
