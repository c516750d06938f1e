#pragma once

// The outcome of one action run, as Mistral's result model has it
// (reference/actions.md §1): data, error or cancel, each with a JSON value.
// Plain value type with a CAF 0.17 `inspect`; no CAF include.

#include <cstdint>

#include <boost/json/value.hpp>

namespace bora::actors::actions {

/// What an action run ended with.
enum class ResultKind : uint8_t { data = 1, error, cancel };

/// The result of one action run. `value` is the returned value (data), the
/// error value (error) or the error/null (cancel). The stored action
/// execution `output` is `{"result": value}` in every case.
struct ActionResult {
  ResultKind kind = ResultKind::data;
  boost::json::value value;

  /// Returns a data result holding `v`.
  static ActionResult data(boost::json::value v) { return {ResultKind::data, std::move(v)}; }
  /// Returns an error result holding `v`.
  static ActionResult error(boost::json::value v) { return {ResultKind::error, std::move(v)}; }
  /// Returns a cancel result holding `v`.
  static ActionResult cancel(boost::json::value v = nullptr) {
    return {ResultKind::cancel, std::move(v)};
  }
};

}  // namespace bora::actors::actions
