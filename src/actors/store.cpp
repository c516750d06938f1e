#include "actors/store.hpp"

#include <algorithm>
#include <utility>

#include <caf/result.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/errors.hpp"
#include "actors/store_io.hpp"

namespace bora::actors {

namespace {

using Self = StoreActor::stateful_pointer<StoreState>;
using Group = StoreState::Group;

void spawn_io(Self self, const std::shared_ptr<storage::Database>& db) {
  StoreState& st = self->state;
  std::shared_ptr<const storage::Database> read_only = db;
  size_t readers = std::max<size_t>(st.options.readers, 1);
  if (st.options.detached_io) {
    st.writer = self->spawn<caf::detached + caf::linked>(store_writer, db);
    for (size_t i = 0; i < readers; ++i) {
      st.readers.push_back(self->spawn<caf::detached + caf::linked>(store_reader, read_only));
    }
    return;
  }
  st.writer = self->spawn<caf::linked>(store_writer, db);
  for (size_t i = 0; i < readers; ++i) {
    st.readers.push_back(self->spawn<caf::linked>(store_reader, read_only));
  }
}

// Returns the reader for the next read, round robin.
const StoreReadActor& next_reader(Self self) {
  StoreState& st = self->state;
  const StoreReadActor& reader = st.readers[st.next_reader];
  st.next_reader = (st.next_reader + 1) % st.readers.size();
  return reader;
}

// Appends a request to the newest pending group, or opens a new group when
// there is none or the newest one is full.
void enqueue(Self self, storage::Batch&& batch, caf::typed_response_promise<uint64_t> rp) {
  StoreState& st = self->state;
  ++st.stats.requests;
  bool full = !st.pending.empty() &&
              st.pending.back().batch.byte_size() + batch.byte_size() > st.options.max_group_bytes;
  if (st.pending.empty() || full) {
    st.pending.emplace_back();
  }
  Group& group = st.pending.back();
  group.batch.append(std::move(batch));
  group.waiting.push_back(std::move(rp));
}

void fail(Group& group, const caf::error& err) {
  for (auto& rp : group.waiting) {
    rp.deliver(err);
  }
  group.waiting.clear();
}

void succeed(Group& group, uint64_t commit) {
  for (auto& rp : group.waiting) {
    rp.deliver(commit);
  }
  group.waiting.clear();
}

// Hands the oldest pending group to the writer unless a write is running.
// The group's requesters are answered only when the writer has replied,
// i.e. once their batches are durable (or the write failed).
void start_commit(Self self) {
  StoreState& st = self->state;
  if (st.writing != nullptr || st.pending.empty()) {
    return;
  }
  st.writing = std::make_shared<Group>(std::move(st.pending.front()));
  st.pending.pop_front();
  uint64_t commit = ++st.stats.commits;
  st.stats.largest_group = std::max<uint64_t>(st.stats.largest_group, st.writing->waiting.size());
  self->request(st.writer, caf::infinite, commit_atom_v, std::move(st.writing->batch))
      .then(
          [self, commit](caf::ok_atom) {
            auto group = std::move(self->state.writing);
            succeed(*group, commit);
            start_commit(self);
          },
          [self](caf::error& err) {
            auto group = std::move(self->state.writing);
            ++self->state.stats.failed_commits;
            fail(*group, err);
            start_commit(self);
          });
}

}  // namespace

StoreState::~StoreState() {
  caf::error stopped = to_caf_error(Error(Errc::unavailable, "store stopped"));
  if (writing != nullptr) {
    fail(*writing, stopped);
  }
  for (Group& group : pending) {
    fail(group, stopped);
  }
}

StoreActor::behavior_type store(Self self, std::shared_ptr<storage::Database> db,
                                StoreOptions options) {
  install_exception_backstop(self);
  self->state.options = options;
  spawn_io(self, db);
  return {
      [self](write_atom, storage::Batch& batch) -> caf::result<uint64_t> {
        auto rp = self->make_response_promise<uint64_t>();
        enqueue(self, std::move(batch), rp);
        start_commit(self);
        return rp;
      },
      [self](stats_atom) -> caf::result<StoreStats> { return self->state.stats; },
      [self](caf::get_atom get, storage::Family family,
             std::string& key) -> caf::result<std::string> {
        return self->delegate(next_reader(self), get, family, std::move(key));
      },
      [self](list_atom list, IndexQuery& q) -> caf::result<std::vector<std::string>> {
        return self->delegate(next_reader(self), list, std::move(q));
      },
      [self](list_atom list,
             NumericIndexQuery& q) -> caf::result<std::vector<storage::IndexEntry>> {
        return self->delegate(next_reader(self), list, std::move(q));
      },
      [self](list_atom list, KeyQuery& q) -> caf::result<std::vector<std::string>> {
        return self->delegate(next_reader(self), list, std::move(q));
      },
      [self](load_atom load, std::string& id) -> caf::result<storage::ExecutionImage> {
        return self->delegate(next_reader(self), load, std::move(id));
      },
  };
}

}  // namespace bora::actors
