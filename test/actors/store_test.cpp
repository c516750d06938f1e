#include "actors/store.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "fixture.hpp"
#include "storage/keys.hpp"

// The store on CAF's testing scheduler: its I/O actors are not detached
// (StoreOptions::detached_io = false), so every actor runs on the test's
// thread and the grouping of requests into commits is deterministic.

namespace bora::actors {

namespace {

using test::Reply;
using test::TempDir;
using test::TestingSystem;

// An unknown column family: the storage layer rejects any batch holding it.
constexpr auto bad_family = static_cast<storage::Family>(200);

storage::Batch one_put(storage::Family family, const std::string& key, const std::string& value) {
  storage::Batch batch;
  batch.put(family, key, value);
  return batch;
}

struct StoreFixture {
  TempDir dir;
  std::shared_ptr<storage::Database> db = test::open_db(dir.path());
  TestingSystem t;
  StoreActor store;

  StoreFixture() {
    StoreOptions options;
    options.detached_io = false;
    store = t.sys.spawn(bora::actors::store, db, options);
    t.run();
  }

  auto write(storage::Batch batch) {
    return t.self->request(store, caf::infinite, write_atom_v, std::move(batch));
  }

  Reply<std::string> get(storage::Family family, const std::string& key) {
    auto h = t.self->request(store, caf::infinite, caf::get_atom_v, family, key);
    t.run();
    return test::take<std::string>(h);
  }

