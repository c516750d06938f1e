#include "http/api.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "dsl/pystr.hpp"
#include "storage/ids.hpp"
#include "storage/tables.hpp"

namespace bora::http {

namespace json = boost::json;

std::optional<std::string> Request::param(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [k, v] : query) {
    if (k == name) {
      out = v;
    }
  }
  return out;
}

int status_of(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
    case Errc::parse_error:
    case Errc::invalid_definition:
    case Errc::evaluation_error:
    case Errc::limit_exceeded:
    case Errc::invalid_state:
      return 400;
    case Errc::not_found:
      return 404;
    case Errc::already_exists:
      return 409;
    case Errc::forbidden:
      return 403;
    case Errc::unavailable:
      return 503;
    case Errc::io_error:
    case Errc::internal:
      break;
  }
  return 500;
}

Reply fault(const Error& e, FaultStyle style) {
  Reply r;
  r.status = status_of(e.code);
  if (style == FaultStyle::plain) {
    r.body = json::object{{"faultstring", e.message}};
  } else {
    r.body = json::object{{"faultcode", r.status >= 500 ? "Server" : "Client"},
                          {"faultstring", e.message},
                          {"debuginfo", nullptr}};
  }
  return r;
}

Reply bad_request(std::string message, FaultStyle style) {
  return fault(Error(Errc::invalid_argument, std::move(message)), style);
}

