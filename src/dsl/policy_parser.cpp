// Task policies and `retry`, in both its map form and its one-line form
// (`count=5 delay=10 break-on=<% ... %>`).
#include "dsl/inline_params.hpp"
#include "dsl/spec_build.hpp"

namespace bora::dsl {
namespace {

// The one-line retry form as a map node so that it is checked like the map
// form; every value is placed at the string itself.
YamlNode retry_as_map(const YamlNode& str, CommandText& cmd) {
  YamlNode map;
  map.kind = YamlNode::Kind::mapping;
  map.mark = map.text_mark = str.mark;
  cmd = parse_command_text(str.value.as_string());
  for (const auto& kv : cmd.params) {
    YamlEntry e;
    e.key = std::string(kv.key());
    e.key_mark = str.mark;
    e.value.mark = e.value.text_mark = str.mark;
    e.value.value = kv.value();
    map.entries.push_back(std::move(e));
  }
  return map;
}

void check_retry_map(const YamlNode& map, const std::string& path, std::vector<SchemaError>& out) {
  for (const auto& e : map.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "count" || e.key == "delay") {
      check_expr_or_int(e.value, p, 1, out);
    } else if (e.key == "break-on" || e.key == "continue-on") {
      check_expression(e.value, p, 1, out);
    }
  }
  for (const char* key : {"delay", "count"}) {
    if (!map.find(key)) {
      out.push_back(make_error(map, path, 0, "'" + std::string(key) + "' is a required property"));
    }
  }
  check_allowed_keys(map, path, 0, {"count", "delay", "break-on", "continue-on"}, out);
}

uint32_t offset_of(const CommandText* cmd, const std::string& key) {
  uint32_t offset = 0;
  for (const auto& p : cmd->positions) {
    if (p.key == key) {
      offset = p.column_offset;
    }
  }
  return offset;
}

// Registers the expression slot of one retry field (string values only).
void retry_slot(ParseContext& ctx, const YamlNode& src, const CommandText* cmd, const YamlEntry& e,
                const std::string& path, std::shared_ptr<const CompiledString>* out) {
  if (!e.value.value.is_string()) {
    return;
  }
  if (!cmd) {
    ctx.expr(e.value, path, out);
    return;
  }
  ctx.expr(text_pos(src), path, std::string(e.value.value.as_string()), offset_of(cmd, e.key), out);
}

void fill_retry(ParseContext& ctx, const YamlNode& node, const std::string& path, RetrySpec& out) {
  CommandText cmd;
  YamlNode map = node.is_string() ? retry_as_map(node, cmd) : YamlNode();
  const YamlNode& m = node.is_string() ? map : node;
  const CommandText* c = node.is_string() ? &cmd : nullptr;
  for (const auto& e : m.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "count" || e.key == "delay") {
      PolicyValue& v = e.key == "count" ? out.count : out.delay;
      v.literal = e.value.value;
      retry_slot(ctx, node, c, e, p, &v.expr);
    } else {
      retry_slot(ctx, node, c, e, p, e.key == "break-on" ? &out.break_on : &out.continue_on);
    }
  }
}

}  // namespace

bool check_retry(const YamlNode& node, const std::string& path, uint32_t depth,
                 std::vector<SchemaError>& out) {
  std::vector<SchemaError> alternatives;
  if (node.is_string() && node.value.as_string().empty()) {
    out.push_back(make_error(node, path, depth, "'' is too short"));
    return false;
  }
  if (node.is_map()) {
    check_retry_map(node, path, alternatives);
  } else if (node.is_string()) {
    CommandText cmd;
    YamlNode map = retry_as_map(node, cmd);
    check_retry_map(map, path, alternatives);
  } else {
    alternatives.push_back(type_error(node, path, 0, "object"));
  }
  if (alternatives.empty()) {
    return true;
  }
  if (!node.is_string()) {
    alternatives.push_back(type_error(node, path, 0, "string"));
  }
  CommandText cmd;
  std::string shown = node.is_string() ? repr(retry_as_map(node, cmd)) : repr(node);
  SchemaError e =
      make_error(node, path, depth, shown + " is not valid under any of the given schemas", true);
  e.weak = true;
  e.context = std::move(alternatives);
  out.push_back(std::move(e));
  return false;
}

void fill_policy_value(ParseContext& ctx, const YamlNode& node, const std::string& path,
                       PolicyValue& out) {
  out.literal = to_json(node);
  if (node.is_string()) {
    ctx.expr(node, path, &out.expr);
  }
}

void fill_policies(ParseContext& ctx, const YamlNode& map, const std::string& path,
                   PoliciesSpec& out, std::vector<SchemaError>& errors) {
  struct Simple {
    const char* key;
    std::optional<PolicyValue>* slot;
    bool boolean;
  };
  const Simple simple[] = {
      {"wait-before", &out.wait_before, false}, {"wait-after", &out.wait_after, false},
      {"timeout", &out.timeout, false},         {"pause-before", &out.pause_before, true},
      {"concurrency", &out.concurrency, false}, {"fail-on", &out.fail_on, true},
  };
  for (const auto& e : map.entries) {
    std::string p = join_path(path, e.key);
    if (e.key == "retry") {
      if (check_retry(e.value, p, 1, errors)) {
        out.retry.emplace();
        fill_retry(ctx, e.value, p, *out.retry);
      }
      continue;
    }
    for (const auto& s : simple) {
      if (e.key != s.key) {
        continue;
      }
      bool ok = s.boolean ? check_expr_or_bool(e.value, p, 1, errors)
                          : check_expr_or_int(e.value, p, 1, errors);
      if (ok) {
        s.slot->emplace();
        fill_policy_value(ctx, e.value, p, **s.slot);
      }
    }
  }
}

}  // namespace bora::dsl
