#include "actors/system_config.hpp"

#include <caf/atom.hpp>
#include <caf/io/middleman.hpp>

#include "actors/errors.hpp"
#include "actors/type_ids.hpp"

namespace bora::actors {

SystemConfig::SystemConfig() {
  add_message_types<caf::id_block::bora>();
  // The templated add_error_category<T>(atom) does not compile with 0.17.6;
  // the renderer form does.
  add_error_category(caf::atom("bora"), render_error);
  load<caf::io::middleman>();
  // Idle workers spin less before sleeping: on two cores the spinning took
  // CPU from the store's detached writer (bench/README.md, "Engine").
  set("work-stealing.aggressive-poll-attempts", size_t{5});
  set("work-stealing.moderate-poll-attempts", size_t{50});
}

}  // namespace bora::actors
