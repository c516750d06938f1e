// Workflows and actions keep the text they were defined with. Items are cut
// out by line, using the key positions the loader recorded.
#include "dsl/definition_text.hpp"

#include <vector>

namespace bora::dsl {
namespace {

// Byte offsets of the start of every line (1-based index).
std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0, 0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts.push_back(i + 1);
    }
  }
  starts.push_back(text.size());
  return starts;
}

// Lines [from, to) of the text; `to` = 0 means to the end.
std::string_view lines(std::string_view text, const std::vector<std::size_t>& starts, uint32_t from,
                       uint32_t to) {
  std::size_t last = starts.size() - 1;
  std::size_t b = starts[std::min<std::size_t>(from, last)];
  std::size_t e = to == 0 ? text.size() : starts[std::min<std::size_t>(to, last)];
  return text.substr(b, e > b ? e - b : 0);
}

// The line after the entry: the next sibling key's line (0: none).
// `item` must be one of `map.entries`; its position is found in O(1).
uint32_t end_line(const YamlNode& map, const YamlEntry& item, uint32_t fallback) {
  auto i = static_cast<std::size_t>(&item - map.entries.data());
  if (i + 1 < map.entries.size()) {
    return map.entries[i + 1].key_mark.line;
  }
  return fallback;
}

bool block_style(const YamlNode& map) {
  for (std::size_t i = 0; i + 1 < map.entries.size(); ++i) {
    if (map.entries[i].key_mark.line >= map.entries[i + 1].key_mark.line) {
      return false;
    }
  }
  return true;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) {
    s.pop_back();
  }
  return s + "\n";
}

}  // namespace

const std::vector<std::size_t>& DefinitionText::starts() const {
  if (starts_.empty()) {
    starts_ = line_starts(text_);
  }
  return starts_;
}

std::string DefinitionText::list_item(const YamlNode& root, const YamlEntry& item) const {
  std::string_view text = text_;
  if (!block_style(root)) {
    return std::string(text);
  }
  const auto& starts = this->starts();
  std::string out;
  if (const YamlEntry* v = root.find_entry("version")) {
    out += trimmed(std::string(lines(text, starts, v->key_mark.line, end_line(root, *v, 0))));
  }
  out += trimmed(std::string(lines(text, starts, item.key_mark.line, end_line(root, item, 0))));
  return out;
}

std::string DefinitionText::section_item(const YamlNode& root, const YamlNode& section,
                                         const YamlEntry& item) const {
  std::string_view text = text_;
  if (!block_style(section) || !block_style(root)) {
    return std::string(text);
  }
  uint32_t after_section = 0;
  for (const auto& e : root.entries) {
    if (&e.value == &section) {
      after_section = end_line(root, e, 0);
    }
  }
  const auto& starts = this->starts();
  std::string_view body =
      lines(text, starts, item.key_mark.line, end_line(section, item, after_section));
  std::size_t indent = item.key_mark.column > 0 ? item.key_mark.column - 1 : 0;
  std::string out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? nl : nl - pos + 1);
    std::size_t spaces = line.find_first_not_of(' ');
    out += line.substr(
        std::min({indent, spaces == std::string_view::npos ? line.size() : spaces, line.size()}));
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  return trimmed(out);
}

}  // namespace bora::dsl
