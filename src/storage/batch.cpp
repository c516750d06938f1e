#include "storage/batch.hpp"

#include <iterator>

namespace bora::storage {

void Batch::put(Family family, std::string_view key, std::string_view value) {
  bytes_ += key.size() + value.size();
  ops_.push_back(Op{false, family, std::string(key), std::string(value)});
}

void Batch::remove(Family family, std::string_view key) {
  bytes_ += key.size();
  ops_.push_back(Op{true, family, std::string(key), {}});
}

void Batch::append(Batch&& other) {
  if (ops_.empty()) {
    *this = std::move(other);
  } else {
    bytes_ += other.bytes_;
    ops_.insert(ops_.end(), std::make_move_iterator(other.ops_.begin()),
                std::make_move_iterator(other.ops_.end()));
  }
  other.ops_.clear();
  other.bytes_ = 0;
}

}  // namespace bora::storage
