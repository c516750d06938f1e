#pragma once

// Shared pieces of the actor tests: a temporary directory, an actor system
// on CAF's deterministic testing scheduler, and helpers to read replies.

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <doctest/doctest.h>
#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>

#include "../support/temp_dir.hpp"
#include "actors/errors.hpp"
#include "actors/system_config.hpp"
#include "storage/database.hpp"

namespace bora::actors::test {

using TempDir = bora::test::TempDir;

/// Returns a SystemConfig set to CAF's testing scheduler.
inline SystemConfig& testing(SystemConfig& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  return cfg;
}

/// An actor system on the testing scheduler: actors run only when the test
/// calls `run()`, all on the test's thread, in a deterministic order.
struct TestingSystem {
  SystemConfig cfg;
  caf::actor_system sys{testing(cfg)};
  caf::scheduler::test_coordinator& sched =
      dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  caf::scoped_actor self{sys};

  /// Runs every actor until no message is left.
  void run() {
    sched.run();
  }
};

/// Opens (creating) a database in `dir`; fails the test case on error.
inline std::shared_ptr<storage::Database> open_db(const std::string& dir,
                                                  storage::DatabaseOptions opts = {}) {
  auto db = storage::Database::open(dir, opts);
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? std::string() : db.error().message));
  return std::shared_ptr<storage::Database>(std::move(*db));
}

/// The outcome of one request: a value or a Bora error.
template <class T>
struct Reply {
  std::optional<T> value;
  std::optional<Error> error;
  bool answered() const {
    return value.has_value() || error.has_value();
  }
};

/// Reads the reply of `handle` (already in the mailbox under the testing
/// scheduler; awaited up to the request's timeout on a real one).
template <class T, class Handle>
Reply<T> take(Handle& handle) {
  Reply<T> out;
  handle.receive([&](T& x) { out.value = std::move(x); },
                 [&](caf::error& err) { out.error = from_caf_error(err); });
  return out;
}

}  // namespace bora::actors::test
