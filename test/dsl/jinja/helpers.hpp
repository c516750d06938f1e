#pragma once

// Small helpers shared by the Jinja engine tests.

#include <string>

#include <boost/json.hpp>

#include "../yaql/fake_host.hpp"
#include "dsl/jinja/jinja.hpp"

namespace bora::dsl::jinja::test {

/// Returns the canned host of test/dsl/expr_cases/host.json.
inline const HostFunctions& host() {
  static const auto fake =
      dsl::test::FakeHost::load(std::string(BORA_TEST_DATA) + "/dsl/expr_cases/host.json");
  return fake;
}

/// Compiles and evaluates `text` with `_` = `data` (JSON text) and `limits`.
inline Result<boost::json::value> run(const std::string& text, const std::string& data = "{}",
                                      EvalLimits limits = {}) {
  auto t = compile(text);
  if (!t) {
    return std::move(t).error();
  }
  boost::json::value d = boost::json::parse(data);
  EvalContext ctx;
  ctx.data = &d;
  ctx.host = &host();
  ctx.limits = limits;
  return evaluate(**t, ctx);
}

/// Returns the rendered text or native value as compact JSON, or
/// `error(<code>): <message>`.
inline std::string show(const std::string& text, const std::string& data = "{}",
                        EvalLimits limits = {}) {
  auto r = run(text, data, limits);
  if (!r) {
    return std::string("error(") + to_string(r.error().code) + "): " + r.error().message;
  }
  return boost::json::serialize(*r);
}

/// Returns the rendered text of a template that renders to a string.
inline std::string render(const std::string& text, const std::string& data = "{}") {
  auto r = run(text, data);
  if (!r) {
    return "error: " + r.error().message;
  }
  if (!r->is_string()) {
    return "not text: " + boost::json::serialize(*r);
  }
  return std::string(r->get_string());
}

}  // namespace bora::dsl::jinja::test
