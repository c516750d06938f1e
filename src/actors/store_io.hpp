#pragma once

// The store's two I/O helpers (store.hpp explains the split). They are tiny
// and only the store spawns them, so they share this header. Both block on
// RocksDB: spawn them with `caf::detached` (except under the testing
// scheduler), never as ordinary scheduled actors.

#include <memory>

#include "actors/store.hpp"
#include "storage/database.hpp"

namespace bora::actors {

/// Returns the behavior of the store's writer: `(commit_atom, Batch)` writes
/// the batch with one `Database::write` and replies ok, or the storage error.
StoreWriterActor::behavior_type store_writer(StoreWriterActor::pointer self,
                                             std::shared_ptr<storage::Database> db);

/// Returns the behavior of a store reader, which serves the reads of
/// StoreReadActor from `db` with the functions of storage/tables.hpp.
StoreReadActor::behavior_type store_reader(StoreReadActor::pointer self,
                                           std::shared_ptr<const storage::Database> db);

}  // namespace bora::actors
