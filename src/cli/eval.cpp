#include <iostream>

#include <boost/json.hpp>

#include "cli/commands.hpp"
#include "dsl/template.hpp"

namespace bora::cli {
namespace json = boost::json;
namespace {

bool load_data(const std::string& spec, json::value& out) {
  if (spec.empty()) {
    out = json::object();
    return true;
  }
  std::string text = spec;
  if (spec[0] == '@') {
    std::string error;
    if (!read_file(spec.substr(1), text, error)) {
      std::cerr << "bora eval: cannot read " << spec.substr(1) << ": " << error << "\n";
      return false;
    }
  }
  boost::system::error_code ec;
  out = json::parse(text, ec);
  if (ec) {
    std::cerr << "bora eval: --data is not valid JSON: " << ec.message() << "\n";
    return false;
  }
  return true;
}

void print_error(const Error& e) {
  std::cerr << "error";
  if (!e.diagnostics.empty() && e.diagnostics[0].column > 0) {
    const auto& d = e.diagnostics[0];
    std::cerr << " at ";
    if (d.line > 0) {
      std::cerr << "line " << d.line << ", ";
    }
    std::cerr << "column " << d.column;
  }
  std::cerr << ": " << e.message << "\n";
}

}  // namespace

int run_eval(const EvalOptions& opts) {
  json::value data;
  if (!load_data(opts.data, data)) {
    return exit_usage;
  }
  auto compiled = dsl::CompiledString::compile(opts.expression);
  if (!compiled.ok()) {
    print_error(compiled.error());
    return exit_failed;
  }
  dsl::EvalContext ctx;
  ctx.data = &data;
  auto result = (*compiled)->evaluate(ctx);
  if (!result.ok()) {
    print_error(result.error());
    return exit_failed;
  }
  std::cout << json::serialize(*result) << "\n";
  return exit_ok;
}

}  // namespace bora::cli
