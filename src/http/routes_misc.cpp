// The root documents, environments, cron triggers, services and event
// triggers.

#include <boost/json.hpp>

#include "dsl/cron.hpp"
#include "dsl/pystr.hpp"
#include "http/definitions.hpp"
#include "http/list_specs.hpp"
#include "http/listing.hpp"
#include "http/resources.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

std::optional<std::string> text_field(const json::object& body, const char* key) {
  const auto* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) {
    return std::nullopt;
  }
  return v->is_string() ? std::string(v->as_string()) : dsl::py_str(*v);
}

// -- environments ---

Reply put_environment(Api& api, const Request& req, bool update) {
  auto body = parse_body_object(req.body);
  if (!body.ok()) {
    return fault(body.error());
  }
  static const std::vector<std::string> allowed{"name", "description", "variables", "scope"};
  static const std::vector<std::string> known{"id", "created_at", "updated_at", "project_id"};
  for (const auto& kv : *body) {
    std::string key(kv.key());
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
      continue;
    }
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return bad_request("Unknown attribute for argument env: " + key);
    }
    return bad_request("Please, check your environment definition. Only: ['name', "
                       "'description', 'variables', 'scope'] are allowed as definition keys.");
  }
  auto name = text_field(*body, "name");
  if (!name || name->empty()) {
    return bad_request(update ? "Name of the environment is not provided."
                              : "Invalid input for field/attribute name. Value: 'None'. "
                                "Mandatory field missing.");
  }
  auto variables = json_field(*body, "variables");
  if (!variables.ok()) {
    return fault(variables.error());
  }
  std::lock_guard lock(api.definitions_mutex);
  auto old = api.load<storage::Environment>(Family::environments, *name);
  if (update && !old.ok()) {
    return fault(Error(Errc::not_found, "Environment not found [name=" + *name + "]"));
  }
  if (!update && old.ok()) {
    return fault(Error(Errc::already_exists,
                       "Duplicate entry for Environment ['name', 'project_id']: " + *name +
                           ", None"));
  }
  storage::Environment rec;
  if (old.ok()) {
    rec = *old;
    rec.updated_at = storage::now_ms();
  } else {
    rec.id = storage::new_uuid7();
    rec.name = *name;
    rec.project_id = std::string(default_project);
    rec.created_at = storage::now_ms();
    rec.variables = nullptr;
  }
  if (const auto* v = body->if_contains("variables"); v != nullptr && !v->is_null()) {
    rec.variables = std::move(variables).value();
  }
  if (auto d = text_field(*body, "description"); d || body->contains("description")) {
    rec.description = d;
  }
  if (auto s = text_field(*body, "scope"); s) {
    if (*s != "private" && *s != "public") {
      return bad_request("Scope must be one of the following: {'private', 'public'}; actual: " +
                         *s);
    }
    if (*s == "public") {
      return fault(Error(Errc::forbidden, "Operation forbidden (insufficient permissions)"));
    }
    rec.scope = *s;
  }
  if (auto w = save_record(api, rec, old.ok() ? &*old : nullptr); !w.ok()) {
    return fault(w.error());
  }
  Reply r;
  r.status = update ? 200 : 201;
  r.body = environment_json(rec, !update);
  return r;
}

Result<storage::Environment> find_environment(Api& api, const std::string& name) {
  auto r = api.load<storage::Environment>(Family::environments, name);
  if (!r.ok() && r.error().code == Errc::not_found) {
    return Error(Errc::not_found, "Environment not found [name=" + name + "]");
  }
  return r;
}

Reply list_environments(Api& api, const Request& req) {
  static const ListSpec spec = *mistral_list_spec("environments");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  std::vector<json::object> items;
  for (const auto& e : api.load_many<storage::Environment>(Family::environments,
                                                           api.family_keys(Family::environments))) {
    items.push_back(environment_json(e));
  }
  return list_reply(api, spec, *q, std::move(items), "Environment");
}

// -- cron triggers ---

