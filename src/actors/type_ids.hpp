#pragma once

// The one type-id block of Bora: every atom Bora defines and every message
// type it sends. Registered by SystemConfig (system_config.hpp) only.
// New entries go at the end, so ids stay stable between nodes of one build.
//
// CAF 0.17.6 notes: CAF_ADD_ATOM only defines the atom constant (atoms need
// no type id in 0.17); CAF's own atoms (get_atom, put_atom, ok_atom, ...)
// are reused and never redefined; std::vector<std::string> is built into
// CAF and must not be added again.

#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/type_id.hpp>

#include "actors/store_messages.hpp"
#include "error.hpp"
#include "storage/batch.hpp"
#include "storage/keys.hpp"

// A Batch only moves from an actor of a node to the store of that same
// node: remote nodes send domain commands, never raw storage operations. So
// it is not serialized (CAF skips it), which keeps storage free of CAF.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(bora::storage::Batch)

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

CAF_END_TYPE_ID_BLOCK(bora)
