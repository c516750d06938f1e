#pragma once

// Running an ad-hoc action outside any workflow (the API's run-action): its
// chain of base actions down to a built-in one, the input that one gets, and
// the output transformations applied to its result on the way back.

#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "actors/workflow/catalog.hpp"
#include "result.hpp"

namespace bora::actors::workflow {

/// An ad-hoc action expanded for one call.
struct AdhocCall {
  /// The built-in action at the end of the chain.
  std::string system_action;
  /// Its checked input (defaults filled).
  boost::json::object input;
  /// The ad-hoc actions from the called one down (outputs apply in reverse).
  std::vector<std::shared_ptr<const dsl::ActionSpec>> chain;
};

/// Expands ad-hoc action `name` of namespace `ns` (falling back to the
/// default namespace) called with `input`: checks each level's input,
/// evaluates `base-input` with `$` = that input and `env()` = `env`.
/// Errors: not_found (`Failed to find action [action_name=..]`),
/// invalid_argument (input mismatch), evaluation errors.
Result<AdhocCall> expand_adhoc(const Catalog& catalog, const std::string& name,
                               const std::string& ns, const boost::json::object& input,
                               const boost::json::value& env);

/// Applies the chain's `output` transformations to a successful `result`.
Result<boost::json::value> adhoc_output(const AdhocCall& call, boost::json::value result);

}  // namespace bora::actors::workflow