Result<storage::CronTrigger> find_trigger(Api& api, const std::string& name_or_id) {
  if (storage::is_uuid(name_or_id)) {
    auto keys = api.engine.list(actors::IndexQuery{storage::Index::cron_id, name_or_id, "", 1});
    if (keys.ok() && !keys->empty()) {
      return api.load<storage::CronTrigger>(Family::cron_triggers, keys->front());
    }
  }
  auto r = api.load<storage::CronTrigger>(Family::cron_triggers, name_or_id);
  if (!r.ok() && r.error().code == Errc::not_found) {
    return Error(Errc::not_found, "Cron trigger not found [identifier=" + name_or_id + "]");
  }
  return r;
}

Reply create_trigger(Api& api, const Request& req) {
  auto body = parse_body_object(req.body);
  if (!body.ok()) {
    return fault(body.error());
  }
  auto name = text_field(*body, "name");
  if (!name || name->empty()) {
    return bad_request("Invalid input for field/attribute name. Value: 'None'. Mandatory field "
                       "missing.");
  }
  auto input = json_field(*body, "workflow_input");
  auto params = json_field(*body, "workflow_params");
  if (!input.ok() || !params.ok()) {
    return fault((!input.ok() ? input : params).error());
  }
  dsl::CronRequest cr;
  cr.pattern = text_field(*body, "pattern");
  cr.first_time = text_field(*body, "first_execution_time");
  if (const auto* c = body->if_contains("remaining_executions"); c != nullptr && !c->is_null()) {
    if (!c->is_int64()) {
      return bad_request("Invalid input for field/attribute remaining_executions. Value: '" +
                         dsl::py_str(*c) + "'. Wrong type.");
    }
    cr.count = c->as_int64();
  }
  cr.now = storage::now_ms() / 1000;
  std::string wf_ref = text_field(*body, "workflow_id").value_or("");
  if (wf_ref.empty()) {
    wf_ref = text_field(*body, "workflow_name").value_or("");
  }
  std::string ns = text_field(*body, "workflow_namespace").value_or("");
  std::lock_guard lock(api.definitions_mutex);
  auto wf = find_workflow(api, wf_ref, ns);
  if (!wf.ok()) {
    return fault(wf.error());
  }
  auto plan = dsl::plan_cron_trigger(cr);
  if (!plan.ok()) {
    return fault(plan.error());
  }
  if (auto spec = api.catalog->find_workflow(wf->name, wf->ns); spec) {
    // The input is checked now, as Mistral does, so a bad trigger is refused.
    std::vector<std::string> unexpected;
    std::vector<std::string> missing;
    for (const auto& kv : *input) {
      bool known = false;
      for (const auto& p : spec->input) {
        known = known || p.name == kv.key();
      }
      if (!known) {
        unexpected.push_back("'" + std::string(kv.key()) + "'");
      }
    }
    for (const auto& p : spec->input) {
      if (!p.default_value && !input->contains(p.name)) {
        missing.push_back("'" + p.name + "'");
      }
    }
    if (!unexpected.empty() || !missing.empty()) {
      auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) {
          s += (s.empty() ? "" : ", ") + x;
        }
        return "[" + s + "]";
      };
      std::string msg = "Invalid input [name=" + wf->name + ", class=DirectWorkflowSpec";
      if (!missing.empty()) {
        msg += ", missing=" + join(missing);
      }
      if (!unexpected.empty()) {
        msg += ", unexpected=" + join(unexpected);
      }
      return bad_request(msg + "]");
    }
  }
  if (auto old = api.load<storage::CronTrigger>(Family::cron_triggers, *name); old.ok()) {
    return fault(Error(Errc::already_exists,
                       "Duplicate entry for cron trigger ['name', 'project_id']: " + *name +
                           ", None"));
  }
  storage::CronTrigger t;
  t.id = storage::new_uuid7();
  t.name = *name;
  t.workflow_name = wf->name;
  t.workflow_namespace = wf->ns;
  t.workflow_id = wf->id;
  t.workflow_input = std::move(input).value();
  t.workflow_params = std::move(params).value();
  t.pattern = plan->pattern;
  t.remaining_executions = plan->remaining_executions;
  if (plan->first_execution_time) {
    t.first_execution_time = *plan->first_execution_time * 1000;
  }
  t.next_execution_time = plan->next_execution_time * 1000;
  t.project_id = std::string(default_project);
  t.created_at = storage::now_ms();
  if (auto w = save_record(api, t); !w.ok()) {
    return fault(w.error());
  }
  Reply r;
  r.status = 201;
  r.body = cron_trigger_json(t, true);
  return r;
}

