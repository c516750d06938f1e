// Workflows, workbooks and ad-hoc actions: /v2/workflows, /v2/workbooks,
// /v2/actions and their validate endpoints.

#include <boost/json.hpp>

#include "actors/actions/system_actions.hpp"
#include "dsl/parser.hpp"
#include "http/definitions.hpp"
#include "http/list_specs.hpp"
#include "http/listing.hpp"
#include "http/resources.hpp"
#include "log.hpp"
#include "storage/ids.hpp"
#include "storage/tables.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

const log::Logger& logger() {
  static const log::Logger instance("http");
  return instance;
}

}  // namespace
using storage::DefinitionKind;
using storage::Family;

void add_workbook_routes(std::vector<Route>& out);
void add_action_routes(std::vector<Route>& out);

namespace {

constexpr FaultStyle plain = FaultStyle::plain;

// -- workflows ---

Result<std::vector<std::shared_ptr<const dsl::WorkflowSpec>>> parse_workflows_body(
    const Request& req) {
  auto specs = dsl::parse_workflows(req.body, "");
  if (!specs.ok()) {
    return definition_error(std::move(specs).error());
  }
  return specs;
}

Reply create_workflows(Api& api, const Request& req, bool update) {
  auto ns = namespace_param(req);
  auto scope = scope_param(req);
  if (!scope.ok()) {
    return fault(scope.error(), plain);
  }
  auto specs = parse_workflows_body(req);
  if (!specs.ok()) {
    return fault(specs.error(), plain);
  }
  std::lock_guard lock(api.definitions_mutex);
  storage::Batch batch;
  std::vector<storage::WorkflowDefinition> records;
  bool by_id = !req.captures.empty() && !req.captures[0].empty();
  if (by_id && specs->size() != 1) {
    return bad_request(
        "More than one workflows are not supported for update with identifier. [identifier: " +
            req.captures[0] + "]",
        plain);
  }
  for (const auto& spec : *specs) {
    auto rec = workflow_record(*spec, *ns, *scope);
    std::optional<storage::WorkflowDefinition> old;
    if (by_id) {
      auto found = find_workflow(api, req.captures[0], *ns);
      if (!found.ok()) {
        return fault(found.error(), plain);
      }
      old = std::move(found).value();
      rec.ns = old->ns;
    } else {
      old = stored<storage::WorkflowDefinition>(api, DefinitionKind::workflow, *ns, spec->name);
    }
    if (update) {
      if (!old) {
        return fault(Error(Errc::not_found, "Workflow not found [workflow_identifier=" +
                                                spec->name + ", namespace=" + *ns + "]"),
                     plain);
      }
      carry_identity(rec, *old);
      rec.workbook_name = old->workbook_name;
    } else if (old) {
      return fault(Error(Errc::already_exists, duplicate("WorkflowDefinition", spec->name, *ns)),
                   plain);
    }
    auto put = storage::put_record(batch, rec, old ? &*old : nullptr);
    if (!put.ok()) {
      return fault(put.error(), plain);
    }
    records.push_back(std::move(rec));
  }
  if (auto w = api.engine.write(std::move(batch)); !w.ok()) {
    return fault(w.error(), plain);
  }
  json::array out;
  for (size_t i = 0; i < records.size(); ++i) {
    api.catalog->put_workflow(records[i].ns, (*specs)[i]);
    out.push_back(workflow_json(records[i], true));
  }
  Reply r;
  r.status = update ? 200 : 201;
  if (by_id) {
    r.body = out.front();
  } else {
    r.body = json::object{{"workflows", std::move(out)}};
  }
  return r;
}

Reply list_workflows(Api& api, const Request& req) {
  static const ListSpec spec = *mistral_list_spec("workflows");
  auto q = parse_query(req, spec);
  if (!q.ok()) {
    return fault(q.error());
  }
  auto records = load_kind<storage::WorkflowDefinition>(api, DefinitionKind::workflow);
  std::vector<json::object> items;
  items.reserve(records.size());
  for (const auto& r : records) {
    items.push_back(workflow_json(r, false));
  }
  return list_reply(api, spec, *q, std::move(items), "Workflow");
}

Reply get_workflow(Api& api, const Request& req) {
  auto found = find_workflow(api, req.captures[0], req.param("namespace").value_or(""));
  if (!found.ok()) {
    return fault(found.error());
  }
  Reply r;
  r.body = workflow_json(*found, false);
  return r;
}

Reply delete_workflow(Api& api, const Request& req) {
  std::string ns = req.param("namespace").value_or("");
  std::lock_guard lock(api.definitions_mutex);
  auto found = find_workflow(api, req.captures[0], ns);
  if (!found.ok()) {
    return fault(found.error());
  }
  auto triggers = api.engine.list(actors::IndexQuery{storage::Index::cron_workflow, found->id, "", 100});
  if (triggers.ok() && !triggers->empty()) {
    std::string ids;
    for (const auto& name : *triggers) {
      auto t = api.load<storage::CronTrigger>(Family::cron_triggers, name);
      ids += (ids.empty() ? "" : ", ") + (t.ok() ? t->id : name);
    }
    return bad_request("Can't delete workflow that has cron triggers associated. "
                       "[workflow_identifier=" +
                       req.captures[0] + ", namespace=" + ns + "], [cron_trigger_id(s)=" + ids +
                       "]");
  }
  if (auto events = event_triggers_of_workflow(api, found->id); !events.empty()) {
    std::string ids;
    for (const auto& id : events) {
      ids += (ids.empty() ? "" : ", ") + id;
    }
    return bad_request("Can't delete workflow that has event triggers associated. "
                       "[workflow_identifier=" +
                       req.captures[0] + "], [event_trigger_id(s)=" + ids + "]");
  }
  Reply r = delete_reply(api, *found);
  if (r.status == 204) {
    api.catalog->remove_workflow(found->ns, found->name);
  }
  return r;
}

template <class Parse>
Reply validate(const Request& req, Parse parse) {
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

Result<storage::WorkflowDefinition> find_workflow(Api& api, const std::string& name_or_id,
                                                  const std::string& ns) {
  if (storage::is_uuid(name_or_id)) {
    auto keys = api.engine.list(actors::IndexQuery{storage::Index::definition_id, name_or_id, "", 1});
    if (keys.ok() && !keys->empty()) {
      auto r = api.load<storage::WorkflowDefinition>(Family::definitions, keys->front());
      if (r.ok()) {
        return r;
      }
    }
  }
  auto r = api.load<storage::WorkflowDefinition>(
      Family::definitions, storage::definition_key(DefinitionKind::workflow, ns, name_or_id));
  if (!r.ok() && r.error().code == Errc::not_found) {
    return Error(Errc::not_found, "Workflow not found [workflow_identifier=" + name_or_id +
                                      ", namespace=" + ns + "]");
  }
  return r;
}

Result<void> load_definitions(Api& api) {
  auto workbooks = load_kind<storage::WorkbookDefinition>(api, DefinitionKind::workbook);
  auto workflows = load_kind<storage::WorkflowDefinition>(api, DefinitionKind::workflow);
  auto actions = load_kind<storage::ActionDefinition>(api, DefinitionKind::action);
  for (const auto& wb : workbooks) {
    auto spec = dsl::parse_workbook(wb.definition, wb.name);
    if (!spec.ok()) {
      logger().warn("definition_skipped workbook=" + wb.name + " error=" + spec.error().message);
      continue;
    }
    for (const auto& w : (*spec)->workflows) {
      api.catalog->put_workflow(wb.ns, w);
    }
    for (const auto& a : (*spec)->actions) {
      api.catalog->put_action(wb.ns, a);
    }
  }
  for (const auto& w : workflows) {
    if (w.workbook_name) {
      continue;
    }
    auto specs = dsl::parse_workflows(w.definition, w.name);
    bool found = false;
    if (specs.ok()) {
      for (const auto& s : *specs) {
        if (s->name == w.name) {
          api.catalog->put_workflow(w.ns, s);
          found = true;
        }
      }
    }
    if (!found) {
      logger().warn("definition_skipped workflow=" + w.name);
    }
  }
  for (const auto& a : actions) {
    if (a.workbook_name) {
      continue;
    }
    auto specs = dsl::parse_actions(a.definition, a.name);
    if (specs.ok()) {
      for (const auto& s : *specs) {
        if (s->name == a.name) {
          api.catalog->put_action(a.ns, s);
        }
      }
    }
  }
  return {};
}

void add_definition_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/v2/workflows/?", list_workflows});
  out.push_back({"POST", "/v2/workflows/?",
                 [](Api& api, const Request& req) { return create_workflows(api, req, false); },
                 FaultStyle::plain});
  out.push_back({"PUT", "/v2/workflows/?()",
                 [](Api& api, const Request& req) { return create_workflows(api, req, true); },
                 FaultStyle::plain});
  out.push_back({"POST", "/v2/workflows/validate/?",
                 [](Api&, const Request& req) {
                   return validate(req, [](const std::string& t) {
                     return dsl::parse_workflows(t, "");
                   });
                 }});
  out.push_back({"GET", "/v2/workflows/validate/?", [](Api&, const Request&) {
                   Reply r;
                   r.status = 405;
                   r.body = json::object{{"faultstring", "Method not allowed"}};
                   return r;
                 }});
  out.push_back({"GET", "/v2/workflows/([^/]+)/?", get_workflow});
  out.push_back({"DELETE", "/v2/workflows/?", [](Api&, const Request&) {
                   return bad_request("Missing argument: \"identifier\"");
                 }});
  out.push_back({"PUT", "/v2/workflows/([^/]+)/?",
                 [](Api& api, const Request& req) { return create_workflows(api, req, true); },
                 FaultStyle::plain});
  out.push_back({"DELETE", "/v2/workflows/([^/]+)/?", delete_workflow});
  out.push_back({"GET", "/v2/workflows/([^/]+)/members(/.*)?",
                 [](Api&, const Request&) {
                   return bad_request("Resource sharing feature can only be supported with "
                                      "authentication enabled.",
                                      FaultStyle::plain);
                 }});
  out.push_back({"POST", "/v2/workflows/([^/]+)/members(/.*)?",
                 [](Api&, const Request&) {
                   return bad_request("Resource sharing feature can only be supported with "
                                      "authentication enabled.",
                                      FaultStyle::plain);
                 }});
  add_workbook_routes(out);
  add_action_routes(out);
}

}  // namespace bora::http
