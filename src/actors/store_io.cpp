#include "actors/store_io.hpp"

#include <string>
#include <utility>
#include <vector>

#include <caf/result.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/errors.hpp"
#include "storage/image.hpp"
#include "storage/tables.hpp"

namespace bora::actors {

namespace {

// Turns a storage result into the reply of a handler.
template <class T>
caf::result<T> reply(Result<T>&& r) {
  if (!r.ok()) {
    return to_caf_error(r.error());
  }
  return std::move(r).value();
}

// Queries may come from other nodes, and storage indexes its tables with
// these numbers, so they are checked before any storage call.
constexpr size_t index_count = static_cast<size_t>(storage::Index::cron_workflow) + 1;

Result<void> check(storage::Family family) {
  if (static_cast<size_t>(family) >= storage::family_count) {
    return Error(Errc::invalid_argument,
                 "unknown column family " + std::to_string(static_cast<int>(family)));
  }
  return {};
}

Result<void> check(storage::Index index, bool numeric, uint64_t limit) {
  if (static_cast<size_t>(index) >= index_count) {
    return Error(Errc::invalid_argument,
                 "unknown index " + std::to_string(static_cast<int>(index)));
  }
  if (storage::is_numeric(index) != numeric) {
    return Error(Errc::invalid_argument, std::string("index ") + storage::to_string(index) +
                                             (numeric ? " is not numeric" : " is numeric"));
  }
  if (limit > max_page_size) {
    return Error(Errc::limit_exceeded, "page limit " + std::to_string(limit) + " is above " +
                                           std::to_string(max_page_size));
  }
  return {};
}

Result<void> check(const KeyQuery& q) {
  BORA_TRY_VOID(check(q.family));
  if (q.limit > max_page_size) {
    return Error(Errc::limit_exceeded, "page limit " + std::to_string(q.limit) + " is above " +
                                           std::to_string(max_page_size));
  }
  return {};
}

// Runs `read` when `checked` holds, and turns either outcome into a reply.
template <class F>
auto checked_reply(Result<void> checked, F read) -> decltype(reply(read())) {
  if (!checked.ok()) {
    return to_caf_error(checked.error());
  }
  return reply(read());
}

}  // namespace

StoreWriterActor::behavior_type store_writer(StoreWriterActor::pointer self,
                                             std::shared_ptr<storage::Database> db) {
  install_exception_backstop(self);
  return {
      [db](commit_atom, storage::Batch& batch) -> caf::result<caf::ok_atom> {
        Result<void> written = db->write(std::move(batch));
        if (!written.ok()) {
          return to_caf_error(written.error());
        }
        return caf::ok_atom_v;
      },
  };
}

StoreReadActor::behavior_type store_reader(StoreReadActor::pointer self,
                                           std::shared_ptr<const storage::Database> db) {
  install_exception_backstop(self);
  return {
      [db](caf::get_atom, storage::Family family,
           const std::string& key) -> caf::result<std::string> {
        return checked_reply(check(family), [&] { return db->get(family, key); });
      },
      [db](list_atom, const IndexQuery& q) -> caf::result<std::vector<std::string>> {
        return checked_reply(check(q.index, false, q.limit), [&] {
          return storage::list_index(*db, q.index, q.value, q.marker, q.limit, q.order);
        });
      },
      [db](list_atom, const NumericIndexQuery& q) -> caf::result<std::vector<storage::IndexEntry>> {
        return checked_reply(check(q.index, true, q.limit), [&] {
          return storage::list_numeric_index(*db, q.index, q.from, q.marker, q.limit, q.order);
        });
      },
      [db](list_atom, const KeyQuery& q) -> caf::result<std::vector<std::string>> {
        return checked_reply(check(q), [&] {
          return storage::list_keys(*db, q.family, q.prefix, q.marker, q.limit, q.order);
        });
      },
      [db](load_atom, const std::string& id) -> caf::result<storage::ExecutionImage> {
        auto image = storage::load_execution_image(*db, id);
        if (!image.ok()) {
          return to_caf_error(image.error());
        }
        return std::move(image).value();
      },
  };
}

}  // namespace bora::actors
