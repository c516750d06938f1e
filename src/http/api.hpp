#pragma once

// Internal to the HTTP layer: the request and reply types the handlers work
// with (no cpp-httplib type leaks into them), the shared Api state, and the
// helpers every handler uses. The server (server.cpp) turns cpp-httplib
// requests into these and back.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "actors/embedded.hpp"
#include "actors/workflow/shared_catalog.hpp"
#include "error.hpp"
#include "result.hpp"
#include "storage/keys.hpp"
#include "storage/records.hpp"
#include "storage/tables.hpp"

namespace bora::http {

/// One HTTP request as a handler sees it.
struct Request {
  std::string method;
  std::string path;
  /// Path parts matched by the route's groups, in order.
  std::vector<std::string> captures;
  /// Query parameters in request order.
  std::vector<std::pair<std::string, std::string>> query;
  std::string body;
  std::string content_type;

  /// Returns the value of query parameter `name`, if present (the last one).
  std::optional<std::string> param(std::string_view name) const;
};

/// One reply. `body` null with status 204 means no content.
struct Reply {
  int status = 200;
  boost::json::value body;
  /// Extra headers (e.g. Location).
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Whether an endpoint reports errors as Mistral's JSON endpoints do
/// (faultcode, faultstring, debuginfo) or as its text/plain upload
/// endpoints do (faultstring only).
enum class FaultStyle : uint8_t { json, plain };

/// Returns the HTTP status Mistral uses for an error of kind `code`.
int status_of(Errc code);

/// Returns the error reply for `e` in `style`.
Reply fault(const Error& e, FaultStyle style = FaultStyle::json);

/// Returns a 400 reply with `message`.
Reply bad_request(std::string message, FaultStyle style = FaultStyle::json);

/// State shared by every handler: the engine facade, the live definitions
/// and the server's public base URL.
struct Api {
  Api(actors::Embedded& e, std::shared_ptr<actors::workflow::SharedCatalog> c, std::string url)
      : engine(e), catalog(std::move(c)), base_url(std::move(url)) {}

  actors::Embedded& engine;
  std::shared_ptr<actors::workflow::SharedCatalog> catalog;
  /// e.g. "http://127.0.0.1:8989" (for `next` links and `/`).
  std::string base_url;
  /// Serializes definition, environment and trigger changes (their
  /// uniqueness checks read before they write).
  std::mutex definitions_mutex;
  /// Roles and name of this node (GET /v2/services).
  std::string node_name = "bora";
  std::vector<std::string> roles{"api", "engine", "executor"};
  /// Wait for a started execution's first write before replying.
  std::chrono::milliseconds engine_timeout{30000};

  /// Loads record `R` stored under `key` in `family`; not_found when absent.
  template <class R>
  Result<R> load(storage::Family family, const std::string& key);
  /// Returns every primary key of text index `index` with `value`.
  std::vector<std::string> index_keys(storage::Index index, const std::string& value);
  /// Returns every key of `family` that starts with `prefix`.
  std::vector<std::string> family_keys(storage::Family family, const std::string& prefix = "");
  /// Loads several records of one family; missing or unreadable ones are
  /// skipped.
  template <class R>
  std::vector<R> load_many(storage::Family family, const std::vector<std::string>& keys);
};

/// Stores `record` (replacing `previous`, the version last stored, if any)
/// with its index entries; returns once it is durable.
template <class R>
Result<void> save_record(Api& api, const R& record, const R* previous = nullptr) {
  storage::Batch batch;
  if (auto p = storage::put_record(batch, record, previous); !p.ok()) {
    return p;
  }
  return api.engine.write(std::move(batch));
}

/// Deletes `record` with its index entries and returns 204, or the
/// storage error.
template <class R>
Reply delete_reply(Api& api, const R& record) {
  storage::Batch batch;
  storage::delete_record(batch, record);
  if (auto w = api.engine.write(std::move(batch)); !w.ok()) {
    return fault(w.error());
  }
  Reply r;
  r.status = 204;
  return r;
}

/// Parses a JSON request body. Errors (invalid_argument) name the line and
/// column of the problem; nesting deeper than max_body_depth is refused.
Result<boost::json::value> parse_body_json(std::string_view body);

/// Parses a JSON request body that must be an object.
Result<boost::json::object> parse_body_object(std::string_view body);

/// Deepest JSON nesting accepted in a request body.
inline constexpr size_t max_body_depth = 1000;

/// Reads a JSON-typed body field (api.md §1.1): absent or null gives `{}`;
/// a string is parsed as JSON text; the result must be an object, else
/// invalid_argument `JsonType field value must be a dictionary [actual=...]`.
Result<boost::json::object> json_field(const boost::json::object& body, std::string_view name);

/// Parses a query-string boolean (true/false/True/False/1/0); invalid_argument
/// with Mistral's message naming `name` otherwise.
Result<bool> parse_bool_param(std::string_view name, std::string_view value);

/// Fails (invalid_argument, Mistral's text naming `field`) unless `value` is
/// a UUID.
Result<void> require_uuid(const std::string& value, const char* field);

/// Fails with Mistral's `Unknown attribute for argument <argument>: <key>`
/// when `body` has a key not in `allowed`.
Result<void> check_body_keys(const boost::json::object& body,
                             const std::vector<std::string>& allowed, const char* argument);

/// Returns the stored record of an execution, task or action execution by id,
/// with Mistral's not-found message (`WorkflowExecution not found [id=x]`...).
Result<storage::WorkflowExecution> load_execution(Api& api, const std::string& id);
Result<storage::TaskExecution> load_task(Api& api, const std::string& id);
Result<storage::ActionExecution> load_action_execution(Api& api, const std::string& id);

/// A route: method, a regular expression over the path (its groups become
/// Request::captures), the handler and its error style.
struct Route {
  Route(std::string m, std::string p, std::function<Reply(Api&, const Request&)> h,
        FaultStyle s = FaultStyle::json,
        std::optional<std::vector<std::string>> accepted = std::nullopt)
      : method(std::move(m)),
        pattern(std::move(p)),
        handler(std::move(h)),
        style(s),
        params(std::move(accepted)) {}

  std::string method;
  std::string pattern;
  std::function<Reply(Api&, const Request&)> handler;
  FaultStyle style = FaultStyle::json;
  /// Query parameters the route accepts; any other gets 400
  /// `Unknown argument: "x"`. Unset: the handler checks them (lists).
  std::optional<std::vector<std::string>> params;
};

/// Adds the routes of each resource group to `out`.
void add_definition_routes(std::vector<Route>& out);
void add_execution_routes(std::vector<Route>& out);
void add_task_routes(std::vector<Route>& out);
void add_misc_routes(std::vector<Route>& out);
void add_event_trigger_routes(std::vector<Route>& out);

/// Returns the ids of the event triggers that start workflow `workflow_id`.
std::vector<std::string> event_triggers_of_workflow(Api& api, const std::string& workflow_id);

}  // namespace bora::http
