// The public entry points: load YAML, check the document level, build every
// item, run the semantic checks, then compile the expression slots.
#include "dsl/parser.hpp"

#include <cmath>

#include "dsl/definition_text.hpp"
#include "dsl/pystr.hpp"
#include "dsl/spec_build.hpp"
#include "dsl/validator.hpp"

namespace bora::dsl {
namespace {

bool is_version_value(const YamlNode& v) {
  const auto& j = v.value;
  return v.is_scalar() &&
         ((j.is_string() && !j.as_string().empty()) || (j.is_int64() && j.as_int64() >= 0) ||
          (j.is_double() && j.as_double() >= 0.0));
}

// anyOf [non-empty string, integer >= 0, number >= 0]: the one alternative
// whose type fits explains the failure; otherwise none does.
SchemaError version_error(const YamlNode& v) {
  const auto& j = v.value;
  if (v.is_scalar() && j.is_string()) {
    return make_error(v, "version", 1, "'' is too short");
  }
  if (v.is_scalar() && j.is_double()) {
    return make_error(v, "version", 1, repr(v) + " is less than the minimum of 0.0");
  }
  SchemaError err =
      make_error(v, "version", 1, repr(v) + " is not valid under any of the given schemas", true);
  err.weak = true;
  return err;
}

// Top-level checks shared by workflow and action lists.
bool check_list_document(ParseContext& ctx, const YamlNode& root) {
  std::vector<SchemaError> errors;
  if (!root.is_map()) {
    errors.push_back(type_error(root, "", 0, "object"));
    ctx.add_schema_errors(errors);
    return false;
  }
  for (const auto& e : root.entries) {
    if (e.key == "version" && e.key_is_text) {
      if (!is_version_value(e.value)) {
        errors.push_back(version_error(e.value));
      }
      continue;
    }
    check_nonempty_map(e.value, e.key, 1, errors);
  }
  if (!root.find("version")) {
    errors.push_back(make_error(root, "", 0, "'version' is a required property"));
  }
  ctx.add_schema_errors(errors);
  if (!errors.empty()) {
    return false;
  }
  if (root.entries.size() < 2) {
    ctx.add(root.mark, "", "At least one item must be in the list [data=" + repr(root) + "].");
    return false;
  }
  if (root.entries.size() > max_items_per_document + 1) {
    ctx.set_code(Errc::limit_exceeded);
    ctx.add(root.mark, "",
            "document declares more than " + std::to_string(max_items_per_document) + " items");
    return false;
  }
  return true;
}

template <class T>
Result<T> finish(ParseContext& ctx, T value) {
  compile_slots(ctx);
  if (ctx.failed()) {
    return ctx.error();
  }
  return value;
}

Result<std::vector<std::shared_ptr<const WorkflowSpec>>> workflows_from(std::string_view text,
                                                                        const YamlNode& root) {
  ParseContext ctx(text);
  DefinitionText definitions(text);
  std::vector<std::shared_ptr<WorkflowSpec>> built;
  if (check_list_document(ctx, root)) {
    std::size_t count = root.entries.size() - (root.find("version") ? 1 : 0);
    for (const auto& e : root.entries) {
      if (e.key == "version") {
        continue;
      }
      auto wf = build_workflow(ctx, e, e.key, e.key);
      if (wf) {
        wf->definition = count == 1 ? std::string(text) : definitions.list_item(root, e);
        built.push_back(std::move(wf));
      }
    }
    for (const auto& wf : built) {
      validate_workflow(ctx, *wf, wf->name);
    }
  }
  std::vector<std::shared_ptr<const WorkflowSpec>> out(built.begin(), built.end());
  return finish(ctx, std::move(out));
}

Result<std::vector<std::shared_ptr<const ActionSpec>>> actions_from(std::string_view text,
                                                                    const YamlNode& root) {
  ParseContext ctx(text);
  DefinitionText definitions(text);
  std::vector<std::shared_ptr<const ActionSpec>> out;
  if (check_list_document(ctx, root)) {
    std::size_t count = root.entries.size() - (root.find("version") ? 1 : 0);
    for (const auto& e : root.entries) {
      if (e.key == "version") {
        continue;
      }
      auto a = build_action(ctx, e, e.key, e.key);
      if (a) {
        a->definition = count == 1 ? std::string(text) : definitions.list_item(root, e);
        out.push_back(std::move(a));
      }
    }
    validate_actions(ctx, out, "");
  }
  return finish(ctx, std::move(out));
}

Result<std::shared_ptr<const WorkbookSpec>> workbook_from(std::string_view text,
                                                          const YamlNode& root) {
  ParseContext ctx(text);
  auto wb = build_workbook(ctx, text, root);
  return finish(ctx, std::shared_ptr<const WorkbookSpec>(std::move(wb)));
}

}  // namespace

Result<std::shared_ptr<const WorkbookSpec>> parse_workbook(std::string_view text,
                                                           std::string_view /*file*/) {
  auto root = load_yaml(text);
  if (!root.ok()) {
    return std::move(root).error();
  }
  return workbook_from(text, root.value());
}

Result<std::vector<std::shared_ptr<const WorkflowSpec>>> parse_workflows(std::string_view text,
                                                                         std::string_view) {
  auto root = load_yaml(text);
  if (!root.ok()) {
    return std::move(root).error();
  }
  return workflows_from(text, root.value());
}

Result<std::vector<std::shared_ptr<const ActionSpec>>> parse_actions(std::string_view text,
                                                                     std::string_view) {
  auto root = load_yaml(text);
  if (!root.ok()) {
    return std::move(root).error();
  }
  return actions_from(text, root.value());
}

Result<Document> parse_document(std::string_view text, std::string_view /*file*/) {
  auto root = load_yaml(text);
  if (!root.ok()) {
    return std::move(root).error();
  }
  const YamlNode& r = root.value();
  Document doc;
  if (r.is_map() && (r.find("name") || r.find("workflows") || r.find("actions"))) {
    auto wb = workbook_from(text, r);
    if (!wb.ok()) {
      return std::move(wb).error();
    }
    doc.kind = DocumentKind::workbook;
    doc.workbook = wb.value();
    doc.workflows = doc.workbook->workflows;
    doc.actions = doc.workbook->actions;
    return doc;
  }
  bool actions = r.is_map();
  std::size_t items = 0;
  for (const auto& e : r.entries) {
    if (e.key != "version") {
      ++items;
      actions = actions && e.value.is_map() && e.value.find("base") && !e.value.find("tasks");
    }
  }
  if (actions && items > 0) {
    auto a = actions_from(text, r);
    if (!a.ok()) {
      return std::move(a).error();
    }
    doc.kind = DocumentKind::actions;
    doc.actions = std::move(a).value();
    return doc;
  }
  auto w = workflows_from(text, r);
  if (!w.ok()) {
    return std::move(w).error();
  }
  doc.kind = DocumentKind::workflows;
  doc.workflows = std::move(w).value();
  return doc;
}

}  // namespace bora::dsl
