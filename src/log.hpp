#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bora::log {

/// Severity of a log line, lowest first.
enum class Level : uint8_t { trace, debug, info, warn, error, off };

/// Sets the process-wide level; lines below it are dropped. Thread-safe.
void set_level(Level level);

/// Parses `trace|debug|info|warn|error|off`; returns false on anything else.
bool parse_level(std::string_view text, Level& out);

/// A named logger of one module. Lines are `<module> <event> key=value ...`,
/// written to stderr. Cheap to copy; safe to use from any thread.
class Logger {
public:
  /// Makes a logger for `module` (e.g. "dsl", "storage").
  explicit Logger(std::string module);

  /// Returns true if a line at `level` would be written.
  bool enabled(Level level) const;

  void debug(std::string_view line) const;
  void info(std::string_view line) const;
  void warn(std::string_view line) const;
  void error(std::string_view line) const;

private:
  void write(Level level, std::string_view line) const;

  std::string module_;
};

}  // namespace bora::log
