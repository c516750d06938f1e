// Micro-benchmarks of expression evaluation with compiled ASTs. The same
// expressions and data are timed through Python's yaql and jinja2 by
// bench/expr_python.py; bench/compare_expr.py runs both and prints the table.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "dsl/jinja/jinja.hpp"
#include "dsl/template.hpp"
#include "dsl/yaql/yaql.hpp"

namespace json = boost::json;
using namespace bora::dsl;

namespace {

json::value make_data() {
  json::array servers;
  for (int i = 0; i < 1000; ++i) {
    servers.push_back(json::object{
        {"id", i}, {"status", i % 3 == 0 ? "ACTIVE" : "BUILD"}, {"name", "vm-" + std::to_string(i)}});
  }
  return json::object{{"a", 41}, {"name", "bora"}, {"servers", std::move(servers)}};
}

const json::value& data() {
  static const json::value d = make_data();
  return d;
}

void run_yaql(benchmark::State& state, const char* text) {
  auto expr = yaql::compile(text);
  if (!expr.ok()) {
    state.SkipWithError(expr.error().message.c_str());
    return;
  }
  EvalContext ctx;
  ctx.data = &data();
  for (auto _ : state) {
    auto r = yaql::evaluate(**expr, ctx);
    benchmark::DoNotOptimize(r);
  }
}

void run_jinja(benchmark::State& state, const char* text) {
  auto tmpl = jinja::compile(text);
  if (!tmpl.ok()) {
    state.SkipWithError(tmpl.error().message.c_str());
    return;
  }
  EvalContext ctx;
  ctx.data = &data();
  for (auto _ : state) {
    auto r = jinja::evaluate(**tmpl, ctx);
    benchmark::DoNotOptimize(r);
  }
}

void run_string(benchmark::State& state, const char* text) {
  auto cs = CompiledString::compile(text);
  if (!cs.ok()) {
    state.SkipWithError(cs.error().message.c_str());
    return;
  }
  EvalContext ctx;
  ctx.data = &data();
  for (auto _ : state) {
    auto r = (*cs)->evaluate(ctx);
    benchmark::DoNotOptimize(r);
  }
}

}  // namespace

// Names match the rows of bench/expr_python.py.
BENCHMARK_CAPTURE(run_yaql, yaql_member, "$.a");
BENCHMARK_CAPTURE(run_yaql, yaql_add, "$.a + 1");
BENCHMARK_CAPTURE(run_yaql, yaql_where_select,
                  "$.servers.where($.status = 'ACTIVE').select($.id)");
BENCHMARK_CAPTURE(run_yaql, yaql_len_str, "len(str($.name)) * 2");
BENCHMARK_CAPTURE(run_jinja, jinja_member, "{{ _.a }}");
BENCHMARK_CAPTURE(run_jinja, jinja_loop,
                  "{% for s in _.servers %}{% if s.status == 'ACTIVE' %}{{ s.id }},{% endif %}"
                  "{% endfor %}");
BENCHMARK_CAPTURE(run_string, mixed_text, "Hello <% $.name %>, a=<% $.a %>");

BENCHMARK_MAIN();
