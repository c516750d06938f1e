#pragma once

// The one type-id block of Bora: every atom Bora defines and every message
// type it sends. Registered by SystemConfig (system_config.hpp) only.
// New entries go at the end, so ids stay stable between nodes of one build.
//
// CAF 0.17.6 notes: CAF_ADD_ATOM only defines the atom constant (atoms need
// no type id in 0.17); CAF's own atoms (get_atom, put_atom, ok_atom, ...)
// are reused and never redefined; std::vector<std::string> is built into
// CAF and must not be added again.

#include <memory>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/type_id.hpp>

#include "actors/engine_messages.hpp"
#include "actors/store_messages.hpp"
#include "error.hpp"
#include "storage/batch.hpp"
#include "storage/image.hpp"
#include "storage/keys.hpp"

// A Batch only moves from an actor of a node to the store of that same
// node: remote nodes send domain commands, never raw storage operations. So
// it is not serialized (CAF skips it), which keeps storage free of CAF.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(bora::storage::Batch)

// Timers move only between a node's actors and its scheduler; after a
// restart they are reloaded from the node's own store, never sent across.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(bora::storage::Timer)

// An execution image is read by a store reader for the engine of the same
// node; other nodes ask for domain objects, never for raw images.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(bora::storage::ExecutionImage)

namespace bora::actors {
struct ChildSpawn;
}
// A sub-workflow is spawned by the engine of the node running its parent:
// the message carries the parsed spec, which never leaves the node.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<bora::actors::ChildSpawn>)

namespace bora::actors {
struct Recovery;
}
// Recovery is read from the node's own store at start and handed to its own
// engine; it never crosses nodes.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<bora::actors::Recovery>)

CAF_BEGIN_TYPE_ID_BLOCK(bora, caf::first_custom_type_id)

// -- atoms (no type id in 0.17)

CAF_ADD_ATOM(bora, bora::actors, write_atom, "write")
CAF_ADD_ATOM(bora, bora::actors, list_atom, "list")
CAF_ADD_ATOM(bora, bora::actors, stats_atom, "stats")
CAF_ADD_ATOM(bora, bora::actors, commit_atom, "commit")

// -- error context (errors.hpp)

CAF_ADD_TYPE_ID(bora, (bora::Diagnostic))
CAF_ADD_TYPE_ID(bora, (std::vector<bora::Diagnostic>))

// -- store (store.hpp)

CAF_ADD_TYPE_ID(bora, (bora::storage::Batch))
CAF_ADD_TYPE_ID(bora, (bora::storage::Family))
CAF_ADD_TYPE_ID(bora, (bora::storage::Index))
CAF_ADD_TYPE_ID(bora, (bora::storage::Order))
CAF_ADD_TYPE_ID(bora, (bora::storage::IndexEntry))
CAF_ADD_TYPE_ID(bora, (std::vector<bora::storage::IndexEntry>))
CAF_ADD_TYPE_ID(bora, (bora::actors::IndexQuery))
CAF_ADD_TYPE_ID(bora, (bora::actors::NumericIndexQuery))
CAF_ADD_TYPE_ID(bora, (bora::actors::KeyQuery))
CAF_ADD_TYPE_ID(bora, (bora::actors::StoreStats))

// -- engine (engine.hpp, execution.hpp, executor.hpp, scheduler.hpp)

CAF_ADD_ATOM(bora, bora::actors, start_atom, "start")
CAF_ADD_ATOM(bora, bora::actors, run_atom, "run")
CAF_ADD_ATOM(bora, bora::actors, schedule_atom, "schedule")
CAF_ADD_ATOM(bora, bora::actors, child_atom, "child")
CAF_ADD_ATOM(bora, bora::actors, done_atom, "done")
CAF_ADD_ATOM(bora, bora::actors, command_atom, "command")
CAF_ADD_ATOM(bora, bora::actors, complete_atom, "complete")
CAF_ADD_ATOM(bora, bora::actors, fire_atom, "fire")

CAF_ADD_TYPE_ID(bora, (bora::storage::Timer))
CAF_ADD_TYPE_ID(bora, (bora::actors::ActionRequest))
CAF_ADD_TYPE_ID(bora, (bora::actors::ActionDone))
CAF_ADD_TYPE_ID(bora, (bora::actors::StartCommand))
CAF_ADD_TYPE_ID(bora, (bora::actors::ChildDone))
CAF_ADD_TYPE_ID(bora, (bora::actors::ExecCommand))
CAF_ADD_TYPE_ID(bora, (std::shared_ptr<bora::actors::ChildSpawn>))
CAF_ADD_ATOM(bora, bora::actors, load_atom, "load")
CAF_ADD_TYPE_ID(bora, (bora::storage::ExecutionImage))
CAF_ADD_ATOM(bora, bora::actors, recover_atom, "recover")
CAF_ADD_TYPE_ID(bora, (std::shared_ptr<bora::actors::Recovery>))

CAF_END_TYPE_ID_BLOCK(bora)
