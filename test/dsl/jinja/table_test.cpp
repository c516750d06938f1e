// Runs every case of test/dsl/expr_cases/jinja_cases.json (computed with the
// real jinja2 under Mistral's settings) through Bora's Jinja engine.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "../yaql/fake_host.hpp"
#include "dsl/jinja/fast.hpp"
#include "dsl/jinja/jinja.hpp"

namespace json = boost::json;
namespace jinja = bora::dsl::jinja;

namespace {

bool load(const std::string& path, json::value& out) {
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

// Exact equality as Python sees JSON output: ints and floats stay apart.
bool same(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_double() != b.is_double()) {
      return false;
    }
    if (a.is_double()) {
      return a.get_double() == b.get_double() ||
             (std::isnan(a.get_double()) && std::isnan(b.get_double()));
    }
    return a.to_number<long double>() == b.to_number<long double>();
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), same);
  }
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size()) {
      return false;
    }
    return std::all_of(x.begin(), x.end(), [&](const json::key_value_pair& kv) {
      const auto* other = y.if_contains(kv.key());
      return other != nullptr && same(kv.value(), *other);
    });
  }
  return a == b;
}

bool same_multiset(const json::value& want, const json::value& got) {
  if (!want.is_array() || !got.is_array() || want.get_array().size() != got.get_array().size()) {
    return false;
  }
  std::vector<json::value> left(got.get_array().begin(), got.get_array().end());
  for (const auto& w : want.get_array()) {
    auto it = std::find_if(left.begin(), left.end(), [&](const json::value& g) { return same(w, g); });
    if (it == left.end()) {
      return false;
    }
    left.erase(it);
  }
  return true;
}

// Strips the `Syntax error '...'.` wrapper that compile() adds.
std::string bare(const bora::Error& e) {
  const std::string pre = "Syntax error '";
  if (e.code == bora::Errc::parse_error && e.message.rfind(pre, 0) == 0 && e.message.size() > 16) {
    return e.message.substr(pre.size(), e.message.size() - pre.size() - 2);
  }
  return e.message;
}

struct Outcome {
  bool ok = true;
  bool message_differs = false;
  std::string detail;
};

Outcome check_error(const bora::Error& err, const json::object& c, const char* stage) {
  Outcome o;
  const auto* want = c.if_contains("error");
  std::string kind = want != nullptr ? std::string(c.at("error_kind").get_string()) : "";
  if (want == nullptr || kind != stage) {
    o.ok = false;
    o.detail = std::string("unexpected ") + stage + " error: " + err.message;
  } else if (bare(err) != want->get_string()) {
    o.message_differs = true;
    o.detail = "message '" + bare(err) + "', want '" + std::string(want->get_string()) + "'";
  }
  return o;
}

Outcome run_case(const json::object& c, const bora::dsl::HostFunctions& host) {
  std::string expr(c.at("expr").get_string());
  auto compiled = jinja::compile(expr);
  if (!compiled) {
    return check_error(compiled.error(), c, "parse");
  }
  bora::dsl::EvalContext ctx;
  ctx.data = &c.at("data");
  ctx.host = &host;
  auto r = jinja::evaluate(**compiled, ctx);
  if (!r) {
    return check_error(r.error(), c, "eval");
  }
  Outcome o;
  if (c.contains("error")) {
    o.ok = false;
    o.detail = "expected an error, got " + json::serialize(*r);
    return o;
  }
  const auto& want = c.at("result");
  bool unordered = c.contains("unordered") && c.at("unordered").as_bool();
  if (!(unordered ? same_multiset(want, *r) : same(want, *r))) {
    o.ok = false;
    o.detail = "got " + json::serialize(*r) + ", want " + json::serialize(want);
  }
  return o;
}

}  // namespace

TEST_SUITE("dsl.jinja.table") {
  TEST_CASE("every recorded jinja2 case gives Mistral's result") {
    std::string dir = std::string(BORA_TEST_DATA) + "/dsl/expr_cases/";
    json::value cases;
    if (!load(dir + "jinja_cases.json", cases)) {
      MESSAGE("skipped: " << dir << "jinja_cases.json is missing");
      return;
    }
    auto host = bora::dsl::test::FakeHost::load(dir + "host.json");
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    int messages = 0;
    for (const auto& v : cases.at("cases").as_array()) {
      const auto& c = v.as_object();
      std::string id(c.at("id").as_string());
      if (const auto* why = c.if_contains("differs")) {
        ++skipped;
        std::cout << "skip " << id << ": " << json::serialize(*why) << "\n";
        continue;
      }
      Outcome o = run_case(c, host);
      if (!o.ok) {
        ++failed;
        std::cout << "FAIL " << id << " " << c.at("expr") << ": " << o.detail << "\n";
        continue;
      }
      ++passed;
      if (o.message_differs) {
        ++messages;
        std::cout << "msg  " << id << " " << c.at("expr") << ": " << o.detail << "\n";
      }
    }
    std::cout << "jinja table: " << passed << " passed, " << failed << " failed, " << skipped
              << " skipped, " << messages << " with a different message\n";
    CHECK(failed == 0);
  }

  TEST_CASE("the fast tier gives the interpreter's result on every case it runs") {
    std::string dir = std::string(BORA_TEST_DATA) + "/dsl/expr_cases/";
    json::value cases;
    if (!load(dir + "jinja_cases.json", cases)) {
      MESSAGE("skipped: " << dir << "jinja_cases.json is missing");
      return;
    }
    auto host = bora::dsl::test::FakeHost::load(dir + "host.json");
    int compared = 0;
    for (const auto& v : cases.at("cases").as_array()) {
      const auto& c = v.as_object();
      auto compiled = jinja::compile(std::string(c.at("expr").get_string()));
      if (!compiled || !jinja::has_fast_program(**compiled)) {
        continue;
      }
      // Tight limits too: both paths must fail the same way.
      for (uint64_t steps : {uint64_t{10'000'000}, uint64_t{5}, uint64_t{1}}) {
        bora::dsl::EvalContext ctx;
        ctx.data = &c.at("data");
        ctx.host = &host;
        ctx.limits.max_steps = steps;
        auto fast = jinja::evaluate(**compiled, ctx);
        auto slow = jinja::evaluate_interpreted(**compiled, ctx);
        INFO(c.at("id") << " " << c.at("expr") << " steps=" << steps);
        REQUIRE(fast.ok() == slow.ok());
        if (fast.ok()) {
          CHECK(same(*fast, *slow));
        } else {
          CHECK(fast.error().message == slow.error().message);
        }
      }
      ++compared;
    }
    MESSAGE(compared << " cases have a fast program");
    CHECK(compared > 100);
  }
}
