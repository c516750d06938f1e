#pragma once

// Internal to the parser: the text stored as one item's definition.

#include <string>
#include <string_view>
#include <vector>

#include "dsl/yaml_loader.hpp"

namespace bora::dsl {

/// Cuts the stored definition of each item out of one document's text.
/// Indexes the line starts once, on first use, so cutting every item of a
/// large document stays linear. Borrows `text`, which must outlive it.
class DefinitionText {
public:
  explicit DefinitionText(std::string_view text) : text_(text) {}

  /// Returns `version` plus `item` cut out of a workflow/action list (block
  /// style); the whole text when the list is not in block style.
  std::string list_item(const YamlNode& root, const YamlEntry& item) const;

  /// Returns the lines of `item` inside the workbook section `section`,
  /// dedented to the item's key, as Mistral stores workbook items.
  std::string section_item(const YamlNode& root, const YamlNode& section,
                           const YamlEntry& item) const;

private:
  const std::vector<std::size_t>& starts() const;

  std::string_view text_;
  mutable std::vector<std::size_t> starts_;
};

}  // namespace bora::dsl
