// libFuzzer target: Jinja templates must compile or fail cleanly, and
// whatever compiles must render (against a small fixed document) or fail
// cleanly, within the evaluation limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "dsl/jinja/jinja.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tmpl = bora::dsl::jinja::compile(text);
  if (!tmpl.ok()) {
    return 0;
  }
  static const boost::json::value doc =
      boost::json::parse(R"({"a": 1, "s": "text", "l": [3, 1, 2], "m": {"k": [1, {"x": null}]}})");
  bora::dsl::EvalContext ctx;
  ctx.data = &doc;
  ctx.limits.max_steps = 100'000;
  ctx.limits.max_value_bytes = 1u << 20;
  (void)bora::dsl::jinja::evaluate(**tmpl, ctx);
  return 0;
}
