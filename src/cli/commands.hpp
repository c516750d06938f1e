#pragma once

#include <string>
#include <vector>

namespace bora::cli {

/// Options of `bora validate`.
struct ValidateOptions {
  std::vector<std::string> files;
};

/// Options of `bora eval`.
struct EvalOptions {
  std::string expression;
  /// JSON text, or `@path` of a JSON file; empty means `{}`.
  std::string data;
};

/// Options of `bora run`.
struct RunOptions {
  std::string file;
  /// Workflow to start; empty when the file holds exactly one.
  std::string workflow;
  /// JSON text or `@path`; empty means `{}`.
  std::string input;
  std::string env;
  /// Target task of a reverse workflow (params.task_name).
  std::string task;
  /// RocksDB directory; empty: a temporary one removed afterwards.
  std::string data_dir;
  /// Print task transitions to stderr as they happen.
  bool watch = false;
};

/// Options of `bora server` (empty: from the config file or defaults).
struct ServerCommandOptions {
  std::string config;
  std::string listen;
  std::string data_dir;
};

/// Exit codes shared by every subcommand.
enum ExitCode : int { exit_ok = 0, exit_failed = 1, exit_usage = 2 };

/// Runs `bora validate`: parses each file, detects its kind, prints one
/// `FILE: ok (...)` line or one `FILE:LINE:COLUMN: path: message` line per
/// problem. Returns exit_ok when every file is valid, exit_failed when one
/// is not, exit_usage when a file cannot be read.
int run_validate(const ValidateOptions& opts);

/// Runs `bora eval`: evaluates an expression written as in a workflow against
/// the given data and prints the result as JSON. Returns exit_ok, or
/// exit_failed after printing the error with its position, or exit_usage
/// for unreadable or malformed `--data`.
int run_eval(const EvalOptions& opts);

/// Runs `bora run`: starts a workflow of FILE in an embedded engine, waits
/// for its end and prints one JSON object (id, workflow, state, state_info,
/// output, tasks). Returns exit_ok on SUCCESS, exit_failed on ERROR or
/// CANCELLED, exit_usage on usage or validation errors.
int run_run(const RunOptions& opts);

/// Runs `bora server` until SIGTERM/SIGINT. Returns exit_ok after a clean
/// stop, exit_failed when the server cannot start, exit_usage for a bad
/// configuration or flag.
int run_server_command(const ServerCommandOptions& opts);

/// Reads a whole file into `out`; returns false and sets `error` on failure.
bool read_file(const std::string& path, std::string& out, std::string& error);

}  // namespace bora::cli
