#include "actors/workflow/adhoc.hpp"

#include "actors/actions/system_actions.hpp"
#include "actors/workflow/inputs.hpp"
#include "dsl/action_spec.hpp"
#include "dsl/eval_context.hpp"
#include "dsl/template.hpp"

namespace bora::actors::workflow {

namespace json = boost::json;

namespace {

constexpr size_t max_chain = 16;

std::shared_ptr<const dsl::ActionSpec> find(const Catalog& catalog, const std::string& name,
                                            const std::string& ns) {
  auto a = catalog.find_action(name, ns);
  if (!a && !ns.empty()) {
    a = catalog.find_action(name, "");
  }
  return a;
}

Result<json::value> evaluate(const dsl::ValueTemplate& tpl, const json::value& data) {
  dsl::EvalContext ctx;
  ctx.data = &data;
  return tpl.evaluate(ctx);
}

}  // namespace

Result<AdhocCall> expand_adhoc(const Catalog& catalog, const std::string& name,
                               const std::string& ns, const json::object& input,
                               const json::value& env) {
  AdhocCall call;
  std::string current = name;
  json::object in = input;
  while (auto adhoc = find(catalog, current, ns)) {
    if (call.chain.size() >= max_chain) {
      return Error(Errc::limit_exceeded, "ad-hoc action chain is too long");
    }
    auto checked = check_input(adhoc->input, in, adhoc->name, "mistral.actions.adhoc.AdHocAction");
    if (!checked.ok()) {
      return std::move(checked).error();
    }
    json::object data = std::move(checked).value();
    data["__env"] = env;
    json::value view(std::move(data));
    json::object base;
    if (adhoc->base_input) {
      auto b = evaluate(*adhoc->base_input, view);
      if (!b.ok()) {
        return std::move(b).error();
      }
      if (b->is_object()) {
        base = b->as_object();
      }
    }
    auto bp = evaluate(adhoc->base_params, view);
    if (!bp.ok()) {
      return std::move(bp).error();
    }
    if (const auto* o = bp->if_object()) {
      for (const auto& kv : *o) {
        base[kv.key()] = kv.value();
      }
    }
    call.chain.push_back(adhoc);
    current = adhoc->base;
    in = std::move(base);
  }
  const auto* sys = actions::find_system_action(current);
  if (sys == nullptr) {
    return Error(Errc::not_found, "Failed to find action [action_name=" + name + "]");
  }
  auto checked = actions::check_input(*sys, in);
  if (!checked.ok()) {
    return std::move(checked).error();
  }
  call.system_action = current;
  call.input = std::move(checked).value();
  return call;
}

Result<json::value> adhoc_output(const AdhocCall& call, json::value result) {
  for (auto a = call.chain.rbegin(); a != call.chain.rend(); ++a) {
    if (!(*a)->output) {
      continue;
    }
    auto v = evaluate(*(*a)->output, result);
    if (!v.ok()) {
      return std::move(v).error();
    }
    result = std::move(v).value();
  }
  return result;
}

}  // namespace bora::actors::workflow
