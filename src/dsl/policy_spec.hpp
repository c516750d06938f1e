#pragma once

#include <memory>
#include <optional>

#include <boost/json/value.hpp>

#include "dsl/template.hpp"

namespace bora::dsl {

/// A policy setting as written: a literal (integer or boolean) or an
/// expression evaluated when the task runs. Immutable once built.
struct PolicyValue {
  /// The value as written in the definition.
  boost::json::value literal;
  /// Set when the value is an expression string; evaluate it instead.
  std::shared_ptr<const CompiledString> expr;
};

/// `retry`: from the map form or the one-line form `count=N delay=M ...`.
struct RetrySpec {
  PolicyValue count;
  PolicyValue delay;
  /// Optional conditions (null when absent).
  std::shared_ptr<const CompiledString> break_on;
  std::shared_ptr<const CompiledString> continue_on;
};

/// The task policies; an absent optional means "not set here" (the task
/// falls back to task-defaults, then to the engine default).
struct PoliciesSpec {
  std::optional<RetrySpec> retry;
  std::optional<PolicyValue> wait_before;
  std::optional<PolicyValue> wait_after;
  std::optional<PolicyValue> timeout;
  std::optional<PolicyValue> pause_before;
  std::optional<PolicyValue> concurrency;
  std::optional<PolicyValue> fail_on;
};

}  // namespace bora::dsl
