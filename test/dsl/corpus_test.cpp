// Runs the definition corpus: every test/dsl/valid/*.yaml must parse, every
// test/dsl/invalid/*.yaml must fail with exactly the diagnostics listed in
// its leading `# expect: LINE:COLUMN: path: message` lines.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/parser.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> corpus(const char* dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(BORA_TEST_DATA) / "dsl" / dir)) {
    if (e.path().extension() == ".yaml") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Trailing blanks are not significant (editors strip them from expect lines).
std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) {
    s.pop_back();
  }
  return s;
}

std::vector<std::string> expectations(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  const std::string prefix = "# expect: ";
  while (std::getline(in, line) && line.rfind(prefix, 0) == 0) {
    out.push_back(rtrim(line.substr(prefix.size())));
  }
  return out;
}

std::string render(const bora::Diagnostic& d) {
  return rtrim(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.path + ": " +
               d.message);
}

}  // namespace

TEST_SUITE("dsl.corpus") {
  TEST_CASE("every valid corpus file parses") {
    auto files = corpus("valid");
    CHECK(files.size() >= 45);
    for (const auto& f : files) {
      CAPTURE(f.filename().string());
      auto doc = bora::dsl::parse_document(read_file(f), f.string());
      if (!doc.ok()) {
        for (const auto& d : doc.error().diagnostics) {
          CAPTURE(render(d));
          CHECK(false);
        }
      }
      CHECK(doc.ok());
    }
  }

  TEST_CASE("every invalid corpus file fails with exactly its expected diagnostics") {
    auto files = corpus("invalid");
    CHECK(files.size() >= 45);
    for (const auto& f : files) {
      CAPTURE(f.filename().string());
      std::string text = read_file(f);
      auto expected = expectations(text);
      REQUIRE_FALSE(expected.empty());
      auto doc = bora::dsl::parse_document(text, f.string());
      REQUIRE_FALSE(doc.ok());
      std::vector<std::string> got;
      for (const auto& d : doc.error().diagnostics) {
        got.push_back(render(d));
      }
      CHECK(got == expected);
    }
  }
}
