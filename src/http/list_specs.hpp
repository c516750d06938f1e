#pragma once

// The list specs of Mistral's collections, as Mistral 15 declares each
// `GET /v2/<collection>`: attributes, filter arguments with their types and
// their order in `next` links, stored columns (valid sort keys and `nulls`
// names), flags, and the per-collection quirks (workflow `fields=input`,
// action markers and default namespace).

#include <optional>
#include <string_view>

#include "http/list_query.hpp"

namespace bora::http {

/// Returns the spec of `collection` ("workbooks", "workflows", "actions",
/// "executions", "tasks", "action_executions", "cron_triggers",
/// "environments", "event_triggers"), or nothing for any other name. Callers
/// build it once (e.g. into a function-local static) and may adjust it.
std::optional<ListSpec> mistral_list_spec(std::string_view collection);

}  // namespace bora::http
