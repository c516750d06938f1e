// plan(): how each built-in action runs, and the result of those that need
// no I/O (noop, echo, fail, sleep, test_dict).

#include <cmath>
#include <cstdint>
#include <string>

#include <boost/json/string.hpp>

#include "actors/actions/internal.hpp"
#include "actors/actions/system_actions.hpp"
#include "dsl/pystr.hpp"

namespace bora::actors::actions {

namespace json = boost::json;

namespace {

/// Largest std.test_dict result, estimated as JSON text; the stored output
/// is limited to far less (1024 KiB), so this only guards memory.
constexpr std::size_t max_test_dict_bytes = std::size_t{8} << 20;

const json::value& arg(const json::object& input, std::string_view key,
                       const json::value& fallback) {
  const json::value* v = input.if_contains(key);
  return v ? *v : fallback;
}

const json::value null_value;

ActionPlan immediate(ActionResult r) {
  return {RunMode::immediate, 0, std::move(r)};
}

// Sleeping `seconds` (already non-negative), then delivering `r`, as
// time.sleep would: NaN and too-long waits raise at once.
ActionPlan after_sleep(const SystemAction& action, const CallInfo& call, double seconds,
                       ActionResult r) {
  if (std::isnan(seconds)) {
    return immediate(
        detail::raised(detail::action_repr(action), call, "Invalid value NaN (not a number)"));
  }
  if (detail::sleep_overflows(seconds)) {
    return immediate(
        detail::raised(detail::action_repr(action), call, detail::sleep_overflow_text));
  }
  if (seconds <= 0) {
    return immediate(std::move(r));
  }
  return {RunMode::delayed, seconds, std::move(r)};
}

ActionPlan plan_echo(const SystemAction& action, const json::object& input, const CallInfo& call) {
  static const json::value zero = 0;
  json::value output = arg(input, "output", null_value);
  // Mistral: float(delay); text that is not a number and negatives mean 0.
  detail::PyNumber d = detail::py_float(arg(input, "delay", zero));
  double delay = d.status == detail::PyConv::ok && !(d.value < 0) ? d.value : 0;
  return after_sleep(action, call, delay, ActionResult::data(std::move(output)));
}

ActionPlan plan_sleep(const SystemAction& action, const json::object& input, const CallInfo& call) {
  static const json::value one = 1;
  detail::PyNumber s = detail::py_int(arg(input, "seconds", one));
  double seconds = 0;
  if (s.status == detail::PyConv::ok) {
    seconds = s.value < 0 ? 0 : s.value;
  } else if (s.status == detail::PyConv::overflow) {
    seconds = HUGE_VAL;  // check_input refuses this; kept safe here
  }
  return after_sleep(action, call, seconds, ActionResult::data(nullptr));
}

ActionPlan plan_fail(const SystemAction& action, const json::object& input, const CallInfo& call) {
  const json::value& data = arg(input, "error_data", null_value);
  if (dsl::py_truthy(data)) {
    return immediate(ActionResult::error(data));
  }
  return immediate(
      detail::raised(detail::action_repr(action), call, "Fail action expected exception."));
}

ActionPlan plan_test_dict(const SystemAction& action, const json::object& input,
                          const CallInfo& call) {
  static const json::value zero = 0;
  static const json::value empty = json::string();
  const json::value& size_v = arg(input, "size", zero);
  int64_t size = 0;
  if (size_v.is_int64()) {
    size = size_v.get_int64();
  } else if (size_v.is_uint64()) {
    size = INT64_MAX;  // beyond int64: certainly over the size bound
  } else if (size_v.is_bool()) {
    size = size_v.get_bool() ? 1 : 0;
  } else {
    // range() accepts integers only, as Python reports it.
    return immediate(detail::raised(detail::action_repr(action), call,
                                    std::string("'") + detail::py_type_name(size_v) +
                                        "' object cannot be interpreted as an integer"));
  }
  std::string prefix = dsl::py_str(arg(input, "key_prefix", empty));
  const json::value& val = arg(input, "val", empty);
  if (size <= 0) {
    return immediate(ActionResult::data(json::object()));
  }
  std::size_t per_entry = prefix.size() + 24 + dsl::py_json_dumps(val).size();
  if (static_cast<uint64_t>(size) > max_test_dict_bytes / per_entry) {
    return immediate(detail::raised(detail::action_repr(action), call,
                                    "result of size " + std::to_string(size) +
                                        " exceeds the limit of " +
                                        std::to_string(max_test_dict_bytes) + " bytes"));
  }
  json::object out;
  out.reserve(static_cast<std::size_t>(size));
  for (int64_t i = 0; i < size; ++i) {
    out.emplace(prefix + std::to_string(i), val);
  }
  return immediate(ActionResult::data(std::move(out)));
}

}  // namespace

ActionPlan plan(const SystemAction& action, const json::object& input, const CallInfo& call) {
  const std::string& n = action.name;
  if (n == "std.noop") {
    return immediate(ActionResult::data(nullptr));
  }
  if (n == "std.async_noop") {
    return {RunMode::async, 0, ActionResult::data(nullptr)};
  }
  if (n == "std.echo") {
    return plan_echo(action, input, call);
  }
  if (n == "std.sleep") {
    return plan_sleep(action, input, call);
  }
  if (n == "std.fail") {
    return plan_fail(action, input, call);
  }
  if (n == "std.test_dict") {
    return plan_test_dict(action, input, call);
  }
  if (n == "std.http" || n == "std.mistral_http") {
    return {RunMode::blocking, 0, ActionResult::data(nullptr)};
  }
  // Only entries of system_actions() reach here; anything else is a bug of
  // the caller, reported as a failed run rather than a crash.
  return immediate(ActionResult::error(json::string("unknown system action: " + n)));
}

}  // namespace bora::actors::actions
