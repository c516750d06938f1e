#include "storage/records.hpp"

#include <string>

#include <doctest/doctest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "samples.hpp"

namespace bora::storage {

namespace {

namespace json = boost::json;

// Encodes, decodes and encodes again: the two encodings must match, and the
// first must hold the version and every field of the struct.
template <class R>
R round_trip(const R& record) {
  std::string bytes = encode(record);
  auto decoded = decode<R>(bytes);
  REQUIRE(decoded.ok());
  CHECK(encode(*decoded) == bytes);
  json::value parsed = json::parse(bytes);
  CHECK(parsed.at("v") == record_version);
  return *decoded;
}

// Returns the encoding of `record` with `edit` applied to its JSON object.
template <class R, class F>
std::string edited(const R& record, F edit) {
  json::value v = json::parse(encode(record));
  edit(v.as_object());
  return json::serialize(v);
}

}  // namespace

TEST_SUITE("storage.records") {
  TEST_CASE("every record type survives encode and decode") {
    using namespace test;
    CHECK(round_trip(sample_workflow()).interface == sample_workflow().interface);
    CHECK(round_trip(sample_workbook()).scope == "public");
    CHECK(round_trip(sample_action()).description == std::optional<std::string>("says it back"));
    CHECK(round_trip(sample_environment()).name == "envA");
    CHECK(round_trip(sample_cron()).remaining_executions == std::optional<int64_t>(3));
    CHECK(round_trip(sample_execution()).state == State::running);
    CHECK(round_trip(sample_task()).finished_at == std::optional<int64_t>(7));
    CHECK(round_trip(sample_action_execution()).is_sync == std::optional<bool>(false));
    CHECK(round_trip(sample_timer()).kind == "task_delay");
  }

  TEST_CASE("default records with empty optionals survive encode and decode") {
    WorkflowExecution ex;
    ex.id = new_uuid7();
    WorkflowExecution back = round_trip(ex);
    CHECK_FALSE(back.updated_at.has_value());
    CHECK_FALSE(back.task_execution_id.has_value());
    CHECK(back.output.is_null());
    round_trip(TaskExecution{});
    round_trip(ActionExecution{});
    round_trip(CronTrigger{});
  }

  TEST_CASE("the namespace is stored under its API name") {
    json::value v = json::parse(encode(test::sample_workflow()));
    CHECK(v.at("namespace") == "team/a");
    CHECK(v.as_object().if_contains("ns") == nullptr);
    CHECK(v.at("updated_at") == 1'795'887'774'000);
  }

  TEST_CASE("decoding rejects text that is not a JSON object") {
    for (const char* bytes : {"", "not json", "[1, 2]", "\"text\"", "{\"v\": 1", "null"}) {
      auto r = decode<Environment>(bytes);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::io_error);
    }
  }

  TEST_CASE("decoding rejects unknown or missing versions") {
    Environment env = test::sample_environment();
    auto newer = decode<Environment>(edited(env, [](json::object& o) { o["v"] = 2; }));
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().message.find("version 2") != std::string::npos);
    CHECK_FALSE(decode<Environment>(edited(env, [](json::object& o) { o.erase("v"); })).ok());
    CHECK_FALSE(decode<Environment>(edited(env, [](json::object& o) { o["v"] = "1"; })).ok());
  }

  TEST_CASE("decoding rejects missing, mistyped and unknown fields") {
    WorkflowExecution ex = test::sample_execution();
    SUBCASE("missing") {
      auto r = decode<WorkflowExecution>(edited(ex, [](json::object& o) { o.erase("state"); }));
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("missing field 'state'") != std::string::npos);
    }
    SUBCASE("unknown state") {
      auto r = decode<WorkflowExecution>(edited(ex, [](json::object& o) { o["state"] = "BOGUS"; }));
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("'state'") != std::string::npos);
    }
    SUBCASE("number where text belongs") {
      auto r = decode<WorkflowExecution>(edited(ex, [](json::object& o) { o["id"] = 5; }));
      CHECK_FALSE(r.ok());
    }
    SUBCASE("text where a time belongs") {
      auto r = decode<WorkflowExecution>(
          edited(ex, [](json::object& o) { o["created_at"] = "2026-01-01 00:00:00"; }));
      CHECK_FALSE(r.ok());
    }
    SUBCASE("a tag that is not text") {
      auto r = decode<WorkflowExecution>(edited(ex, [](json::object& o) {
        o["tags"] = json::array{"a", 1};
      }));
      CHECK_FALSE(r.ok());
    }
    SUBCASE("unknown member") {
      auto r = decode<WorkflowExecution>(edited(ex, [](json::object& o) { o["extra"] = 1; }));
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("unexpected members") != std::string::npos);
    }
  }

  TEST_CASE("deeply nested user values read back, absurd nesting is refused") {
    Environment env = test::sample_environment();
    std::string deep(300, '[');
    deep += std::string(300, ']');
    env.variables = json::parse(deep, {}, [] {
      json::parse_options o;
      o.max_depth = 1000;
      return o;
    }());
    CHECK(decode<Environment>(encode(env)).ok());
    std::string absurd(100'000, '[');
    absurd += std::string(100'000, ']');
    auto r = decode<Environment>("{\"v\": 1, \"variables\": " + absurd + "}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("not JSON") != std::string::npos);
  }

}  // TEST_SUITE

}  // namespace bora::storage
