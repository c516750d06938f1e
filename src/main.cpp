// The `bora` command line: one binary for every job.
#include <iostream>

#include <CLI/CLI.hpp>

#include "bora_version.hpp"
#include "cli/commands.hpp"

namespace {

constexpr const char* description =
    "Bora runs workflows written in the Mistral Workflow Language v2.";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{description, "bora"};
  app.set_version_flag("--version", std::string("bora ") + BORA_VERSION);
  app.require_subcommand(1);

  bora::cli::ValidateOptions validate;
  auto* validate_cmd = app.add_subcommand(
      "validate", "Check workflow, workbook and action definition files; print one line per file");
  validate_cmd->add_option("FILE", validate.files, "definition files (YAML)")->required();

  bora::cli::RunOptions run;
  auto* run_cmd = app.add_subcommand(
      "run", "Run a workflow of FILE in an embedded engine and print the execution as JSON");
  run_cmd->add_option("FILE", run.file, "definition file (YAML)")->required();
  run_cmd->add_option("--workflow,-w", run.workflow, "workflow to run (required if FILE has several)");
  run_cmd->add_option("--input,-i", run.input, "workflow input: JSON object text or @file");
  run_cmd->add_option("--env,-e", run.env, "environment: JSON object text or @file");
  run_cmd->add_option("--task,-t", run.task, "target task of a reverse workflow");
  run_cmd->add_option("--data", run.data_dir, "RocksDB directory (default: a temporary one)");
  run_cmd->add_flag("--watch", run.watch, "print task transitions to stderr as they happen");

  bora::cli::EvalOptions eval;
  auto* eval_cmd = app.add_subcommand(
      "eval", "Evaluate an expression written as in a workflow (<% yaql %>, {{ jinja }}, or text)");
  eval_cmd->add_option("EXPRESSION", eval.expression, "the expression text")->required();
  eval_cmd->add_option("--data,-d", eval.data, "the data `$` / `_` refers to: JSON text or @file");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    // CLI11 returns 0 for --help and --version; every real usage error is 2.
    return rc == 0 ? 0 : bora::cli::exit_usage;
  }
  if (validate_cmd->parsed()) {
    return bora::cli::run_validate(validate);
  }
  if (run_cmd->parsed()) {
    return bora::cli::run_run(run);
  }
  if (eval_cmd->parsed()) {
    return bora::cli::run_eval(eval);
  }
  return bora::cli::exit_usage;
}
