#pragma once

// The built-in `std.*` actions: their signatures, input checking with
// Mistral's messages, and how each one runs. Pure C++ (no CAF): the
// executor actor decides on which thread each run happens, from `mode`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "actors/actions/action_result.hpp"
#include "dsl/workflow_spec.hpp"
#include "result.hpp"

namespace bora::actors::actions {

/// How the executor must run an action.
enum class RunMode : uint8_t {
  /// `run_immediate` returns the result at once, without blocking
  /// (std.noop, std.echo without delay, std.fail, std.test_dict).
  immediate = 1,
  /// The result is known now but must be delivered after `delay_seconds`
  /// (std.echo with a delay, std.sleep): the executor arms a timer and never
  /// sleeps a thread.
  delayed,
  /// `run_blocking` must run on a thread that may block (std.http).
  blocking,
  /// The action starts work and stays RUNNING until completed from outside
  /// (std.async_noop; std.mistral_http after `run_blocking` sent its request
  /// successfully).
  async,
};

/// One built-in action.
struct SystemAction {
  std::string name;
  /// Parameters in signature order; a parameter without default is required.
  std::vector<dsl::InputParam> params;
  /// True for actions completed from outside (async_noop, mistral_http).
  bool is_async = false;
};

/// Facts about the call that some actions need (std.mistral_http headers,
/// error texts naming the action execution).
struct CallInfo {
  std::string action_execution_id;
  std::string workflow_name;
  std::string workflow_execution_id;
  std::string task_execution_id;
  /// Base URL of this node's API, e.g. `http://127.0.0.1:8989`; the callback
  /// header is this plus `/v2/action_executions/<id>`.
  std::string api_base_url;
  /// Task `timeout` policy in seconds, if any: bounds a blocking run.
  std::optional<double> timeout_seconds;
};

/// What `plan` decided for one call.
struct ActionPlan {
  RunMode mode = RunMode::immediate;
  /// For `delayed`: seconds to wait before delivering `result`.
  double delay_seconds = 0;
  /// For `immediate` and `delayed`: the result.
  ActionResult result;
};

/// Returns every built-in action, sorted by name. Stable for the process.
const std::vector<SystemAction>& system_actions();

/// Returns the built-in action named `name`, or nullptr.
const SystemAction* find_system_action(std::string_view name);

/// Returns the signature text the API shows in an action's `input` field,
/// e.g. `output, delay=0` (defaults rendered as JSON).
std::string signature_text(const std::vector<dsl::InputParam>& params);

/// Checks `input` against `action`'s parameters and returns it with defaults
/// filled in. Errors (invalid_argument) carry Mistral's message:
/// `Invalid input [name=std.echo, class=<class>, missing=['output'], unexpected=['x']]`
/// (only the non-empty parts). Input that Mistral's action constructor
/// refuses (std.http with both `json` and `body`, or `auth` that is not text;
/// std.echo `delay` / std.sleep `seconds` that are null, a list or a map)
/// fails the same way, with Mistral's in-workflow text
/// `Failed to instantiate an action [action_desc=..., input_dict=...]`.
Result<boost::json::object> check_input(const SystemAction& action,
                                        const boost::json::object& input);

/// Decides how to run `action` with checked `input`.
ActionPlan plan(const SystemAction& action, const boost::json::object& input,
                const CallInfo& call);

/// Runs a `blocking` action (std.http, std.mistral_http's request) on the
/// calling thread, which may block. Never throws. For std.mistral_http a data
/// result means "request sent; now wait for the outside completion".
ActionResult run_blocking(const SystemAction& action, const boost::json::object& input,
                          const CallInfo& call);

/// Returns the error result of a run that the task `timeout` interrupted
/// after `seconds`: `The action raised an exception [action=..., action_ex_id=...,
/// msg='N seconds']` (`1 second` for one), as Mistral reports it.
ActionResult timeout_result(const SystemAction& action, const CallInfo& call, double seconds);

}  // namespace bora::actors::actions
