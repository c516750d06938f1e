#include <iostream>

#include "cli/commands.hpp"
#include "dsl/parser.hpp"

namespace bora::cli {
namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) {
      out += ", ";
    }
    out += n;
  }
  return out;
}

void print_ok(const std::string& file, const dsl::Document& doc) {
  std::vector<std::string> workflows;
  std::vector<std::string> actions;
  for (const auto& wf : doc.workflows) {
    workflows.push_back(wf->name);
  }
  for (const auto& ac : doc.actions) {
    actions.push_back(ac->name);
  }
  std::cout << file << ": ok (";
  std::string sep;
  if (!workflows.empty()) {
    std::cout << "workflows: " << join_names(workflows);
    sep = "; ";
  }
  if (!actions.empty()) {
    std::cout << sep << "actions: " << join_names(actions);
  }
  std::cout << ")\n";
}

void print_errors(const std::string& file, const Error& e) {
  if (e.diagnostics.empty()) {
    std::cout << file << ": " << e.message << "\n";
    return;
  }
  for (const auto& d : e.diagnostics) {
    std::cout << file << ":" << d.line << ":" << d.column << ": ";
    if (!d.path.empty()) {
      std::cout << d.path << ": ";
    }
    std::cout << d.message << "\n";
  }
}

}  // namespace

int run_validate(const ValidateOptions& opts) {
  int rc = exit_ok;
  for (const auto& file : opts.files) {
    std::string text;
    std::string error;
    if (!read_file(file, text, error)) {
      std::cerr << "bora validate: cannot read " << file << ": " << error << "\n";
      rc = exit_usage;
      continue;
    }
    auto doc = dsl::parse_document(text, file);
    if (doc.ok()) {
      print_ok(file, *doc);
    } else {
      print_errors(file, doc.error());
      if (rc == exit_ok) {
        rc = exit_failed;
      }
    }
  }
  return rc;
}

}  // namespace bora::cli
