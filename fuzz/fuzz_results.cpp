// libFuzzer target: a results directory (see exercise_results_directory) read back by `report`.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  incomesim::fuzzing::exercise_results_directory(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
