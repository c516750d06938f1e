// The table of built-in actions, their signature text and input checking.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "actors/actions/internal.hpp"
#include "actors/actions/system_actions.hpp"
#include "dsl/pystr.hpp"

namespace bora::actors::actions {

namespace json = boost::json;

namespace {

dsl::InputParam required(std::string name) {
  return {std::move(name), std::nullopt};
}

dsl::InputParam optional(std::string name, json::value def) {
  return {std::move(name), std::move(def)};
}

std::vector<dsl::InputParam> http_params() {
  std::vector<dsl::InputParam> p{required("url"), optional("method", json::string("GET"))};
  for (const char* name : {"params", "body", "json", "headers", "cookies", "auth", "timeout",
                           "allow_redirects", "proxies", "verify"}) {
    p.push_back(optional(name, nullptr));
  }
  return p;
}

std::vector<SystemAction> make_table() {
  std::vector<SystemAction> t{
      {"std.async_noop", {}, true},
      {"std.echo", {required("output"), optional("delay", 0)}, false},
      {"std.fail", {optional("error_data", nullptr)}, false},
      {"std.http", http_params(), false},
      {"std.mistral_http", http_params(), true},
      {"std.noop", {}, false},
      {"std.sleep", {optional("seconds", 1)}, false},
      {"std.test_dict",
       {optional("size", 0), optional("key_prefix", json::string()),
        optional("val", json::string())},
       false},
  };
  std::sort(t.begin(), t.end(),
            [](const SystemAction& a, const SystemAction& b) { return a.name < b.name; });
  return t;
}

// The Python class Mistral implements each action with; its messages name it.
std::string_view class_name(std::string_view action) {
  struct Entry {
    std::string_view action;
    std::string_view cls;
  };
  static constexpr Entry entries[] = {
      {"std.async_noop", "AsyncNoOpAction"},
      {"std.echo", "EchoAction"},
      {"std.fail", "FailAction"},
      {"std.http", "HTTPAction"},
      {"std.mistral_http", "MistralHTTPAction"},
      {"std.noop", "NoOpAction"},
      {"std.sleep", "SleepAction"},
      {"std.test_dict", "TestDictAction"},
  };
  for (const Entry& e : entries) {
    if (e.action == action) {
      return e.cls;
    }
  }
  return "Action";
}

std::string qualified_class(std::string_view action) {
  return "mistral.actions.std_actions." + std::string(class_name(action));
}

json::array string_list(const std::vector<std::string>& names) {
  json::array a;
  for (const std::string& n : names) {
    a.emplace_back(json::string(n));
  }
  return a;
}

std::string invalid_input_text(const SystemAction& action, const std::vector<std::string>& missing,
                               const std::vector<std::string>& unexpected) {
  std::string msg =
      "Invalid input [name=" + action.name + ", class=" + qualified_class(action.name);
  if (!missing.empty()) {
    msg += ", missing=" + dsl::py_repr(string_list(missing));
  }
  if (!unexpected.empty()) {
    msg += ", unexpected=" + dsl::py_repr(string_list(unexpected));
  }
  return msg + "]";
}

bool is_param(const SystemAction& action, std::string_view key) {
  return std::any_of(action.params.begin(), action.params.end(),
                     [&](const dsl::InputParam& p) { return p.name == key; });
}

// Returns true when Python's constructor of the action raises for `input`
// (Mistral then refuses to schedule the action at all).
bool constructor_fails(const SystemAction& action, const json::object& input) {
  if (action.name == "std.echo") {
    const json::value* delay = input.if_contains("delay");
    return delay && detail::py_float(*delay).status == detail::PyConv::type_error;
  }
  if (action.name == "std.sleep") {
    const json::value* seconds = input.if_contains("seconds");
    if (!seconds) {
      return false;
    }
    detail::PyConv st = detail::py_int(*seconds).status;
    return st == detail::PyConv::type_error || st == detail::PyConv::overflow;
  }
  if (action.name == "std.http" || action.name == "std.mistral_http") {
    return detail::http_constructor_error(input).has_value();
  }
  return false;
}

std::string instantiate_failure_text(const SystemAction& action, const json::object& input) {
  return "Failed to instantiate an action [action_desc=Python action [name=" + action.name +
         ", cls=<class '" + qualified_class(action.name) +
         "'>], input_dict=" + dsl::py_repr(input) + "]";
}

}  // namespace

const std::vector<SystemAction>& system_actions() {
  static const std::vector<SystemAction> table = make_table();
  return table;
}

const SystemAction* find_system_action(std::string_view name) {
  const std::vector<SystemAction>& t = system_actions();
  auto it = std::lower_bound(t.begin(), t.end(), name,
                             [](const SystemAction& a, std::string_view n) { return a.name < n; });
  return it != t.end() && it->name == name ? &*it : nullptr;
}

std::string signature_text(const std::vector<dsl::InputParam>& params) {
  std::string out;
  for (const dsl::InputParam& p : params) {
    if (!out.empty()) {
      out += ", ";
    }
    out += p.name;
    if (p.default_value) {
      out += "=" + dsl::py_json_dumps(*p.default_value);
    }
  }
  return out;
}

Result<json::object> check_input(const SystemAction& action, const json::object& input) {
  std::vector<std::string> missing;
  std::vector<std::string> unexpected;
  for (const dsl::InputParam& p : action.params) {
    if (!p.default_value && !input.contains(p.name)) {
      missing.push_back(p.name);
    }
  }
  // Mistral lists unknown keys in the order the caller gave them.
  for (const auto& kv : input) {
    if (!is_param(action, kv.key())) {
      unexpected.emplace_back(kv.key());
    }
  }
  if (!missing.empty() || !unexpected.empty()) {
    return Error(Errc::invalid_argument, invalid_input_text(action, missing, unexpected));
  }
  if (constructor_fails(action, input)) {
    return Error(Errc::invalid_argument, instantiate_failure_text(action, input));
  }
  json::object filled = input;
  for (const dsl::InputParam& p : action.params) {
    if (p.default_value && !filled.contains(p.name)) {
      filled.emplace(p.name, *p.default_value);
    }
  }
  return filled;
}

ActionResult timeout_result(const SystemAction& action, const CallInfo& call, double seconds) {
  return detail::raised(detail::action_repr(action), call, detail::timeout_text(seconds));
}

namespace detail {

std::string_view action_repr(const SystemAction& action) {
  return action.name == "std.fail" ? std::string_view("Fail action")
                                   : std::string_view(action.name);
}

}  // namespace detail

}  // namespace bora::actors::actions
