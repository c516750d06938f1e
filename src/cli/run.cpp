// `bora run FILE`: runs one workflow in an embedded engine and prints the
// execution as one JSON object.

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>

#include <boost/json.hpp>

#include "actors/embedded.hpp"
#include "actors/workflow/document_catalog.hpp"
#include "cli/commands.hpp"
#include "dsl/parser.hpp"
#include "log.hpp"

namespace bora::cli {

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// Reads `--input`/`--env`: JSON text or `@path`; empty means `{}`.
bool load_object(const std::string& spec, const char* flag, std::string& out) {
  std::string text = spec.empty() ? "{}" : spec;
  if (text[0] == '@') {
    std::string error;
    if (!read_file(text.substr(1), text, error)) {
      std::cerr << "bora run: " << flag << ": " << error << "\n";
      return false;
    }
  }
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = actors::max_input_depth;
  auto v = json::parse(text, ec, {}, opts);
  if (ec || !v.is_object()) {
    std::cerr << "bora run: " << flag << " must be a JSON object"
              << (ec ? ": " + ec.message() : std::string()) << "\n";
    return false;
  }
  out = json::serialize(v);
  return true;
}

// A scratch data directory removed when the run ends.
struct ScratchDir {
  fs::path path;
  ~ScratchDir() {
    std::error_code ec;
    if (!path.empty()) {
      fs::remove_all(path, ec);
    }
  }
};

fs::path scratch_path() {
  std::random_device rd;
  return fs::temp_directory_path() / ("bora-run-" + std::to_string(rd()) + std::to_string(rd()));
}

int print_problems(const std::string& file, const Error& err) {
  if (err.diagnostics.empty()) {
    std::cerr << file << ": " << err.message << "\n";
  }
  for (const auto& d : err.diagnostics) {
    std::cerr << file << ":" << d.line << ":" << d.column << ": " << d.path
              << (d.path.empty() ? "" : ": ") << d.message << "\n";
  }
  return exit_usage;
}

}  // namespace

int run_run(const RunOptions& opts) {
  // Stdout is the execution's JSON and stderr the --watch feed: keep routine
  // log lines (storage opened, ...) out of both.
  log::set_level(log::Level::warn);
  std::string text;
  std::string error;
  if (!read_file(opts.file, text, error)) {
    std::cerr << "bora run: " << error << "\n";
    return exit_usage;
  }
  auto doc = dsl::parse_document(text, opts.file);
  if (!doc.ok()) {
    return print_problems(opts.file, doc.error());
  }
  std::string name = opts.workflow;
  if (name.empty()) {
    if (doc->workflows.size() != 1) {
      std::cerr << "bora run: " << opts.file << " has " << doc->workflows.size()
                << " workflows; choose one with --workflow\n";
      return exit_usage;
    }
    name = doc->workflows.front()->name;
  }
  actors::StartCommand cmd;
  cmd.workflow = name;
  std::string env;
  if (!load_object(opts.input, "--input", cmd.input) || !load_object(opts.env, "--env", env)) {
    return exit_usage;
  }
  json::object params{{"env", json::parse(env)}};
  if (!opts.task.empty()) {
    params["task_name"] = opts.task;
  }
  cmd.params = json::serialize(params);
  auto catalog = std::make_shared<actors::workflow::DocumentCatalog>();
  catalog->add(doc->workflows, doc->actions);
  ScratchDir scratch;
  actors::Embedded::Options eo;
  eo.catalog = catalog;
  eo.data_dir = opts.data_dir;
  if (eo.data_dir.empty()) {
    scratch.path = scratch_path();
    eo.data_dir = scratch.path.string();
  }
  if (opts.watch) {
    auto mu = std::make_shared<std::mutex>();
    eo.watch = [mu](const json::object& event) {
      std::lock_guard<std::mutex> lock(*mu);
      std::cerr << json::serialize(event) << "\n";
    };
  }
  auto engine = actors::Embedded::open(std::move(eo));
  if (!engine.ok()) {
    std::cerr << "bora run: " << engine.error().message << "\n";
    return exit_failed;
  }
  auto summary = (*engine)->run(cmd, std::chrono::hours(24 * 365));
  if (!summary.ok()) {
    std::cerr << "bora run: " << summary.error().message << "\n";
    return summary.error().code == Errc::unavailable ? exit_failed : exit_usage;
  }
  std::cout << json::serialize(*summary) << "\n";
  return summary->at("state").as_string() == "SUCCESS" ? exit_ok : exit_failed;
}

}  // namespace bora::cli
