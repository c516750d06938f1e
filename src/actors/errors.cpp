#include "actors/errors.hpp"

#include <utility>
#include <vector>

#include <caf/atom.hpp>
#include <caf/message.hpp>
#include <caf/scheduled_actor.hpp>
#include <caf/sec.hpp>

#include "log.hpp"

namespace bora::actors {

namespace {

constexpr caf::atom_value bora_category = caf::atom("bora");
constexpr caf::atom_value system_category = caf::atom("system");

// CAF errors that say "the other side is not reachable now": a caller may
// retry, so they map to unavailable rather than internal.
bool is_transient(caf::sec code) {
  switch (code) {
    case caf::sec::request_receiver_down:
    case caf::sec::request_timeout:
    case caf::sec::no_route_to_receiving_node:
    case caf::sec::disconnect_during_handshake:
    case caf::sec::cannot_connect_to_node:
    case caf::sec::remote_lookup_failed:
    case caf::sec::socket_disconnected:
    case caf::sec::connection_timeout:
      return true;
    default:
      return false;
  }
}

bool is_known(uint8_t code) {
  return code >= static_cast<uint8_t>(Errc::invalid_argument) &&
         code <= static_cast<uint8_t>(Errc::internal);
}

Error from_bora_category(const caf::error& err) {
  const caf::message& ctx = err.context();
  if (!is_known(err.code())) {
    return Error(Errc::internal, "unknown bora error code " + std::to_string(err.code()));
  }
  auto code = static_cast<Errc>(err.code());
  if (ctx.match_elements<std::string, std::vector<Diagnostic>>()) {
    return Error(code, ctx.get_as<std::string>(0), ctx.get_as<std::vector<Diagnostic>>(1));
  }
  if (ctx.match_elements<std::string>()) {
    return Error(code, ctx.get_as<std::string>(0));
  }
  if (ctx.empty()) {
    return Error(code, to_string(code));
  }
  return Error(Errc::internal, "malformed bora error context " + caf::to_string(ctx));
}

const log::Logger& logger() {
  static const log::Logger instance("actors");
  return instance;
}

std::string describe(const std::exception_ptr& ptr) {
  try {
    std::rethrow_exception(ptr);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

caf::error to_caf_error(const Error& err) {
  return caf::make_error(err.code, err.message, err.diagnostics);
}

Error from_caf_error(const caf::error& err) {
  if (!err) {
    return Error(Errc::internal, "empty error");
  }
  if (err.category() == bora_category) {
    return from_bora_category(err);
  }
  if (err.category() == system_category) {
    auto code = static_cast<caf::sec>(err.code());
    Errc errc = is_transient(code) ? Errc::unavailable : Errc::internal;
    return Error(errc, "actor system: " + caf::to_string(code));
  }
  return Error(Errc::internal, caf::to_string(err));
}

void install_exception_backstop(caf::scheduled_actor* self) {
  self->set_exception_handler([](caf::scheduled_actor* actor, std::exception_ptr& ptr) {
    std::string what = describe(ptr);
    logger().error(std::string("actor_exception name=") + actor->name() +
                   " id=" + std::to_string(actor->id()) + " what=\"" + what + "\"");
    return to_caf_error(Error(Errc::internal, "exception in actor: " + what));
  });
}

std::string render_error(uint8_t code, caf::atom_value category, const caf::message& context) {
  Error err = from_caf_error(caf::error(code, category, context));
  std::string text = to_string(err.code);
  text += ": ";
  text += err.message;
  for (const Diagnostic& d : err.diagnostics) {
    text += "\n  " + std::to_string(d.line) + ":" + std::to_string(d.column) + ": ";
    if (!d.path.empty()) {
      text += d.path + ": ";
    }
    text += d.message;
  }
  return text;
}

}  // namespace bora::actors
