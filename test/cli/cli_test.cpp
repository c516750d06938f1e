// Runs the real `bora` binary and checks what users see: output lines and
// exit codes (0 ok, 1 invalid or failed, 2 usage).
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "process.hpp"

using bora::test::run_command;
using bora::test::shell_quote;

namespace {

const std::string bora_bin = BORA_BINARY;
const std::string root = BORA_SOURCE_ROOT;

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = "/tmp/bora-cli-test-" + std::to_string(getpid()) + "-" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("prints its version and exits 0") {
    auto r = run_command(bora_bin + " --version");
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("bora ", 0) == 0);
  }

  TEST_CASE("exits 2 on usage errors") {
    CHECK(run_command(bora_bin).exit_code == 2);
    CHECK(run_command(bora_bin + " validate").exit_code == 2);
    CHECK(run_command(bora_bin + " no-such-command").exit_code == 2);
    CHECK(run_command(bora_bin + " validate /nonexistent/file.yaml").exit_code == 2);
  }

  TEST_CASE("validates every bundled example with one ok line per file") {
    auto r = run_command("sh -c " + shell_quote(bora_bin + " validate " + root + "/examples/*.yaml"));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(root + "/examples/hello.yaml: ok (workflows: hello)\n") != std::string::npos);
    CHECK(r.out.find("examples/workbook.yaml: ok (workflows: ops.main, ops.greet_one; actions: "
                     "ops.shout)") != std::string::npos);
  }

  TEST_CASE("reports each error as FILE:LINE:COLUMN: path: message and exits 1") {
    std::string file = write_temp("bad.yaml",
                                  "version: '2.0'\n"
                                  "wf:\n"
                                  "  tasks:\n"
                                  "    t1:\n"
                                  "      action: std.noop\n"
                                  "      on-success: t9\n");
    auto r = run_command(bora_bin + " validate " + file);
    CHECK(r.exit_code == 1);
    CHECK(r.out == file + ":6:19: wf.tasks.t1.on-success: Task 't9' not found.\n");
    std::remove(file.c_str());
  }

  TEST_CASE("exits 1 when one of several files is invalid, still checking all") {
    std::string bad = write_temp("bad2.yaml", "just text\n");
    auto r = run_command(bora_bin + " validate " + bad + " " + root + "/examples/hello.yaml");
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("hello.yaml: ok") != std::string::npos);
    std::remove(bad.c_str());
  }

  TEST_CASE("rejects a 50 MB file with a clear error, quickly") {
    std::string path = "/tmp/bora-cli-test-big-" + std::to_string(getpid()) + ".yaml";
    {
      std::ofstream out(path);
      out << "version: '2.0'\nwf:\n  tasks:\n";
      std::string line = "    # " + std::string(1000, 'x') + "\n";
      for (int i = 0; i < 50 * 1024; ++i) {
        out << line;
      }
    }
    auto r = run_command(bora_bin + " validate " + path);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("more than the limit") != std::string::npos);
    std::remove(path.c_str());
  }

  TEST_CASE("eval prints native JSON for a whole expression") {
    auto r = run_command(bora_bin + " eval " + shell_quote("<% $.a + 1 %>") + " --data " +
                         shell_quote("{\"a\": 41}"));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "42\n");
    r = run_command(bora_bin + " eval " + shell_quote("{{ _.l | sort }}") + " --data " +
                    shell_quote("{\"l\": [3, 1, 2]}"));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "[1,2,3]\n");
  }

  TEST_CASE("eval interpolates mixed text with Python str forms") {
    auto r = run_command(bora_bin + " eval " + shell_quote("n=<% $.n %> b=<% true %> x=<% null %>") +
                         " --data " + shell_quote("{\"n\": 1.0}"));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "\"n=1.0 b=True x=None\"\n");
  }

  TEST_CASE("eval reads --data from a file") {
    std::string file = write_temp("data.json", "{\"name\": \"bora\"}");
    auto r = run_command(bora_bin + " eval " + shell_quote("<% $.name %>") + " --data @" + file);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "\"bora\"\n");
    std::remove(file.c_str());
  }

  TEST_CASE("eval reports syntax errors with their column and exits 1") {
    auto r = run_command(bora_bin + " eval " + shell_quote("<% 7 // 2 %>"));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("column 7") != std::string::npos);
    CHECK(r.err.find("Parse error") != std::string::npos);
  }

  TEST_CASE("eval reports evaluation errors and exits 1") {
    auto r = run_command(bora_bin + " eval " + shell_quote("<% $.missing %>") + " --data '{}'");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Can not evaluate YAQL expression") != std::string::npos);
  }

  TEST_CASE("eval rejects malformed --data as a usage error") {
    auto r = run_command(bora_bin + " eval " + shell_quote("<% 1 %>") + " --data '{nope'");
    CHECK(r.exit_code == 2);
  }
}
