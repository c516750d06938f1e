#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace bora::dsl {

/// Where one inline parameter's value sits in the command text (for placing
/// expression diagnostics).
struct InlineParamPos {
  std::string key;
  /// Byte offset of the value's first character (inside quotes) in the text.
  std::size_t offset = 0;
  /// The same offset in code points (for diagnostic columns).
  uint32_t column_offset = 0;
};

/// A command string split Mistral's way: `std.echo output="hi" n=3`.
struct CommandText {
  /// False when the text has a space but does not start with a name or an
  /// expression (Mistral: "Invalid action/workflow task property: ...").
  bool ok = true;
  /// The command: an action/workflow/task name, or an expression.
  std::string name;
  /// The parameters found (values: strings, numbers, bools, null, lists).
  boost::json::object params;
  /// One entry per parameter kept, in text order.
  std::vector<InlineParamPos> positions;
};

/// Splits `text` into a command and its `key=value` parameters following the
/// grammar of the language reference §3.1: text without a space is only a
/// name; values are "..." or '...' (quotes removed), <% %> / {{ }} (kept as
/// text), [...] (JSON, greedy to the last `]`; kept as text if not JSON),
/// true/false/null, or a run of digits. Pairs in any other form are skipped,
/// as Mistral skips them. Pure; never fails (see CommandText::ok).
CommandText parse_command_text(std::string_view text);

}  // namespace bora::dsl
