#pragma once

#include <vector>

#include <boost/json/value.hpp>

namespace bora::actors::workflow {

/// What `$` sees in one evaluation: the merged map, and the maps it was
/// merged from, highest priority first (error messages show those as
/// Mistral's context view prints itself).
struct View {
  boost::json::value data;
  std::vector<boost::json::value> parts;
};

}  // namespace bora::actors::workflow