Result<json::value> parse_body_json(std::string_view body) {
  json::parse_options opts;
  opts.max_depth = max_body_depth;
  json::stream_parser p({}, opts);
  boost::system::error_code ec;
  size_t used = p.write_some(body.data(), body.size(), ec);
  if (!ec) {
    p.finish(ec);
    used = body.size();
  }
  if (ec) {
    size_t line = 1;
    size_t col = 1;
    for (size_t i = 0; i < used && i < body.size(); ++i) {
      if (body[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string why = ec == json::error::too_deep
                          ? "nesting deeper than " + std::to_string(max_body_depth) + " levels"
                          : ec.message();
    return Error(Errc::invalid_argument, "Request is not in valid JSON format: " + why + " (line " +
                                             std::to_string(line) + ", column " +
                                             std::to_string(col) + ")");
  }
  return p.release();
}

namespace {

// The largest page the store serves in one request.
constexpr uint64_t page_size = 10000;

}  // namespace

Result<json::object> parse_body_object(std::string_view body) {
  auto parsed = parse_body_json(body);
  if (!parsed.ok()) {
    return std::move(parsed).error();
  }
  if (!parsed->is_object()) {
    return Error(Errc::invalid_argument, "The request body must be a JSON object");
  }
  return std::move(parsed->as_object());
}

namespace {

// Every key a paged query returns, page after page.
template <class Query>
std::vector<std::string> all_pages(actors::Embedded& engine, Query q) {
  std::vector<std::string> keys;
  while (true) {
    auto page = engine.list(q);
    if (!page.ok() || page->empty()) {
      break;
    }
    keys.insert(keys.end(), page->begin(), page->end());
    if (page->size() < q.limit) {
      break;
    }
    q.marker = page->back();
  }
  return keys;
}

}  // namespace

std::vector<std::string> Api::index_keys(storage::Index index, const std::string& value) {
  return all_pages(engine, actors::IndexQuery{index, value, "", page_size});
}

std::vector<std::string> Api::family_keys(storage::Family family, const std::string& prefix) {
  return all_pages(engine, actors::KeyQuery{family, prefix, "", page_size});
}

Result<json::object> json_field(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return json::object{};
  }
  json::value parsed;
  if (v->is_string()) {
    if (v->as_string().empty()) {
      return json::object{};
    }
    auto p = parse_body_json(std::string_view(v->as_string().data(), v->as_string().size()));
    if (!p.ok()) {
      return Error(Errc::invalid_argument,
                   "Invalid input for field/attribute " + std::string(name) + ". Value: '" +
                       std::string(v->as_string()) + "'. " + p.error().message);
    }
    parsed = std::move(p).value();
  } else {
    parsed = *v;
  }
  if (!parsed.is_object()) {
    return Error(Errc::invalid_argument,
                 "JsonType field value must be a dictionary [actual=" + dsl::py_str(parsed) + "]");
  }
  return std::move(parsed.as_object());
}

Result<void> require_uuid(const std::string& value, const char* field) {
  if (storage::is_uuid(value)) {
    return {};
  }
  return Error(Errc::invalid_argument, "Invalid input for field/attribute " + std::string(field) +
                                           ". Value: '" + value +
                                           "'. unable to convert to uuid. Error: Expected a uuid "
                                           "but received " +
                                           value + ".");
}

Result<void> check_body_keys(const json::object& body, const std::vector<std::string>& allowed,
                             const char* argument) {
  for (const auto& kv : body) {
    if (std::find(allowed.begin(), allowed.end(), std::string(kv.key())) == allowed.end()) {
      return Error(Errc::invalid_argument, "Unknown attribute for argument " +
                                               std::string(argument) + ": " +
                                               std::string(kv.key()));
    }
  }
  return {};
}

Result<bool> parse_bool_param(std::string_view name, std::string_view value) {
  if (value == "true" || value == "True" || value == "1" || value == "TRUE" || value == "yes") {
    return true;
  }
  if (value == "false" || value == "False" || value == "0" || value == "FALSE" ||
      value == "no" || value.empty()) {
    return false;
  }
  return Error(Errc::invalid_argument, "Invalid input for field/attribute " + std::string(name) +
                                           ". Value: '" + std::string(value) +
                                           "'. Wrong type. Expected '<class 'bool'>', got "
                                           "'<class 'str'>'");
}

template <class R>
Result<R> Api::load(storage::Family family, const std::string& key) {
  auto bytes = engine.read(family, key);
  if (!bytes.ok()) {
    return std::move(bytes).error();
  }
  return storage::decode<R>(*bytes);
}

template <class R>
std::vector<R> Api::load_many(storage::Family family, const std::vector<std::string>& keys) {
  std::vector<R> out;
  out.reserve(keys.size());
  for (auto& bytes : engine.read_many(family, keys)) {
    if (!bytes.ok()) {
      continue;
    }
    auto r = storage::decode<R>(*bytes);
    if (r.ok()) {
      out.push_back(std::move(r).value());
    }
  }
  return out;
}

template Result<storage::WorkflowDefinition> Api::load(storage::Family, const std::string&);
template Result<storage::WorkbookDefinition> Api::load(storage::Family, const std::string&);
template Result<storage::ActionDefinition> Api::load(storage::Family, const std::string&);
template Result<storage::Environment> Api::load(storage::Family, const std::string&);
template Result<storage::CronTrigger> Api::load(storage::Family, const std::string&);
template Result<storage::EventTrigger> Api::load(storage::Family, const std::string&);
template Result<storage::WorkflowExecution> Api::load(storage::Family, const std::string&);
template Result<storage::TaskExecution> Api::load(storage::Family, const std::string&);
template Result<storage::ActionExecution> Api::load(storage::Family, const std::string&);
template std::vector<storage::WorkflowDefinition> Api::load_many(storage::Family,
                                                                 const std::vector<std::string>&);
template std::vector<storage::WorkbookDefinition> Api::load_many(storage::Family,
                                                                 const std::vector<std::string>&);
template std::vector<storage::ActionDefinition> Api::load_many(storage::Family,
                                                               const std::vector<std::string>&);
template std::vector<storage::Environment> Api::load_many(storage::Family,
                                                          const std::vector<std::string>&);
template std::vector<storage::CronTrigger> Api::load_many(storage::Family,
                                                          const std::vector<std::string>&);
template std::vector<storage::EventTrigger> Api::load_many(storage::Family,
                                                           const std::vector<std::string>&);
template std::vector<storage::WorkflowExecution> Api::load_many(storage::Family,
                                                                const std::vector<std::string>&);
template std::vector<storage::TaskExecution> Api::load_many(storage::Family,
                                                            const std::vector<std::string>&);
template std::vector<storage::ActionExecution> Api::load_many(storage::Family,
                                                              const std::vector<std::string>&);

namespace {

template <class R>
Result<R> load_named(Api& api, storage::Family family, const std::string& id, const char* what) {
  auto r = api.load<R>(family, id);
  if (!r.ok() && r.error().code == Errc::not_found) {
    return Error(Errc::not_found, std::string(what) + " not found [id=" + id + "]");
  }
  return r;
}

}  // namespace

Result<storage::WorkflowExecution> load_execution(Api& api, const std::string& id) {
  return load_named<storage::WorkflowExecution>(api, storage::Family::executions, id,
                                                "WorkflowExecution");
}

Result<storage::TaskExecution> load_task(Api& api, const std::string& id) {
  return load_named<storage::TaskExecution>(api, storage::Family::tasks, id, "Task execution");
}

Result<storage::ActionExecution> load_action_execution(Api& api, const std::string& id) {
  return load_named<storage::ActionExecution>(api, storage::Family::action_executions, id,
                                              "ActionExecution");
}

}  // namespace bora::http
