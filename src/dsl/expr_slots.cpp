// Phase 4: compile every expression slot registered while building specs and
// turn template diagnostics (relative to one string or value) into file
// positions.
#include <boost/json.hpp>

#include "dsl/validator.hpp"

namespace bora::dsl {
namespace {

// Follows a template diagnostic path (`a.b.0`) down from `node`; stops at the
// deepest node found.
const YamlNode& leaf_of(const YamlNode& node, std::string_view path) {
  const YamlNode* cur = &node;
  while (!path.empty()) {
    std::size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    const YamlNode* next = nullptr;
    if (cur->is_map()) {
      next = cur->find(part);
    } else if (cur->is_seq()) {
      std::size_t idx = 0;
      bool digits = !part.empty();
      for (char c : part) {
        digits = digits && c >= '0' && c <= '9';
        idx = idx * 10 + static_cast<std::size_t>(c - '0');
      }
      next = digits && idx < cur->items.size() ? &cur->items[idx] : nullptr;
    }
    if (!next) {
      return *cur;
    }
    cur = next;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return *cur;
}

// Mistral's message for the problem: the error's own message when it names
// one problem, else each diagnostic's.
const std::string& message_of(const Error& e, const Diagnostic& d) {
  return e.diagnostics.size() == 1 || d.message.empty() ? e.message : d.message;
}

void report(ParseContext& ctx, const Error& e, const TextPos& pos, const std::string& path,
            uint32_t offset) {
  if (e.diagnostics.empty()) {
    ctx.add(pos.mark, path, e.message);
    return;
  }
  for (const auto& d : e.diagnostics) {
    uint32_t line = d.line;
    uint32_t col = d.column == 0 ? 0 : d.column + (line <= 1 ? offset : 0);
    ctx.add(place(pos, line, col), path, message_of(e, d));
  }
}

void compile_string(ParseContext& ctx, StringSlot& slot) {
  auto r = CompiledString::compile(slot.text);
  if (r.ok()) {
    if (slot.out) {
      *slot.out = std::move(r).value();
    }
    return;
  }
  report(ctx, r.error(), slot.pos, slot.path, slot.column_offset);
}

void compile_value(ParseContext& ctx, ValueSlot& slot) {
  auto r = ValueTemplate::compile(std::move(slot.value));
  if (r.ok()) {
    *slot.out = std::move(r).value();
    return;
  }
  const Error& e = r.error();
  if (e.diagnostics.empty()) {
    ctx.add(slot.pos.mark, slot.path, e.message);
    return;
  }
  for (const auto& d : e.diagnostics) {
    if (!slot.node) {
      // Inline parameters: the path's first part is the parameter key.
      std::string_view key = std::string_view(d.path).substr(0, d.path.find('.'));
      uint32_t offset = 0;
      for (const auto& [k, o] : slot.key_offsets) {
        offset = k == key ? o : offset;
      }
      uint32_t col = d.column == 0 ? 0 : d.column + (d.line <= 1 ? offset : 0);
      ctx.add(place(slot.pos, d.line, col), slot.path, message_of(e, d));
      continue;
    }
    const YamlNode& leaf = leaf_of(*slot.node, d.path);
    ctx.add(place(text_pos(leaf), d.line, d.column), join_path(slot.path, d.path),
            message_of(e, d));
  }
}

}  // namespace

void compile_slots(ParseContext& ctx) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < ctx.strings.size() || j < ctx.values.size()) {
    bool take_string = j >= ctx.values.size() ||
                       (i < ctx.strings.size() && ctx.strings[i].seq < ctx.values[j].seq);
    if (take_string) {
      compile_string(ctx, ctx.strings[i++]);
    } else {
      compile_value(ctx, ctx.values[j++]);
    }
  }
}

}  // namespace bora::dsl
