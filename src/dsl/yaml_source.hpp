#pragma once

// Internal to yaml_loader.cpp: checks on the raw text where yaml-cpp is more
// lenient than PyYAML, and text positions yaml-cpp's events do not carry.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dsl/yaml_loader.hpp"
#include "error.hpp"

namespace bora::dsl {

/// Returns true if the quoted scalar opening at `pos` (a `"` or `'`) is
/// closed before the end of the text.
bool quoted_scalar_closed(std::string_view text, std::size_t pos);

/// Returns true if the implicit block-mapping key starting at `pos` (plain
/// text `plain`, or a quoted scalar when `plain` is empty) is followed by
/// `:`. Explicit `? key` keys always pass. yaml-cpp reads a bare scalar at
/// the end of a block mapping as a key with a null value; PyYAML refuses it.
bool key_has_colon(std::string_view text, std::size_t pos, std::string_view plain);

/// Finds the first content line of the block scalar whose indicator (`|` or
/// `>`) is at `pos`: returns false when there is none, else sets the number
/// of lines below the indicator and the 1-based column of the text.
bool block_text_start(std::string_view text, std::size_t pos, uint32_t& lines_below,
                      uint32_t& column);

/// Returns where the document starts when `%` directives precede it
/// without a `---` line (yaml-cpp accepts that; PyYAML does not).
std::optional<YamlMark> directive_without_document_start(std::string_view text);

/// Applies the `<<` entries (indices into `map.entries`) as PyYAML's safe
/// loader does: keys of the merged maps the map does not set itself are
/// added, the first listed map winning. Duplicate keys among the map's own
/// entries are appended to `duplicates`. Returns a merge source that is not
/// a map (the caller reports it), else nullptr.
const YamlNode* apply_merge_keys(YamlNode& map, const std::vector<std::size_t>& merge_entries,
                                 std::vector<Diagnostic>& duplicates);

/// Appends one diagnostic per repeated key, naming the first occurrence.
void find_duplicate_keys(const std::vector<YamlEntry>& entries, std::vector<Diagnostic>& out);

}  // namespace bora::dsl
