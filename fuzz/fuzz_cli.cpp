// libFuzzer target: command-line arguments, one per line of the input.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  incomesim::fuzzing::exercise_command_line(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
