// Runs every case of test/dsl/expr_cases/yaql_cases.json (computed with the
// real yaql 2.0 under Mistral's settings) through Bora's engine.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "dsl/yaql/yaql.hpp"
#include "fake_host.hpp"

namespace json = boost::json;
namespace yaql = bora::dsl::yaql;

namespace {

std::string cases_dir() {
  return std::string(BORA_TEST_DATA) + "/dsl/expr_cases/";
}

bool read_json(const std::string& path, json::value& out) {
  std::ifstream in(path);
  if (!in) {
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  out = json::parse(ss.str(), ec);
  return !ec;
}

bool same(const json::value& a, const json::value& b);

bool same_number(const json::value& a, const json::value& b) {
  if (a.is_double() != b.is_double()) {
    return false;  // Python keeps int and float apart in output
  }
  if (a.is_double()) {
    return a.get_double() == b.get_double() ||
           (std::isnan(a.get_double()) && std::isnan(b.get_double()));
  }
  auto as_i128 = [](const json::value& v) {
    return v.is_int64() ? static_cast<long double>(v.get_int64())
                        : static_cast<long double>(v.get_uint64());
  };
  return as_i128(a) == as_i128(b);
}

bool same(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    return same_number(a, b);
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    if (x.size() != y.size()) {
      return false;
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same(x[i], y[i])) {
        return false;
      }
    }
    return true;
  }
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size()) {
      return false;
    }
    for (const auto& kv : x) {
      auto it = y.find(kv.key());
      if (it == y.end() || !same(kv.value(), it->value())) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

bool same_unordered(const json::value& expected, const json::value& got) {
  if (!expected.is_array() || !got.is_array()) {
    return false;
  }
  std::vector<json::value> rest(got.get_array().begin(), got.get_array().end());
  if (rest.size() != expected.get_array().size()) {
    return false;
  }
  for (const auto& e : expected.get_array()) {
    auto it = std::find_if(rest.begin(), rest.end(), [&](const json::value& g) {
      return same(e, g);
    });
    if (it == rest.end()) {
      return false;
    }
    rest.erase(it);
  }
  return true;
}

struct Outcome {
  bool ok = true;
  bool message_differs = false;
  std::string detail;
};

Outcome run_case(const json::object& c, const bora::dsl::HostFunctions& host) {
  Outcome o;
  std::string expr(c.at("expr").get_string());
  const json::value& data = c.at("data");
  auto compiled = yaql::compile(expr);
  const json::value* error = c.if_contains("error");
  std::string kind = error ? std::string(c.at("error_kind").get_string()) : "";
  if (!compiled.ok()) {
    if (!error || kind != "parse") {
      o.ok = false;
      o.detail = "unexpected parse error: " + compiled.error().message;
    } else if (compiled.error().message != error->get_string()) {
      o.message_differs = true;
      o.detail = "got '" + compiled.error().message + "'";
    }
    return o;
  }
  if (error && kind == "parse") {
    o.ok = false;
    o.detail = "expected a parse error";
    return o;
  }
  bora::dsl::EvalContext ctx;
  ctx.data = &data;
  ctx.host = &host;
  auto r = yaql::evaluate(*compiled.value(), ctx);
  if (error) {
    if (r.ok()) {
      o.ok = false;
      o.detail = "expected an error, got " + json::serialize(r.value());
    } else if (r.error().message != error->get_string()) {
      o.message_differs = true;
      o.detail = "got '" + r.error().message + "'";
    }
    return o;
  }
  if (!r.ok()) {
    o.ok = false;
    o.detail = "unexpected error: " + r.error().message;
    return o;
  }
  const json::value& want = c.at("result");
  const auto* unordered = c.if_contains("unordered");
  bool match = unordered && unordered->is_bool() && unordered->get_bool()
                   ? same_unordered(want, r.value())
                   : same(want, r.value());
  if (!match) {
    o.ok = false;
    o.detail = "expected " + json::serialize(want) + ", got " + json::serialize(r.value());
  }
  return o;
}

}  // namespace

TEST_SUITE("dsl.yaql.table") {
  TEST_CASE("every recorded yaql case gives Mistral's result") {
    json::value table;
    if (!read_json(cases_dir() + "yaql_cases.json", table)) {
      MESSAGE("skipped: " << cases_dir() << "yaql_cases.json is missing");
      return;
    }
    auto host = bora::dsl::test::FakeHost::load(cases_dir() + "host.json");
    int passed = 0;
    int skipped = 0;
    int message_mismatches = 0;
    for (const auto& item : table.at("cases").get_array()) {
      const auto& c = item.get_object();
      std::string id(c.at("id").get_string());
      if (const auto* differs = c.if_contains("differs")) {
        ++skipped;
        MESSAGE("skip " << id << ": " << json::serialize(*differs));
        continue;
      }
      Outcome o = run_case(c, host);
      if (o.message_differs) {
        ++message_mismatches;
        std::cout << "message mismatch " << id << " [" << c.at("expr").get_string()
                  << "]: expected '" << c.at("error").get_string() << "', " << o.detail << "\n";
      }
      CHECK_MESSAGE(o.ok, id << " [" << c.at("expr").get_string() << "]: " << o.detail);
      passed += o.ok ? 1 : 0;
    }
    std::cout << "yaql table: " << passed << " passed, " << skipped << " skipped, "
              << message_mismatches << " error message mismatches\n";
  }
}
