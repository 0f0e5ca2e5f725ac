#pragma once
// Helpers shared by the model tests: a scenario from TOML text, and a run of it.
#include <cstdint>
#include <stdexcept>
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

// Month `month` of the named column of a trace (a stream's income, "regime", ...).
inline double traced(const scenarios::TrialTrace& trace, int month, const std::string& column) {
  for (std::size_t c = 0; c < trace.columns.size(); ++c)
    if (trace.columns[c] == column) return trace.rows.at(static_cast<std::size_t>(month))[c];
  throw std::out_of_range("the trace has no column " + column);
}

inline engine::Summary summary_of(const scenarios::Scenario& scenario, std::uint64_t trials,
                                  std::uint64_t seed) {
  engine::SummaryOptions options;
  options.thresholds = scenario.report_thresholds;
  return engine::summarise(run(scenario, trials, seed), options, scenario.name, seed);
}

}  // namespace incomesim::test_support
