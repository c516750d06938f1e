#include "storage/keys.hpp"

#include <array>

namespace bora::storage {

namespace {

constexpr std::array<const char*, family_count> family_names = {
    "definitions", "executions", "tasks", "action_executions", "cron_triggers", "environments",
    "timers",      "indexes",    "meta",          "event_triggers",
};

constexpr std::array<const char*, 3> kind_names = {"workflow", "workbook", "action"};

constexpr std::array<const char*, 11> index_names = {
    "exec_state", "exec_created", "exec_workflow", "exec_task", "exec_root",     "task_wf_exec",
    "task_state", "action_task",  "definition_id", "cron_id",   "cron_workflow",
};

Error malformed(std::string_view what, std::string_view key) {
  return Error(Errc::invalid_argument,
               "malformed " + std::string(what) + " key '" + std::string(key) + "'");
}

void append_u64be(std::string& out, uint64_t n) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  }
}

uint64_t read_u64be(std::string_view bytes) {
  uint64_t n = 0;
  for (size_t i = 0; i < 8; ++i) {
    n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return n;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

// Splits `text` at its first '/'; returns false when there is none.
bool split_first(std::string_view text, std::string_view& head, std::string_view& tail) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return false;
  }
  head = text.substr(0, slash);
  tail = text.substr(slash + 1);
  return true;
}

template <size_t N>
bool lookup(const std::array<const char*, N>& names, std::string_view name, size_t& out) {
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) {
      out = i;
      return true;
    }
  }
  return false;
}

}  // namespace

const char* family_name(Family family) {
  return family_names[static_cast<size_t>(family)];
}

const char* to_string(DefinitionKind kind) {
  return kind_names[static_cast<size_t>(kind)];
}

const char* to_string(Index index) {
  return index_names[static_cast<size_t>(index)];
}

bool is_numeric(Index index) {
  return index == Index::exec_created;
}

std::string escape_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<std::string> unescape_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '/') {
      return Error(Errc::invalid_argument, "unescaped '/' in key component");
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    int lo = hi >= 0 ? hex_value(text[i + 2]) : -1;
    if (lo < 0) {
      return Error(Errc::invalid_argument, "bad escape sequence in key component");
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// -- definitions ------------------------------------------------------------

std::string definition_prefix(DefinitionKind kind) {
  return std::string(to_string(kind)) + '/';
}

std::string definition_prefix(DefinitionKind kind, std::string_view ns) {
  return definition_prefix(kind) + escape_component(ns) + '/';
}

std::string definition_key(DefinitionKind kind, std::string_view ns, std::string_view name) {
  return definition_prefix(kind, ns) + escape_component(name);
}

Result<DefinitionKey> parse_definition_key(std::string_view key) {
  std::string_view kind_text;
  std::string_view ns_text;
  std::string_view rest;
  std::string_view name_text;
  size_t kind = 0;
  if (!split_first(key, kind_text, rest) || !split_first(rest, ns_text, name_text) ||
      !lookup(kind_names, kind_text, kind) || name_text.empty()) {
    return malformed("definition", key);
  }
  auto ns = unescape_component(ns_text);
  auto name = unescape_component(name_text);
  if (!ns.ok() || !name.ok()) {
    return malformed("definition", key);
  }
  return DefinitionKey{static_cast<DefinitionKind>(kind), std::move(*ns), std::move(*name)};
}

// -- indexes ----------------------------------------------------------------

std::string index_prefix(Index index) {
  return std::string(to_string(index)) + '/';
}

std::string index_prefix(Index index, std::string_view value) {
  return index_prefix(index) + escape_component(value) + '/';
}

std::string index_key(Index index, std::string_view value, std::string_view key) {
  return index_prefix(index, value).append(key);
}

std::string index_key(Index index, uint64_t number, std::string_view key) {
  std::string out = index_prefix(index);
  append_u64be(out, number);
  out.push_back('/');
  return out.append(key);
}

Result<IndexEntry> parse_index_key(std::string_view key) {
  std::string_view name;
  std::string_view rest;
  size_t index = 0;
  if (!split_first(key, name, rest) || !lookup(index_names, name, index)) {
    return malformed("index", key);
  }
  IndexEntry entry;
  entry.index = static_cast<Index>(index);
  if (is_numeric(entry.index)) {
    if (rest.size() < 10 || rest[8] != '/') {
      return malformed("index", key);
    }
    entry.number = read_u64be(rest);
    entry.key = std::string(rest.substr(9));
    return entry;
  }
  std::string_view value;
  std::string_view primary;
  if (!split_first(rest, value, primary) || primary.empty()) {
    return malformed("index", key);
  }
  auto unescaped = unescape_component(value);
  if (!unescaped.ok()) {
    return malformed("index", key);
  }
  entry.value = std::move(*unescaped);
  entry.key = std::string(primary);
  return entry;
}

// -- timers -----------------------------------------------------------------

std::string timer_bound(uint64_t due_ms) {
  std::string out;
  append_u64be(out, due_ms);
  return out;
}

std::string timer_key(uint64_t due_ms, std::string_view id) {
  return timer_bound(due_ms).append(id);
}

Result<TimerKey> parse_timer_key(std::string_view key) {
  if (key.size() <= 8) {
    return malformed("timer", key);
  }
  return TimerKey{read_u64be(key), std::string(key.substr(8))};
}

}  // namespace bora::storage
