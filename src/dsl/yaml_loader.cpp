#include "dsl/yaml_loader.hpp"

#include <algorithm>
#include <optional>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>
#include <boost/json.hpp>

#include "dsl/pystr.hpp"
#include "dsl/utf8_check.hpp"
#include "dsl/yaml_scalar.hpp"
#include "dsl/yaml_source.hpp"

namespace bora::dsl {
namespace {

constexpr std::string_view parse_prefix = "Definition could not be parsed: ";

// Thrown from inside the event handler to stop yaml-cpp at once (limits,
// constructs PyYAML refuses); caught in load_yaml, never escapes it.
struct LoadFailure {
  Error error;
};

Error located(Errc code, std::string message, YamlMark at) {
  Diagnostic d{at.line, at.column, "", message};
  return Error(code, std::move(message), {std::move(d)});
}

std::string key_text(const YamlNode& key) {
  const auto& v = key.value;
  if (v.is_string()) {
    return std::string(v.as_string());
  }
  if (v.is_null()) {
    return "null";
  }
  if (v.is_bool()) {
    return v.as_bool() ? "true" : "false";
  }
  if (v.is_double()) {
    return py_float_repr(v.as_double());
  }
  return boost::json::serialize(v);
}

std::size_t count_nodes(const YamlNode& n) {
  std::size_t total = 1;
  for (const auto& item : n.items) {
    total += count_nodes(item);
  }
  for (const auto& e : n.entries) {
    total += 1 + count_nodes(e.value);
  }
  return total;
}

// Builds YamlNode trees from yaml-cpp events. Every collection start is
// checked against max_yaml_depth before yaml-cpp recurses into it.
class TreeBuilder : public YAML::EventHandler {
public:
  explicit TreeBuilder(std::string_view text) : text_(text) {}

