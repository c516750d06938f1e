// Workbooks (/v2/workbooks) and ad-hoc actions (/v2/actions).

#include <boost/json.hpp>

#include "actors/actions/system_actions.hpp"
#include "dsl/parser.hpp"
#include "http/definitions.hpp"
#include "http/list_specs.hpp"
#include "http/listing.hpp"
#include "http/resources.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

constexpr FaultStyle plain = FaultStyle::plain;

// -- workbooks ---

storage::WorkbookDefinition workbook_record(const dsl::WorkbookSpec& spec, const std::string& ns,
                                            const std::string& scope) {
  storage::WorkbookDefinition r;
  r.id = storage::new_uuid7();
  r.name = spec.name;
  r.ns = ns;
  r.definition = spec.definition;
  r.tags = spec.tags;
  r.scope = scope;
  r.project_id = std::string(default_project);
  r.created_at = storage::now_ms();
  return r;
}

Reply put_workbook(Api& api, const Request& req, bool update) {
  auto ns = namespace_param(req);
  auto scope = scope_param(req);
  if (!scope.ok()) {
    return fault(scope.error(), plain);
  }
  auto spec = dsl::parse_workbook(req.body, "");
  if (!spec.ok()) {
    return fault(definition_error(std::move(spec).error()), plain);
  }
  const auto& wb = **spec;
  std::lock_guard lock(api.definitions_mutex);
  auto rec = workbook_record(wb, *ns, *scope);
  auto old = stored<storage::WorkbookDefinition>(api, DefinitionKind::workbook, *ns, wb.name);
  if (update && !old) {
    return fault(Error(Errc::not_found,
                       "Workbook not found [name=" + wb.name + ", namespace=" + *ns + "]"),
                 plain);
  }
  if (!update && old) {
    return fault(Error(Errc::already_exists, duplicate("WorkbookDefinition", wb.name, *ns)),
                 plain);
  }
  if (old) {
    carry_identity(rec, *old);
  }
  storage::Batch batch;
  if (auto p = storage::put_record(batch, rec, old ? &*old : nullptr); !p.ok()) {
    return fault(p.error(), plain);
  }
  for (const auto& w : wb.workflows) {
    auto wr = workflow_record(*w, *ns, *scope);
    wr.workbook_name = wb.name;
    auto prev = stored<storage::WorkflowDefinition>(api, DefinitionKind::workflow, *ns, w->name);
    if (prev) {
      carry_identity(wr, *prev);
    }
    if (auto p = storage::put_record(batch, wr, prev ? &*prev : nullptr); !p.ok()) {
      return fault(p.error(), plain);
    }
  }
  for (const auto& a : wb.actions) {
    auto ar = action_record(*a, *ns, *scope, a->definition);
    ar.workbook_name = wb.name;
    auto prev = stored<storage::ActionDefinition>(api, DefinitionKind::action, *ns, a->name);
    if (prev) {
      carry_identity(ar, *prev);
    }
    if (auto p = storage::put_record(batch, ar, prev ? &*prev : nullptr); !p.ok()) {
      return fault(p.error(), plain);
    }
  }
  if (auto w = api.engine.write(std::move(batch)); !w.ok()) {
    return fault(w.error(), plain);
  }
  for (const auto& w : wb.workflows) {
    api.catalog->put_workflow(*ns, w);
  }
  for (const auto& a : wb.actions) {
    api.catalog->put_action(*ns, a);
  }
  Reply r;
  r.status = update ? 200 : 201;
  r.body = workbook_json(rec, true);
  return r;
}

Result<storage::WorkbookDefinition> find_workbook(Api& api, const std::string& name,
                                                  const std::string& ns) {
  auto r = api.load<storage::WorkbookDefinition>(
      Family::definitions, storage::definition_key(DefinitionKind::workbook, ns, name));
  if (!r.ok() && r.error().code == Errc::not_found) {
    return Error(Errc::not_found, "Workbook not found [name=" + name + ", namespace=" + ns + "]");
  }
  return r;
}

Reply list_workbooks(Api& api, const Request& req) {
  static const ListSpec spec = *mistral_list_spec("workbooks");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  auto records = load_kind<storage::WorkbookDefinition>(api, DefinitionKind::workbook);
  std::vector<json::object> items;
  for (const auto& r : records) {
    items.push_back(workbook_json(r, false));
  }
  return list_reply(api, spec, *q, std::move(items), "Workbook");
}

Reply get_workbook(Api& api, const Request& req) {
  auto wb = find_workbook(api, req.captures[0], req.param("namespace").value_or(""));
  if (!wb.ok()) {
    return fault(wb.error());
  }
  Reply r;
  r.body = workbook_json(*wb, false);
  return r;
}

Reply delete_workbook(Api& api, const Request& req) {
  std::lock_guard lock(api.definitions_mutex);
  std::string ns = req.param("namespace").value_or("");
  auto wb = find_workbook(api, req.captures[0], ns);
  if (!wb.ok()) {
    return fault(Error(Errc::not_found, "Workbook not found [workbook_name=" + req.captures[0] +
                                            ", namespace=" + ns + "]"));
  }
  return delete_reply(api, *wb);
}

// -- actions ---

