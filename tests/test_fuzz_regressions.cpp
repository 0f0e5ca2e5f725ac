// Replays every input under tests/fuzz-regressions/ through exactly what the fuzzers run: each
// must come back (an InputError is fine) without crashing or hanging. Inputs a fuzzer finds
// crashing go here, with the fix, so they stay fixed; the directory also holds hand-made
// hostile inputs (binary garbage, a byte-order mark, deep nesting, huge numbers).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz/fuzz_support.hpp"

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(FuzzRegressions, EveryRecordedInputIsHandled) {
  const std::filesystem::path dir =
      std::filesystem::path(INCOMESIM_EXAMPLES_DIR) / "../../tests/fuzz-regressions";
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string text = read(entry.path());
    SCOPED_TRACE(entry.path().filename().string());
    if (entry.path().extension() == ".args") {
      incomesim::fuzzing::exercise_command_line(text);
    } else if (entry.path().extension() == ".results") {
      incomesim::fuzzing::exercise_results_directory(text);
    } else {
      incomesim::fuzzing::exercise_scenario_text(text);
    }
    ++replayed;
  }
  EXPECT_GE(replayed, 8);
}

}  // namespace
