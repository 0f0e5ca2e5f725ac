#pragma once
// Helpers shared by the model tests: a scenario from TOML text, and a run of it.
#include <cstdint>
#include <string>

#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::test_support {

inline scenarios::Scenario scenario_from(const std::string& text) {
  return scenarios::load_scenario_text(text, "test.toml");
}

// Runs every trial with the scenario's own report periods.
inline engine::TrialResults run(const scenarios::Scenario& scenario, std::uint64_t trials,
                                std::uint64_t seed) {
  engine::RunOptions options;
  options.trials = trials;
  options.seed = seed;
  options.report_ranges = scenario.report_ranges;
  return engine::run_trials(scenario.model, options);
}

inline engine::Summary summary_of(const scenarios::Scenario& scenario, std::uint64_t trials,
                                  std::uint64_t seed) {
  engine::SummaryOptions options;
  options.thresholds = scenario.report_thresholds;
  return engine::summarise(run(scenario, trials, seed), options, scenario.name, seed);
}

}  // namespace incomesim::test_support
