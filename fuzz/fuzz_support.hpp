#pragma once
// What the fuzzers do with one input, shared with the regression test that replays the inputs
// they found (tests/fuzz-regressions/). Expected failures are InputErrors; anything else
// escaping (another exception, a crash, a sanitizer report, a hang) is a bug.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_error.hpp"
#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/cli.hpp"

namespace incomesim::fuzzing {

// Loads the text as a scenario and, if it is valid, simulates a few trials of up to 24 months
// and summarises them: the loader and the models see the fuzzed parameters.
inline void exercise_scenario_text(std::string_view text) {
  try {
    scenarios::Scenario scenario = scenarios::load_scenario_text(text, "fuzz.toml");
    scenario.model.horizon = std::min(scenario.model.horizon, 24);
    std::erase_if(scenario.report_ranges,
                  [&](const engine::MonthRange& r) { return r.last > scenario.model.horizon; });
    engine::RunOptions options;
    options.trials = 3;
    options.seed = 1;
    options.block_size = 2;
    options.report_ranges = scenario.report_ranges;
    options.monthly_bands = true;
    const auto results = engine::run_trials(scenario.model, options);
    engine::summarise(results, {}, scenario.name, 1);
  } catch (const InputError&) {
  }
}

// Parses the lines of the text as command-line arguments and checks them, without running.
inline void exercise_command_line(std::string_view text) {
  std::vector<std::string> arguments{"incomesim"};
  std::size_t start = 0;
  while (start <= text.size() && arguments.size() < 64) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    arguments.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  tools::CommandLine command_line;
  try {
    command_line.app().parse(static_cast<int>(argv.size()), argv.data());
    command_line.check_arguments();
  } catch (const CLI::Error&) {
  } catch (const InputError&) {
  }
}

}  // namespace incomesim::fuzzing
