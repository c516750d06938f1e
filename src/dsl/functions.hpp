#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "dsl/eval_context.hpp"
#include "result.hpp"

namespace bora::dsl {

/// Keyword arguments of a call, in the order written.
using KeywordArgs = std::vector<std::pair<std::string, boost::json::value>>;

/// Returns true if `name` is one of Mistral's expression functions, available
/// in both YAQL and Jinja: task, tasks, execution, executions, env, global,
/// json_pp, json_dump, json_parse, yaml_dump, yaml_parse, uuid.
bool is_mistral_function(std::string_view name);

/// Calls Mistral's function `name` (see is_mistral_function) with Python-style
/// arguments, as both expression engines do. Errors are
/// `Errc::evaluation_error` with Mistral's wording where it has one.
Result<boost::json::value> call_mistral_function(std::string_view name,
                                                 const std::vector<boost::json::value>& args,
                                                 const KeywordArgs& kwargs,
                                                 const EvalContext& ctx);

}  // namespace bora::dsl
