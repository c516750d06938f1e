// Event triggers (/v2/event_triggers): stored and served as Mistral does.
// They start workflows on message-bus notifications; Bora has no bus, so
// none fires.

#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "http/definitions.hpp"
#include "http/list_specs.hpp"
#include "http/listing.hpp"
#include "http/resources.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

std::vector<storage::EventTrigger> all_event_triggers(Api& api) {
  return api.load_many<storage::EventTrigger>(Family::event_triggers,
                                              api.family_keys(Family::event_triggers));
}

Result<storage::EventTrigger> find_event_trigger(Api& api, const std::string& id) {
  auto r = api.load<storage::EventTrigger>(Family::event_triggers, id);
  if (!r.ok() && r.error().code == Errc::not_found) {
    return Error(Errc::not_found, "Event trigger not found [id=" + id + "].");
  }
  return r;
}

std::string text_of(const json::object& body, const char* key) {
  const auto* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) {
    return "";
  }
  return v->is_string() ? std::string(v->as_string()) : dsl::py_str(*v);
}

const std::vector<std::string>& event_keys() {
  static const std::vector<std::string> keys{
      "id",       "name",  "workflow_id", "workflow_input", "workflow_params", "exchange",
      "topic",    "event", "scope",       "project_id",     "created_at",      "updated_at"};
  return keys;
}

Reply create_event_trigger(Api& api, const Request& req) {
  auto body = parse_body_object(req.body);
  if (!body.ok()) {
    return fault(body.error());
  }
  if (auto k = check_body_keys(*body, event_keys(), "event_trigger"); !k.ok()) {
    return fault(k.error());
  }
  storage::EventTrigger t;
  t.name = text_of(*body, "name");
  t.workflow_id = text_of(*body, "workflow_id");
  t.exchange = text_of(*body, "exchange");
  t.topic = text_of(*body, "topic");
  t.event = text_of(*body, "event");
  if (t.exchange.empty() || t.topic.empty() || t.event.empty() || t.workflow_id.empty()) {
    return bad_request("Params {'exchange', 'topic', 'event', 'workflow_id'} must be provided "
                       "for creating event trigger.");
  }
  auto input = json_field(*body, "workflow_input");
  auto params = json_field(*body, "workflow_params");
  if (!input.ok() || !params.ok()) {
    return fault((!input.ok() ? input : params).error());
  }
  std::lock_guard lock(api.definitions_mutex);
  auto wf = find_workflow(api, t.workflow_id, "");
  if (!wf.ok()) {
    return fault(wf.error());
  }
  t.id = storage::new_uuid7();
  t.workflow_id = wf->id;
  t.workflow_input = std::move(input).value();
  t.workflow_params = std::move(params).value();
  t.project_id = std::string(default_project);
  t.created_at = storage::now_ms();
  if (auto w = save_record(api, t); !w.ok()) {
    return fault(w.error());
  }
  Reply r;
  r.status = 201;
  r.body = event_trigger_json(t);
  return r;
}

Reply update_event_trigger(Api& api, const Request& req) {
  auto body = parse_body_object(req.body);
  if (!body.ok()) {
    return fault(body.error());
  }
  if (auto k = check_body_keys(*body, event_keys(), "event_trigger"); !k.ok()) {
    return fault(k.error());
  }
  std::vector<std::string> fixed;
  for (const char* f : {"exchange", "topic", "event"}) {
    if (body->contains(f)) {
      fixed.push_back(f);
    }
  }
  if (!fixed.empty()) {
    return bad_request("Can not update fields ['exchange', 'topic', 'event'] of event trigger.");
  }
  std::lock_guard lock(api.definitions_mutex);
  auto old = find_event_trigger(api, req.captures[0]);
  if (!old.ok()) {
    return fault(old.error());
  }
  storage::EventTrigger t = *old;
  if (body->contains("name")) {
    t.name = text_of(*body, "name");
  }
  if (body->contains("workflow_input")) {
    auto v = json_field(*body, "workflow_input");
    if (!v.ok()) {
      return fault(v.error());
    }
    t.workflow_input = std::move(v).value();
  }
  if (body->contains("workflow_params")) {
    auto v = json_field(*body, "workflow_params");
    if (!v.ok()) {
      return fault(v.error());
    }
    t.workflow_params = std::move(v).value();
  }
  t.updated_at = storage::now_ms();
  if (auto w = save_record(api, t, &*old); !w.ok()) {
    return fault(w.error());
  }
  Reply r;
  r.body = event_trigger_json(t);
  return r;
}

}  // namespace

std::vector<std::string> event_triggers_of_workflow(Api& api, const std::string& workflow_id) {
  std::vector<std::string> ids;
  for (const auto& t : all_event_triggers(api)) {
    if (t.workflow_id == workflow_id) {
      ids.push_back(t.id);
    }
  }
  return ids;
}

void add_event_trigger_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/v2/event_triggers/?", [](Api& api, const Request& req) {
                   static const ListSpec spec = *mistral_list_spec("event_triggers");
                   auto q = parse_query(req, spec);
                   if (!q.ok()) {
                     return fault(q.error());
                   }
                   std::vector<json::object> items;
                   for (const auto& t : all_event_triggers(api)) {
                     items.push_back(event_trigger_json(t));
                   }
                   return list_reply(api, spec, *q, std::move(items), "EventTrigger");
                 }});
  out.push_back({"POST", "/v2/event_triggers/?", create_event_trigger});
  out.push_back({"GET", "/v2/event_triggers/([^/]+)/?", [](Api& api, const Request& req) {
                   auto t = find_event_trigger(api, req.captures[0]);
                   if (!t.ok()) {
                     return fault(t.error());
                   }
                   Reply r;
                   r.body = event_trigger_json(*t);
                   return r;
                 }});
  out.push_back({"PUT", "/v2/event_triggers/([^/]+)/?", update_event_trigger});
  out.push_back({"DELETE", "/v2/event_triggers/([^/]+)/?", [](Api& api, const Request& req) {
                   std::lock_guard lock(api.definitions_mutex);
                   auto t = find_event_trigger(api, req.captures[0]);
                   if (!t.ok()) {
                     return fault(t.error());
                   }
                   return delete_reply(api, *t);
                 }});
}

}  // namespace bora::http
