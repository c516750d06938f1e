// Every scenario of test/engine/scenarios, run through the real actors and
// compared with the result the real Mistral 15 gave for the same workflow.
// BORA_SCENARIOS=<text> runs only the files whose name contains it.

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <doctest/doctest.h>

#include "scenario_runner.hpp"
#include "support/temp_dir.hpp"

namespace {

std::string filter() {
  const char* f = std::getenv("BORA_SCENARIOS");
  return f != nullptr ? f : "";
}

}  // namespace

TEST_SUITE("engine.scenarios") {
  TEST_CASE("every scenario ends as it did on Mistral") {
    auto files = bora::test::scenario_files(BORA_TEST_DATA "/engine/scenarios", filter());
    REQUIRE(!files.empty());
    std::vector<std::string> diffs(files.size());
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int w = 0; w < 8; ++w) {
      pool.emplace_back([&] {
        for (size_t i = next++; i < files.size(); i = next++) {
          bora::test::TempDir dir;
          diffs[i] = bora::test::run_scenario(files[i], dir.path());
        }
      });
    }
    for (auto& t : pool) {
      t.join();
    }
    size_t passed = 0;
    for (size_t i = 0; i < files.size(); ++i) {
      CHECK_MESSAGE(diffs[i].empty(), files[i] << "\n" << diffs[i]);
      passed += diffs[i].empty() ? 1 : 0;
    }
    MESSAGE(passed << " of " << files.size() << " scenarios match Mistral");
  }
}