Reply list_triggers(Api& api, const Request& req) {
  static const ListSpec spec = *mistral_list_spec("cron_triggers");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  std::vector<json::object> items;
  for (const auto& t : api.load_many<storage::CronTrigger>(Family::cron_triggers,
                                                           api.family_keys(Family::cron_triggers))) {
    items.push_back(cron_trigger_json(t));
  }
  return list_reply(api, spec, *q, std::move(items), "CronTrigger");
}

}  // namespace

void add_misc_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/", [](Api& api, const Request&) {
                   Reply r;
                   r.body = json::object{
                       {"versions",
                        json::array{json::object{
                            {"id", "v2.0"},
                            {"status", "CURRENT"},
                            {"links", json::array{json::object{{"href", api.base_url + "/v2"},
                                                               {"target", "v2"},
                                                               {"rel", "self"}}}}}}}};
                   return r;
                 }});
  out.push_back({"GET", "/v2", [](Api& api, const Request&) {
                   Reply r;
                   r.status = 302;
                   r.headers.emplace_back("Location", api.base_url + "/v2/");
                   r.body = json::object{};
                   return r;
                 }});
  out.push_back({"GET", "/v2/", [](Api& api, const Request&) {
                   Reply r;
                   r.body = json::object{{"uri", api.base_url + "/v2"}};
                   return r;
                 }});
  out.push_back({"GET", "/v2/environments/?", list_environments});
  out.push_back({"POST", "/v2/environments/?",
                 [](Api& api, const Request& req) { return put_environment(api, req, false); }});
  out.push_back({"PUT", "/v2/environments/?",
                 [](Api& api, const Request& req) { return put_environment(api, req, true); }});
  out.push_back({"GET", "/v2/environments/([^/]+)/?", [](Api& api, const Request& req) {
                   auto e = find_environment(api, req.captures[0]);
                   if (!e.ok()) {
                     return fault(e.error());
                   }
                   Reply r;
                   r.body = environment_json(*e);
                   return r;
                 }});
  out.push_back({"DELETE", "/v2/environments/([^/]+)/?", [](Api& api, const Request& req) {
                   std::lock_guard lock(api.definitions_mutex);
                   auto e = find_environment(api, req.captures[0]);
                   if (!e.ok()) {
                     return fault(e.error());
                   }
                   return delete_reply(api, *e);
                 }});
  out.push_back({"GET", "/v2/cron_triggers/?", list_triggers});
  out.push_back({"POST", "/v2/cron_triggers/?", create_trigger});
  out.push_back({"GET", "/v2/cron_triggers/([^/]+)/?", [](Api& api, const Request& req) {
                   auto t = find_trigger(api, req.captures[0]);
                   if (!t.ok()) {
                     return fault(t.error());
                   }
                   Reply r;
                   r.body = cron_trigger_json(*t);
                   return r;
                 }});
  out.push_back({"DELETE", "/v2/cron_triggers/([^/]+)/?", [](Api& api, const Request& req) {
                   std::lock_guard lock(api.definitions_mutex);
                   auto t = find_trigger(api, req.captures[0]);
                   if (!t.ok()) {
                     return fault(t.error());
                   }
                   return delete_reply(api, *t);
                 }});
  for (const char* admin : {"/v2/code_sources(/.*)?", "/v2/dynamic_actions(/.*)?"}) {
    for (const char* m : {"GET", "POST", "PUT", "DELETE"}) {
      out.push_back({m, admin, [](Api&, const Request&) {
                       return fault(Error(Errc::forbidden,
                                          "Operation forbidden (insufficient permissions)"));
                     }});
    }
  }
  out.push_back({"GET", "/v2/services/?", [](Api& api, const Request&) {
                   json::array services;
                   for (const auto& role : api.roles) {
                     services.push_back(json::object{{"name", api.node_name},
                                                     {"type", role + "_group"}});
                   }
                   Reply r;
                   r.body = json::object{{"services", std::move(services)}};
                   return r;
                 }});
  add_event_trigger_routes(out);
}

}  // namespace bora::http
