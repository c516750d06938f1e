#pragma once

// Internal to the embedded engine: what Embedded holds. Included only by
// embedded*.cpp.

#include <memory>

#include <caf/actor_system.hpp>

#include "actors/embedded.hpp"
#include "actors/engine.hpp"
#include "actors/executor.hpp"
#include "actors/scheduler.hpp"
#include "actors/store.hpp"
#include "actors/system_config.hpp"
#include "storage/database.hpp"

namespace bora::actors {

struct Embedded::Impl {
  SystemConfig cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::shared_ptr<storage::Database> db;
  Options options;
  StoreActor store;
  SchedulerActor scheduler;
  ExecutorActor executor;
  EngineActor engine;

  ~Impl() {
    if (sys) {
      caf::anon_send_exit(engine, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(executor, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(scheduler, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
      engine = nullptr;
      executor = nullptr;
      scheduler = nullptr;
      store = nullptr;
      sys.reset();
    }
  }
};

}  // namespace bora::actors
