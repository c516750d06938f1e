// Untrusted definitions: each hostile shape gets a clear error, never a
// crash, a hang or unbounded memory. Every named limit has a case here.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "dsl/parser.hpp"
#include "dsl/yaml_loader.hpp"

using bora::Errc;
using namespace bora::dsl;

namespace {

std::string deep_flow(std::size_t depth) {
  return "version: '2.0'\nwf: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
}

// A workbook of `workflows` x `tasks` tasks, each with expressions,
// transitions and policies (about 500 bytes per task).
std::string big_workbook(int workflows, int tasks) {
  std::string t = "version: '2.0'\nname: big\nworkflows:\n";
  for (int w = 0; w < workflows; ++w) {
    t += "  wf" + std::to_string(w) + ":\n    input: [a, b]\n    tasks:\n";
    for (int i = 0; i < tasks; ++i) {
      std::string n = "task_" + std::to_string(i);
      t += "      " + n + ":\n";
      t += "        action: std.echo output=\"<% $.a %>\" index=" + std::to_string(i) + "\n";
      t += "        input:\n          x: <% $.b + " + std::to_string(i) + " %>\n";
      t += "          y: \"{{ _.a }} and more text to make the task a little bigger\"\n";
      t += "        description: task number " + std::to_string(i) + " of the generated workbook\n";
      t += "        publish:\n          r" + std::to_string(i) + ": <% task().result %>\n";
      t += "        retry: {count: 3, delay: 1, break-on: <% $.stop %>}\n";
      t += "        timeout: 30\n";
      if (i + 1 < tasks) {
        t += "        on-success:\n          - task_" + std::to_string(i + 1) + ": <% $.r" +
             std::to_string(i) + " != null %>\n";
        t += "        on-error:\n          - fail msg=\"failed at " + n + "\"\n";
      }
    }
  }
  return t;
}

}  // namespace

