// libFuzzer target: any text given to `bora validate` must parse or fail
// with diagnostics; never crash, hang or exhaust memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dsl/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)bora::dsl::parse_document(text, "fuzz.yaml");
  return 0;
}