  StoreStats stats() {
    auto h = t.self->request(store, caf::infinite, stats_atom_v);
    t.run();
    return test::take<StoreStats>(h).value.value_or(StoreStats{});
  }
};

}  // namespace

TEST_SUITE("actors.store") {
  TEST_CASE_FIXTURE(StoreFixture, "a write is readable once it is acknowledged") {
    auto w = write(one_put(storage::Family::executions, "k1", "v1"));
    t.run();
    auto ack = test::take<uint64_t>(w);
    REQUIRE(ack.value);
    CHECK(*ack.value == 1);
    auto read = get(storage::Family::executions, "k1");
    REQUIRE(read.value);
    CHECK(*read.value == "v1");
    CHECK(*db->get(storage::Family::executions, "k1") == "v1");
  }

  TEST_CASE_FIXTURE(StoreFixture, "reading a missing key fails with not_found") {
    auto read = get(storage::Family::tasks, "absent");
    REQUIRE(read.error);
    CHECK(read.error->code == Errc::not_found);
  }

  TEST_CASE_FIXTURE(StoreFixture, "malformed read queries are refused before storage is touched") {
    auto unknown_family = get(bad_family, "k");
    REQUIRE(unknown_family.error);
    CHECK(unknown_family.error->code == Errc::invalid_argument);

    IndexQuery numeric_as_text;
    numeric_as_text.index = storage::Index::exec_created;
    IndexQuery unknown_index;
    unknown_index.index = static_cast<storage::Index>(99);
    IndexQuery huge;
    huge.limit = max_page_size + 1;
    KeyQuery bad_keys;
    bad_keys.family = bad_family;
    auto h1 = t.self->request(store, caf::infinite, list_atom_v, numeric_as_text);
    auto h2 = t.self->request(store, caf::infinite, list_atom_v, unknown_index);
    auto h3 = t.self->request(store, caf::infinite, list_atom_v, huge);
    auto h4 = t.self->request(store, caf::infinite, list_atom_v, bad_keys);
    t.run();
    CHECK(test::take<std::vector<std::string>>(h1).error.value_or(Error()).code ==
          Errc::invalid_argument);
    CHECK(test::take<std::vector<std::string>>(h2).error.value_or(Error()).code ==
          Errc::invalid_argument);
    CHECK(test::take<std::vector<std::string>>(h3).error.value_or(Error()).code ==
          Errc::limit_exceeded);
    CHECK(test::take<std::vector<std::string>>(h4).error.value_or(Error()).code ==
          Errc::invalid_argument);
  }

  TEST_CASE_FIXTURE(StoreFixture, "requests that wait for a running write share one commit") {
    std::vector<decltype(write(storage::Batch{}))> handles;
    for (int i = 0; i < 10; ++i) {
      handles.push_back(write(one_put(storage::Family::tasks, "k" + std::to_string(i), "v")));
    }
    t.run();
    std::vector<uint64_t> commits;
    for (auto& h : handles) {
      auto ack = test::take<uint64_t>(h);
      REQUIRE(ack.value);
      commits.push_back(*ack.value);
    }
    // The first request finds the writer idle and goes alone; the other nine
    // queue behind it and are merged into the second write.
    CHECK(commits.front() == 1);
    for (size_t i = 1; i < commits.size(); ++i) {
      CHECK(commits[i] == 2);
    }
    StoreStats s = stats();
    CHECK(s.requests == 10);
    CHECK(s.commits == 2);
    CHECK(s.largest_group == 9);
    CHECK(s.failed_commits == 0);
    for (int i = 0; i < 10; ++i) {
      CHECK(db->get(storage::Family::tasks, "k" + std::to_string(i)).ok());
    }
  }

  TEST_CASE_FIXTURE(StoreFixture, "a later request of a group wins over an earlier one") {
    auto first = write(one_put(storage::Family::tasks, "other", "x"));
    auto a = write(one_put(storage::Family::tasks, "k", "old"));
    storage::Batch b;
    b.remove(storage::Family::tasks, "k");
    b.put(storage::Family::tasks, "k", "new");
    auto c = write(std::move(b));
    t.run();
    CHECK(test::take<uint64_t>(first).value);
    auto ra = test::take<uint64_t>(a);
    auto rc = test::take<uint64_t>(c);
    REQUIRE(ra.value);
    REQUIRE(rc.value);
    CHECK(*ra.value == *rc.value);
    CHECK(*db->get(storage::Family::tasks, "k") == "new");
  }

  TEST_CASE_FIXTURE(StoreFixture, "a failed write fails exactly the requesters of its group") {
    auto before = write(one_put(storage::Family::tasks, "before", "1"));
    auto bad = write(one_put(bad_family, "bad", "2"));
    auto same_group = write(one_put(storage::Family::tasks, "same_group", "3"));
    t.run();
    auto after = write(one_put(storage::Family::tasks, "after", "4"));
    t.run();

    auto r_before = test::take<uint64_t>(before);
    auto r_bad = test::take<uint64_t>(bad);
    auto r_same = test::take<uint64_t>(same_group);
    auto r_after = test::take<uint64_t>(after);
    REQUIRE(r_before.value);
    REQUIRE(r_bad.error);
    REQUIRE(r_same.error);
    REQUIRE(r_after.value);
    CHECK(r_bad.error->code == Errc::invalid_argument);
    CHECK(r_same.error->message == r_bad.error->message);
    CHECK(*r_after.value == 3);

    // The failed group was written atomically: nothing of it is visible.
    CHECK(db->get(storage::Family::tasks, "before").ok());
    CHECK(db->get(storage::Family::tasks, "same_group").error().code == Errc::not_found);
    CHECK(db->get(storage::Family::tasks, "after").ok());
    StoreStats s = stats();
    CHECK(s.commits == 3);
    CHECK(s.failed_commits == 1);
  }

  TEST_CASE_FIXTURE(StoreFixture, "requesters still waiting when the store stops are answered") {
    auto a = write(one_put(storage::Family::tasks, "a", "1"));
    auto b = write(one_put(storage::Family::tasks, "b", "2"));
    t.self->send_exit(store, caf::exit_reason::user_shutdown);
    t.run();
    for (auto* h : {&a, &b}) {
      auto r = test::take<uint64_t>(*h);
      REQUIRE(r.error);
      CHECK(r.error->code == Errc::unavailable);
      CHECK(r.error->message == "store stopped");
    }
  }

  TEST_CASE_FIXTURE(StoreFixture, "a group stops growing at the byte bound") {
    t.self->send_exit(store, caf::exit_reason::user_shutdown);
    t.run();
    StoreOptions options;
    options.detached_io = false;
    options.max_group_bytes = 10;
    store = t.sys.spawn(bora::actors::store, db, options);
    t.run();
    std::vector<decltype(write(storage::Batch{}))> handles;
    for (int i = 0; i < 5; ++i) {
      handles.push_back(write(one_put(storage::Family::tasks, "k" + std::to_string(i), "vvv")));
    }
    t.run();
    // Each request holds 5 bytes, so a group holds at most two: {0} {1,2} {3,4}.
    std::vector<uint64_t> expected{1, 2, 2, 3, 3};
    for (size_t i = 0; i < handles.size(); ++i) {
      CHECK(test::take<uint64_t>(handles[i]).value.value_or(0) == expected[i]);
    }
  }

  TEST_CASE_FIXTURE(StoreFixture, "index and key pages are served by the store") {
    storage::Batch batch;
    batch.put(storage::Family::indexes,
              storage::index_key(storage::Index::exec_state, "RUNNING", "id-1"), "");
    batch.put(storage::Family::indexes,
              storage::index_key(storage::Index::exec_state, "RUNNING", "id-2"), "");
    batch.put(storage::Family::indexes,
              storage::index_key(storage::Index::exec_state, "ERROR", "id-3"), "");
    batch.put(storage::Family::indexes,
              storage::index_key(storage::Index::exec_created, uint64_t{5}, "id-1"), "");
    batch.put(storage::Family::environments, "env-a", "{}");
    batch.put(storage::Family::environments, "env-b", "{}");
    auto w = write(std::move(batch));
    t.run();
    REQUIRE(test::take<uint64_t>(w).value);

    IndexQuery running;
    running.value = "RUNNING";
    running.order = storage::Order::descending;
    auto h1 = t.self->request(store, caf::infinite, list_atom_v, running);
    NumericIndexQuery created;
    auto h2 = t.self->request(store, caf::infinite, list_atom_v, created);
    KeyQuery envs;
    envs.family = storage::Family::environments;
    envs.marker = "env-a";
    auto h3 = t.self->request(store, caf::infinite, list_atom_v, envs);
    t.run();

    auto ids = test::take<std::vector<std::string>>(h1);
    REQUIRE(ids.value);
    CHECK(*ids.value == std::vector<std::string>{"id-2", "id-1"});
    auto entries = test::take<std::vector<storage::IndexEntry>>(h2);
    REQUIRE(entries.value);
    REQUIRE(entries.value->size() == 1);
    CHECK(entries.value->front().number == 5);
    CHECK(entries.value->front().key == "id-1");
    auto keys = test::take<std::vector<std::string>>(h3);
    REQUIRE(keys.value);
    CHECK(*keys.value == std::vector<std::string>{"env-b"});
  }
}

}  // namespace bora::actors
