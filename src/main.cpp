// The `bora` command line: one binary for every job.
#include <iostream>

#include <CLI/CLI.hpp>

#include "bora_version.hpp"
#include "cli/commands.hpp"
#include "cli/db.hpp"

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

  bora::cli::DbOptions db;
  auto* db_cmd = app.add_subcommand("db", "Check, measure, back up, restore, upgrade or expire data");
  db_cmd->require_subcommand(1);
  auto db_sub = [&](const char* name, const char* help) {
    auto* sub = db_cmd->add_subcommand(name, help);
    sub->add_option("--data", db.data_dir, "data directory (default: ./var/bora)");
    return sub;
  };
  db_sub("check", "Verify that records and indexes agree; exit 1 on damage");
  db_sub("stats", "Print key counts and sizes per column family as JSON");
  db_sub("backup", "Write a verified copy to DIR (works while a server runs)")
      ->add_option("DIR", db.path, "backup directory to create")->required();
  db_sub("restore", "Copy the backup BACKUP into an empty data directory")
      ->add_option("BACKUP", db.path, "backup directory")->required();
  db_sub("upgrade", "Run the schema upgrade steps up to this build's version");
  db_sub("compact", "Compact every column family and print the disk use");
  auto* expire_cmd = db_sub("expire", "Delete finished executions as the retention policy says");
  expire_cmd->add_option("--older-than", db.older_than_minutes, "minutes since the last update");
  expire_cmd->add_option("--max-finished", db.max_finished, "finished executions to keep");
  expire_cmd->add_option("--batch", db.batch_size, "root executions per write (0: all)");
  expire_cmd->add_option("--ignore-state", db.ignored_states, "finished state to keep");
  expire_cmd->add_flag("--compact", db.compact, "compact afterwards");

  bora::cli::ServerCommandOptions server;
  auto* server_cmd = app.add_subcommand(
      "server", "Serve Mistral's REST API v2 (default http://127.0.0.1:8989) until SIGTERM");
  server_cmd->add_option("--config,-c", server.config,
                         "configuration file (default: config/bora.yaml when present)");
  server_cmd->add_option("--listen,-l", server.listen, "HOST:PORT to listen on");
  server_cmd->add_option("--data", server.data_dir, "RocksDB data directory");

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
  if (server_cmd->parsed()) {
    return bora::cli::run_server_command(server);
  }
  if (eval_cmd->parsed()) {
    return bora::cli::run_eval(eval);
  }
  if (db_cmd->parsed()) {
    db.command = db_cmd->get_subcommands().front()->get_name();
    return bora::cli::run_db(db);
  }
  return bora::cli::exit_usage;
}
