#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bora::storage {

/// Returns a new UUIDv7 (RFC 9562) as 36 lower-case characters. The first 48
/// bits are the Unix time in milliseconds and the next 12 a sequence, so ids
/// made by one process sort by creation: every id is greater than every id
/// returned before it, from any thread (when the sequence of a millisecond
/// runs out, the time part moves ahead by one millisecond). The remaining 62
/// bits are random. Thread-safe and lock-free.
std::string new_uuid7();

/// Returns a UUIDv7 for time `unix_ms` with a random tail. Ids made this way
/// are not ordered within one millisecond; tests and `bora db` tools use it.
std::string make_uuid7(uint64_t unix_ms);

/// Returns true if `text` is a UUID in canonical form: 8-4-4-4-12 lower-case
/// hexadecimal digits. Any version is accepted (clients may choose ids).
bool is_uuid(std::string_view text);

/// Returns `text` in canonical form if it is a UUID written in any case,
/// otherwise nothing.
std::optional<std::string> canonical_uuid(std::string_view text);

/// Returns the millisecond timestamp of a UUIDv7, or nothing when `text` is
/// not a canonical UUID of version 7.
std::optional<uint64_t> uuid7_millis(std::string_view text);

}  // namespace bora::storage
