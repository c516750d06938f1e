#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bora::dsl {

/// A character a YAML reader must refuse, with its 1-based position.
struct BadCharacter {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

/// Returns the first byte sequence of `text` that is not valid UTF-8, or the
/// first character outside the set PyYAML accepts (tab, newlines and the
/// printable Unicode ranges); nullopt when the whole text is acceptable.
std::optional<BadCharacter> find_unacceptable_character(std::string_view text);

/// Returns the byte offset of the first sequence in `text` that is not valid
/// UTF-8 (overlong forms and surrogates included), or nullopt when it is all
/// valid. Expression engines refuse such text at compile time, so every
/// string they handle is valid UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace bora::dsl
