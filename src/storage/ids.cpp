#include "storage/ids.hpp"

#include <atomic>
#include <chrono>
#include <random>

namespace bora::storage {

namespace {

// The last (milliseconds << 12 | sequence) handed out by this process.
std::atomic<uint64_t> last_stamp{0};

uint64_t now_millis() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

uint64_t random_u64() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
  }()};
  return engine();
}

// Returns the next stamp, strictly above every earlier one. A fresh
// millisecond starts its sequence at a random value below 2^11, which keeps
// ids hard to guess and leaves at least 2048 ids per millisecond before the
// time part has to borrow from the next one.
uint64_t next_stamp() {
  uint64_t fresh = (now_millis() << 12) | (random_u64() & 0x7ff);
  uint64_t last = last_stamp.load(std::memory_order_relaxed);
  while (true) {
    uint64_t next = fresh > last ? fresh : last + 1;
    if (last_stamp.compare_exchange_weak(last, next, std::memory_order_relaxed)) {
      return next;
    }
  }
}

std::string format_uuid(uint64_t high, uint64_t low) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) {
      out.push_back('-');
    }
    uint64_t word = i < 16 ? high : low;
    out.push_back(digits[(word >> (60 - 4 * (i % 16))) & 0xf]);
  }
  return out;
}

// Lays out a version 7 UUID from a 48-bit time, a 12-bit sequence and 62
// random bits.
std::string layout_uuid7(uint64_t millis, uint64_t sequence) {
  uint64_t high = ((millis & 0xffffffffffffULL) << 16) | (0x7ULL << 12) | (sequence & 0xfff);
  uint64_t low = (0x2ULL << 62) | (random_u64() & 0x3fffffffffffffffULL);
  return format_uuid(high, low);
}

bool is_hex(char c, bool lower_only) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (!lower_only && c >= 'A' && c <= 'F');
}

bool has_uuid_shape(std::string_view text, bool lower_only) {
  if (text.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i], lower_only)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string new_uuid7() {
  uint64_t stamp = next_stamp();
  return layout_uuid7(stamp >> 12, stamp & 0xfff);
}

std::string make_uuid7(uint64_t unix_ms) {
  return layout_uuid7(unix_ms, random_u64());
}

bool is_uuid(std::string_view text) {
  return has_uuid_shape(text, true);
}

std::optional<std::string> canonical_uuid(std::string_view text) {
  if (!has_uuid_shape(text, false)) {
    return std::nullopt;
  }
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::optional<uint64_t> uuid7_millis(std::string_view text) {
  if (!is_uuid(text) || text[14] != '7') {
    return std::nullopt;
  }
  uint64_t millis = 0;
  for (char c : text.substr(0, 13)) {
    if (c != '-') {
      millis = (millis << 4) | static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
  }
  return millis;
}

}  // namespace bora::storage