TEST_SUITE("dsl.hostile") {
  TEST_CASE("an empty file or one with only comments asks for a version") {
    for (const char* text : {"", "\n\n", "# nothing\n# here\n", "---\n"}) {
      auto r = parse_document(text, "x");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::invalid_definition);
      CHECK(r.error().message == "Invalid DSL: 'version' is a required property");
    }
  }

  TEST_CASE("binary junk and invalid UTF-8 are refused before parsing") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) {
      junk += static_cast<char>((i * 7919) % 256);
    }
    auto r = parse_document(junk, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::parse_error);
    CHECK(r.error().message.rfind("Definition could not be parsed: ", 0) == 0);
    auto utf = parse_document("version: '2.0'\nwf: \xc3\x28\n", "x");
    REQUIRE_FALSE(utf.ok());
    CHECK(utf.error().message == "Definition could not be parsed: invalid UTF-8 byte 0xc3");
    CHECK(utf.error().diagnostics.at(0).line == 2);
    CHECK(utf.error().diagnostics.at(0).column == 5);
    auto nul = parse_document(std::string("version: '2.0'\0", 15), "x");
    REQUIRE_FALSE(nul.ok());
    CHECK(nul.error().message ==
          "Definition could not be parsed: unacceptable character #x0000: special characters "
          "are not allowed");
  }

  TEST_CASE("a definition above max_definition_bytes is refused without parsing") {
    std::string big(50u << 20, 'a');
    auto start = std::chrono::steady_clock::now();
    auto r = parse_document(big, "x");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::limit_exceeded);
    CHECK(r.error().message == "definition is 52428800 bytes long, more than the limit of " +
                                   std::to_string(max_definition_bytes) + " bytes");
    CHECK(ms < 1000);
    std::string at_limit = "a: " + std::string(max_definition_bytes - 4, 'x') + "\n";
    CHECK(load_yaml(at_limit).ok());
    CHECK(load_yaml(at_limit + " ").error().code == Errc::limit_exceeded);
  }

  TEST_CASE("nesting deeper than max_yaml_depth is refused before yaml-cpp recurses") {
    for (std::size_t depth : {std::size_t{10'000}, std::size_t{100'000}}) {
      auto r = parse_document(deep_flow(depth), "x");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::limit_exceeded);
      CHECK(r.error().message ==
            "definition is nested deeper than " + std::to_string(max_yaml_depth) + " levels");
    }
    std::string block;
    for (int i = 0; i < 10'000; ++i) {
      block += "- ";
    }
    block += "x\n";
    auto b = load_yaml(block);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().code == Errc::limit_exceeded);
    std::string maps = "version: '2.0'\nwf: ";
    for (int i = 0; i < 10'000; ++i) {
      maps += "{a: ";
    }
    CHECK(load_yaml(maps).error().code == Errc::limit_exceeded);
  }

  TEST_CASE("nesting up to the limit is accepted") {
    CHECK(load_yaml(std::string(max_yaml_depth - 1, '[') + std::string(max_yaml_depth - 1, ']'))
              .ok());
    CHECK_FALSE(
        load_yaml(std::string(max_yaml_depth + 1, '[') + std::string(max_yaml_depth + 1, ']'))
            .ok());
  }

  TEST_CASE("alias expansion is bounded by max_yaml_nodes") {
    std::string laughs = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
      std::string prev = "*a" + std::to_string(i - 1);
      laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
      for (int k = 0; k < 10; ++k) {
        laughs += (k ? ", " : "") + prev;
      }
      laughs += "]\n";
    }
    auto start = std::chrono::steady_clock::now();
    auto r = load_yaml(laughs);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::limit_exceeded);
    CHECK(r.error().message ==
          "definition expands to more than " + std::to_string(max_yaml_nodes) + " YAML nodes");
    CHECK(ms < 5000);
  }

  TEST_CASE("duplicate keys are an error naming both positions") {
    auto r = parse_document("version: '2.0'\nwf:\n  tasks:\n    t: {action: a}\n    t: {}\n", "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "duplicate key 't' (first defined at line 4, column 5)");
    CHECK(r.error().diagnostics.at(0).line == 5);
  }

  TEST_CASE("a top level that is not a map is refused") {
    for (auto [text, repr] :
         {std::pair{"[1, 2]", "[1, 2]"}, std::pair{"hello", "'hello'"}, std::pair{"42", "42"}}) {
      auto r = parse_document(text, "x");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message == std::string("Invalid DSL: ") + repr + " is not of type 'object'");
    }
  }

  TEST_CASE("a workflow with more than max_tasks_per_workflow tasks is refused") {
    std::string text = "version: '2.0'\nwf:\n  tasks:\n";
    for (std::size_t i = 0; i <= max_tasks_per_workflow; ++i) {
      text += "    t" + std::to_string(i) + ": {action: std.noop}\n";
    }
    auto r = parse_workflows(text, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::limit_exceeded);
    CHECK(r.error().message == "workflow has 10001 tasks, more than the limit of 10000");
  }

  TEST_CASE("a document with more than max_items_per_document items is refused") {
    std::string text = "version: '2.0'\n";
    for (std::size_t i = 0; i <= max_items_per_document; ++i) {
      text += "a" + std::to_string(i) + ": {base: std.noop}\n";
    }
    auto r = parse_actions(text, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::limit_exceeded);
  }

  TEST_CASE("at most max_diagnostics problems are listed") {
    std::string text = "version: '2.0'\nwf:\n  tasks:\n";
    for (int i = 0; i < 150; ++i) {
      text += "    t" + std::to_string(i) + ": {action: std.noop, bad: 1}\n";
    }
    auto r = parse_workflows(text, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().diagnostics.size() == max_diagnostics);
  }

  TEST_CASE("very long strings and lists are handled in linear time") {
    std::string wf = "version: '2.0'\nwf:\n  tasks:\n    t:\n";
    std::string ones;
    for (int i = 0; i < 200'000; ++i) {
      ones += "1,";
    }
    std::string cases[] = {
        wf + "      with-items: x in [" + ones + "1]\n",
        wf + "      publish: {a: " + std::string(300'000, '1') + "}\n",
        wf + "      action: std.echo a" + std::string(1'000'000, 'x') + "\n",
        wf + "      action: std.echo " + [] {
          std::string r;
          for (int i = 0; i < 200'000; ++i) {
            r += "k=[";
          }
          return r;
        }() + "\n",
        wf + "      action: std.echo " + [] {
          std::string r;
          for (int i = 0; i < 200'000; ++i) {
            r += "k=\"";
          }
          return r;
        }() + "\n",
        wf + "      action: std.noop\n      on-success: " + std::string(500'000, 'a') + "\n",
        wf + "      action: std.noop\n      tags: [" + ones + "2]\n",
    };
    for (const auto& text : cases) {
      auto start = std::chrono::steady_clock::now();
      auto r = parse_document(text, "x");
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
      CAPTURE(text.substr(40, 40));
      CHECK(ms < 3000);
    }
  }

  TEST_CASE("a 1 MB workbook of 2000 tasks parses and validates well under a second") {
    std::string text = big_workbook(4, 500);
    CHECK(text.size() > 1'000'000);
    auto start = std::chrono::steady_clock::now();
    auto r = parse_workbook(text, "big.yaml");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    REQUIRE(r.ok());
    CHECK((*r)->workflows.size() == 4);
    CHECK((*r)->workflows[3]->tasks.size() == 500);
    MESSAGE("parsed " << text.size() << " bytes, 2000 tasks in " << ms << " ms");
    CHECK(ms < 1000);
  }
}
