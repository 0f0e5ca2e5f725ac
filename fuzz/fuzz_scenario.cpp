// libFuzzer target: scenario files (docs/architecture.md, "Hardening").
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  incomesim::fuzzing::exercise_scenario_text(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
