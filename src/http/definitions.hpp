#pragma once

// Internal to the HTTP layer: stored definitions (workflows, workbooks,
// ad-hoc actions) and the live catalog the engine reads them from.

#include <string>
#include <vector>

#include <optional>

#include "dsl/action_spec.hpp"
#include "dsl/workflow_spec.hpp"
#include "http/api.hpp"
#include "http/resources.hpp"
#include "storage/ids.hpp"
#include "storage/tables.hpp"
#include "storage/time_format.hpp"

namespace bora::http {

using storage::DefinitionKind;
using storage::Family;

/// Reads every stored definition, parses it again and puts its specs into
/// the catalog (at server start). Errors: storage errors; a stored
/// definition that no longer parses is skipped with a warning.
Result<void> load_definitions(Api& api);

/// Finds a stored workflow by name (in `ns`) or by id.
Result<storage::WorkflowDefinition> find_workflow(Api& api, const std::string& name_or_id,
                                                  const std::string& ns);

// -- helpers shared by the definition handlers ---

// The message of a definition error; YAML syntax errors name their place.
inline Error definition_error(Error e) {
  if (e.code == Errc::parse_error && !e.diagnostics.empty()) {
    const auto& d = e.diagnostics.front();
    e.message += " (line " + std::to_string(d.line) + ", column " + std::to_string(d.column) + ")";
  }
  e.code = e.code == Errc::limit_exceeded ? Errc::limit_exceeded : Errc::invalid_argument;
  return e;
}

inline Result<std::string> namespace_param(const Request& req) {
  return req.param("namespace").value_or("");
}

inline Result<std::string> scope_param(const Request& req) {
  std::string scope = req.param("scope").value_or("private");
  if (scope.empty()) {
    scope = "private";
  }
  if (scope != "private" && scope != "public") {
    return Error(Errc::invalid_argument,
                 "Scope must be one of the following: {'private', 'public'}; actual: " + scope);
  }
  if (scope == "public") {
    // Public objects are an administrator's, and without authentication
    // nobody is one (as in Mistral).
    return Error(Errc::forbidden, "Operation forbidden (insufficient permissions)");
  }
  return scope;
}

template <class R>
std::vector<R> load_kind(Api& api, DefinitionKind kind) {
  return api.load_many<R>(Family::definitions,
                          api.family_keys(Family::definitions, storage::definition_prefix(kind)));
}

inline storage::WorkflowDefinition workflow_record(const dsl::WorkflowSpec& spec, const std::string& ns,
                                            const std::string& scope) {
  storage::WorkflowDefinition r;
  r.id = storage::new_uuid7();
  r.name = spec.name;
  r.ns = ns;
  r.definition = spec.definition;
  r.tags = spec.tags;
  r.scope = scope;
  r.project_id = std::string(default_project);
  r.input = workflow_input_text(spec.input);
  r.interface = workflow_interface(spec);
  r.created_at = storage::now_ms();
  return r;
}

inline storage::ActionDefinition action_record(const dsl::ActionSpec& spec, const std::string& ns,
                                        const std::string& scope, const std::string& text) {
  storage::ActionDefinition r;
  r.id = storage::new_uuid7();
  r.name = spec.name;
  r.ns = ns;
  r.definition = text;
  r.tags = spec.tags;
  r.scope = scope;
  r.project_id = std::string(default_project);
  r.input = action_input_text(spec.input);
  if (!spec.description.empty()) {
    r.description = spec.description;
  }
  r.created_at = storage::now_ms();
  return r;
}

// Keeps id and creation time of the stored version of an updated record.
template <class R>
void carry_identity(R& fresh, const R& stored) {
  fresh.id = stored.id;
  fresh.created_at = stored.created_at;
  fresh.updated_at = storage::now_ms();
}

template <class R>
std::optional<R> stored(Api& api, DefinitionKind kind, const std::string& ns,
                        const std::string& name) {
  auto r = api.load<R>(Family::definitions, storage::definition_key(kind, ns, name));
  if (!r.ok()) {
    return std::nullopt;
  }
  return std::move(r).value();
}

inline std::string duplicate(const char* what, const std::string& name, const std::string& ns) {
  return std::string("Duplicate entry for ") + what + " ['name', 'namespace', 'project_id']: " +
         name + ", " + ns + ", None";
}

}  // namespace bora::http
