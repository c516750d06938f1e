// The cron runner over a real engine and store: due triggers start their
// workflow once, advance or end, and what they store survives a restart.

#include <thread>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include "../support/temp_dir.hpp"
#include "dsl/parser.hpp"
#include "http/api.hpp"
#include "http/cron_runner.hpp"
#include "storage/ids.hpp"
#include "storage/tables.hpp"
#include "storage/time_format.hpp"

namespace bora::http {
namespace {

namespace json = boost::json;

constexpr const char* workflow_text = R"(---
version: '2.0'
tick:
  input:
    - n: 1
  tasks:
    t:
      action: std.echo output=<% $.n %>
)";

struct Fixture {
  test::TempDir dir;
  std::shared_ptr<actors::workflow::SharedCatalog> catalog =
      std::make_shared<actors::workflow::SharedCatalog>();
  std::unique_ptr<actors::Embedded> engine;
  std::unique_ptr<Api> api;

  Fixture() { open(); }

  void open() {
    actors::Embedded::Options o;
    o.data_dir = dir.path() + "/data";
    o.catalog = catalog;
    auto e = actors::Embedded::open(o);
    REQUIRE(e.ok());
    engine = std::move(e).value();
    api = std::make_unique<Api>(*engine, catalog, "http://127.0.0.1:1");
    auto specs = dsl::parse_workflows(workflow_text, "tick.yaml");
    REQUIRE(specs.ok());
    catalog->put_workflow("", specs->front());
  }

  void close() {
    api.reset();
    engine.reset();
  }

  storage::CronTrigger put_trigger(int64_t next_ms, std::optional<int64_t> remaining) {
    storage::CronTrigger t;
    t.id = storage::new_uuid7();
    t.name = "every-minute";
    t.workflow_name = "tick";
    t.workflow_id = storage::new_uuid7();
    t.workflow_input = json::object{{"n", 7}};
    t.workflow_params = json::object{};
    t.pattern = "* * * * *";
    t.remaining_executions = remaining;
    t.next_execution_time = next_ms;
    t.project_id = "<default-project>";
    t.created_at = storage::now_ms();
    storage::Batch b;
    REQUIRE(storage::put_record(b, t).ok());
    REQUIRE(engine->write(std::move(b)).ok());
    return t;
  }

  /// The executions of `tick`, once `expected` of them are stored (an
  /// execution's first write lands a moment after its start).
  std::vector<std::string> executions(size_t expected = 0) {
    std::vector<std::string> out;
    for (int i = 0; i < 500; ++i) {
      auto ids = engine->list(actors::IndexQuery{storage::Index::exec_workflow, "tick", "", 100});
      REQUIRE(ids.ok());
      out = *ids;
      if (out.size() >= expected) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return out;
  }

  storage::WorkflowExecution wait_end(const std::string& id) {
    for (int i = 0; i < 500; ++i) {
      auto e = api->load<storage::WorkflowExecution>(storage::Family::executions, id);
      if (e.ok() && storage::is_completed(e->state)) {
        return *e;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("execution did not end");
    return {};
  }
};

TEST_SUITE("http.cron_runner") {
  TEST_CASE("a due trigger starts its workflow once and moves to its next minute") {
    Fixture f;
    int64_t now = storage::now_ms();
    f.put_trigger(now - 1000, std::nullopt);
    CronRunner runner(*f.api, 1000);
    CHECK(runner.fire_due(now) == 1);
    CHECK(runner.fire_due(now) == 0);  // advanced: not due again this minute
    auto ids = f.executions(1);
    REQUIRE(ids.size() == 1);
    auto e = f.wait_end(ids.front());
    CHECK(e.state == storage::State::success);
    CHECK(e.input.as_object().at("n") == 7);
    auto desc = json::parse(e.description);
    CHECK(desc.at("triggered_by").at("type") == "cron_trigger");
    CHECK(desc.at("triggered_by").at("name") == "every-minute");
    auto t = f.api->load<storage::CronTrigger>(storage::Family::cron_triggers, "every-minute");
    REQUIRE(t.ok());
    CHECK(t->next_execution_time > now);
    CHECK(t->next_execution_time % 60000 == 0);
    CHECK(t->next_execution_time - now <= 60000);
  }

  TEST_CASE("a counted trigger is deleted after its last execution") {
    Fixture f;
    int64_t now = storage::now_ms();
    f.put_trigger(now - 1000, 2);
    CronRunner runner(*f.api, 1000);
    CHECK(runner.fire_due(now) == 1);
    auto t = f.api->load<storage::CronTrigger>(storage::Family::cron_triggers, "every-minute");
    REQUIRE(t.ok());
    CHECK(t->remaining_executions == 1);
    CHECK(runner.fire_due(t->next_execution_time) == 1);
    auto gone = f.api->load<storage::CronTrigger>(storage::Family::cron_triggers, "every-minute");
    CHECK(gone.error().code == Errc::not_found);
    CHECK(f.executions(2).size() == 2);
    CHECK(runner.fire_due(t->next_execution_time + 3600000) == 0);
  }

  TEST_CASE("a trigger that came due while the server was down fires once after a restart") {
    Fixture f;
    int64_t now = storage::now_ms();
    f.put_trigger(now - 10 * 60000, std::nullopt);  // ten missed minutes
    f.close();
    f.open();
    CronRunner runner(*f.api, 1000);
    CHECK(runner.fire_due(now) == 1);
    CHECK(runner.fire_due(now) == 0);
    CHECK(f.executions(1).size() == 1);
  }

  TEST_CASE("a trigger not yet due does nothing") {
    Fixture f;
    int64_t now = storage::now_ms();
    f.put_trigger(now + 60000, std::nullopt);
    CronRunner runner(*f.api, 1000);
    CHECK(runner.fire_due(now) == 0);
    CHECK(f.executions().empty());
  }
}

}  // namespace
}  // namespace bora::http
