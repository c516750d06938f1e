// Definition resources (workflows, workbooks, actions, built-in actions) and
// the value converters every resource shares.

#include "http/resources.hpp"

#include <string>
#include <string_view>

#include "actors/actions/system_actions.hpp"
#include "dsl/pystr.hpp"
#include "dsl/workflow_spec.hpp"
#include "http/resources_detail.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

namespace json = boost::json;

namespace detail {

json::value json_text(const json::value& v) {
  if (v.is_null()) {
    return nullptr;
  }
  return json::string(dsl::py_json_dumps(v));
}

json::value time_or_null(const std::optional<int64_t>& ms) {
  if (!ms) {
    return nullptr;
  }
  return json::string(storage::format_timestamp(*ms));
}

json::value string_or_null(const std::optional<std::string>& s) {
  if (!s) {
    return nullptr;
  }
  return json::string(*s);
}

json::array tags_json(const std::vector<std::string>& tags) {
  json::array a;
  a.reserve(tags.size());
  for (const std::string& t : tags) {
    a.emplace_back(json::string(t));
  }
  return a;
}

}  // namespace detail

namespace {

using detail::tags_json;
using detail::time_or_null;

// Mistral's create replies leave out columns the insert did not set, so a
// freshly uploaded object has no `updated_at` at all.
void put_updated_at(json::object& o, const std::optional<int64_t>& updated_at, bool upload) {
  if (upload && !updated_at) {
    return;
  }
  o["updated_at"] = time_or_null(updated_at);
}

json::value keys_of(const json::value& v) {
  json::array keys;
  if (const json::object* obj = v.if_object()) {
    for (const auto& kv : *obj) {
      keys.emplace_back(kv.key());
    }
  }
  return keys;
}

}  // namespace

json::object workflow_json(const storage::WorkflowDefinition& r, bool upload) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["namespace"] = r.ns;
  o["input"] = r.input;
  o["interface"] = upload ? r.interface : detail::json_text(r.interface);
  o["definition"] = r.definition;
  o["tags"] = tags_json(r.tags);
  o["scope"] = r.scope;
  o["project_id"] = r.project_id;
  o["created_at"] = storage::format_timestamp(r.created_at);
  put_updated_at(o, r.updated_at, upload);
  return o;
}

json::object workbook_json(const storage::WorkbookDefinition& r, bool upload) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["namespace"] = r.ns;
  o["definition"] = r.definition;
  o["tags"] = tags_json(r.tags);
  o["scope"] = r.scope;
  o["project_id"] = r.project_id;
  o["created_at"] = storage::format_timestamp(r.created_at);
  put_updated_at(o, r.updated_at, upload);
  return o;
}

json::object action_json(const storage::ActionDefinition& r, bool upload) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  // GET builds the resource from the action's descriptor, which always says
  // false; the upload reply shows the stored column.
  o["is_system"] = upload && r.is_system;
  if (upload && r.input.empty()) {
    // Mistral stores an empty signature as NULL and its upload reply shows
    // that column; GET renders the signature again and shows "".
    o["input"] = nullptr;
  } else {
    o["input"] = r.input;
  }
  o["description"] = detail::string_or_null(r.description);
  o["tags"] = tags_json(r.tags);
  o["definition"] = r.definition;
  o["scope"] = r.scope;
  o["project_id"] = r.project_id;
  o["created_at"] = storage::format_timestamp(r.created_at);
  put_updated_at(o, r.updated_at, upload);
  o["namespace"] = r.ns;
  return o;
}

std::string_view system_action_description(std::string_view name) {
  struct Entry {
    std::string_view name;
    std::string_view text;
  };
  static constexpr Entry entries[] = {
      {"std.async_noop",
       "Does nothing and stays RUNNING until its result is sent through the API."},
      {"std.echo", "Returns `output` unchanged, after `delay` seconds when given."},
      {"std.fail", "Always fails; the error carries `error_data` when it is given."},
      {"std.http", "Sends an HTTP request and returns the response status, headers and content."},
      {"std.mistral_http",
       "Sends an HTTP request with callback headers, then waits for its result to be sent "
       "through the API."},
      {"std.noop", "Does nothing and succeeds with a null result."},
      {"std.sleep", "Waits `seconds` seconds, then succeeds with a null result."},
      {"std.test_dict",
       "Returns a test map of `size` entries named from `key_prefix`, each `val`."},
  };
  for (const Entry& e : entries) {
    if (e.name == name) {
      return e.text;
    }
  }
  return "Built-in action.";
}

json::object system_action_json(const actors::actions::SystemAction& a) {
  json::object o;
  o["id"] = a.name;
  o["name"] = a.name;
  o["is_system"] = false;
  o["input"] = action_input_text(a.params);
  o["description"] = system_action_description(a.name);
  o["tags"] = nullptr;
  o["definition"] = "";
  o["scope"] = nullptr;
  o["project_id"] = nullptr;
  o["created_at"] = "";
  o["updated_at"] = "";
  o["namespace"] = "";
  return o;
}

std::string workflow_input_text(const std::vector<dsl::InputParam>& params) {
  std::string out;
  for (const dsl::InputParam& p : params) {
    if (!out.empty()) {
      out += ", ";
    }
    out += p.name;
    if (p.default_value) {
      // Mistral formats the default with Python's str() between quotes,
      // without escaping: `s="it's "q""`, `x="None"`, `d="{'a': 1}"`.
      out += "=\"" + dsl::py_str(*p.default_value) + "\"";
    }
  }
  return out;
}

std::string action_input_text(const std::vector<dsl::InputParam>& params) {
  return actors::actions::signature_text(params);
}

json::value workflow_interface(const dsl::WorkflowSpec& spec) {
  json::array input;
  input.reserve(spec.input.size());
  for (const dsl::InputParam& p : spec.input) {
    if (p.default_value) {
      input.emplace_back(json::object{{p.name, *p.default_value}});
    } else {
      input.emplace_back(json::string(p.name));
    }
  }
  json::object o;
  o["input"] = std::move(input);
  o["output"] = spec.output ? keys_of(spec.output->literal()) : json::array();
  return o;
}

std::vector<std::string> workflow_var_names(const dsl::WorkflowSpec& spec) {
  std::vector<std::string> names;
  if (!spec.vars) {
    return names;
  }
  if (const json::object* obj = spec.vars->literal().if_object()) {
    for (const auto& kv : *obj) {
      names.emplace_back(kv.key());
    }
  }
  return names;
}

}  // namespace bora::http
