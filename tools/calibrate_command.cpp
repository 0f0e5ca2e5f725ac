// `incomesim calibrate`: the value of one key that makes a statistic hit a target
// (analysis/calibrate.hpp), printed, and with --write the calibrated scenario.
#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/calibrate.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int calibrate_command(const std::string& path, const std::string& target_text,
                      const std::string& vary, const std::vector<double>& range,
                      const std::string& write_path, const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  ResearchTerminal terminal(arguments);
  const auto source = scenarios::read_scenario_source(path);
  const analysis::CalibrationPlan plan{target_text, vary, range};
  analysis::check_calibration_plan(source, plan);
  if (!write_path.empty()) {
    // Fail before the search, not after it, when the calibrated file cannot be written there.
    const auto parent = std::filesystem::path(write_path).parent_path();
    prepare_output_directory(parent.empty() ? "." : parent.string());
    engine::check_output_file(write_path);
  }
  const analysis::Calibration result =
      analysis::calibrate(source, plan, terminal.request(), terminal.note());
  fmt::print(
      "{} = {} ({}) gives {} = {} (95% CI {} to {}); target {}; {} simulations of {} trials, "
      "seed {}\n",
      vary, rounded_number(result.solution), analysis::describe_interval(result),
      result.target.statistic.metric.text(), rounded_number(result.achieved.value),
      rounded_number(result.achieved.ci_low), rounded_number(result.achieved.ci_high),
      format_number(result.target.value), result.evaluations, result.trials, result.seed);
  if (!write_path.empty()) {
    engine::write_file_atomically(write_path, analysis::calibrated_scenario(source, result));
    fmt::print("Wrote {}\n", write_path);
  }
  return kSuccess;
}

}  // namespace incomesim::tools
