#pragma once

// The actor boundary of Bora's error currency. Inside actors a failure
// travels as a `caf::error` of category "bora" whose code is the `bora::Errc`
// and whose context is the message `(std::string message,
// std::vector<bora::Diagnostic> diagnostics)`; both context types have an
// `inspect` and a type id, so the error survives remoting.

#include <cstdint>
#include <string>

#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <caf/make_message.hpp>  // CAF_ERROR_CODE_ENUM expands to make_message

#include "error.hpp"

CAF_ERROR_CODE_ENUM(bora::Errc, "bora")

namespace bora::actors {

/// Returns `err` as a CAF error of category "bora" carrying its message and
/// diagnostics. Any thread may call it.
caf::error to_caf_error(const Error& err);

/// Returns the Bora error held by `err`. Errors of category "bora" come back
/// unchanged (an unknown code or a malformed context becomes `internal`);
/// CAF's own errors that mean "try again later" (request timeout, receiver
/// down, lost connection, ...) become `unavailable`; every other error,
/// including an empty one, becomes `internal` with CAF's rendering as message.
Error from_caf_error(const caf::error& err);

/// Installs the backstop for exceptions that escape a handler of `self`:
/// logs the exception and ends the actor with an `internal` error as exit
/// reason (linked actors and waiting requesters see it). Call it first thing
/// in an actor's body. Bora code does not throw; this catches library throws
/// such as std::bad_alloc.
void install_exception_backstop(caf::scheduled_actor* self);

/// Renders an error of category "bora" for `actor_system::render`: the code
/// name, the message and one line per diagnostic. Registered by SystemConfig.
std::string render_error(uint8_t code, caf::atom_value category, const caf::message& context);

}  // namespace bora::actors
