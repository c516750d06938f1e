// Workflow executions: /v2/executions and what hangs below one.

#include <thread>

#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "http/definitions.hpp"
#include "http/execution_tree.hpp"
#include "http/list_specs.hpp"
#include "http/listing.hpp"
#include "http/resources.hpp"
#include "storage/state.hpp"

namespace bora::http {

namespace json = boost::json;
using storage::Index;
using storage::State;

namespace {

std::vector<std::string> hidden_vars(Api& api, const storage::WorkflowExecution& e) {
  auto spec = api.catalog->find_workflow(e.workflow_name, e.workflow_namespace);
  return spec ? workflow_var_names(*spec) : std::vector<std::string>{};
}

Reply execution_reply(Api& api, const storage::WorkflowExecution& e, int status = 200) {
  ExecutionView v;
  v.output = true;
  v.published_global = status == 200;
  if (v.published_global) {
    v.hidden_vars = hidden_vars(api, e);
  }
  Reply r;
  r.status = status;
  r.body = execution_json(e, v);
  return r;
}

// Reads execution `id` until `done` holds for it (the engine acknowledges a
// command before its write lands) or `patience` passes.
template <class Done>
Result<storage::WorkflowExecution> read_until(Api& api, const std::string& id, Done done,
                                              std::chrono::milliseconds patience) {
  auto until = std::chrono::steady_clock::now() + patience;
  auto wait = std::chrono::microseconds(200);
  while (true) {
    auto e = api.load<storage::WorkflowExecution>(storage::Family::executions, id);
    bool last = std::chrono::steady_clock::now() >= until;
    if (e.ok() && (done(*e) || last)) {
      return e;
    }
    if (!e.ok() && (e.error().code != Errc::not_found || last)) {
      return e;
    }
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::microseconds(20000));
  }
}

Result<json::object> env_param(Api& api, json::object params) {
  auto* env = params.if_contains("env");
  if (env != nullptr && env->is_string()) {
    std::string name(env->as_string());
    auto stored = api.load<storage::Environment>(storage::Family::environments, name);
    if (!stored.ok()) {
      return Error(Errc::invalid_argument, "Environment is not found: " + name);
    }
    *env = stored->variables;
  }
  return params;
}

Reply create_execution(Api& api, const Request& req) {
  auto parsed = parse_body_object(req.body);
  if (!parsed.ok()) {
    return fault(parsed.error());
  }
  json::object body = std::move(parsed).value();
  static const std::vector<std::string> allowed{
      "id",         "workflow_id", "workflow_name", "workflow_namespace", "input",
      "params",     "description", "source_execution_id", "state", "state_info",
      "output",     "task_execution_id", "root_execution_id", "created_at", "updated_at",
      "project_id", "tags",        "published_global"};
  if (auto k = check_body_keys(body, allowed, "wf_ex"); !k.ok()) {
    return fault(k.error());
  }
  auto str = [&](const char* k) -> std::string {
    const auto* v = body.if_contains(k);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  std::string id = str("id");
  if (!id.empty()) {
    auto existing = api.load<storage::WorkflowExecution>(storage::Family::executions, id);
    if (existing.ok()) {
      return execution_reply(api, *existing, 201);
    }
    if (!storage::is_uuid(id)) {
      return bad_request("Invalid input for field/attribute id. Value: '" + id +
                         "'. Value should be UUID format");
    }
  }
  auto input = json_field(body, "input");
  auto params = json_field(body, "params");
  if (!input.ok() || !params.ok()) {
    return fault((!input.ok() ? input : params).error());
  }
  std::string wf_id = str("workflow_id");
  std::string wf_name = str("workflow_name");
  std::string ns = str("workflow_namespace");
  std::string description = str("description");
  std::string source = str("source_execution_id");
  if (!source.empty()) {
    auto src = load_execution(api, source);
    if (!src.ok()) {
      return fault(src.error());
    }
    if (wf_id.empty() && wf_name.empty()) {
      wf_id = src->workflow_id;
      wf_name = src->workflow_name;
      ns = src->workflow_namespace;
    }
    // The source's input and params, with the request's keys on top.
    for (auto [mine, theirs] :
         {std::pair{&*input, &src->input}, std::pair{&*params, &src->params}}) {
      if (theirs->is_object()) {
        json::object merged = theirs->as_object();
        for (const auto& kv : *mine) {
          merged[kv.key()] = kv.value();
        }
        *mine = std::move(merged);
      }
    }
    description = description + " Based on the execution '" + source + "'";
    while (!description.empty() && description.front() == ' ') {
      description.erase(description.begin());
    }
  }
  if (wf_id.empty() && wf_name.empty()) {
    return bad_request("Workflow ID or workflow name must be provided. Workflow ID is recommended.");
  }
  auto wf = find_workflow(api, wf_id.empty() ? wf_name : wf_id, ns);
  if (!wf.ok()) {
    Error e = wf.error();
    if (e.code == Errc::not_found) {
      // Mistral reports an unknown workflow from its engine: 500.
      Reply r = fault(Error(Errc::internal, "DBEntityNotFoundError: 404: " + e.message));
      return r;
    }
    return fault(e);
  }
  auto full_params = env_param(api, std::move(params).value());
  if (!full_params.ok()) {
    return fault(full_params.error());
  }
  actors::StartCommand cmd;
  cmd.workflow = wf->name;
  cmd.ns = wf->ns;
  cmd.input = json::serialize(*input);
  cmd.params = json::serialize(*full_params);
  cmd.description = description;
  cmd.workflow_id = wf->id;
  cmd.id = id;
  auto started = api.engine.start(cmd);
  if (!started.ok()) {
    return fault(started.error());
  }
  auto e = read_until(
      api, *started, [](const storage::WorkflowExecution&) { return true; },
      std::chrono::seconds(10));
  if (!e.ok()) {
    return fault(e.error());
  }
  // The reply shows the execution as it was accepted, RUNNING, as Mistral's
  // does, even when a short workflow has already ended by now.
  storage::WorkflowExecution accepted = std::move(e).value();
  if (storage::is_completed(accepted.state)) {
    accepted.state = State::running;
    accepted.state_info = std::nullopt;
    accepted.output = json::object{};
    accepted.updated_at = accepted.created_at;
  }
  return execution_reply(api, accepted, 201);
}

Reply get_execution(Api& api, const Request& req) {
  auto e = load_execution(api, req.captures[0]);
  if (!e.ok()) {
    return fault(e.error());
  }
  return execution_reply(api, *e);
}

const char* allowed_states = "RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED";

Reply update_execution(Api& api, const Request& req) {
  const std::string& id = req.captures[0];
  auto parsed = parse_body_object(req.body);
  if (!parsed.ok()) {
    return fault(parsed.error());
  }
  json::object body = std::move(parsed).value();
  auto current = load_execution(api, id);
  if (!current.ok()) {
    return fault(current.error());
  }
  auto text = [&](const char* k) -> std::optional<std::string> {
    const auto* v = body.if_contains(k);
    if (v == nullptr || v->is_null()) {
      return std::nullopt;
    }
    return v->is_string() ? std::string(v->as_string()) : dsl::py_str(*v);
  };
  auto state = text("state");
  auto description = text("description");
  auto state_info = text("state_info");
  auto params = json_field(body, "params");
  if (!params.ok()) {
    return fault(params.error());
  }
  const json::value* env = params->if_contains("env");
  if (env != nullptr && !env->is_object()) {
    env = nullptr;
  }
  if (description && state) {
    return bad_request("The property description must be updated separately from state.");
  }
  if (!state && !description && env == nullptr) {
    return bad_request("The property state, description, or env is not provided for update.");
  }
  actors::ExecCommand cmd;
  cmd.execution_id = id;
  if (env != nullptr) {
    cmd.env = json::serialize(*env);
  }
  std::function<bool(const storage::WorkflowExecution&)> done;
  if (!state) {
    cmd.op = actors::ExecCommand::update;
    if (description) {
      cmd.has_msg = true;
      cmd.msg = *description;
    }
    auto before = current->updated_at;
    done = [before](const storage::WorkflowExecution& e) { return e.updated_at != before; };
  } else {
    auto to = storage::parse_state(*state);
    if (!to || *to == State::idle || *to == State::waiting || *to == State::delayed) {
      return bad_request("Cannot change state to " + *state + ". Allowed states are: '" +
                         allowed_states);
    }
    if (env != nullptr && *to != State::running) {
      return bad_request(
          "The property env can only be updated when workflow execution is not running or on "
          "resume from pause.");
    }
    if (state_info) {
      cmd.has_msg = true;
      cmd.msg = *state_info;
    }
    State target = *to;
    switch (target) {
      case State::paused:
        cmd.op = actors::ExecCommand::pause;
        break;
      case State::running:
        cmd.op = actors::ExecCommand::resume;
        break;
      case State::success:
        cmd.op = actors::ExecCommand::succeed;
        break;
      case State::error:
        cmd.op = actors::ExecCommand::fail;
        break;
      default:
        cmd.op = actors::ExecCommand::cancel;
        break;
    }
    State before = current->state;
    done = [target, before](const storage::WorkflowExecution& e) {
      return e.state == target || (e.state != before && storage::is_completed(e.state));
    };
    if (storage::is_completed(before) || (target == State::running && before == State::running)) {
      done = [](const storage::WorkflowExecution&) { return true; };
    }
    if (before == State::success && target == State::success) {
      // Succeeding again only replaces the message.
      done = [info = state_info](const storage::WorkflowExecution& e) {
        return e.state_info == info;
      };
    }
  }
  auto r = api.engine.command(cmd, api.engine_timeout);
  if (!r.ok()) {
    return fault(r.error());
  }
  auto e = read_until(api, id, done, std::chrono::seconds(5));
  if (!e.ok()) {
    return fault(e.error());
  }
  return execution_reply(api, *e);
}

// Candidate ids for a list: from the narrowest index an `eq` filter allows,
// else every execution in creation order.
std::vector<std::string> execution_candidates(Api& api, const ListQuery& q) {
  struct Choice {
    const char* field;
    Index index;
  };
  for (const auto& c : {Choice{"task_execution_id", Index::exec_task},
                        Choice{"root_execution_id", Index::exec_root},
                        Choice{"workflow_name", Index::exec_workflow},
                        Choice{"state", Index::exec_state}}) {
    if (const auto* v = eq_filter(q, c.field); v != nullptr) {
      std::vector<std::string> keys;
      actors::IndexQuery iq{c.index, *v, "", 10000};
      while (true) {
        auto page = api.engine.list(iq);
        if (!page.ok() || page->empty()) {
          break;
        }
        keys.insert(keys.end(), page->begin(), page->end());
        if (page->size() < iq.limit) {
          break;
        }
        iq.marker = page->back();
      }
      return keys;
    }
  }
  std::vector<std::string> keys;
  actors::NumericIndexQuery nq{Index::exec_created, 0, "", 10000};
  while (true) {
    auto page = api.engine.list(nq);
    if (!page.ok() || page->empty()) {
      break;
    }
    for (const auto& e : *page) {
      keys.push_back(e.key);
    }
    if (page->size() < nq.limit) {
      break;
    }
    nq.from = page->back().number;
    nq.marker = page->back().key;
  }
  return keys;
}

// Executions in creation order, through the exec_created index.
class ExecutionSource : public CreatedSource {
public:
  explicit ExecutionSource(Api& api) : api_(api) {}
  void open(int64_t start_ms, bool descending) override {
    q_ = actors::NumericIndexQuery{Index::exec_created, static_cast<uint64_t>(start_ms), "", 0,
                                   descending ? storage::Order::descending
                                              : storage::Order::ascending};
  }
  std::vector<json::object> next(size_t n) override {
    q_.limit = n;
    auto page = api_.engine.list(q_);
    if (!page.ok() || page->empty()) {
      return {};
    }
    q_.from = page->back().number;
    q_.marker = page->back().key;
    std::vector<std::string> ids;
    for (const auto& e : *page) {
      ids.push_back(e.key);
    }
    ExecutionView v;
    v.output = true;
    std::vector<json::object> items;
    for (const auto& e : api_.load_many<storage::WorkflowExecution>(storage::Family::executions,
                                                                    ids)) {
      items.push_back(execution_json(e, v));
    }
    return items;
  }

private:
  Api& api_;
  actors::NumericIndexQuery q_;
};

bool has_indexed_filter(const ListQuery& q) {
  for (const char* f : {"task_execution_id", "root_execution_id", "workflow_name", "state"}) {
    if (eq_filter(q, f) != nullptr) {
      return true;
    }
  }
  return false;
}

Reply list_executions_for(Api& api, const ListQuery& q, const ListSpec& spec) {
  bool with_output = false;
  if (auto it = q.flags.find("include_output"); it != q.flags.end()) {
    auto b = parse_bool_param("include_output", it->second);
    if (!b.ok()) {
      return fault(b.error());
    }
    with_output = *b;
  }
  Reply r;
  if (streams_by_creation(q) && !has_indexed_filter(q)) {
    std::optional<int64_t> marker_ms;
    if (!q.marker.empty()) {
      auto m = api.load<storage::WorkflowExecution>(storage::Family::executions, q.marker);
      if (!m.ok()) {
        return fault(Error(Errc::not_found, "WorkflowExecution not found [id=" + q.marker + "]"));
      }
      marker_ms = m->created_at;
    }
    ExecutionSource source(api);
    r = stream_list(api, spec, q, source, marker_ms, "WorkflowExecution");
  } else {
    auto records = api.load_many<storage::WorkflowExecution>(storage::Family::executions,
                                                             execution_candidates(api, q));
    ExecutionView v;
    v.output = true;  // filters may name output; trimmed below
    std::vector<json::object> items;
    items.reserve(records.size());
    for (const auto& e : records) {
      items.push_back(execution_json(e, v));
    }
    r = list_reply(api, spec, q, std::move(items), "WorkflowExecution");
  }
  if (!with_output && r.status == 200) {
    for (auto& item : r.body.as_object()["executions"].as_array()) {
      item.as_object().erase("output");
    }
  }
  return r;
}

Reply list_executions(Api& api, const Request& req) {
  static const ListSpec spec = *mistral_list_spec("executions");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  return list_executions_for(api, *q, spec);
}

Reply delete_execution(Api& api, const Request& req) {
  const std::string& id = req.captures[0];
  auto e = load_execution(api, id);
  if (!e.ok()) {
    return fault(e.error());
  }
  bool force = false;
  if (auto f = req.param("force"); f) {
    auto b = parse_bool_param("force", *f);
    if (!b.ok()) {
      return fault(b.error());
    }
    force = *b;
  }
  if (!storage::is_completed(e->state)) {
    if (!force) {
      return fault(Error(Errc::forbidden,
                         "Only completed executions can be deleted. Use --force to override "
                         "this. Execution " +
                             id + " is in " + std::string(storage::to_string(e->state)) +
                             " state"));
    }
    actors::ExecCommand cancel;
    cancel.execution_id = id;
    cancel.op = actors::ExecCommand::cancel;
    (void)api.engine.command(cancel, api.engine_timeout);
    (void)read_until(
        api, id, [](const storage::WorkflowExecution& x) { return storage::is_completed(x.state); },
        std::chrono::seconds(2));
  }
  LoadedTree tree;
  if (auto t = load_tree(api, *e, tree); !t.ok()) {
    return fault(t.error());
  }
  storage::Batch batch;
  for (const auto& x : tree.executions) {
    storage::delete_record(batch, x);
  }
  for (const auto& x : tree.tasks) {
    storage::delete_record(batch, x);
  }
  for (const auto& x : tree.actions) {
    storage::delete_record(batch, x);
  }
  if (auto w = api.engine.write(std::move(batch)); !w.ok()) {
    return fault(w.error());
  }
  Reply r;
  r.status = 204;
  return r;
}

Result<int> int_param(const Request& req, const char* name, int def) {
  auto v = req.param(name);
  if (!v || v->empty()) {
    return def;
  }
  try {
    size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size()) {
      return n;
    }
  } catch (const std::exception&) {
  }
  return Error(Errc::invalid_argument, "Invalid input for field/attribute " + std::string(name) +
                                           ". Value: '" + *v + "'. unable to convert to int");
}

Result<bool> bool_param(const Request& req, const char* name) {
  auto v = req.param(name);
  return v ? parse_bool_param(name, *v) : Result<bool>(false);
}

Reply execution_report_reply(Api& api, const Request& req) {
  if (auto u = require_uuid(req.captures[0], "workflow_execution_id"); !u.ok()) {
    return fault(u.error());
  }
  auto e = load_execution(api, req.captures[0]);
  if (!e.ok()) {
    return fault(e.error());
  }
  ReportOptions o;
  auto errors_only = bool_param(req, "errors_only");
  auto stats_only = bool_param(req, "statistics_only");
  auto depth = int_param(req, "max_depth", -1);
  if (!errors_only.ok() || !stats_only.ok() || !depth.ok()) {
    return fault(!errors_only.ok() ? errors_only.error()
                 : !stats_only.ok() ? stats_only.error()
                                    : depth.error());
  }
  o.errors_only = *errors_only;
  o.statistics_only = *stats_only;
  o.max_depth = *depth;
  o.now_ms = storage::now_ms();
  LoadedTree tree;
  if (auto t = load_tree(api, *e, tree); !t.ok()) {
    return fault(t.error());
  }
  std::vector<storage::WorkflowExecution> previous;
  if (e->state == State::running) {
    auto ids = api.engine.list(actors::IndexQuery{Index::exec_workflow, e->workflow_name, "", 1000});
    if (ids.ok()) {
      for (auto& p : api.load_many<storage::WorkflowExecution>(storage::Family::executions, *ids)) {
        if (p.state == State::success && p.workflow_id == e->workflow_id &&
            !p.task_execution_id) {
          previous.push_back(std::move(p));
        }
      }
    }
    for (const auto& p : previous) {
      o.previous_successes.push_back(&p);
    }
  }
  Reply r;
  r.body = execution_report(*tree.root, o);
  return r;
}

Reply sub_executions(Api& api, const Request& req) {
  if (auto u = require_uuid(req.captures[0], "id"); !u.ok()) {
    return fault(u.error());
  }
  auto e = load_execution(api, req.captures[0]);
  if (!e.ok()) {
    return fault(e.error());
  }
  SubExecutionOptions o;
  auto errors_only = bool_param(req, "errors_only");
  auto with_output = bool_param(req, "include_output");
  auto depth = int_param(req, "max_depth", -1);
  if (!errors_only.ok() || !with_output.ok() || !depth.ok()) {
    return fault(!errors_only.ok() ? errors_only.error()
                 : !with_output.ok() ? with_output.error()
                                     : depth.error());
  }
  o.errors_only = *errors_only;
  o.include_output = *with_output;
  o.max_depth = *depth;
  LoadedTree tree;
  if (auto t = load_tree(api, *e, tree); !t.ok()) {
    return fault(t.error());
  }
  Reply r;
  r.body = sub_executions_json(*tree.root, o);
  return r;
}

}  // namespace

