#pragma once

// `bora server`: the REST API v2 over one embedded engine.

#include <cstddef>
#include <cstdint>
#include <string>

#include "storage/maintenance.hpp"

namespace bora::http {

/// Settings of a server (config/bora.yaml documents each one).
struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8989;
  /// RocksDB directory (created when missing).
  std::string data_dir = "./var/bora";
  /// fsync each group commit.
  bool sync = false;
  /// Threads serving HTTP requests.
  size_t http_threads = 32;
  /// CAF worker threads; 0: one per core.
  size_t engine_threads = 0;
  /// Largest request body accepted; larger ones get 413.
  size_t max_body_bytes = 16u << 20;
  /// This node's name (GET /v2/services, task `target:`).
  std::string node_name = "bora";
  /// How often cron triggers are checked, in milliseconds.
  int64_t cron_tick_ms = 1000;
  /// Mistral's execution expiration policy; off while both limits are unset.
  storage::RetentionPolicy retention;
  /// How often the retention pass runs, in seconds.
  int64_t retention_interval_s = 600;
};

/// Runs the server until SIGTERM or SIGINT: then it stops accepting, lets
/// the requests in progress finish, and closes the engine and the store
/// (everything acknowledged is durable). Returns the process exit code: 0
/// after a clean stop, 1 when the data directory cannot be opened or the
/// address cannot be bound (the reason is printed to stderr).
int run_server(const ServerOptions& options);

}  // namespace bora::http
