#include "actors/embedded.hpp"

#include <boost/json.hpp>
#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/embedded_impl.hpp"
#include "actors/engine.hpp"
#include "actors/errors.hpp"
#include "actors/system_config.hpp"
#include "storage/database.hpp"

namespace bora::actors {

namespace json = boost::json;

namespace {

Result<json::object> parse_summary(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return Error(Errc::internal, "engine returned a malformed summary");
  }
  return std::move(v.as_object());
}

}  // namespace

Embedded::Embedded(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Embedded::~Embedded() = default;

Result<std::unique_ptr<Embedded>> Embedded::open(Options options) {
  auto impl = std::make_unique<Impl>();
  storage::DatabaseOptions dbo;
  dbo.sync = options.sync;
  auto db = storage::Database::open(options.data_dir, dbo);
  if (!db.ok()) {
    return std::move(db).error();
  }
  impl->db = std::shared_ptr<storage::Database>(std::move(db).value());
  if (options.threads > 0) {
    impl->cfg.set("scheduler.max-threads", options.threads);
  }
  impl->sys = std::make_unique<caf::actor_system>(impl->cfg);
  auto& sys = *impl->sys;
  impl->store = sys.spawn(store, impl->db, StoreOptions{});
  impl->scheduler = sys.spawn(scheduler);
  ExecutorOptions xo;
  if (!options.api_base_url.empty()) {
    xo.api_base_url = options.api_base_url;
  }
  impl->executor = sys.spawn(executor, std::move(xo));
  EngineOptions eo;
  eo.catalog = options.catalog;
  eo.watch = options.watch;
  impl->engine = sys.spawn(engine, impl->store, impl->executor, impl->scheduler, std::move(eo));
  bool recover = options.recover;
  impl->options = std::move(options);
  auto out = std::unique_ptr<Embedded>(new Embedded(std::move(impl)));
  if (recover) {
    if (auto r = out->recover(); !r.ok()) {
      return std::move(r).error();
    }
  }
  return out;
}

Result<std::string> Embedded::start(const StartCommand& cmd) {
  caf::scoped_actor self{*impl_->sys};
  Result<std::string> out = Error(Errc::unavailable, "engine did not answer");
  self->request(impl_->engine, std::chrono::seconds(30), start_atom_v, cmd)
      .receive([&](std::string& id) { out = std::move(id); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

std::vector<Result<std::string>> Embedded::start_many(const std::vector<StartCommand>& cmds) {
  caf::scoped_actor self{*impl_->sys};
  std::vector<Result<std::string>> out(cmds.size(),
                                       Error(Errc::unavailable, "engine did not answer"));
  // Requests go out together; replies are taken as they come (a scoped
  // actor's pending replies are matched by request id, in any order).
  using Handle = decltype(self->request(impl_->engine, std::chrono::seconds(60), start_atom_v,
                                       StartCommand{}));
  std::vector<Handle> pending;
  pending.reserve(cmds.size());
  for (const auto& cmd : cmds) {
    pending.push_back(self->request(impl_->engine, std::chrono::seconds(60), start_atom_v, cmd));
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    pending[i].receive([&](std::string& id) { out[i] = std::move(id); },
                       [&](caf::error& err) { out[i] = from_caf_error(err); });
  }
  return out;
}

Result<json::object> Embedded::wait(const std::string& id, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{*impl_->sys};
  Result<json::object> out = Error(Errc::unavailable, "engine did not answer");
  self->request(impl_->engine, caf::duration{timeout}, caf::wait_for_atom_v, id)
      .receive([&](std::string& summary) { out = parse_summary(summary); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

Result<json::object> Embedded::run(const StartCommand& cmd, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{*impl_->sys};
  Result<json::object> out = Error(Errc::unavailable, "engine did not answer");
  self->request(impl_->engine, caf::duration{timeout}, run_atom_v, cmd)
      .receive([&](std::string& summary) { out = parse_summary(summary); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

Result<json::object> Embedded::get(const std::string& id, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{*impl_->sys};
  Result<json::object> out = Error(Errc::unavailable, "engine did not answer");
  self->request(impl_->engine, caf::duration{timeout}, caf::get_atom_v, id)
      .receive([&](std::string& summary) { out = parse_summary(summary); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

Result<void> Embedded::complete_action(const ActionDone& done, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{*impl_->sys};
  Result<void> out = Error(Errc::unavailable, "engine did not answer");
  self->request(impl_->engine, caf::duration{timeout}, complete_atom_v, done)
      .receive([&](caf::ok_atom) { out = Result<void>(); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

Result<void> Embedded::command(const ExecCommand& cmd, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{*impl_->sys};
  Result<void> out = Error(Errc::unavailable, "engine did not answer");
  self->request(impl_->engine, caf::duration{timeout}, command_atom_v, cmd)
      .receive([&](caf::ok_atom) { out = Result<void>(); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

}  // namespace bora::actors
