#pragma once

// Small helpers shared by the YAQL engine tests.

#include <string>

#include <boost/json.hpp>

#include "dsl/yaql/yaql.hpp"

namespace bora::dsl::test {

/// The outcome of compiling and evaluating one expression.
struct Outcome {
  bool ok = false;
  boost::json::value value;
  Errc code = Errc::internal;
  std::string message;
  uint32_t column = 0;  // of the first diagnostic, for syntax errors
};

/// Compiles `expr` and evaluates it with `$` = the JSON text `data`.
inline Outcome run(const std::string& expr, const std::string& data = "{}",
                   const EvalLimits& limits = EvalLimits(),
                   const HostFunctions* host = nullptr) {
  Outcome o;
  auto compiled = yaql::compile(expr);
  if (!compiled.ok()) {
    o.code = compiled.error().code;
    o.message = compiled.error().message;
    if (!compiled.error().diagnostics.empty()) {
      o.column = compiled.error().diagnostics[0].column;
    }
    return o;
  }
  boost::json::value d = boost::json::parse(data);
  EvalContext ctx;
  ctx.data = &d;
  ctx.host = host;
  ctx.limits = limits;
  auto r = yaql::evaluate(*compiled.value(), ctx);
  if (!r.ok()) {
    o.code = r.error().code;
    o.message = r.error().message;
    return o;
  }
  o.ok = true;
  o.value = r.value();
  return o;
}

/// Returns the serialized JSON result, or "!" followed by the error message.
inline std::string eval(const std::string& expr, const std::string& data = "{}") {
  Outcome o = run(expr, data);
  return o.ok ? boost::json::serialize(o.value) : "!" + o.message;
}

}  // namespace bora::dsl::test
