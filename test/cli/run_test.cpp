// `bora run FILE`: runs the real binary and checks the JSON it prints on
// stdout, the lines on stderr and the exit codes (0 SUCCESS, 1 ERROR or
// CANCELLED, 2 usage or validation).

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "../support/temp_dir.hpp"
#include "process.hpp"

using bora::test::ProcessResult;
using bora::test::run_command;
using bora::test::shell_quote;

namespace {

namespace json = boost::json;

const std::string bora_bin = BORA_BINARY;

// Greets `$.name`, then echoes env().suffix; the output holds both.
const char* const greet_yaml = R"(version: '2.0'
greet:
  input: [name]
  tasks:
    hello:
      action: std.echo output=<% 'hello ' + $.name %>
      publish:
        greeting: <% task().result %>
      on-success: [tail]
    tail:
      action: std.echo output=<% env().suffix %>
      publish:
        suffix: <% task().result %>
  output:
    greeting: <% $.greeting %>
    suffix: <% $.suffix %>
other:
  tasks:
    fails:
      action: std.fail error_data="went wrong"
reverse:
  type: reverse
  tasks:
    a:
      action: std.echo output="a"
    b:
      action: std.echo output="b"
      requires: [a]
    c:
      action: std.echo output="c"
      requires: [b]
sized:
  input: [s]
  tasks:
    measure:
      action: std.noop
      publish:
        size: <% len($.s) %>
  output:
    size: <% $.size %>
)";

// A temporary directory holding the definitions the cases run.
struct Fixture {
  bora::test::TempDir dir;
  std::string file = dir.sub("greet.yaml");

  Fixture() {
    std::ofstream(file) << greet_yaml;
  }

  std::string write(const std::string& name, const std::string& text) const {
    std::string path = dir.sub(name);
    std::ofstream(path) << text;
    return path;
  }

  ProcessResult run(const std::string& args) const {
    return run_command(bora_bin + " run " + shell_quote(file) + " " + args);
  }
};

json::object parse_stdout(const ProcessResult& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.out, ec);
  REQUIRE_MESSAGE((!ec && v.is_object()), "stdout is not one JSON object: "
                                              << r.out.substr(0, 500) << "\nstderr: " << r.err);
  return v.as_object();
}

std::vector<std::string> task_names(const json::object& summary) {
  std::vector<std::string> names;
  for (const auto& t : summary.at("tasks").as_array()) {
    names.emplace_back(t.at("name").as_string());
  }
  return names;
}

// The JSON lines among stderr's lines (log lines are plain text).
std::vector<json::object> json_lines(const std::string& err) {
  std::vector<json::object> out;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (!ec && v.is_object()) {
      out.push_back(v.as_object());
    }
  }
  return out;
}

}  // namespace

