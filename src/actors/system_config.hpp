#pragma once

#include <caf/actor_system_config.hpp>

namespace bora::actors {

/// The CAF configuration of every Bora actor system: the one place that
/// registers Bora's type-id block (type_ids.hpp), the renderer of errors of
/// category "bora" (errors.hpp), and loads the middleman (caf::io) so that
/// nodes can later publish and reach actors over the network. Construct it,
/// adjust settings (e.g. `set("scheduler.policy", caf::atom("testing"))` in
/// tests), then pass it to `caf::actor_system`; it must outlive the system.
class SystemConfig : public caf::actor_system_config {
public:
  SystemConfig();
};

}  // namespace bora::actors
