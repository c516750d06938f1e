// Ad-hoc actions: Mistral's action schema, then the base command text.
#include "dsl/inline_params.hpp"
#include "dsl/spec_build.hpp"

namespace bora::dsl {
namespace {

void check_action_schema(const YamlNode& a, const std::string& path,
                         std::vector<SchemaError>& out) {
  for (const auto& e : a.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "base" || e.key == "description") {
      check_string(e.value, p, 1, out);
    } else if (e.key == "base-input") {
      check_nonempty_map(e.value, p, 1, out);
    } else if (e.key == "input") {
      check_input_list(e.value, p, 1, out);
    } else if (e.key == "tags") {
      check_unique_strings(e.value, p, 1, out);
    }
  }
  // Mistral's schema lists `required` before `additionalProperties`; on a
  // tie jsonschema reports the first.
  if (!a.find("base")) {
    out.push_back(make_error(a, path, 0, "'base' is a required property"));
  }
  check_allowed_keys(
      a, path, 0,
      {"name", "version", "description", "tags", "base", "base-input", "input", "output"}, out);
}

}  // namespace

std::shared_ptr<ActionSpec> build_action(ParseContext& ctx, const YamlEntry& entry,
                                         const std::string& name, const std::string& path) {
  const YamlNode& a = entry.value;
  std::vector<SchemaError> errors;
  check_action_schema(a, path, errors);
  ctx.add_schema_errors(errors);
  if (!errors.empty()) {
    return nullptr;
  }
  auto spec = std::make_shared<ActionSpec>();
  spec->name = name;
  ctx.locate(spec.get(), entry.key_mark, path);
  for (const auto& e : a.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "description") {
      spec->description = e.value.value.as_string();
    } else if (e.key == "tags") {
      for (const auto& t : e.value.items) {
        spec->tags.emplace_back(t.value.as_string());
      }
    } else if (e.key == "base") {
      std::string text(e.value.value.as_string());
      CommandText cmd = parse_command_text(text);
      if (!cmd.ok) {
        ctx.add(e.value.mark, p, "Invalid action/workflow task property: " + text);
        continue;
      }
      spec->base = cmd.name;
      ctx.locate(&spec->base, e.value.mark, p);
      std::vector<std::pair<std::string, uint32_t>> offsets;
      for (const auto& pos : cmd.positions) {
        offsets.emplace_back(pos.key, pos.column_offset);
      }
      register_inline_params(ctx, text_pos(e.value), p, cmd.params, offsets, &spec->base_params);
    } else if (e.key == "base-input") {
      spec->base_input.emplace();
      ctx.value(e.value, p, &*spec->base_input);
    } else if (e.key == "input") {
      spec->input = read_input_params(ctx, e.value, p);
    } else if (e.key == "output") {
      spec->output.emplace();
      ctx.value(e.value, p, &*spec->output);
    }
  }
  return spec;
}

}  // namespace bora::dsl
