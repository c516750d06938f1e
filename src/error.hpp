#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bora {

/// Classifies every failure Bora reports. Stored and sent over the network as
/// its numeric value, so codes are only ever appended.
enum class Errc : uint8_t {
  /// A request or argument is malformed (usage, JSON, a value of the wrong type).
  invalid_argument = 1,
  /// Text does not parse: YAML, JSON, or expression syntax.
  parse_error,
  /// A definition parses but breaks a rule of the workflow language.
  invalid_definition,
  /// An expression failed while being evaluated.
  evaluation_error,
  /// A safety limit was hit: nesting depth, size, evaluation steps.
  limit_exceeded,
  /// The named object does not exist.
  not_found,
  /// An object with the same identity exists already.
  already_exists,
  /// The operation is not allowed in the object's current state.
  invalid_state,
  /// The operation is not permitted at all.
  forbidden,
  /// A component needed for the operation is not reachable (try again later).
  unavailable,
  /// Reading or writing storage failed.
  io_error,
  /// A bug: an invariant of Bora's own code did not hold.
  internal,
};

/// Returns the stable lower-case name of `code` (for logs and tests).
const char* to_string(Errc code);

/// One located problem inside some input text. Lines and columns count from 1;
/// 0 means "unknown". `path` is the dotted path of user keys
/// (`workflows.wf1.tasks.t2.on-success`), empty when it does not apply.
struct Diagnostic {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string path;
  std::string message;
};

/// The error currency of Bora: a code, a message (lower case where Bora words
/// it; Mistral-compatible text where clients depend on the wording), and the
/// located diagnostics that led to it, if any.
struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::vector<Diagnostic> diagnostics;

  Error() = default;
  /// Makes an error with no diagnostics.
  Error(Errc c, std::string msg) : code(c), message(std::move(msg)) {}
  /// Makes an error carrying located diagnostics.
  Error(Errc c, std::string msg, std::vector<Diagnostic> diags)
      : code(c), message(std::move(msg)), diagnostics(std::move(diags)) {}
};

/// Serialization hook for CAF 0.17 (and any other inspector with the same
/// shape); needs no CAF include.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Diagnostic& x) {
  return f(x.line, x.column, x.path, x.message);
}

}  // namespace bora