  std::vector<Diagnostic> duplicates;
  YamlNode root;
  bool have_root = false;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0) {
      throw LoadFailure{located(
          Errc::parse_error, std::string(parse_prefix) + "expected a single document in the stream",
          to_mark(mark))};
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode n;
    n.mark = n.text_mark = to_mark(mark);
    // An empty value: yaml-cpp marks the next token; use its key instead
    // (set in finish).
    auto pos = static_cast<std::size_t>(std::max(mark.pos, 0));
    char c = pos < text_.size() ? text_[pos] : '\0';
    if (c != '~' && c != 'n' && c != 'N') {
      n.mark = n.text_mark = {};
    }
    count(1, n.mark);
    finish(std::move(n), anchor, false);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw LoadFailure{located(Errc::parse_error,
                                std::string(parse_prefix) + "alias refers to an unfinished node",
                                to_mark(mark))};
    }
    count(it->second.second, to_mark(mark));
    finish(YamlNode(it->second.first), 0, false);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode n;
    n.mark = n.text_mark = to_mark(mark);
    count(1, n.mark);
    check_key_colon(mark, tag, value);
    bool merge_key = false;
    if (tag == "?") {
      if (value == "=" || (value == "<<" && !expecting_key())) {
        fail_tag(value == "=" ? "tag:yaml.org,2002:value" : "tag:yaml.org,2002:merge", n.mark);
      }
      merge_key = value == "<<";
      n.value = resolve_yaml11_scalar(value);
    } else if (!resolve_tagged_scalar(tag, value, n.value)) {
      fail_tag(tag, n.mark);
    }
    if (tag == "!") {
      place_text(n, static_cast<std::size_t>(mark.pos));
    }
    finish(std::move(n), anchor, merge_key);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(YamlNode::Kind::sequence, mark, tag, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override {
    close();
  }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(YamlNode::Kind::mapping, mark, tag, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnMapEnd() override {
    close();
  }

  // Converts a yaml-cpp mark (0-based, column in bytes) to a 1-based mark
  // whose column counts code points, as Python does.
  YamlMark to_mark(const YAML::Mark& m) {
    if (m.pos < 0 || m.line < 0 || m.column < 0) {
      return {};
    }
    auto pos = std::min(static_cast<std::size_t>(m.pos), text_.size());
    std::size_t start = pos >= static_cast<std::size_t>(m.column) ? pos - m.column : 0;
    // Marks arrive mostly left to right: continue counting from the last
    // mark on the same line, so a long line costs O(length) overall.
    if (start != count_line_ || pos < count_pos_) {
      count_line_ = start;
      count_pos_ = start;
      count_col_ = 1;
    }
    for (; count_pos_ < pos; ++count_pos_) {
      if ((static_cast<unsigned char>(text_[count_pos_]) & 0xC0) != 0x80) {
        ++count_col_;
      }
    }
    return {static_cast<uint32_t>(m.line) + 1, count_col_};
  }

private:
  struct Frame {
    YamlNode node;
    YAML::anchor_t anchor = 0;
    std::optional<YamlNode> key;
    bool flow = false;
    bool key_is_merge = false;
    std::vector<std::size_t> merge_entries;  // indices of `<<` entries
  };

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().node.is_map() && !stack_.back().key;
  }

  [[noreturn]] void fail_tag(const std::string& tag, YamlMark at) {
    throw LoadFailure{located(
        Errc::parse_error,
        std::string(parse_prefix) + "could not determine a constructor for the tag '" + tag + "'",
        at)};
  }

  void count(std::size_t n, YamlMark at) {
    nodes_ += n;
    if (nodes_ > max_yaml_nodes) {
      throw LoadFailure{located(
          Errc::limit_exceeded,
          "definition expands to more than " + std::to_string(max_yaml_nodes) + " YAML nodes", at)};
    }
  }

  // Quoted and block scalars: find where the text itself begins. yaml-cpp
  // ends an unterminated quoted scalar at the end of the input; PyYAML (and
  // Bora) refuse it.
  void place_text(YamlNode& n, std::size_t pos) const {
    if (pos >= text_.size()) {
      return;
    }
    char c = text_[pos];
    if (c == '"' || c == '\'') {
      n.text_mark.column += 1;
      if (!quoted_scalar_closed(text_, pos)) {
        throw LoadFailure{located(Errc::parse_error,
                                  std::string(parse_prefix) +
                                      "found unexpected end of stream while scanning a quoted "
                                      "scalar",
                                  n.mark)};
      }
      return;
    }
    uint32_t below = 0;
    uint32_t column = 0;
    if ((c == '|' || c == '>') && block_text_start(text_, pos, below, column)) {
      n.block_scalar = true;
      n.text_mark = {n.mark.line + below, column};
    }
  }

  void check_key_colon(const YAML::Mark& mark, const std::string& tag, const std::string& value) {
    if (!expecting_key() || stack_.back().flow || (tag != "?" && tag != "!")) {
      return;
    }
    auto pos = static_cast<std::size_t>(std::max(mark.pos, 0));
    if (!key_has_colon(text_, pos, tag == "?" ? std::string_view(value) : std::string_view())) {
      throw LoadFailure{located(Errc::parse_error,
                                std::string(parse_prefix) + "could not find expected ':'",
                                to_mark(mark))};
    }
  }

  void open(YamlNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
            YAML::anchor_t anchor, bool flow) {
    Frame f;
    f.flow = flow;
    f.node.kind = kind;
    f.node.mark = f.node.text_mark = to_mark(mark);
    f.anchor = anchor;
    count(1, f.node.mark);
    const char* expected =
        kind == YamlNode::Kind::mapping ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq";
    if (tag != "?" && tag != "!" && tag != expected) {
      fail_tag(tag, f.node.mark);
    }
    if (stack_.size() >= max_yaml_depth) {
      throw LoadFailure{
          located(Errc::limit_exceeded,
                  "definition is nested deeper than " + std::to_string(max_yaml_depth) + " levels",
                  f.node.mark)};
    }
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.node.is_map()) {
      apply_merges(f);
      check_duplicates(f.node);
    }
    finish(std::move(f.node), f.anchor, false);
  }

  void finish(YamlNode n, YAML::anchor_t anchor, bool merge_key) {
    if (anchor != 0) {
      anchors_[anchor] = {n, count_nodes(n)};
    }
    if (stack_.empty()) {
      root = std::move(n);
      have_root = true;
      return;
    }
    Frame& parent = stack_.back();
    if (parent.node.is_seq()) {
      if (n.mark.line == 0) {
        n.mark = n.text_mark = parent.node.mark;
      }
      parent.node.items.push_back(std::move(n));
      return;
    }
    if (!parent.key) {
      if (!n.is_scalar()) {
        throw LoadFailure{
            located(Errc::parse_error, std::string(parse_prefix) + "found unhashable key", n.mark)};
      }
      parent.key = std::move(n);
      parent.key_is_merge = merge_key;
      return;
    }
    if (n.mark.line == 0) {
      n.mark = n.text_mark = parent.key->mark;
    }
    YamlEntry e;
    e.key = key_text(*parent.key);
    e.key_is_text = parent.key->value.is_string();
    e.key_mark = parent.key->mark;
    e.value = std::move(n);
    if (parent.key_is_merge) {
      parent.merge_entries.push_back(parent.node.entries.size());
    }
    parent.node.entries.push_back(std::move(e));
    parent.key.reset();
  }

