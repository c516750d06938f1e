#pragma once

// Runs one scenario of test/engine/scenarios (README.md there) through an
// embedded engine and compares the outcome with what the real Mistral gave.

#include <string>

#include <boost/json.hpp>

#include "actors/embedded.hpp"

namespace bora::test {

/// Loads every scenario file whose name contains `filter` (all when empty),
/// sorted by name.
std::vector<std::string> scenario_files(const std::string& dir, const std::string& filter);

/// Runs the scenario in `path` on a fresh engine over `data_dir` and returns
/// "" when the result matches its `expect`, else a description of every
/// difference.
std::string run_scenario(const std::string& path, const std::string& data_dir);

/// Replaces every UUID inside strings (keys too) by `<id>`.
boost::json::value normalize(const boost::json::value& v);

}  // namespace bora::test