Reply put_actions(Api& api, const Request& req, bool update) {
  auto ns = namespace_param(req);
  auto scope = scope_param(req);
  if (!scope.ok()) {
    return fault(scope.error(), plain);
  }
  auto specs = dsl::parse_actions(req.body, "");
  if (!specs.ok()) {
    return fault(definition_error(std::move(specs).error()), plain);
  }
  std::lock_guard lock(api.definitions_mutex);
  storage::Batch batch;
  std::vector<storage::ActionDefinition> records;
  for (const auto& spec : *specs) {
    auto rec = action_record(*spec, *ns, *scope, req.body);
    auto old = stored<storage::ActionDefinition>(api, DefinitionKind::action, *ns, spec->name);
    if (update && !old) {
      return fault(Error(Errc::not_found, "Action definition not found [action_name=" +
                                              spec->name + ", namespace=" + *ns + "]"),
                   plain);
    }
    if (!update && (old || actors::actions::find_system_action(spec->name) != nullptr)) {
      return fault(Error(Errc::already_exists, duplicate("Action", spec->name, *ns)), plain);
    }
    if (old) {
      carry_identity(rec, *old);
    }
    if (auto p = storage::put_record(batch, rec, old ? &*old : nullptr); !p.ok()) {
      return fault(p.error(), plain);
    }
    records.push_back(std::move(rec));
  }
  if (auto w = api.engine.write(std::move(batch)); !w.ok()) {
    return fault(w.error(), plain);
  }
  json::array out;
  for (size_t i = 0; i < records.size(); ++i) {
    api.catalog->put_action(records[i].ns, (*specs)[i]);
    out.push_back(action_json(records[i], true));
  }
  Reply r;
  r.status = update ? 200 : 201;
  r.body = json::object{{"actions", std::move(out)}};
  return r;
}

Reply list_actions(Api& api, const Request& req) {
  static const ListSpec spec = *mistral_list_spec("actions");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  auto records = load_kind<storage::ActionDefinition>(api, DefinitionKind::action);
  std::vector<json::object> items;
  for (const auto& a : actors::actions::system_actions()) {
    items.push_back(system_action_json(a));
  }
  for (const auto& r : records) {
    items.push_back(action_json(r, false));
  }
  return list_reply(api, spec, *q, std::move(items), "Action");
}

Result<storage::ActionDefinition> find_action(Api& api, const std::string& name,
                                              const std::string& ns) {
  auto r = api.load<storage::ActionDefinition>(
      Family::definitions, storage::definition_key(DefinitionKind::action, ns, name));
  if (!r.ok() && r.error().code == Errc::not_found) {
    return Error(Errc::not_found, "Action not found [name=" + name + ", namespace=" + ns + "]");
  }
  return r;
}

std::string action_ns(const Request& req) {
  if (req.captures.size() > 1 && !req.captures[1].empty()) {
    return req.captures[1];
  }
  return req.param("namespace").value_or("");
}

Reply get_action(Api& api, const Request& req) {
  const std::string& name = req.captures[0];
  Reply r;
  if (const auto* sys = actors::actions::find_system_action(name); sys != nullptr) {
    r.body = system_action_json(*sys);
    return r;
  }
  auto a = find_action(api, name, action_ns(req));
  if (!a.ok()) {
    return fault(a.error());
  }
  r.body = action_json(*a, false);
  return r;
}

Reply delete_action(Api& api, const Request& req) {
  const std::string& name = req.captures[0];
  std::string ns = action_ns(req);
  std::lock_guard lock(api.definitions_mutex);
  auto a = find_action(api, name, ns);
  if (!a.ok()) {
    return fault(Error(Errc::not_found, "Action definition not found [action_name=" + name +
                                            ", namespace=" + ns + "]"));
  }
  Reply r = delete_reply(api, *a);
  if (r.status == 204) {
    api.catalog->remove_action(ns, name);
  }
  return r;
}

template <class Parse>
Reply validate_with(const Request& req, Parse parse) {
  auto r = parse(req.body);
  Reply out;
  if (r.ok()) {
    out.body = json::object{{"valid", true}};
  } else {
    out.body = json::object{{"valid", false}, {"error", definition_error(r.error()).message}};
  }
  return out;
}

}  // namespace

void add_workbook_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/v2/workbooks/?", list_workbooks});
  out.push_back({"POST", "/v2/workbooks/?",
                 [](Api& api, const Request& req) { return put_workbook(api, req, false); },
                 plain});
  out.push_back({"PUT", "/v2/workbooks/?",
                 [](Api& api, const Request& req) { return put_workbook(api, req, true); },
                 plain});
  out.push_back({"POST", "/v2/workbooks/validate/?", [](Api&, const Request& req) {
                   return validate_with(
                       req, [](const std::string& t) { return dsl::parse_workbook(t, ""); });
                 }});
  out.push_back({"GET", "/v2/workbooks/([^/]+)/?", get_workbook});
  out.push_back({"DELETE", "/v2/workbooks/([^/]+)/?", delete_workbook});
}

void add_action_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/v2/actions/?", list_actions});
  out.push_back({"POST", "/v2/actions/?",
                 [](Api& api, const Request& req) { return put_actions(api, req, false); },
                 plain});
  out.push_back({"PUT", "/v2/actions/?",
                 [](Api& api, const Request& req) { return put_actions(api, req, true); }, plain});
  out.push_back({"POST", "/v2/actions/validate/?", [](Api&, const Request& req) {
                   return validate_with(
                       req, [](const std::string& t) { return dsl::parse_actions(t, ""); });
                 }});
  out.push_back({"GET", "/v2/actions/([^/]+)(?:/([^/]*))?/?", get_action});
  out.push_back({"PUT", "/v2/actions/([^/]+)(?:/([^/]*))?/?",
                 [](Api& api, const Request& req) { return put_actions(api, req, true); }, plain});
  out.push_back({"DELETE", "/v2/actions/([^/]+)(?:/([^/]*))?/?", delete_action});
}

}  // namespace bora::http