Reply list_tasks_of(Api& api, const Request& req, const std::string& execution_id);

void add_execution_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/v2/executions/?", list_executions});
  out.push_back({"POST", "/v2/executions/?", create_execution});
  using Params = std::vector<std::string>;
  out.push_back({"GET", "/v2/executions/([^/]+)/?", get_execution, FaultStyle::json, Params{}});
  out.push_back({"PUT", "/v2/executions/([^/]+)/?", update_execution});
  out.push_back({"DELETE", "/v2/executions/([^/]+)/?", delete_execution, FaultStyle::json,
                 Params{"force"}});
  out.push_back({"DELETE", "/v2/executions/?", [](Api&, const Request&) {
                   return bad_request("Missing argument: \"id\"");
                 }});
  out.push_back({"GET", "/v2/executions/([^/]+)/tasks/?", [](Api& api, const Request& req) {
                   return list_tasks_of(api, req, req.captures[0]);
                 }});
  out.push_back({"GET", "/v2/executions/([^/]+)/report/?", execution_report_reply,
                 FaultStyle::json, Params{"errors_only", "max_depth", "statistics_only"}});
  out.push_back({"GET", "/v2/executions/([^/]+)/executions/?", sub_executions, FaultStyle::json,
                 Params{"errors_only", "max_depth", "include_output"}});
}

}  // namespace bora::http
