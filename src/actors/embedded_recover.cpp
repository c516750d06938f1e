// Embedded: continuing, at start, the executions the process was running
// when it stopped (kill -9, power loss): everything comes from RocksDB.

#include <chrono>
#include <limits>
#include <unordered_map>

#include <caf/scoped_actor.hpp>

#include "actors/embedded_impl.hpp"
#include "actors/errors.hpp"
#include "log.hpp"
#include "storage/image.hpp"
#include "storage/tables.hpp"

namespace bora::actors {

namespace {

const log::Logger& logger() {
  static const log::Logger instance("engine");
  return instance;
}

// Every stored timer, by the execution it belongs to.
Result<std::unordered_map<std::string, std::vector<storage::Timer>>> timers_by_execution(
    const storage::Database& db) {
  std::unordered_map<std::string, std::vector<storage::Timer>> out;
  storage::ScanRange range;
  range.limit = std::numeric_limits<size_t>::max();
  auto scanned = db.scan(storage::Family::timers, range,
                         [&](std::string_view, std::string_view value) {
                           auto t = storage::decode<storage::Timer>(value);
                           if (t.ok()) {
                             std::string target = t->target_id;
                             out[target].push_back(std::move(t).value());
                           }
                           return true;
                         });
  if (!scanned.ok()) {
    return std::move(scanned).error();
  }
  return out;
}

}  // namespace

Result<uint64_t> Embedded::recover() {
  const auto& db = *impl_->db;
  auto started = std::chrono::steady_clock::now();
  auto timers = timers_by_execution(db);
  if (!timers.ok()) {
    return std::move(timers).error();
  }
  std::vector<std::string> ids;
  for (auto state : {storage::State::running, storage::State::paused, storage::State::idle}) {
    std::string marker;
    while (true) {
      auto page = storage::list_index(db, storage::Index::exec_state, storage::to_string(state),
                                      marker, 10000);
      if (!page.ok()) {
        return std::move(page).error();
      }
      ids.insert(ids.end(), page->begin(), page->end());
      if (page->size() < 10000) {
        break;
      }
      marker = page->back();
    }
  }
  for (const auto& id : ids) {
    auto image = storage::load_execution_image(db, id);
    if (!image.ok()) {
      logger().error("recover_skipped id=" + id + " error=" + image.error().message);
      continue;
    }
    auto r = std::make_shared<Recovery>();
    if (const auto& task = image->execution.task_execution_id; task) {
      auto t = storage::load<storage::TaskExecution>(db, *task);
      if (t.ok()) {
        r->parent_id = t->workflow_execution_id;
      }
    }
    if (auto it = timers->find(id); it != timers->end()) {
      r->timers = std::move(it->second);
    }
    r->image = std::move(image).value();
    caf::anon_send(impl_->engine, recover_atom_v, std::move(r));
  }
  caf::scoped_actor self{*impl_->sys};
  Result<uint64_t> out = Error(Errc::unavailable, "engine did not answer");
  self->request(impl_->engine, std::chrono::minutes(10), recover_atom_v)
      .receive([&](uint64_t n) { out = n; },
               [&](caf::error& err) { out = from_caf_error(err); });
  if (out.ok() && *out > 0) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    logger().info("recovered executions=" + std::to_string(*out) + " ms=" + std::to_string(ms));
  }
  return out;
}

}  // namespace bora::actors
