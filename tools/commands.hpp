#pragma once
// The subcommands of `incomesim`. Each returns the process exit status: 0 success, 1 failure
// that is not the user's (e.g. a disk error), 2 bad input, 130 interrupted.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace incomesim::tools {

enum ExitStatus : int { kSuccess = 0, kFailure = 1, kBadInput = 2, kInterrupted = 130 };

struct RunArguments {
  std::string scenario_path;  // empty: the bundled default
  std::uint64_t trials = 100000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: every core
  std::optional<int> horizon_months;
  std::string out_dir = "incomesim-results";
  std::vector<double> percentiles{1, 5, 10, 25, 50, 75, 90, 95, 99};
  std::vector<double> thresholds;
  std::optional<std::uint64_t> trace_trial;
  bool quiet = false;
};

int run_command(const RunArguments& arguments);
int validate_command(const std::string& scenario_path);

}  // namespace incomesim::tools
