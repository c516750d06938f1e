#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/store.hpp"
#include "fixture.hpp"

// The store on CAF's real scheduler with its detached I/O actors, as in
// production: several client actors write at once. Replies are awaited with
// request(...).receive and a timeout; nothing sleeps.

namespace bora::actors {

namespace {

using test::TempDir;

using go_atom = caf::atom_constant<caf::atom("go")>;

constexpr int clients = 4;
constexpr int writes_per_client = 250;
const caf::duration patience{std::chrono::seconds(60)};

std::string key_of(int client, int i) {
  return "c" + std::to_string(client) + "-" + std::to_string(i);
}

// A client that, on `go`, sends all its writes at once and replies with the
// number acknowledged once every one of them was answered.
caf::behavior client(caf::event_based_actor* self, StoreActor store, int id) {
  return {
      [self, store, id](go_atom) -> caf::result<int32_t> {
        auto rp = std::make_shared<caf::response_promise>(self->make_response_promise());
        auto answered = std::make_shared<int32_t>(0);
        auto acked = std::make_shared<int32_t>(0);
        auto count = [rp, answered, acked](bool ok) {
          *acked += ok ? 1 : 0;
          if (++*answered == writes_per_client) {
            rp->deliver(*acked);
          }
        };
        for (int i = 0; i < writes_per_client; ++i) {
          storage::Batch batch;
          batch.put(storage::Family::tasks, key_of(id, i), "value-" + std::to_string(i));
          batch.put(storage::Family::indexes, "by_client/" + key_of(id, i), "");
          self->request(store, caf::infinite, write_atom_v, std::move(batch))
              .then([count](uint64_t) { count(true); }, [count](caf::error&) { count(false); });
        }
        return *rp;
      },
  };
}

}  // namespace

TEST_SUITE("actors.store") {
  TEST_CASE("concurrent writers are all acknowledged, merged and durable") {
    TempDir dir;
    storage::DatabaseOptions fsync_each_commit;
    fsync_each_commit.sync = true;
    auto db = test::open_db(dir.path(), fsync_each_commit);
    StoreStats stats;
    int32_t acked = 0;
    {
      SystemConfig cfg;
      caf::actor_system sys{cfg};
      caf::scoped_actor self{sys};
      auto store = sys.spawn(bora::actors::store, db, StoreOptions{});
      std::vector<caf::actor> actors;
      for (int c = 0; c < clients; ++c) {
        actors.push_back(sys.spawn(client, store, c));
      }
      std::vector<decltype(self->request(actors[0], patience, go_atom::value))> handles;
      for (auto& a : actors) {
        handles.push_back(self->request(a, patience, go_atom::value));
      }
      for (auto& h : handles) {
        auto reply = test::take<int32_t>(h);
        REQUIRE(reply.value);
        acked += *reply.value;
      }
      auto s = self->request(store, patience, stats_atom_v);
      stats = test::take<StoreStats>(s).value.value_or(StoreStats{});

      // A read through a detached reader sees an acknowledged write.
      auto r =
          self->request(store, patience, caf::get_atom_v, storage::Family::tasks, key_of(0, 7));
      auto read = test::take<std::string>(r);
      REQUIRE(read.value);
      CHECK(*read.value == "value-7");

      for (auto& a : actors) {
        self->send_exit(a, caf::exit_reason::user_shutdown);
      }
      self->send_exit(store, caf::exit_reason::user_shutdown);
    }  // the system waits for every actor, so the I/O actors let go of `db`

    CHECK(acked == clients * writes_per_client);
    CHECK(stats.requests == clients * writes_per_client);
    CHECK(stats.failed_commits == 0);
    CHECK(stats.commits < stats.requests);
    CHECK(stats.largest_group > 1);
    MESSAGE("requests=" << stats.requests << " commits=" << stats.commits
                        << " largest_group=" << stats.largest_group);

    REQUIRE(db.use_count() == 1);
    db.reset();
    auto reopened = test::open_db(dir.path());
    int found = 0;
    for (int c = 0; c < clients; ++c) {
      for (int i = 0; i < writes_per_client; ++i) {
        auto v = reopened->get(storage::Family::tasks, key_of(c, i));
        found += (v.ok() && *v == "value-" + std::to_string(i)) ? 1 : 0;
        found += reopened->get(storage::Family::indexes, "by_client/" + key_of(c, i)).ok() ? 0 : -1;
      }
    }
    CHECK(found == clients * writes_per_client);
  }
}

}  // namespace bora::actors
