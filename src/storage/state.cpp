#include "storage/state.hpp"

namespace bora::storage {

const char* to_string(State state) {
  switch (state) {
    case State::idle:
      return "IDLE";
    case State::waiting:
      return "WAITING";
    case State::running:
      return "RUNNING";
    case State::delayed:
      return "DELAYED";
    case State::paused:
      return "PAUSED";
    case State::success:
      return "SUCCESS";
    case State::error:
      return "ERROR";
    case State::cancelled:
      return "CANCELLED";
  }
  return "UNKNOWN";
}

std::optional<State> parse_state(std::string_view text) {
  for (State s : {State::idle, State::waiting, State::running, State::delayed, State::paused,
                  State::success, State::error, State::cancelled}) {
    if (text == to_string(s)) {
      return s;
    }
  }
  return std::nullopt;
}

bool is_completed(State state) {
  return state == State::success || state == State::error || state == State::cancelled;
}

}  // namespace bora::storage
