#pragma once

// The store actor: the only writer to a node's RocksDB database.
//
// Where the blocking calls run. RocksDB calls block on disk I/O, so none of
// them runs in the store itself: the store is an ordinary event-based actor
// that only does bookkeeping (queueing, merging, answering), and it owns
// helper actors spawned with `caf::detached`, each on its own thread
// (store_io.hpp): one writer, which performs every RocksDB write, and a few
// readers, to which reads are delegated. Keeping the store on the scheduler
// lets writes be merged while the writer is busy (its mailbox keeps flowing),
// and keeping reads off the writer's thread means a long scan never delays a
// commit, nor a commit a read.
//
// Group commit. A write request that arrives while the writer is idle goes to
// it at once, alone. Requests that arrive while a write is in progress are
// merged (storage::Batch::append), in arrival order, into the next group,
// which is written as one atomic RocksDB write as soon as the current one
// ends. Each requester is answered only after the write holding its batch
// returned (fsynced when the database was opened with `sync`), so a caller
// that acts after the reply obeys the write-ahead rule. Groups are written in
// arrival order, so a later request never loses to an earlier one. If a
// group's write fails, none of its batches is applied and every requester of
// that group, and only those, gets the error.
//
// Lifecycle: spawned once per node with `sys.spawn(store, db, options)`; its
// I/O actors are linked to it and end with it. The database is closed when the
// store, its I/O actors and the caller have all dropped their shared_ptr.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>  // spawning needs the complete type
#include <caf/typed_response_promise.hpp>

#include "actors/store_messages.hpp"
#include "actors/type_ids.hpp"
#include "storage/batch.hpp"
#include "storage/database.hpp"
#include "storage/image.hpp"
#include "storage/keys.hpp"

namespace bora::actors {

/// The most keys or entries one page may ask for; a larger `limit` fails
/// with limit_exceeded (a query may come from another node or the API).
inline constexpr uint64_t max_page_size = 10000;

/// The read half of the store's interface. Every handler fails with the
/// storage error (errors.hpp): not_found, io_error; or with invalid_argument
/// for a family or index number this build does not know (or an index of the
/// wrong kind), limit_exceeded for a limit above max_page_size.
using StoreReadActor = caf::typed_actor<
    /// Returns the raw value of a key (decode it with storage::decode<R>).
    caf::replies_to<caf::get_atom, storage::Family, std::string>::with<std::string>,
    /// Returns a page of primary keys of a text index.
    caf::replies_to<list_atom, IndexQuery>::with<std::vector<std::string>>,
    /// Returns a page of entries of a numeric index.
    caf::replies_to<list_atom, NumericIndexQuery>::with<std::vector<storage::IndexEntry>>,
    /// Returns a page of keys of a family.
    caf::replies_to<list_atom, KeyQuery>::with<std::vector<std::string>>,
    /// Returns everything stored about one execution (storage/image.hpp).
    caf::replies_to<load_atom, std::string>::with<storage::ExecutionImage>>;

/// The store's interface: the reads, plus
/// - `(write_atom, Batch)`: applies the batch atomically and replies, once it
///   is durable, with the number of the group commit that wrote it (1, 2, ...
///   per store; requests answered with one number were written together);
/// - `(stats_atom)`: returns the store's counters.
using StoreActor =
    StoreReadActor::extend<caf::replies_to<write_atom, storage::Batch>::with<uint64_t>,
                           caf::replies_to<stats_atom>::with<StoreStats>>;

/// The writer's interface: writes one (merged) batch, replies ok once durable.
using StoreWriterActor =
    caf::typed_actor<caf::replies_to<commit_atom, storage::Batch>::with<caf::ok_atom>>;

/// Settings of a store actor.
struct StoreOptions {
  /// Number of detached reader actors (at least 1).
  size_t readers = 2;
  /// A group stops growing once it holds this many key and value bytes; the
  /// next request starts another group (a single larger batch is still
  /// written whole).
  uint64_t max_group_bytes = 16u << 20;
  /// Runs the writer and readers on their own threads. Set it to false only
  /// under CAF's testing scheduler, where every actor runs on the test's one
  /// thread and blocking there is the point (deterministic tests).
  bool detached_io = true;
};

/// State of the store actor; only the store's own handlers touch it.
struct StoreState {
  static inline const char* name = "bora.store";

  StoreState() = default;
  StoreState(const StoreState&) = delete;
  StoreState& operator=(const StoreState&) = delete;
  /// Runs when the store exits: answers every requester still waiting (in
  /// the running write or a pending group) with `unavailable`, so no caller
  /// waits for a reply that cannot come. Their batches may or may not have
  /// been written.
  ~StoreState();

  /// Batches merged into one future write, and who waits for it.
  struct Group {
    storage::Batch batch;
    std::vector<caf::typed_response_promise<uint64_t>> waiting;
  };

  StoreOptions options;
  StoreWriterActor writer;
  std::vector<StoreReadActor> readers;
  /// Index of the reader that serves the next read (round robin).
  size_t next_reader = 0;
  /// The group the writer holds, null while it is idle.
  std::shared_ptr<Group> writing;
  /// Groups not yet handed to the writer, oldest first.
  std::deque<Group> pending;
  StoreStats stats;
};

/// Returns the behavior of the store over `db`, which must be open. Spawns
/// the writer and `options.readers` readers, linked to the store.
StoreActor::behavior_type store(StoreActor::stateful_pointer<StoreState> self,
                                std::shared_ptr<storage::Database> db, StoreOptions options);

}  // namespace bora::actors
