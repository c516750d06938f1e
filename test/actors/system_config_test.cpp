#include "actors/system_config.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/message.hpp>

#include "actors/type_ids.hpp"
#include "fixture.hpp"

namespace bora::actors {

namespace {

using test::TestingSystem;

// Serializes `msg` and reads it back, as remoting does between two nodes:
// this only works for types whose names SystemConfig registered.
caf::message through_the_wire(caf::actor_system& sys, caf::message msg) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  REQUIRE_FALSE(sink(msg));
  caf::message restored;
  caf::binary_deserializer source{sys, buf};
  REQUIRE_FALSE(source(restored));
  return restored;
}

}  // namespace

TEST_SUITE("actors.system_config") {
  TEST_CASE("store queries and their answers cross the wire") {
    TestingSystem t;
    IndexQuery q;
    q.index = storage::Index::task_wf_exec;
    q.value = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
    q.marker = "m";
    q.limit = 7;
    q.order = storage::Order::descending;
    auto back = through_the_wire(t.sys, caf::make_message(list_atom_v, q));
    REQUIRE(back.match_elements<list_atom, IndexQuery>());
    const auto& r = back.get_as<IndexQuery>(1);
    CHECK(r.index == q.index);
    CHECK(r.value == q.value);
    CHECK(r.marker == q.marker);
    CHECK(r.limit == 7);
    CHECK(r.order == storage::Order::descending);

    storage::IndexEntry e;
    e.index = storage::Index::exec_created;
    e.number = 1234567890123;
    e.key = "k";
    StoreStats s;
    s.commits = 3;
    s.largest_group = 9;
    auto answers = through_the_wire(
        t.sys, caf::make_message(std::vector<storage::IndexEntry>{e}, s, KeyQuery{}));
    REQUIRE(answers.match_elements<std::vector<storage::IndexEntry>, StoreStats, KeyQuery>());
    const auto& entries = answers.get_as<std::vector<storage::IndexEntry>>(0);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].index == storage::Index::exec_created);
    CHECK(entries[0].number == 1234567890123);
    CHECK(entries[0].key == "k");
    CHECK(answers.get_as<StoreStats>(1).commits == 3);
    CHECK(answers.get_as<StoreStats>(1).largest_group == 9);
  }

  TEST_CASE("the system knows bora's message types by name") {
    TestingSystem t;
    for (const char* name :
         {"bora::Diagnostic", "std::vector<bora::Diagnostic>", "bora::actors::IndexQuery",
          "bora::actors::StoreStats", "bora::storage::Batch"}) {
      CAPTURE(name);
      CHECK(t.sys.types().make_value(name) != nullptr);
    }
  }
}

}  // namespace bora::actors
