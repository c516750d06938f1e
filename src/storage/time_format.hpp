#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "result.hpp"

namespace bora::storage {

/// Returns the current time in milliseconds since the Unix epoch (UTC).
int64_t now_ms();

/// Returns `unix_ms` as Mistral prints timestamps: "YYYY-MM-DD HH:MM:SS" in
/// UTC, milliseconds dropped (rounded down, also before 1970).
std::string format_timestamp(int64_t unix_ms);

/// Parses "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD HH:MM" (UTC, as in API
/// filters and cron trigger times) into milliseconds since the epoch;
/// invalid_argument naming the expected format otherwise.
Result<int64_t> parse_timestamp(std::string_view text);

}  // namespace bora::storage
