#include "scenario_runner.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "actors/workflow/document_catalog.hpp"
#include "dsl/parser.hpp"

namespace bora::test {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

const std::regex& uuid_re() {
  static const std::regex re(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  return re;
}

// Bora names the action where Mistral prints a Python object (actions.md
// allows it); map Mistral's reprs of the standard actions to their names.
std::string action_names(std::string s) {
  static const std::pair<const char*, const char*> names[] = {
      {"EchoAction", "std.echo"}, {"NoOpAction", "std.noop"}, {"SleepAction", "std.sleep"},
      {"HTTPAction", "std.http"}, {"MistralHTTPAction", "std.mistral_http"},
      {"TestDictAction", "std.test_dict"}, {"AsyncNoOpAction", "std.async_noop"}};
  for (const auto& [cls, name] : names) {
    std::string repr = std::string("<mistral.actions.std_actions.") + cls + " object at <addr>>";
    for (auto at = s.find(repr); at != std::string::npos; at = s.find(repr)) {
      s.replace(at, repr.size(), name);
    }
  }
  return s;
}

std::string norm_text(const std::string& s) {
  return action_names(std::regex_replace(s, uuid_re(), "<id>"));
}

// Equality where numbers compare by value (1 == 1.0) but kinds never mix.
bool same(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    return a.to_number<double>() == b.to_number<double>();
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  if (a.is_object()) {
    const auto& x = a.as_object();
    const auto& y = b.as_object();
    if (x.size() != y.size()) {
      return false;
    }
    for (const auto& kv : x) {
      const auto* other = y.if_contains(kv.key());
      if (other == nullptr || !same(kv.value(), *other)) {
        return false;
      }
    }
    return true;
  }
  if (a.is_array()) {
    const auto& x = a.as_array();
    const auto& y = b.as_array();
    if (x.size() != y.size()) {
      return false;
    }
    for (size_t i = 0; i < x.size(); ++i) {
      if (!same(x[i], y[i])) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

json::value read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  auto v = json::parse(ss.str(), ec);
  return ec ? json::value(nullptr) : v;
}

// The scenario's execution as seen from outside, plus sub-workflow lookups.
struct Driver {
  actors::Embedded& engine;
  std::string id;
  std::string failure;

  json::object get(const std::string& exec_id) {
    auto s = engine.get(exec_id, 10s);
    return s.ok() ? *s : json::object{};
  }

  // Calls `fn(exec summary, task)` for each task of the execution tree.
  template <class Fn>
  bool each_task(const std::string& exec_id, Fn&& fn, int depth = 0) {
    auto s = get(exec_id);
    if (!s.contains("tasks") || depth > 10) {
      return false;
    }
    for (const auto& t : s.at("tasks").as_array()) {
      if (fn(exec_id, t.as_object())) {
        return true;
      }
      const auto* children = t.as_object().if_contains("children");
      if (children == nullptr) {
        continue;
      }
      for (const auto& c : children->as_array()) {
        const auto& co = c.as_object();
        if (co.at("kind").as_string() == "workflow" &&
            each_task(std::string(co.at("id").as_string()), fn, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  template <class Pred>
  bool poll(Pred&& pred, std::chrono::milliseconds limit = 60s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (pred()) {
        return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  std::string state() {
    auto s = get(id);
    return s.contains("state") ? std::string(s.at("state").as_string()) : "";
  }

  void step(const json::object& st);
};

void Driver::step(const json::object& st) {
  std::string op(st.at("op").as_string());
  if (op == "sleep") {
    std::this_thread::sleep_for(std::chrono::milliseconds(
        static_cast<int64_t>(st.at("seconds").to_number<double>() * 1000)));
  } else if (op == "wait_state") {
    std::string want(st.at("state").as_string());
    if (!poll([&] { return state() == want; })) {
      failure += "step wait_state " + want + " timed out (state " + state() + ")\n";
    }
  } else if (op == "wait_task") {
    std::string task(st.at("task").as_string());
    std::string want(st.at("state").as_string());
    bool ok = poll([&] {
      return each_task(id, [&](const std::string&, const json::object& t) {
        return t.at("name").as_string() == task && t.at("state").as_string() == want;
      });
    });
    if (!ok) {
      failure += "step wait_task " + task + " " + want + " timed out\n";
    }
  } else if (op == "set_state") {
    actors::ExecCommand cmd;
    cmd.execution_id = id;
    std::string to(st.at("state").as_string());
    cmd.op = to == "PAUSED"      ? actors::ExecCommand::pause
             : to == "RUNNING"   ? actors::ExecCommand::resume
             : to == "CANCELLED" ? actors::ExecCommand::cancel
             : to == "ERROR"     ? actors::ExecCommand::fail
                                 : actors::ExecCommand::succeed;
    if (const auto* info = st.if_contains("state_info"); info && info->is_string()) {
      cmd.has_msg = true;
      cmd.msg = std::string(info->as_string());
    }
    if (const auto* env = st.if_contains("env")) {
      cmd.env = json::serialize(*env);
    }
    (void)engine.command(cmd, 10s);
  } else if (op == "complete_action") {
    std::string task(st.at("task").as_string());
    std::string action_id;
    poll([&] {
      return each_task(id, [&](const std::string&, const json::object& t) {
        if (t.at("name").as_string() != task) {
          return false;
        }
        const auto* children = t.if_contains("children");
        for (const auto& c : children != nullptr ? children->as_array() : json::array{}) {
          const auto& co = c.as_object();
          const auto& cs = co.at("state").as_string();
          if (co.at("kind").as_string() == "action" && (cs == "RUNNING" || cs == "PAUSED")) {
            action_id = std::string(co.at("id").as_string());
            return true;
          }
        }
        return false;
      });
    });
    std::string to(st.at("state").as_string());
    actors::ActionDone done;
    done.action_ex_id = action_id;
    done.kind = to == "SUCCESS"   ? 1
                : to == "ERROR"   ? 2
                : to == "PAUSED"  ? actors::ActionDone::paused
                : to == "RUNNING" ? actors::ActionDone::resumed
                                  : 3;
    const auto* out = st.if_contains("output");
    json::value value = out != nullptr ? *out
                        : to == "SUCCESS" ? json::value(json::object{})
                        : to == "ERROR"   ? json::value("Unknown error")
                                          : json::value(nullptr);
    done.value = json::serialize(value);
    // The action record may be visible a moment before the executor holds
    // the run (effects follow the write): retry briefly.
    auto r = engine.complete_action(done, 10s);
    for (int i = 0; i < 100 && !r.ok() && r.error().code == Errc::not_found; ++i) {
      std::this_thread::sleep_for(20ms);
      r = engine.complete_action(done, 10s);
    }
    if (!r.ok()) {
      failure += "step complete_action " + task + ": " + r.error().message + "\n";
    }
  } else if (op == "rerun") {
    std::string task(st.at("task").as_string());
    actors::ExecCommand cmd;
    cmd.op = actors::ExecCommand::rerun;
    cmd.reset = st.if_contains("reset") == nullptr || st.at("reset").as_bool();
    if (const auto* env = st.if_contains("env")) {
      cmd.env = json::serialize(*env);
    }
    each_task(id, [&](const std::string& exec_id, const json::object& t) {
      if (t.at("name").as_string() == task && t.at("state").as_string() == "ERROR") {
        cmd.execution_id = exec_id;
        cmd.task_ex_id = std::string(t.at("id").as_string());
        return true;
      }
      return false;
    });
    auto r = engine.command(cmd, 10s);
    if (!r.ok()) {
      failure += "step rerun " + task + ": " + r.error().message + "\n";
    }
  }
}

std::string compare(const json::object& expect, const json::object& got) {
  std::string diff;
  for (const char* key : {"state", "state_info", "output"}) {
    json::value e = expect.contains(key) ? normalize(expect.at(key)) : json::value(nullptr);
    json::value g = got.contains(key) ? normalize(got.at(key)) : json::value(nullptr);
    if (!same(e, g)) {
      diff += std::string(key) + ": expected " + json::serialize(e) + "\n    got " +
              json::serialize(g) + "\n";
    }
  }
  std::vector<json::value> left;
  for (const auto& t : got.at("tasks").as_array()) {
    const auto& o = t.as_object();
    left.push_back(normalize(json::object{{"name", o.at("name")},
                                          {"state", o.at("state")},
                                          {"state_info", o.at("state_info")},
                                          {"published", o.at("published")},
                                          {"result", o.at("result")}}));
  }
  for (const auto& e : expect.at("tasks").as_array()) {
    auto ne = normalize(e);
    auto it = std::find_if(left.begin(), left.end(), [&](const json::value& g) { return same(ne, g); });
    if (it == left.end()) {
      diff += "task missing: " + json::serialize(ne) + "\n";
    } else {
      left.erase(it);
    }
  }
  for (const auto& g : left) {
    diff += "task unexpected: " + json::serialize(g) + "\n";
  }
  return diff;
}

int status_of(Errc code) {
  return code == Errc::not_found ? 404 : code == Errc::invalid_argument ? 400 : 500;
}

}  // namespace

json::value normalize(const json::value& v) {
  if (v.is_string()) {
    return json::value(norm_text(std::string(v.as_string())));
  }
  if (v.is_object()) {
    json::object out;
    for (const auto& kv : v.as_object()) {
      out[norm_text(std::string(kv.key()))] = normalize(kv.value());
    }
    return out;
  }
  if (v.is_array()) {
    json::array out;
    for (const auto& x : v.as_array()) {
      out.push_back(normalize(x));
    }
    return out;
  }
  return v;
}

std::vector<std::string> scenario_files(const std::string& dir, const std::string& filter) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (e.path().extension() == ".json" && name.find(filter) != std::string::npos) {
      out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string run_scenario(const std::string& path, const std::string& data_dir) {
  auto sc = read_json(path);
  if (!sc.is_object() || !sc.as_object().contains("expect")) {
    return "unreadable scenario or no expect";
  }
  const auto& s = sc.as_object();
  auto catalog = std::make_shared<actors::workflow::DocumentCatalog>();
  auto wfs = dsl::parse_workflows(std::string(s.at("definition").as_string()), path);
  if (!wfs.ok()) {
    return "definition rejected: " + wfs.error().message;
  }
  std::vector<std::shared_ptr<const dsl::ActionSpec>> acts;
  if (const auto* a = s.if_contains("actions")) {
    auto parsed = dsl::parse_actions(std::string(a->as_string()), path);
    if (!parsed.ok()) {
      return "actions rejected: " + parsed.error().message;
    }
    acts = std::move(parsed).value();
  }
  catalog->add(*wfs, acts);
  actors::Embedded::Options eo;
  eo.data_dir = data_dir;
  eo.catalog = catalog;
  eo.threads = 2;
  auto engine = actors::Embedded::open(eo);
  if (!engine.ok()) {
    return "engine: " + engine.error().message;
  }
  actors::StartCommand cmd;
  cmd.workflow = std::string(s.at("workflow").as_string());
  cmd.input = s.contains("input") ? json::serialize(s.at("input")) : "{}";
  cmd.params = s.contains("params") ? json::serialize(s.at("params")) : "{}";
  const auto& expect = s.at("expect").as_object();
  auto id = (*engine)->start(cmd);
  if (const auto* se = expect.if_contains("start_error")) {
    if (id.ok()) {
      return "start succeeded, expected error " + json::serialize(*se);
    }
    auto msg = norm_text(id.error().message);
    auto want = se->as_object().at("faultstring").as_string();
    int status = static_cast<int>(se->as_object().at("status").to_number<int64_t>());
    if (msg != want || status_of(id.error().code) != status) {
      return "start error: expected " + std::to_string(status) + " " + std::string(want) +
             "\n    got " + std::to_string(status_of(id.error().code)) + " " + msg;
    }
    return "";
  }
  if (!id.ok()) {
    return "start failed: " + id.error().message;
  }
  Driver d{**engine, *id, ""};
  if (const auto* steps = s.if_contains("steps")) {
    for (const auto& st : steps->as_array()) {
      d.step(st.as_object());
    }
  }
  json::object got;
  const auto* final_state = s.if_contains("expect_final");
  if (final_state != nullptr) {
    std::string want(final_state->as_string());
    d.poll([&] { return d.state() == want; });
    std::this_thread::sleep_for(300ms);
    got = d.get(*id);
  } else {
    auto r = (*engine)->wait(*id, 60s);
    if (!r.ok()) {
      return d.failure + "did not end: " + r.error().message + " (state " + d.state() + ")";
    }
    got = *r;
    // Tasks started before a fail or cancel may still finish: give them 3 s,
    // as the recorder did on Mistral.
    d.poll([&] {
      auto now = d.get(*id);
      if (!now.contains("tasks")) {
        return false;  // between the actor's end and the engine's record of it
      }
      got = std::move(now);
      for (const auto& t : got.at("tasks").as_array()) {
        const auto& ts = t.as_object().at("state").as_string();
        if (ts == "RUNNING" || ts == "DELAYED" || ts == "WAITING" || ts == "PAUSED") {
          return false;
        }
      }
      return true;
    }, 3s);
  }
  if (!got.contains("tasks")) {
    return d.failure + "no summary";
  }
  return d.failure + compare(expect, got);
}

}  // namespace bora::test
