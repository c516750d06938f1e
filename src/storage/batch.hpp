#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/keys.hpp"

namespace bora::storage {

/// A list of puts and deletes over any column families, written atomically by
/// `Database::write`: after a crash either all of it is visible or none.
/// Operations apply in the order they were added, so a delete followed by a
/// put of the same key leaves the put. A plain value: it holds no RocksDB
/// state, may be built on any thread and moved between actors of one node.
class Batch {
public:
  /// One operation. `value` is unused for deletes.
  struct Op {
    bool is_delete = false;
    Family family = Family::meta;
    std::string key;
    std::string value;
  };

  /// Adds a put of `value` under `key` in `family`.
  void put(Family family, std::string_view key, std::string_view value);

  /// Adds a delete of `key` in `family` (no error if the key is absent).
  void remove(Family family, std::string_view key);

  /// Moves every operation of `other` to the end of this batch (group commit:
  /// the store writes several callers' batches as one).
  void append(Batch&& other);

  /// Returns the operations in order.
  const std::vector<Op>& ops() const {
    return ops_;
  }

  /// Returns true if no operation was added.
  bool empty() const {
    return ops_.empty();
  }

  /// Returns the number of key and value bytes held (to bound group commits).
  size_t byte_size() const {
    return bytes_;
  }

private:
  std::vector<Op> ops_;
  size_t bytes_ = 0;
};

}  // namespace bora::storage