TEST_SUITE("cli.run") {
  TEST_CASE("prints the finished execution as JSON and exits 0 on SUCCESS") {
    Fixture f;
    auto r = f.run("--workflow greet --input '{\"name\": \"bora\"}' --env '{\"suffix\": \"!\"}'");
    CHECK(r.exit_code == 0);
    auto summary = parse_stdout(r);
    CHECK(summary.at("workflow") == "greet");
    CHECK(summary.at("state") == "SUCCESS");
    CHECK(summary.at("state_info").is_null());
    CHECK(summary.at("output") == json::parse(R"({"greeting": "hello bora", "suffix": "!"})"));
    CHECK(task_names(summary) == std::vector<std::string>{"hello", "tail"});
    CHECK(summary.at("id").as_string().size() == 36);
  }

  TEST_CASE("hands --env to env() in expressions") {
    Fixture f;
    auto r = f.run("-w greet -i '{\"name\": \"x\"}' -e '{\"suffix\": \"from env\"}'");
    CHECK(r.exit_code == 0);
    CHECK(parse_stdout(r).at("output").at("suffix") == "from env");
  }

  TEST_CASE("reads --input and --env from files given as @path") {
    Fixture f;
    std::string input = f.write("input.json", R"({"name": "file"})");
    std::string env = f.write("env.json", R"({"suffix": "?"})");
    auto r = f.run("-w greet --input @" + shell_quote(input) + " --env @" + shell_quote(env));
    CHECK(r.exit_code == 0);
    CHECK(parse_stdout(r).at("output") ==
          json::parse(R"({"greeting": "hello file", "suffix": "?"})"));
  }

  TEST_CASE("exits 1 and still prints the execution when the workflow fails") {
    Fixture f;
    auto r = f.run("--workflow other");
    CHECK(r.exit_code == 1);
    auto summary = parse_stdout(r);
    CHECK(summary.at("state") == "ERROR");
    CHECK(summary.at("tasks").at(0).at("state_info") == "went wrong");
  }

  TEST_CASE("exits 2 with FILE:LINE:COLUMN on stderr for invalid YAML") {
    Fixture f;
    std::string bad = f.write("bad.yaml", "version: '2.0'\nwf:\n  tasks:\n    t1: [unclosed\n");
    auto r = run_command(bora_bin + " run " + shell_quote(bad));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    std::regex located(std::regex_replace(bad, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                       ":[0-9]+:[0-9]+: ");
    CHECK_MESSAGE(std::regex_search(r.err, located), r.err);
  }

  TEST_CASE("exits 2 when the file holds several workflows and none or an unknown one is chosen") {
    Fixture f;
    auto none = f.run("");
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("choose one with --workflow") != std::string::npos);
    auto unknown = f.run("--workflow nosuch");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.empty());
    CHECK_MESSAGE(
        unknown.err.find("Workflow not found [workflow_identifier=nosuch") != std::string::npos,
        unknown.err);
  }

  TEST_CASE("exits 2 on --input that is not a JSON object") {
    Fixture f;
    for (const char* input : {"'{bad'", "'[1, 2]'", "@/nonexistent/input.json"}) {
      CAPTURE(input);
      auto r = f.run(std::string("-w greet --input ") + input);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find("bora run: --input") != std::string::npos);
    }
  }

  TEST_CASE("--watch prints each task transition as a JSON line on stderr") {
    Fixture f;
    auto r = f.run("-w greet -i '{\"name\": \"w\"}' -e '{\"suffix\": \"\"}' --watch");
    CHECK(r.exit_code == 0);
    auto lines = json_lines(r.err);
    REQUIRE(lines.size() >= 2);
    std::vector<std::string> seen;
    for (const auto& l : lines) {
      seen.push_back(std::string(l.at("task").as_string()) + " " +
                     std::string(l.at("state").as_string()));
    }
    CHECK(std::find(seen.begin(), seen.end(), "hello SUCCESS") != seen.end());
    CHECK(std::find(seen.begin(), seen.end(), "tail SUCCESS") != seen.end());
    auto hello_running = std::find(seen.begin(), seen.end(), "hello RUNNING");
    CHECK(hello_running < std::find(seen.begin(), seen.end(), "hello SUCCESS"));
  }

  TEST_CASE("--data keeps the RocksDB directory, which a second run opens again") {
    Fixture f;
    std::string data = f.dir.sub("db");
    std::string args =
        "-w greet -i '{\"name\": \"d\"}' -e '{\"suffix\": \".\"}' --data " + shell_quote(data);
    CHECK(f.run(args).exit_code == 0);
    CHECK(std::filesystem::exists(std::filesystem::path(data) / "CURRENT"));
    CHECK(!std::filesystem::is_empty(data));
    auto again = f.run(args);
    CHECK(again.exit_code == 0);
    CHECK(parse_stdout(again).at("state") == "SUCCESS");
  }

  TEST_CASE("runs a reverse workflow up to the --task target only") {
    Fixture f;
    auto r = f.run("-w reverse --task b");
    CHECK(r.exit_code == 0);
    auto summary = parse_stdout(r);
    CHECK(summary.at("state") == "SUCCESS");
    CHECK(task_names(summary) == std::vector<std::string>{"a", "b"});
    auto missing = f.run("-w reverse");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("Invalid task name") != std::string::npos);
  }

  TEST_CASE("refuses a 10,000-deep --input with a clear error instead of crashing") {
    Fixture f;
    std::string deep = f.write(
        "deep.json", "{\"name\": " + std::string(10000, '[') + std::string(10000, ']') + "}");
    auto r = f.run("-w greet --input @" + shell_quote(deep));
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("bora run: --input must be a JSON object: ") != std::string::npos,
                  r.err);
  }

  // --input was once parsed with Boost.JSON's default depth limit of 32.
  TEST_CASE("accepts an --input nested 40 deep") {
    Fixture f;
    std::string deep =
        f.write("deep40.json", "{\"s\": " + std::string(40, '[') + std::string(40, ']') + "}");
    auto r = f.run("-w sized --input @" + shell_quote(deep));
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(parse_stdout(r).at("output") == json::object{{"size", 1}});
  }

  TEST_CASE("runs with a 5 MB string in its --input") {
    Fixture f;
    const std::size_t size = std::size_t{5} << 20;
    std::string big = f.write("big.json", "{\"s\": \"" + std::string(size, 'y') + "\"}");
    auto r = f.run("-w sized --input @" + shell_quote(big));
    CHECK(r.exit_code == 0);
    CHECK(parse_stdout(r).at("output") == json::object{{"size", size}});
  }
}
