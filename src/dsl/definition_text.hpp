#pragma once

// Internal to the parser: the text stored as one item's definition.

#include <string>
#include <string_view>

#include "dsl/yaml_loader.hpp"

namespace bora::dsl {

/// Returns `version` plus `item` cut out of a workflow/action list (block
/// style); the whole text when the list is not in block style.
std::string list_item_text(std::string_view text, const YamlNode& root, const YamlEntry& item);

/// Returns the lines of `item` inside the workbook section `section`,
/// dedented to the item's key, as Mistral stores workbook items.
std::string section_item_text(std::string_view text, const YamlNode& root, const YamlNode& section,
                              const YamlEntry& item);

}  // namespace bora::dsl
