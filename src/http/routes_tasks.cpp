// Tasks (/v2/tasks) and action executions (/v2/action_executions).

#include <limits>
#include <thread>

#include <boost/json.hpp>

#include "actors/actions/system_actions.hpp"
#include "actors/workflow/adhoc.hpp"
#include "dsl/pystr.hpp"
#include "http/execution_tree.hpp"
#include "http/list_specs.hpp"
#include "http/listing.hpp"
#include "http/resources.hpp"
#include "storage/ids.hpp"
#include "storage/tables.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

namespace json = boost::json;
using storage::Family;
using storage::Index;
using storage::State;

namespace {

// Records of a family keyed by UUIDv7 ids, in key (creation) order.
template <class R, class Render>
class KeySource : public CreatedSource {
public:
  KeySource(Api& api, Family family, Render render)
      : api_(api), family_(family), render_(std::move(render)) {}
  void open(int64_t start_ms, bool descending) override {
    q_ = actors::KeyQuery{family_, "", "", 0,
                          descending ? storage::Order::descending : storage::Order::ascending};
    if (descending && start_ms != std::numeric_limits<int64_t>::max()) {
      q_.marker = uuid7_bound(start_ms + 1);
    } else if (!descending && start_ms > 0) {
      q_.marker = uuid7_bound(start_ms);
    }
  }
  std::vector<json::object> next(size_t n) override {
    q_.limit = n;
    auto page = api_.engine.list(q_);
    if (!page.ok() || page->empty()) {
      return {};
    }
    q_.marker = page->back();
    std::vector<json::object> items;
    for (const auto& r : api_.load_many<R>(family_, *page)) {
      items.push_back(render_(r));
    }
    return items;
  }

private:
  Api& api_;
  Family family_;
  Render render_;
  actors::KeyQuery q_;
};

template <class R, class Render>
Reply stream_records(Api& api, const ListSpec& spec, const ListQuery& q, Family family,
                     Render render, const std::string& what) {
  std::optional<int64_t> marker_ms;
  if (!q.marker.empty()) {
    auto m = api.load<R>(family, q.marker);
    if (!m.ok()) {
      return fault(Error(Errc::not_found, what + " not found [id=" + q.marker + "]"));
    }
    marker_ms = m->created_at;
  }
  KeySource<R, Render> source(api, family, std::move(render));
  return stream_list(api, spec, q, source, marker_ms, what);
}

// -- tasks ---

Reply list_tasks_query(Api& api, const Request& req, const std::string& execution_id) {
  static const ListSpec spec = *mistral_list_spec("tasks");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  std::vector<std::string> keys;
  if (!execution_id.empty()) {
    keys = api.index_keys(Index::task_wf_exec, execution_id);
  } else if (const auto* v = eq_filter(*q, "workflow_execution_id"); v != nullptr) {
    keys = api.index_keys(Index::task_wf_exec, *v);
  } else if (const auto* s = eq_filter(*q, "state"); s != nullptr) {
    keys = api.index_keys(Index::task_state, *s);
  } else if (streams_by_creation(*q)) {
    return stream_records<storage::TaskExecution>(
        api, spec, *q, Family::tasks,
        [](const storage::TaskExecution& t) { return task_json(t, false); }, "TaskExecution");
  } else {
    keys = api.family_keys(Family::tasks);
  }
  std::vector<json::object> items;
  for (const auto& t : api.load_many<storage::TaskExecution>(Family::tasks, keys)) {
    items.push_back(task_json(t, false));
  }
  return list_reply(api, spec, *q, std::move(items), "TaskExecution");
}

Reply get_task(Api& api, const Request& req) {
  auto t = load_task(api, req.captures[0]);
  if (!t.ok()) {
    return fault(t.error());
  }
  Reply r;
  r.body = task_json(*t, true);
  return r;
}

Reply rerun_task(Api& api, const Request& req) {
  const std::string& id = req.captures[0];
  auto parsed = parse_body_object(req.body);
  if (!parsed.ok()) {
    return fault(parsed.error());
  }
  json::object body = std::move(parsed).value();
  const json::value* reset = body.if_contains("reset");
  if (reset == nullptr || reset->is_null()) {
    return bad_request(
        "Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing.");
  }
  bool reset_flag = reset->is_bool() ? reset->as_bool() : true;
  auto task = load_task(api, id);
  if (!task.ok()) {
    return fault(task.error());
  }
  auto text = [&](const char* k) -> std::optional<std::string> {
    const auto* v = body.if_contains(k);
    if (v == nullptr || v->is_null()) {
      return std::nullopt;
    }
    return v->is_string() ? std::string(v->as_string()) : dsl::py_str(*v);
  };
  if (auto n = text("name"); n && *n != task->name) {
    return bad_request("Task name does not match.");
  }
  if (auto w = text("workflow_name"); w && *w != task->workflow_name) {
    return bad_request("Workflow name does not match.");
  }
  if (text("state").value_or("") != "RUNNING") {
    return bad_request("Invalid task state. Only updating task to rerun is supported.");
  }
  if (task->state != State::error) {
    return bad_request(
        "The current task execution must be in ERROR for rerun. Only updating task to rerun is "
        "supported.");
  }
  const auto* rc = task->runtime_context.if_object();
  bool with_items = rc != nullptr && rc->contains("with_items");
  if (!reset_flag && !with_items) {
    return bad_request("Only with-items task has the option to not reset.");
  }
  auto env = json_field(body, "env");
  if (!env.ok()) {
    return fault(env.error());
  }
  actors::ExecCommand cmd;
  cmd.execution_id = task->workflow_execution_id;
  cmd.op = actors::ExecCommand::rerun;
  cmd.task_ex_id = id;
  cmd.reset = reset_flag;
  if (!env->empty()) {
    cmd.env = json::serialize(*env);
  }
  if (auto r = api.engine.command(cmd, api.engine_timeout); !r.ok()) {
    return fault(r.error());
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto latest = task;
  while (std::chrono::steady_clock::now() < until) {
    latest = load_task(api, id);
    if (!latest.ok() || latest->state != State::error) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!latest.ok()) {
    return fault(latest.error());
  }
  Reply r;
  r.body = task_json(*latest, true);
  return r;
}

// -- action executions ---

Reply list_action_executions_for(Api& api, const Request& req, const std::string& task_id) {
  static const ListSpec spec = *mistral_list_spec("action_executions");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  bool with_output = false;
  if (auto it = q->flags.find("include_output"); it != q->flags.end()) {
    auto b = parse_bool_param("include_output", it->second);
    if (!b.ok()) {
      return fault(b.error());
    }
    with_output = *b;
  }
  std::vector<std::string> keys;
  if (!task_id.empty()) {
    keys = api.index_keys(Index::action_task, task_id);
  } else if (const auto* v = eq_filter(*q, "task_execution_id"); v != nullptr) {
    keys = api.index_keys(Index::action_task, *v);
  } else if (streams_by_creation(*q)) {
    Reply r = stream_records<storage::ActionExecution>(
        api, spec, *q, Family::action_executions,
        [](const storage::ActionExecution& a) { return action_execution_json(a, true, true); },
        "ActionExecution");
    if (!with_output && r.status == 200) {
      for (auto& item : r.body.as_object()["action_executions"].as_array()) {
        item.as_object().erase("output");
      }
    }
    return r;
  } else {
    keys = api.family_keys(Family::action_executions);
  }
  std::vector<json::object> items;
  for (const auto& a : api.load_many<storage::ActionExecution>(Family::action_executions, keys)) {
    items.push_back(action_execution_json(a, true, true));
  }
  Reply r = list_reply(api, spec, *q, std::move(items), "ActionExecution");
  if (!with_output && r.status == 200) {
    for (auto& item : r.body.as_object()["action_executions"].as_array()) {
      item.as_object().erase("output");
    }
  }
  return r;
}

Reply get_action_execution(Api& api, const Request& req) {
  auto a = load_action_execution(api, req.captures[req.captures.size() - 1]);
  if (!a.ok()) {
    return fault(a.error());
  }
  Reply r;
  r.body = action_execution_json(*a, true, true);
  return r;
}

Reply run_action(Api& api, const Request& req) {
  auto parsed = parse_body_object(req.body);
  if (!parsed.ok()) {
    return fault(parsed.error());
  }
  json::object body = std::move(parsed).value();
  const auto* name_v = body.if_contains("name");
  if (name_v == nullptr || !name_v->is_string() || name_v->as_string().empty()) {
    return bad_request("Please provide at least action name to run action.");
  }
  std::string name(name_v->as_string());
  auto input = json_field(body, "input");
  auto params = json_field(body, "params");
  if (!input.ok() || !params.ok()) {
    return fault((!input.ok() ? input : params).error());
  }
  std::string ns;
  if (const auto* n = body.if_contains("workflow_namespace"); n != nullptr && n->is_string()) {
    ns = std::string(n->as_string());
  }
  const auto* action = actors::actions::find_system_action(name);
  std::optional<actors::workflow::AdhocCall> adhoc;
  Result<json::object> checked = json::object{};
  if (action == nullptr) {
    auto x = actors::workflow::expand_adhoc(*api.catalog, name, ns, *input, json::object{});
    if (!x.ok()) {
      if (x.error().code == Errc::not_found) {
        return bad_request("Failed to find action [action_name=" + name + "]");
      }
      return fault(Error(Errc::internal, "ActionException: " + x.error().message));
    }
    action = actors::actions::find_system_action(x->system_action);
    checked = x->input;
    adhoc = std::move(x).value();
  } else {
    checked = actors::actions::check_input(*action, *input);
  }
  if (!checked.ok()) {
    return fault(Error(Errc::internal, "ActionException: " + checked.error().message));
  }
  auto flag = [&](const char* k) {
    const auto* v = params->if_contains(k);
    return v != nullptr && v->is_bool() && v->as_bool();
  };
  bool save = flag("save_result");
  bool run_sync = flag("run_sync");
  if (action->is_async && run_sync) {
    return bad_request("Action does not support synchronous execution.");
  }
  storage::ActionExecution rec;
  rec.id = storage::new_uuid7();
  rec.name = name;
  rec.state = State::running;
  rec.project_id = std::string(default_project);
  rec.input = *input;
  rec.params = *params;
  rec.created_at = storage::now_ms();
  rec.is_sync = !action->is_async;
  rec.description = std::string();
  rec.workflow_namespace = ns;
  if (const auto* d = body.if_contains("description"); d != nullptr && d->is_string()) {
    rec.description = std::string(d->as_string());
  }
  actors::ActionRequest ar;
  ar.action_ex_id = rec.id;
  ar.action = action->name;
  ar.input = json::serialize(*checked);
  if (const auto* t = params->if_contains("timeout"); t != nullptr && t->is_number()) {
    ar.timeout = t->to_number<double>();
  }
  Reply reply;
  reply.status = 201;
  if (!action->is_async && (!save || run_sync || adhoc)) {
    auto done = api.engine.run_action(ar, std::chrono::hours(1));
    if (!done.ok()) {
      return fault(done.error());
    }
    boost::system::error_code ec;
    json::value v = done->value.empty() ? json::value(nullptr) : json::parse(done->value, ec);
    if (ec) {
      v = nullptr;
    }
    if (adhoc && done->kind == 1) {
      auto out = actors::workflow::adhoc_output(*adhoc, std::move(v));
      if (!out.ok()) {
        done->kind = 2;
        v = json::value(out.error().message);
      } else {
        v = std::move(out).value();
      }
    }
    rec.output = json::object{{"result", std::move(v)}};
    rec.state = done->kind == 1 ? State::success : done->kind == 2 ? State::error
                                                                    : State::cancelled;
    rec.accepted = true;
    if (!save) {
      reply.body = unsaved_action_execution_json(rec);
      return reply;
    }
    rec.updated_at = storage::now_ms();
    if (auto w = save_record(api, rec); !w.ok()) {
      return fault(w.error());
    }
    reply.body = action_execution_json(rec, true, false);
    return reply;
  }
  if (auto w = save_record(api, rec); !w.ok()) {
    return fault(w.error());
  }
  api.engine.run_action_saved(ar, rec, action->is_async);
  reply.body = action_execution_json(rec, true, false);
  return reply;
}

Reply complete_action_execution(Api& api, const Request& req) {
  const std::string& id = req.captures[0];
  auto parsed = parse_body_object(req.body);
  if (!parsed.ok()) {
    return fault(parsed.error());
  }
  json::object body = std::move(parsed).value();
  auto rec = load_action_execution(api, id);
  if (!rec.ok()) {
    return fault(rec.error());
  }
  const auto* sv = body.if_contains("state");
  std::string state = sv != nullptr && sv->is_string() ? std::string(sv->as_string()) : "";
  auto to = storage::parse_state(state);
  if (!to || (*to != State::success && *to != State::error && *to != State::cancelled &&
              *to != State::paused && *to != State::running)) {
    return bad_request("Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', "
                       "'RUNNING'], actual: " +
                       (sv == nullptr ? std::string("None") : state));
  }
  json::value output = nullptr;
  if (const auto* o = body.if_contains("output"); o != nullptr && !o->is_null()) {
    if (o->is_string()) {
      auto p = json_field(body, "output");
      if (!p.ok()) {
        return fault(p.error());
      }
      output = std::move(p).value();
    } else {
      output = *o;
    }
  }
  if (storage::is_completed(rec->state)) {
    return fault(Error(Errc::internal, "ValueError: Action " + id + " is already completed"));
  }
  const auto* sys = actors::actions::find_system_action(rec->name);
  bool is_async = sys != nullptr && sys->is_async;
  actors::ActionDone done;
  done.action_ex_id = id;
  switch (*to) {
    case State::success:
      done.kind = 1;
      done.value = json::serialize(output.is_null() ? json::value(json::object{}) : output);
      break;
    case State::error:
      done.kind = 2;
      done.value = json::serialize(output.is_null() ? json::value("Unknown error") : output);
      break;
    case State::cancelled:
      done.kind = 3;
      done.value = "null";
      break;
    default:
      if (!is_async) {
        return bad_request("Transition to the " + state +
                           " state is only supported for asynchronous action execution.");
      }
      if (rec->state == *to) {
        return bad_request("Invalid state transition from " + state + " to " + state + ".");
      }
      done.kind = *to == State::paused ? actors::ActionDone::paused : actors::ActionDone::resumed;
      done.value = "null";
      break;
  }
  storage::ActionExecution updated = *rec;
  updated.state = *to;
  updated.updated_at = storage::now_ms();
  if (storage::is_completed(*to)) {
    boost::system::error_code ec;
    updated.output = json::object{{"result", json::parse(done.value, ec)}};
    updated.accepted = true;
  }
  if (!rec->task_execution_id) {
    // A task-less action: this request records its end.
    if (auto w = save_record(api, updated, &*rec); !w.ok()) {
      return fault(w.error());
    }
    (void)api.engine.complete_action(done, api.engine_timeout);
  } else if (auto c = api.engine.complete_action(done, api.engine_timeout); !c.ok()) {
    return fault(c.error());
  }
  Reply r;
  r.body = action_execution_json(updated, true, false);
  return r;
}

}  // namespace

Reply list_tasks_of(Api& api, const Request& req, const std::string& execution_id) {
  return list_tasks_query(api, req, execution_id);
}

void add_task_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/v2/tasks/?", [](Api& api, const Request& req) {
                   return list_tasks_query(api, req, "");
                 }});
  out.push_back({"GET", "/v2/tasks/([^/]+)/?", get_task});
  out.push_back({"PUT", "/v2/tasks/([^/]+)/?", rerun_task});
  out.push_back({"GET", "/v2/tasks/([^/]+)/action_executions/?",
                 [](Api& api, const Request& req) {
                   if (auto u = require_uuid(req.captures[0], "task_execution_id"); !u.ok()) {
                     return fault(u.error());
                   }
                   return list_action_executions_for(api, req, req.captures[0]);
                 }});
  out.push_back({"GET", "/v2/tasks/([^/]+)/action_executions/([^/]+)/?", get_action_execution});
  out.push_back({"GET", "/v2/tasks/([^/]+)/workflow_executions/?",
                 [](Api& api, const Request& req) {
                   std::vector<json::object> items;
                   ExecutionView v;
                   for (const auto& e : api.load_many<storage::WorkflowExecution>(
                            Family::executions, child_execution_ids(api, req.captures[0]))) {
                     items.push_back(execution_json(e, v));
                   }
                   Reply r;
                   json::array arr;
                   for (auto& i : items) {
                     arr.push_back(std::move(i));
                   }
                   r.body = json::object{{"executions", std::move(arr)}};
                   return r;
                 }});
  out.push_back({"GET", "/v2/tasks/([^/]+)/executions/?", [](Api& api, const Request& req) {
                   auto task = load_task(api, req.captures[0]);
                   if (!task.ok()) {
                     return fault(task.error());
                   }
                   LoadedTree tree;
                   std::vector<const ReportTree*> children;
                   for (auto& e : api.load_many<storage::WorkflowExecution>(
                            Family::executions, child_execution_ids(api, task->id))) {
                     LoadedTree sub;
                     (void)load_tree(api, e, tree);
                     children.push_back(tree.root);
                   }
                   SubExecutionOptions o;
                   if (auto v = req.param("errors_only"); v) {
                     o.errors_only = parse_bool_param("errors_only", *v).ok() &&
                                     *parse_bool_param("errors_only", *v);
                   }
                   Reply r;
                   r.body = task_sub_executions_json(*task, children, o);
                   return r;
                 }});
  out.push_back({"GET", "/v2/action_executions/?", [](Api& api, const Request& req) {
                   return list_action_executions_for(api, req, "");
                 }});
  out.push_back({"POST", "/v2/action_executions/?", run_action});
  out.push_back({"GET", "/v2/action_executions/([^/]+)/?", get_action_execution});
  out.push_back({"PUT", "/v2/action_executions/([^/]+)/?", complete_action_execution});
  out.push_back({"DELETE", "/v2/action_executions/([^/]+)/?", [](Api&, const Request&) {
                   return fault(
                       Error(Errc::forbidden, "Action execution deletion is not allowed."));
                 }});
}

}  // namespace bora::http
