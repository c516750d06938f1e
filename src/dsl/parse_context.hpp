#pragma once

// Internal to the parser (not included outside src/dsl): the diagnostic
// sink, Mistral-style schema errors and the expression slots filled in the
// last phase.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dsl/template.hpp"
#include "dsl/yaml_loader.hpp"
#include "error.hpp"

namespace bora::dsl {

/// One schema violation, shaped like a jsonschema error so that the message
/// Mistral would pick ("best match") can be chosen among alternatives.
struct SchemaError {
  /// Where the offending value (or key) is, and its dotted path.
  YamlMark mark;
  std::string path;
  /// Levels below the instance of the enclosing oneOf/anyOf (or the spec).
  uint32_t depth = 0;
  /// True for oneOf/anyOf failures (jsonschema's "weak" matches).
  bool weak = false;
  /// True when the instance is not of the schema's own type (or the schema
  /// has no type), which jsonschema ranks as less relevant.
  bool type_mismatch = true;
  std::string message;
  /// The errors of each alternative of a oneOf/anyOf.
  std::vector<SchemaError> context;
};

/// Where a string's text sits in the file (a scalar node or a map key).
struct TextPos {
  YamlMark mark;
  YamlMark text_mark;
  bool block = false;
};

/// Returns the position of a scalar node's text.
TextPos text_pos(const YamlNode& node);
/// Returns the position of a map key's text.
TextPos key_pos(const YamlEntry& entry);
/// Returns the file position of `column` (1-based) on line `line_in_text` (0
/// or 1: the first) of the text at `pos`.
YamlMark place(const TextPos& pos, uint32_t line_in_text, uint32_t column);

/// A string (or one inline parameter of it) whose expressions are compiled
/// in the last phase.
struct StringSlot {
  /// Registration order (slots are compiled in document order).
  std::size_t seq = 0;
  TextPos pos;
  std::string path;
  std::string text;
  /// Code points between the start of the node's text and `text`.
  uint32_t column_offset = 0;
  std::shared_ptr<const CompiledString>* out = nullptr;
};

/// A structured value whose string leaves are compiled in the last phase.
struct ValueSlot {
  std::size_t seq = 0;
  /// The node the value came from (null for inline parameters).
  const YamlNode* node = nullptr;
  TextPos pos;
  std::string path;
  boost::json::value value;
  ValueTemplate* out = nullptr;
  /// For inline parameters: per-key nodes are not available, so diagnostics
  /// are placed on `node` at these column offsets (key -> offset).
  std::vector<std::pair<std::string, uint32_t>> key_offsets;
};

/// Collects everything one parse finds. Not thread-safe; one per parse.
class ParseContext {
public:
  explicit ParseContext(std::string_view text) : text_(text) {}

  /// Adds a diagnostic (dropped beyond max_diagnostics). The first one added
  /// supplies the error message unless set_message was called before.
  void add(YamlMark at, std::string path, std::string message);
  /// Adds the diagnostics of one spec's schema errors; the spec's best match
  /// becomes the error message if none is set yet.
  void add_schema_errors(const std::vector<SchemaError>& errors);
  /// Sets the error code (Errc::invalid_definition unless a limit was hit).
  void set_code(Errc code) {
    code_ = code;
  }
  /// Returns true if any problem was found.
  bool failed() const {
    return !diagnostics_.empty();
  }
  /// Returns the error of this parse (call only when failed()).
  Error error() const;

  /// Remembers where a spec part (a task, a transition, a requires entry)
  /// was written, for the semantic checks.
  void locate(const void* part, YamlMark at, std::string path);
  /// Returns the location recorded for `part` ({} and "" when none).
  std::pair<YamlMark, std::string> location(const void* part) const;

  std::vector<StringSlot> strings;
  std::vector<ValueSlot> values;
  /// Returns the next slot sequence number.
  std::size_t next_seq() {
    return seq_++;
  }

  /// Registers a string slot (compiled later).
  void expr(TextPos pos, std::string path, std::string text, uint32_t column_offset,
            std::shared_ptr<const CompiledString>* out);
  /// Registers a string that is only syntax-checked (nothing is kept).
  void check(TextPos pos, std::string path, std::string text);
  /// Registers a slot for a string node as a whole.
  void expr(const YamlNode& node, std::string path, std::shared_ptr<const CompiledString>* out);
  /// Registers a value slot for `node` converted to JSON.
  void value(const YamlNode& node, std::string path, ValueTemplate* out);

private:
  std::string_view text_;
  Errc code_ = Errc::invalid_definition;
  std::size_t seq_ = 0;
  std::vector<Diagnostic> diagnostics_;
  std::size_t total_ = 0;
  std::optional<std::string> message_;
  std::unordered_map<const void*, std::pair<YamlMark, std::string>> locations_;
};

// -- schema helpers: each returns true when the node is valid, else appends
// -- one SchemaError (already in Mistral's wording) to `out`.

/// Returns Python's repr() of the node's value, as jsonschema prints it.
std::string repr(const YamlNode& node);
/// Joins a path and a key with a dot.
std::string join_path(std::string_view path, std::string_view key);

/// Picks the error jsonschema's best_match reports among `errors` (the
/// top-level errors of one spec), descending into oneOf/anyOf contexts.
const SchemaError& best_match(const std::vector<SchemaError>& errors);
/// Descends from `e` into its context as best_match does.
const SchemaError& descend(const SchemaError& e);

SchemaError make_error(const YamlNode& node, std::string path, uint32_t depth, std::string message,
                       bool type_mismatch = false);
SchemaError type_error(const YamlNode& node, std::string path, uint32_t depth,
                       std::string_view type);

/// True for a string matching Mistral's whole-expression schema pattern.
bool is_expression_string(const YamlNode& node);
/// True when two items of a sequence are equal (Python equality).
bool has_duplicate_items(const YamlNode& list);
/// True for a JSON-schema "integer" (bool excluded) that is >= 0.
bool is_non_negative_int(const YamlNode& node);

bool check_string(const YamlNode& node, const std::string& path, uint32_t depth,
                  std::vector<SchemaError>& out);
bool check_nonempty_map(const YamlNode& node, const std::string& path, uint32_t depth,
                        std::vector<SchemaError>& out);
bool check_unique_strings(const YamlNode& node, const std::string& path, uint32_t depth,
                          std::vector<SchemaError>& out);
bool check_expr_or_int(const YamlNode& node, const std::string& path, uint32_t depth,
                       std::vector<SchemaError>& out);
bool check_expr_or_bool(const YamlNode& node, const std::string& path, uint32_t depth,
                        std::vector<SchemaError>& out);
bool check_expression(const YamlNode& node, const std::string& path, uint32_t depth,
                      std::vector<SchemaError>& out);
/// `input` lists of workflows and actions: unique items, each a name or a
/// one-key map.
bool check_input_list(const YamlNode& node, const std::string& path, uint32_t depth,
                      std::vector<SchemaError>& out);
/// "Additional properties are not allowed (...)" for keys outside `allowed`.
bool check_allowed_keys(const YamlNode& map, const std::string& path, uint32_t depth,
                        const std::vector<std::string_view>& allowed,
                        std::vector<SchemaError>& out);

}  // namespace bora::dsl
