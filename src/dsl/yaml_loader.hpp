#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "result.hpp"

namespace bora::dsl {

/// Largest definition text accepted, in bytes. Bigger input is rejected before
/// any parsing with `Errc::limit_exceeded`.
inline constexpr std::size_t max_definition_bytes = std::size_t{16} << 20;
/// Deepest nesting of collections accepted. Checked while yaml-cpp descends,
/// so neither yaml-cpp nor Bora's own recursive code can exhaust the stack.
inline constexpr uint32_t max_yaml_depth = 100;
/// Most nodes (scalars and collections, counting every alias expansion) one
/// document may produce. Bounds memory and stops "billion laughs" documents.
inline constexpr std::size_t max_yaml_nodes = 500'000;

/// A position in the definition text, both counted from 1 (column in Unicode
/// code points); 0 means unknown.
struct YamlMark {
  uint32_t line = 0;
  uint32_t column = 0;
};

struct YamlEntry;

/// One node of a loaded YAML document. Scalars are already resolved the way
/// PyYAML's safe loader (YAML 1.1) resolves them; maps keep their entries in
/// document order. Owned by value; plain data.
struct YamlNode {
  enum class Kind : uint8_t { scalar = 1, sequence, mapping };

  Kind kind = Kind::scalar;
  /// True for a `|` or `>` block scalar: line N of its text is on line
  /// `text_mark.line + N - 1` of the file.
  bool block_scalar = false;
  /// Where the node starts (a quoted scalar: its opening quote).
  YamlMark mark;
  /// Where a scalar's text starts (after the quote; a block scalar's first
  /// content line). Used to place diagnostics found inside the text.
  YamlMark text_mark;
  /// The resolved value of a scalar (null, bool, int64, double or string).
  boost::json::value value;
  std::vector<YamlNode> items;
  std::vector<YamlEntry> entries;

  bool is_map() const {
    return kind == Kind::mapping;
  }
  bool is_seq() const {
    return kind == Kind::sequence;
  }
  bool is_scalar() const {
    return kind == Kind::scalar;
  }
  bool is_string() const {
    return kind == Kind::scalar && value.is_string();
  }
  /// Returns the entry value for `key`, or nullptr (maps only; linear scan).
  const YamlNode* find(std::string_view key) const;
  /// Returns the entry for `key`, or nullptr.
  const YamlEntry* find_entry(std::string_view key) const;
};

/// One key of a map. Non-text keys (`1:`, `yes:`) are kept as the text
/// Python's json.dumps gives them (`1`, `true`), with `key_is_text` false.
struct YamlEntry {
  std::string key;
  bool key_is_text = true;
  YamlMark key_mark;
  YamlNode value;
};

/// Parses one YAML document. An empty document, or one whose value Python
/// treats as false (`null`, `false`, `0`, `''`), yields an empty map, as
/// Mistral does. Fails with `Errc::parse_error` ("Definition could not be
/// parsed: ..."), `Errc::limit_exceeded` for the limits above, or
/// `Errc::invalid_definition` for duplicate keys (a Bora rule: one
/// diagnostic per duplicate naming both positions). Never throws.
Result<YamlNode> load_yaml(std::string_view text);

/// Converts a node to JSON (keys as in YamlEntry::key).
boost::json::value to_json(const YamlNode& node);

/// Returns the file position of a problem found at 1-based `column` of line
/// `line_in_text` (0 or 1: the first line) of the scalar `node`'s text.
YamlMark mark_in_text(const YamlNode& node, uint32_t line_in_text, uint32_t column);

}  // namespace bora::dsl
