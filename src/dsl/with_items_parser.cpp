// `with-items`: each item is `var in [json list]`, `var in <% expr %>` or
// `var in {{ expr }}`, matched at the start of the item only, as Mistral's
// re.match does.
#include <cctype>
#include <optional>

#include <boost/json.hpp>

#include "dsl/spec_build.hpp"

namespace bora::dsl {
namespace {

// Mistral's pattern `\s*([\w\d_\-]+)\s*in\s*(\[.+\]|{{(.*?)}}|<%.*?%>)`, matched
// by hand: std::regex recurses per character and overflows the stack on
// long text.
struct ItemMatch {
  std::string var;
  std::string array;
  std::size_t array_offset = 0;
};

bool item_var_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '-' || u >= 0x80;
}

bool blank(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// The list part at `i` (on one line): `[...]` greedy to the last `]`, or
// the first `{{ ... }}` / `<% ... %>`.
std::size_t match_item_list(std::string_view line, std::size_t i) {
  auto lazy = [&](std::string_view open, std::string_view close) {
    if (line.substr(i, open.size()) != open) {
      return std::string_view::npos;
    }
    std::size_t at = line.find(close, i + open.size());
    return at == std::string_view::npos ? at : at + close.size();
  };
  if (i < line.size() && line[i] == '[') {
    std::size_t last = line.rfind(']');
    return last != std::string_view::npos && last > i + 1 ? last + 1 : std::string_view::npos;
  }
  std::size_t end = lazy("{{", "}}");
  return end != std::string_view::npos ? end : lazy("<%", "%>");
}

std::optional<ItemMatch> match_item(std::string_view line) {
  std::size_t start = 0;
  while (start < line.size() && blank(line[start])) {
    ++start;
  }
  std::size_t run = start;
  while (run < line.size() && item_var_char(line[run])) {
    ++run;
  }
  // The variable gives characters back to `in` as regex backtracking would
  // (`xin [1]` is `x in [1]`); each try is O(1) but for the list search.
  for (std::size_t var_end = run; var_end > start; --var_end) {
    std::size_t i = var_end;
    while (i < line.size() && blank(line[i])) {
      ++i;
    }
    if (line.substr(i, 2) != "in") {
      continue;
    }
    i += 2;
    while (i < line.size() && blank(line[i])) {
      ++i;
    }
    std::size_t end = match_item_list(line, i);
    if (end != std::string_view::npos) {
      return ItemMatch{std::string(line.substr(start, var_end - start)),
                       std::string(line.substr(i, end - i)), i};
    }
  }
  return std::nullopt;
}

void fill_item(ParseContext& ctx, const YamlNode& item, const std::string& path, const ItemMatch& m,
               std::string_view line, WithItemsSpec& w) {
  w.var = m.var;
  if (m.array[0] != '[') {
    ctx.expr(text_pos(item), path, m.array, code_points(line, m.array_offset), &w.expr);
    return;
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(m.array, ec);
  if (ec || !v.is_array()) {
    ctx.add(item.mark, path,
            "Invalid array in 'with-items' clause: " + m.array +
                ", error: " + (ec ? ec.message() : std::string("not a list")));
    return;
  }
  w.list = std::move(v.as_array());
}

}  // namespace

void fill_with_items(ParseContext& ctx, const YamlEntry& entry, WorkflowType type,
                     const std::string& path, TaskSpec& task) {
  const YamlNode& node = *entry.value.find("with-items");
  std::vector<const YamlNode*> items;
  if (node.is_string()) {
    items.push_back(&node);
  } else {
    for (const auto& i : node.items) {
      items.push_back(&i);
    }
  }
  task.with_items.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string_view text = items[i]->value.as_string();
    std::string_view line = text.substr(0, text.find('\n'));
    std::string p = node.is_string() ? path : join_path(path, std::to_string(i));
    auto m = match_item(line);
    if (!m) {
      ctx.add(items[i]->mark, p,
              "Wrong format of 'with-items' property. Please use format 'var in {[some, list] | "
              "<% $.array %> }: " +
                  task_repr(entry, type));
      continue;
    }
    fill_item(ctx, *items[i], p, *m, line, task.with_items[i]);
  }
}

}  // namespace bora::dsl
