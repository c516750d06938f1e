#include "error.hpp"

namespace bora {

const char* to_string(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid_argument";
    case Errc::parse_error:
      return "parse_error";
    case Errc::invalid_definition:
      return "invalid_definition";
    case Errc::evaluation_error:
      return "evaluation_error";
    case Errc::limit_exceeded:
      return "limit_exceeded";
    case Errc::not_found:
      return "not_found";
    case Errc::already_exists:
      return "already_exists";
    case Errc::invalid_state:
      return "invalid_state";
    case Errc::forbidden:
      return "forbidden";
    case Errc::unavailable:
      return "unavailable";
    case Errc::io_error:
      return "io_error";
    case Errc::internal:
      return "internal";
  }
  return "unknown";
}

}  // namespace bora