  void apply_merges(Frame& f) {
    if (f.merge_entries.empty()) {
      return;
    }
    if (const YamlNode* bad = apply_merge_keys(f.node, f.merge_entries, duplicates)) {
      throw LoadFailure{
          located(Errc::parse_error,
                  std::string(parse_prefix) + "expected a mapping or list of mappings for merging",
                  bad->mark)};
    }
    f.merge_entries.clear();
  }

  void check_duplicates(const YamlNode& map) {
    if (map.entries.size() > 1) {
      find_duplicate_keys(map.entries, duplicates);
    }
  }

  std::string_view text_;
  std::size_t count_line_ = std::string_view::npos;
  std::size_t count_pos_ = 0;
  uint32_t count_col_ = 1;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, std::pair<YamlNode, std::size_t>> anchors_;
  std::size_t nodes_ = 0;
  int documents_ = 0;
};

bool is_falsy(const YamlNode& n) {
  if (n.is_map()) {
    return n.entries.empty();
  }
  if (n.is_seq()) {
    return n.items.empty();
  }
  const auto& v = n.value;
  return v.is_null() || (v.is_bool() && !v.as_bool()) || (v.is_int64() && v.as_int64() == 0) ||
         (v.is_double() && v.as_double() == 0.0) || (v.is_string() && v.as_string().empty());
}

std::string yaml_cpp_message(const YAML::Exception& e) {
  return e.msg.empty() ? std::string("invalid YAML") : e.msg;
}

}  // namespace

const YamlNode* YamlNode::find(std::string_view key) const {
  const YamlEntry* e = find_entry(key);
  return e ? &e->value : nullptr;
}

const YamlEntry* YamlNode::find_entry(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) {
      return &e;
    }
  }
  return nullptr;
}

Result<YamlNode> load_yaml(std::string_view text) {
  if (text.size() > max_definition_bytes) {
    return Error(Errc::limit_exceeded, "definition is " + std::to_string(text.size()) +
                                           " bytes long, more than the limit of " +
                                           std::to_string(max_definition_bytes) + " bytes");
  }
  if (auto bad = find_unacceptable_character(text)) {
    return located(Errc::parse_error, std::string(parse_prefix) + bad->message,
                   {bad->line, bad->column});
  }
  if (auto at = directive_without_document_start(text)) {
    return located(Errc::parse_error,
                   std::string(parse_prefix) + "expected '<document start>' after directives", *at);
  }
  TreeBuilder builder(text);
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    if (parser.HandleNextDocument(builder)) {
      parser.HandleNextDocument(builder);
    }
  } catch (LoadFailure& f) {
    return std::move(f.error);
  } catch (const YAML::Exception& e) {
    return located(Errc::parse_error, std::string(parse_prefix) + yaml_cpp_message(e),
                   builder.to_mark(e.mark));
  } catch (const std::exception& e) {
    return Error(Errc::parse_error, std::string(parse_prefix) + e.what());
  }
  if (!builder.duplicates.empty()) {
    auto& d = builder.duplicates;
    std::stable_sort(d.begin(), d.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    std::string message = builder.duplicates.front().message;
    return Error(Errc::invalid_definition, std::move(message), std::move(builder.duplicates));
  }
  if (!builder.have_root || is_falsy(builder.root)) {
    YamlNode empty;
    empty.kind = YamlNode::Kind::mapping;
    empty.mark = empty.text_mark = {1, 1};
    return empty;
  }
  return std::move(builder.root);
}

boost::json::value to_json(const YamlNode& node) {
  if (node.is_scalar()) {
    return node.value;
  }
  if (node.is_seq()) {
    boost::json::array a;
    a.reserve(node.items.size());
    for (const auto& item : node.items) {
      a.push_back(to_json(item));
    }
    return a;
  }
  boost::json::object o;
  o.reserve(node.entries.size());
  for (const auto& e : node.entries) {
    o[e.key] = to_json(e.value);
  }
  return o;
}

YamlMark mark_in_text(const YamlNode& node, uint32_t line_in_text, uint32_t column) {
  if (column == 0) {
    return node.mark;
  }
  if (line_in_text <= 1) {
    return {node.text_mark.line, node.text_mark.column + column - 1};
  }
  if (node.block_scalar) {
    return {node.text_mark.line + line_in_text - 1, node.text_mark.column + column - 1};
  }
  return {node.text_mark.line + line_in_text - 1, column};
}

}  // namespace bora::dsl
