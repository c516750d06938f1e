#pragma once

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "error.hpp"

namespace bora {

/// Holds either a `T` or an `Error`. Functions of dsl, storage and http return
/// it instead of throwing. Check `ok()` before `value()`; reading the wrong
/// alternative is a programmer error (asserted).
template <class T>
class [[nodiscard]] Result {
public:
  /// Makes a successful result.
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// Makes a failed result.
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  /// Returns true when a value is held.
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  /// Returns the error; only valid when `!ok()`.
  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

private:
  std::variant<T, Error> v_;
};

/// A result that carries no value on success.
template <>
class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *error_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

private:
  // Empty on success, so the common path constructs no strings.
  std::optional<Error> error_;
};

/// Returns early from the enclosing function with the error of `expr` when it
/// failed. `expr` must yield a `Result`.
#define BORA_TRY_VOID(expr)                   \
  do {                                        \
    auto bora_try_r_ = (expr);                \
    if (!bora_try_r_.ok()) {                  \
      return std::move(bora_try_r_).error();  \
    }                                         \
  } while (false)

}  // namespace bora
