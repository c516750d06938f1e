// Workbooks: the document level (strict version, allowed keys, item names),
// then their actions and workflows under qualified names.
#include <algorithm>

#include "dsl/definition_text.hpp"
#include "dsl/parser.hpp"
#include "dsl/pystr.hpp"
#include "dsl/spec_build.hpp"
#include "dsl/validator.hpp"
#include "dsl/workbook_spec.hpp"

namespace bora::dsl {
namespace {

// Mistral compares the version as written with the text '2.0' (a YAML
// float 2.0 also passes its schema); anything else gets no spec at all.
bool version_is_supported(const YamlNode& v) {
  const auto& j = v.value;
  return v.is_scalar() &&
         ((j.is_string() && j.as_string() == "2.0") || (j.is_double() && j.as_double() == 2.0));
}

bool is_item_name(const std::string& key) {
  if (key.empty() || key == "version") {
    return false;
  }
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    bool word = std::isalnum(u) || c == '_' || c == '-' || u >= 0x80;
    if (!word) {
      return false;
    }
  }
  return true;
}

void check_section(const YamlNode& s, const std::string& path, std::vector<SchemaError>& out) {
  if (!check_nonempty_map(s, path, 1, out)) {
    return;
  }
  std::vector<std::string> bad;
  const YamlEntry* first = nullptr;
  for (const auto& e : s.entries) {
    if (e.key == "version") {
      if (!(e.value.is_scalar() &&
            ((e.value.value.is_string() && e.value.value.as_string() == "2.0") ||
             (e.value.value.is_double() && e.value.value.as_double() == 2.0) ||
             (e.value.value.is_int64() && e.value.value.as_int64() == 2)))) {
        out.push_back(make_error(e.value, join_path(path, e.key), 2,
                                 repr(e.value) + " is not one of ['2.0', 2.0]"));
      }
    } else if (!is_item_name(e.key)) {
      bad.push_back(e.key);
      first = first ? first : &e;
    } else if (e.value.is_scalar() && e.value.value.is_null()) {
      SchemaError err = make_error(e.value, join_path(path, e.key), 2,
                                   "None is not valid under any of the given schemas", true);
      err.weak = true;
      out.push_back(std::move(err));
    }
  }
  if (bad.empty()) {
    return;
  }
  std::sort(bad.begin(), bad.end());
  std::string list;
  for (const auto& k : bad) {
    list += (list.empty() ? "" : ", ") + py_repr(boost::json::string(k));
  }
  SchemaError e = make_error(s, join_path(path, first->key), 1,
                             list + (bad.size() == 1 ? " does" : " do") +
                                 " not match any of the regexes: '^(?!version$)[\\\\w-]+$', "
                                 "'^version$'");
  e.mark = first->key_mark;
  out.push_back(std::move(e));
}

bool check_workbook_schema(ParseContext& ctx, const YamlNode& root) {
  std::vector<SchemaError> errors;
  check_allowed_keys(root, "", 0,
                     {"version", "name", "description", "tags", "actions", "workflows"}, errors);
  for (const auto& e : root.entries) {
    if (e.key == "name" || e.key == "description") {
      check_string(e.value, e.key, 1, errors);
    } else if (e.key == "tags") {
      check_unique_strings(e.value, e.key, 1, errors);
    } else if (e.key == "version" &&
               !((e.value.value.is_string() && e.value.value.as_string() == "2.0") ||
                 e.value.value.is_number())) {
      errors.push_back(
          make_error(e.value, "version", 1, repr(e.value) + " is not one of ['2.0', 2.0]"));
    } else if (e.key == "actions" || e.key == "workflows") {
      check_section(e.value, e.key, errors);
    }
  }
  for (const char* key : {"name", "version"}) {
    if (!root.find(key)) {
      errors.push_back(
          make_error(root, "", 0, "'" + std::string(key) + "' is a required property"));
    }
  }
  ctx.add_schema_errors(errors);
  return errors.empty();
}

void build_actions(ParseContext& ctx, std::string_view text, const YamlNode& root,
                   const YamlNode& section, WorkbookSpec& wb) {
  DefinitionText definitions(text);
  for (const auto& e : section.entries) {
    if (e.key == "version") {
      continue;
    }
    std::string path = join_path("actions", e.key);
    if (!e.value.is_map()) {
      ctx.add_schema_errors({type_error(e.value, path, 0, "object")});
      continue;
    }
    auto a = build_action(ctx, e, wb.name + "." + e.key, path);
    if (a) {
      a->definition = definitions.section_item(root, section, e);
      wb.actions.push_back(std::move(a));
    }
  }
}

void build_workflows(ParseContext& ctx, std::string_view text, const YamlNode& root,
                     const YamlNode& section, WorkbookSpec& wb) {
  DefinitionText definitions(text);
  std::vector<std::pair<std::shared_ptr<WorkflowSpec>, std::string>> built;
  for (const auto& e : section.entries) {
    if (e.key == "version") {
      continue;
    }
    std::string path = join_path("workflows", e.key);
    if (!e.value.is_map()) {
      ctx.add(e.value.mark, path,
              "A specification with polymorphic key must be backed by a dictionary "
              "[spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data=" +
                  py_str(to_json(e.value)) + "]");
      continue;
    }
    auto wf = build_workflow(ctx, e, wb.name + "." + e.key, path);
    if (wf) {
      wf->definition = definitions.section_item(root, section, e);
      built.emplace_back(std::move(wf), e.key);
    }
  }
  for (auto& [wf, key] : built) {
    validate_workflow(ctx, *wf, key);
    wb.workflows.push_back(std::move(wf));
  }
}

}  // namespace

std::shared_ptr<WorkbookSpec> build_workbook(ParseContext& ctx, std::string_view text,
                                             const YamlNode& root) {
  if (!root.is_map()) {
    ctx.add_schema_errors({type_error(root, "", 0, "object")});
    return nullptr;
  }
  const YamlNode* version = root.find("version");
  if (version && !version_is_supported(*version)) {
    ctx.add(version->mark, "version", "Unsupported DSL version: " + py_str(to_json(*version)));
    return nullptr;
  }
  if (!check_workbook_schema(ctx, root)) {
    return nullptr;
  }
  auto wb = std::make_shared<WorkbookSpec>();
  wb->name = root.find("name")->value.as_string();
  wb->definition = std::string(text);
  if (const YamlNode* d = root.find("description")) {
    wb->description = d->value.as_string();
  }
  if (const YamlNode* t = root.find("tags")) {
    for (const auto& tag : t->items) {
      wb->tags.emplace_back(tag.value.as_string());
    }
  }
  if (const YamlNode* a = root.find("actions")) {
    build_actions(ctx, text, root, *a, *wb);
    validate_actions(ctx, wb->actions, wb->name);
  }
  if (const YamlNode* w = root.find("workflows")) {
    build_workflows(ctx, text, root, *w, *wb);
  }
  return wb;
}

}  // namespace bora::dsl
