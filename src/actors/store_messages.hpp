#pragma once

// Plain value types of the store actor's read interface (store.hpp), with
// the CAF 0.17 `inspect` hooks that let them cross nodes. No CAF include.

#include <cstdint>
#include <string>

#include "storage/keys.hpp"
#include "storage/tables.hpp"

namespace bora::actors {

/// A page of a text index (storage::list_index): primary keys of the
/// entries of `index` with `value`, after `marker`, at most `limit`.
struct IndexQuery {
  storage::Index index = storage::Index::exec_state;
  std::string value;
  std::string marker;
  uint64_t limit = 100;
  storage::Order order = storage::Order::ascending;
};

/// A page of a numeric index (storage::list_numeric_index), from the number
/// `from` or after the entry (`from`, `marker`).
struct NumericIndexQuery {
  storage::Index index = storage::Index::exec_created;
  uint64_t from = 0;
  std::string marker;
  uint64_t limit = 100;
  storage::Order order = storage::Order::ascending;
};

/// A page of the keys of one family (storage::list_keys).
struct KeyQuery {
  storage::Family family = storage::Family::definitions;
  std::string prefix;
  std::string marker;
  uint64_t limit = 100;
  storage::Order order = storage::Order::ascending;
};

/// Counters of one store actor since it started.
struct StoreStats {
  /// Write requests received.
  uint64_t requests = 0;
  /// RocksDB writes started (one per group commit).
  uint64_t commits = 0;
  /// Group commits that failed (every requester of the group got the error).
  uint64_t failed_commits = 0;
  /// Most write requests merged into one commit.
  uint64_t largest_group = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, IndexQuery& x) {
  return f(x.index, x.value, x.marker, x.limit, x.order);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, NumericIndexQuery& x) {
  return f(x.index, x.from, x.marker, x.limit, x.order);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, KeyQuery& x) {
  return f(x.family, x.prefix, x.marker, x.limit, x.order);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, StoreStats& x) {
  return f(x.requests, x.commits, x.failed_commits, x.largest_group);
}

}  // namespace bora::actors

namespace bora::storage {

// Lives in storage's namespace so that CAF finds it by argument-dependent
// lookup; storage itself stays free of any serialization concern.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, IndexEntry& x) {
  return f(x.index, x.value, x.number, x.key);
}

}  // namespace bora::storage
