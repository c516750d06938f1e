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

/// Reads a whole file into `out`; returns false and sets `error` on failure.
bool read_file(const std::string& path, std::string& out, std::string& error);

}  // namespace bora::cli
