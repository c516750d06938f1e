// Embedded: storage access and task-less action runs for the API.

#include <boost/json.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/actions/action_result.hpp"
#include "actors/embedded_impl.hpp"
#include "actors/errors.hpp"
#include "storage/ids.hpp"
#include "storage/records.hpp"
#include "storage/tables.hpp"
#include "storage/time_format.hpp"

namespace bora::actors {

namespace json = boost::json;

namespace {

constexpr auto store_timeout = std::chrono::seconds(60);

template <class T, class Query>
Result<T> ask_list(caf::actor_system& sys, const StoreActor& store, const Query& q) {
  caf::scoped_actor self{sys};
  Result<T> out = Error(Errc::unavailable, "store did not answer");
  self->request(store, store_timeout, list_atom_v, q)
      .receive([&](T& page) { out = std::move(page); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

// The stored form of a finished run: state, output {"result": value} and
// accepted, as Mistral records an action execution's end.
void apply_result(storage::ActionExecution& rec, const ActionDone& done) {
  boost::system::error_code ec;
  json::value v = done.value.empty() ? json::value(nullptr) : json::parse(done.value, ec);
  if (ec) {
    v = nullptr;
  }
  auto kind = static_cast<actions::ResultKind>(done.kind);
  rec.state = kind == actions::ResultKind::data    ? storage::State::success
              : kind == actions::ResultKind::error ? storage::State::error
                                                   : storage::State::cancelled;
  rec.output = json::object{{"result", std::move(v)}};
  rec.accepted = true;
  rec.updated_at = storage::now_ms();
}

}  // namespace

Result<std::string> Embedded::read(storage::Family family, const std::string& key) {
  caf::scoped_actor self{*impl_->sys};
  Result<std::string> out = Error(Errc::unavailable, "store did not answer");
  self->request(impl_->store, store_timeout, caf::get_atom_v, family, key)
      .receive([&](std::string& bytes) { out = std::move(bytes); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

std::vector<Result<std::string>> Embedded::read_many(storage::Family family,
                                                     const std::vector<std::string>& keys) {
  caf::scoped_actor self{*impl_->sys};
  std::vector<Result<std::string>> out(keys.size(),
                                       Error(Errc::unavailable, "store did not answer"));
  using Handle = decltype(self->request(impl_->store, store_timeout, caf::get_atom_v, family,
                                        std::string{}));
  // Requests go out in windows so a huge list never floods the mailbox.
  constexpr size_t window = 256;
  for (size_t base = 0; base < keys.size(); base += window) {
    std::vector<Handle> pending;
    size_t end = std::min(keys.size(), base + window);
    for (size_t i = base; i < end; ++i) {
      pending.push_back(
          self->request(impl_->store, store_timeout, caf::get_atom_v, family, keys[i]));
    }
    for (size_t i = base; i < end; ++i) {
      pending[i - base].receive([&](std::string& bytes) { out[i] = std::move(bytes); },
                                [&](caf::error& err) { out[i] = from_caf_error(err); });
    }
  }
  return out;
}

Result<std::vector<std::string>> Embedded::list(const IndexQuery& q) {
  return ask_list<std::vector<std::string>>(*impl_->sys, impl_->store, q);
}

Result<std::vector<storage::IndexEntry>> Embedded::list(const NumericIndexQuery& q) {
  return ask_list<std::vector<storage::IndexEntry>>(*impl_->sys, impl_->store, q);
}

Result<std::vector<std::string>> Embedded::list(const KeyQuery& q) {
  return ask_list<std::vector<std::string>>(*impl_->sys, impl_->store, q);
}

Result<void> Embedded::write(storage::Batch batch) {
  caf::scoped_actor self{*impl_->sys};
  Result<void> out = Error(Errc::unavailable, "store did not answer");
  self->request(impl_->store, store_timeout, write_atom_v, std::move(batch))
      .receive([&](uint64_t) { out = Result<void>(); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

Result<ActionDone> Embedded::run_action(const ActionRequest& req,
                                        std::chrono::milliseconds timeout) {
  caf::scoped_actor self{*impl_->sys};
  Result<ActionDone> out = Error(Errc::unavailable, "the action did not end in time");
  self->request(impl_->executor, caf::duration{timeout}, run_atom_v, req)
      .receive([&](ActionDone& done) { out = std::move(done); },
               [&](caf::error& err) { out = from_caf_error(err); });
  return out;
}

void Embedded::run_action_saved(const ActionRequest& req, storage::ActionExecution record,
                                bool is_async) {
  auto executor = impl_->executor;
  auto store = impl_->store;
  impl_->sys->spawn([executor, store, req, record = std::move(record),
                     is_async](caf::event_based_actor* self) mutable {
    self->request(executor, caf::infinite, run_atom_v, req)
        .then([self, store, record, is_async](ActionDone& done) mutable {
          if (is_async) {
            return;  // the outside completion wrote the record
          }
          storage::ActionExecution before = record;
          apply_result(record, done);
          storage::Batch batch;
          if (storage::put_record(batch, record, &before).ok()) {
            self->request(store, caf::infinite, write_atom_v, std::move(batch))
                .then([](uint64_t) {}, [](caf::error&) {});
          }
        },
        [](caf::error&) {});
  });
}

Result<std::vector<std::string>> Embedded::expire(const storage::RetentionPolicy& policy) {
  // Finished executions only: no actor writes them any more, so the pass
  // may write beside the store's group commits (RocksDB orders the writes).
  return storage::expire_executions(*impl_->db, policy, storage::now_ms());
}

}  // namespace bora::actors
