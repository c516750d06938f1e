#include "http/cron_runner.hpp"

#include <boost/json.hpp>

#include "dsl/cron.hpp"
#include "log.hpp"
#include "storage/tables.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

namespace json = boost::json;

namespace {

const log::Logger& logger() {
  static const log::Logger instance("http");
  return instance;
}

}  // namespace

size_t CronRunner::fire_due(int64_t now_ms) {
  auto names = api_.family_keys(storage::Family::cron_triggers);
  size_t fired = 0;
  for (const auto& t : api_.load_many<storage::CronTrigger>(storage::Family::cron_triggers, names)) {
    if (t.next_execution_time > now_ms) {
      continue;
    }
    std::lock_guard lock(api_.definitions_mutex);
    int64_t fired_at = std::max(now_ms, t.next_execution_time) / 1000;
    auto adv = dsl::advance_cron_trigger(t.pattern, t.remaining_executions, fired_at);
    if (adv.no_next_time) {
      logger().warn("cron_trigger_stuck name=" + t.name + " pattern=" + t.pattern);
      continue;
    }
    storage::Batch batch;
    if (adv.next) {
      storage::CronTrigger updated = t;
      updated.next_execution_time = *adv.next * 1000;
      updated.remaining_executions = adv.remaining;
      updated.updated_at = now_ms;
      if (!storage::put_record(batch, updated, &t).ok()) {
        continue;
      }
    } else {
      storage::delete_record(batch, t);
    }
    if (!api_.engine.write(std::move(batch)).ok()) {
      continue;
    }
    actors::StartCommand cmd;
    cmd.workflow = t.workflow_name;
    cmd.ns = t.workflow_namespace;
    cmd.workflow_id = t.workflow_id;
    cmd.input = json::serialize(t.workflow_input);
    cmd.params = json::serialize(t.workflow_params);
    json::object description{
        {"description", ""},
        {"triggered_by", json::object{{"type", "cron_trigger"}, {"id", t.id}, {"name", t.name}}}};
    cmd.description = json::serialize(description);
    auto started = api_.engine.start(cmd);
    if (!started.ok()) {
      logger().warn("cron_trigger_failed name=" + t.name + " error=" + started.error().message);
      continue;
    }
    ++fired;
  }
  return fired;
}

}  // namespace bora::http
