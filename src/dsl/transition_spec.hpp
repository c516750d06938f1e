#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/template.hpp"

namespace bora::dsl {

/// The engine commands usable as transition targets. They take precedence
/// over a task with the same name.
enum class EngineCommand : uint8_t { none = 1, fail, succeed, pause, noop };

/// Returns the command named `word`, or EngineCommand::none.
EngineCommand engine_command_of(std::string_view word);

/// Which clause of a task a transition belongs to.
enum class ClauseKind : uint8_t { on_success = 1, on_error, on_complete };

/// One item of an `on-success` / `on-error` / `on-complete` clause.
struct TransitionSpec {
  /// The task name or engine command word (without its inline parameters).
  std::string target;
  /// The engine command, or none when `target` names a task.
  EngineCommand command = EngineCommand::none;
  /// Inline parameters (`fail msg=<% ... %>`) as an object; `{}` when none.
  ValueTemplate params;
  /// The condition; null when the transition is unconditional.
  std::shared_ptr<const CompiledString> condition;
};

/// The advanced clause's `publish` (each map optional). `atomic` is accepted
/// and kept but has no effect, as in Mistral.
struct PublishSpec {
  std::optional<ValueTemplate> branch;
  std::optional<ValueTemplate> global;
  std::optional<ValueTemplate> atomic;
};

/// One transition clause. `next` may be empty: Mistral's quirk where a single
/// mapping `{t2: <% cond %>}` is read as an advanced clause without `next`.
struct ClauseSpec {
  std::vector<TransitionSpec> next;
  PublishSpec publish;
};

}  // namespace bora::dsl
