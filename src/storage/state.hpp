#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace bora::storage {

/// The state of a workflow, task or action execution (semantics.md §1).
/// Stored and served as its upper-case API string; the numeric value is never
/// stored, so enumerators may be reordered.
enum class State : uint8_t {
  idle,
  waiting,
  running,
  delayed,
  paused,
  success,
  error,
  cancelled,
};

/// Returns the API string: "IDLE", "WAITING", "RUNNING", "DELAYED", "PAUSED",
/// "SUCCESS", "ERROR", "CANCELLED".
const char* to_string(State state);

/// Parses an API string (exact, upper case); nothing for any other text.
std::optional<State> parse_state(std::string_view text);

/// Returns true for SUCCESS, ERROR and CANCELLED.
bool is_completed(State state);

}  // namespace bora::storage
