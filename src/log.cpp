#include "log.hpp"

#include <atomic>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace bora::log {
namespace {

std::atomic<Level> g_level{Level::info};

spdlog::logger& sink() {
  // One stderr logger for the process; module names go into each line.
  static auto logger = [] {
    auto l = spdlog::stderr_logger_mt("bora");
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    l->set_level(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::trace:
      return spdlog::level::trace;
    case Level::debug:
      return spdlog::level::debug;
    case Level::info:
      return spdlog::level::info;
    case Level::warn:
      return spdlog::level::warn;
    case Level::error:
      return spdlog::level::err;
    case Level::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

void set_level(Level level) {
  g_level.store(level);
}

bool parse_level(std::string_view text, Level& out) {
  static constexpr std::pair<std::string_view, Level> names[] = {
      {"trace", Level::trace}, {"debug", Level::debug}, {"info", Level::info},
      {"warn", Level::warn},   {"error", Level::error}, {"off", Level::off}};
  for (const auto& [name, level] : names) {
    if (name == text) {
      out = level;
      return true;
    }
  }
  return false;
}

Logger::Logger(std::string module) : module_(std::move(module)) {}

bool Logger::enabled(Level level) const {
  return level >= g_level.load() && level != Level::off;
}

void Logger::debug(std::string_view line) const {
  write(Level::debug, line);
}
void Logger::info(std::string_view line) const {
  write(Level::info, line);
}
void Logger::warn(std::string_view line) const {
  write(Level::warn, line);
}
void Logger::error(std::string_view line) const {
  write(Level::error, line);
}

void Logger::write(Level level, std::string_view line) const {
  if (!enabled(level)) {
    return;
  }
  sink().log(to_spdlog(level), "{} {}", module_, line);
}

}  // namespace bora::log
