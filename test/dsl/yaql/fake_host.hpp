#pragma once

// A HostFunctions test double that answers from test/dsl/expr_cases/host.json
// the way the case generator's fake Mistral host does.

#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "dsl/eval_context.hpp"

namespace bora::dsl::test {

/// Answers task()/tasks()/execution()/executions()/global() from canned JSON.
class FakeHost : public HostFunctions {
public:
  /// Uses `data` (the parsed host.json object) as the canned answers.
  explicit FakeHost(boost::json::value data) : data_(std::move(data)) {}

  /// Loads host.json from `path`; an unreadable file gives empty answers.
  static FakeHost load(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(ss.str(), ec);
    return FakeHost(ec ? boost::json::value(boost::json::object()) : v);
  }

  Result<boost::json::value> task(const std::string* name) const override {
    if (!name) {
      return field("current_task");
    }
    const auto* tasks = field("tasks").if_object();
    if (!tasks) {
      return boost::json::value();
    }
    auto it = tasks->find(*name);
    return it == tasks->end() ? boost::json::value() : it->value();
  }

  Result<boost::json::value> tasks(const TasksQuery& q) const override {
    boost::json::array out;
    const auto* all = field("all_tasks").if_array();
    if (!all) {
      return boost::json::value(out);
    }
    for (const auto& t : *all) {
      if (matches(t, "workflow_execution_id", q.workflow_execution_id) &&
          matches(t, "state", q.state)) {
        out.push_back(t);
      }
    }
    return boost::json::value(out);
  }

  Result<boost::json::value> execution() const override { return field("execution"); }

  Result<boost::json::value> executions(const ExecutionsQuery& q) const override {
    boost::json::array out;
    const auto* all = field("executions").if_array();
    if (!all) {
      return boost::json::value(out);
    }
    for (const auto& e : *all) {
      if (!matches(e, "id", q.id) || !matches(e, "root_execution_id", q.root_execution_id) ||
          !matches(e, "state", q.state)) {
        continue;
      }
      std::string created = text(e, "created_at");
      if ((q.from_time && !q.from_time->empty() && created < *q.from_time) ||
          (q.to_time && !q.to_time->empty() && !(created < *q.to_time))) {
        continue;
      }
      out.push_back(e);
    }
    return boost::json::value(out);
  }

  Result<boost::json::value> global(std::string_view name) const override {
    const auto* g = field("globals").if_object();
    if (!g) {
      return boost::json::value();
    }
    auto it = g->find(name);
    return it == g->end() ? boost::json::value() : it->value();
  }

private:
  const boost::json::value& field(const char* key) const {
    static const boost::json::value none;
    const auto* obj = data_.if_object();
    if (!obj) {
      return none;
    }
    auto it = obj->find(key);
    return it == obj->end() ? none : it->value();
  }

  static std::string text(const boost::json::value& v, const char* key) {
    const auto* obj = v.if_object();
    if (!obj) {
      return "";
    }
    auto it = obj->find(key);
    if (it == obj->end() || !it->value().is_string()) {
      return "";
    }
    return std::string(it->value().get_string());
  }

  // An empty or absent filter matches everything, as the generator does.
  static bool matches(const boost::json::value& v, const char* key,
                      const std::optional<std::string>& want) {
    if (!want || want->empty()) {
      return true;
    }
    return text(v, key) == *want;
  }

  boost::json::value data_;
};

}  // namespace bora::dsl::test
