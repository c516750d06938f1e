#include "dsl/yaml_source.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace bora::dsl {
namespace {

// Returns the index just after the quoted scalar opening at `pos`, or npos.
std::size_t quoted_end(std::string_view text, std::size_t pos) {
  char quote = text[pos];
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] != quote) {
      continue;
    }
    if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
      ++i;
      continue;
    }
    return i + 1;
  }
  return std::string_view::npos;
}

}  // namespace

bool quoted_scalar_closed(std::string_view text, std::size_t pos) {
  return pos < text.size() && quoted_end(text, pos) != std::string_view::npos;
}

bool key_has_colon(std::string_view text, std::size_t pos, std::string_view plain) {
  if (pos >= text.size()) {
    return true;
  }
  std::size_t back = pos;
  while (back > 0 && (text[back - 1] == ' ' || text[back - 1] == '\t')) {
    --back;
  }
  if (back > 0 && text[back - 1] == '?') {
    return true;
  }
  std::size_t i = pos;
  if (plain.empty()) {
    if (text[pos] != '"' && text[pos] != '\'') {
      return true;
    }
    i = quoted_end(text, pos);
    if (i == std::string_view::npos) {
      return true;  // reported as an unclosed quote instead
    }
  } else {
    if (text.substr(pos, plain.size()) != plain) {
      return true;  // a form this check does not understand; trust yaml-cpp
    }
    i = pos + plain.size();
  }
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
    ++i;
  }
  return i < text.size() && text[i] == ':';
}

bool block_text_start(std::string_view text, std::size_t pos, uint32_t& lines_below,
                      uint32_t& column) {
  std::size_t i = pos;
  lines_below = 0;
  while (i < text.size()) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) {
      return false;
    }
    i = nl + 1;
    ++lines_below;
    std::size_t j = i;
    while (j < text.size() && text[j] == ' ') {
      ++j;
    }
    if (j < text.size() && text[j] != '\n' && text[j] != '\r') {
      column = static_cast<uint32_t>(j - i + 1);
      return true;
    }
  }
  return false;
}

std::optional<YamlMark> directive_without_document_start(std::string_view text) {
  bool directive = false;
  uint32_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++line) {
    std::size_t nl = text.find('\n', i);
    std::string_view l = text.substr(i, nl == std::string_view::npos ? nl : nl - i);
    std::size_t first = l.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && l[first] != '#') {
      if (l[0] == '%') {
        directive = true;
      } else {
        return directive && l.substr(0, 3) != "---" ? std::optional<YamlMark>(YamlMark{line, 1})
                                                    : std::nullopt;
      }
    }
    if (nl == std::string_view::npos) {
      break;
    }
    i = nl + 1;
  }
  return std::nullopt;
}

const YamlNode* apply_merge_keys(YamlNode& map, const std::vector<std::size_t>& merge_entries,
                                 std::vector<Diagnostic>& duplicates) {
  std::vector<YamlEntry> merged;
  std::unordered_map<std::string, std::size_t> index;
  auto add = [&](const YamlEntry& e) {
    auto [it, inserted] = index.emplace(e.key, merged.size());
    if (inserted) {
      merged.push_back(e);
    } else {
      merged[it->second] = e;
    }
  };
  std::vector<YamlEntry> own;
  for (std::size_t i = 0; i < map.entries.size(); ++i) {
    if (std::find(merge_entries.begin(), merge_entries.end(), i) == merge_entries.end()) {
      own.push_back(std::move(map.entries[i]));
      continue;
    }
    const YamlNode& v = map.entries[i].value;
    std::vector<const YamlNode*> sources;
    if (v.is_seq()) {
      for (auto it = v.items.rbegin(); it != v.items.rend(); ++it) {
        sources.push_back(&*it);
      }
    } else {
      sources.push_back(&v);
    }
    for (const YamlNode* src : sources) {
      if (!src->is_map()) {
        return src;
      }
      for (const auto& e : src->entries) {
        add(e);
      }
    }
  }
  find_duplicate_keys(own, duplicates);
  for (auto& e : own) {
    add(e);
  }
  map.entries = std::move(merged);
  return nullptr;
}

void find_duplicate_keys(const std::vector<YamlEntry>& entries, std::vector<Diagnostic>& out) {
  std::unordered_map<std::string_view, const YamlEntry*> seen;
  seen.reserve(entries.size());
  for (const auto& e : entries) {
    auto [it, inserted] = seen.emplace(e.key, &e);
    if (inserted) {
      continue;
    }
    const YamlMark& first = it->second->key_mark;
    out.push_back(Diagnostic{e.key_mark.line, e.key_mark.column, "",
                             "duplicate key '" + e.key + "' (first defined at line " +
                                 std::to_string(first.line) + ", column " +
                                 std::to_string(first.column) + ")"});
  }
}

}  // namespace bora::dsl
