#pragma once
// Helpers shared by the model tests: a scenario from TOML text, and a run of it.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::test_support {

// The one-line message loading `text` (as plan.toml, with `overrides`) fails with, or
// "(no error)".
inline std::string load_error(const std::string& text,
                              const std::vector<scenarios::Override>& overrides = {}) {
  try {
    scenarios::load_scenario_text(text, "plan.toml", overrides);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

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

// One block holding every trial, so tests can read the model's per-month arrays directly.
struct Block {
  scenarios::IncomeModel::Workspace workspace;
  engine::MonthlyIncomes incomes;
  std::size_t n;
  int horizon;

  Block(const scenarios::IncomeModel& model, std::size_t trials, std::uint64_t seed)
      : workspace(model.make_workspace(trials)),
        incomes(engine::make_monthly_incomes(model, trials)),
        n(trials),
        horizon(model.horizon) {
    incomes.reset(trials);
    model.simulate_block(workspace, {seed, 0, trials}, incomes);
  }
  double income(std::size_t stream, int month, std::size_t i) const {
    return incomes.row(stream, month)[i];
  }
  static double at(const std::vector<double>& path, std::size_t n, int month, std::size_t i) {
    return path[static_cast<std::size_t>(month) * n + i];
  }
};

struct MeanAndError {
  double mean, standard_error;
};
inline MeanAndError mean_and_error(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return {mean, std::sqrt(squares / (n - 1) / n)};
}

// The complete example of docs/scenario-format.md: every section, so every numeric key.
inline std::string documented_example() {
  std::ifstream doc(std::string(INCOMESIM_EXAMPLES_DIR) + "/../../docs/scenario-format.md");
  std::string line, example, section;
  bool in_block = false;
  while (std::getline(doc, line)) {
    if (line.rfind("## ", 0) == 0) section = line;
    if (section != "## A complete example") continue;
    if (line == "```toml")
      in_block = true;
    else if (line == "```")
      in_block = false;
    else if (in_block)
      example += line + "\n";
  }
  return example;
}

}  // namespace incomesim::test_support
