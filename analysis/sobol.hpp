#pragma once
// Sobol indices of one output (a series in a period, or a per-trial outcome): first-order and
// total, for each per-trial parameter, each stream's parameters and its luck. Pick-freeze on the
// draw addresses: run A keys every draw by the seed, run B every draw by a replicate seed, and the
// run of an input keys that input's addresses by the replicate seed and everything else by the
// seed, so it shares exactly that input with B and everything else with A (random/draw_keys.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "engine/report_table.hpp"
#include "engine/sobol.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

struct SobolPlan {
  std::string output = "total.horizon";  // SERIES.PERIOD, or an outcome (household.final_balance)
  std::uint64_t resamples = 1000;        // bootstrap resamples for the intervals
};

struct SobolRow {
  std::string input;
  bool group = false;  // a stream's parameters or luck, rather than one parameter
  std::vector<std::string> parameters;
  engine::SobolIndices indices;
};

struct SobolResult {
  std::string output, scenario;
  double output_variance = 0;
  std::uint64_t trials = 0, model_runs = 0, resamples = 0, seed = 0;
  std::vector<SobolRow> rows;
  // The groups' first-order indices summed: 1 minus it is the share of interactions between
  // groups, up to sampling error.
  double group_first_order_sum() const;
};

// InputError for an output the scenario does not have, too few trials, resamples out of range:
// what sobol() checks first, for a caller to check before it prepares anything.
void check_sobol_plan(const scenarios::Scenario& scenario, const SobolPlan& plan,
                      const RunRequest& request);

SobolResult sobol(const scenarios::Scenario& scenario, const SobolPlan& plan,
                  const RunRequest& request, const Note& note = {});

// sobol.csv.
engine::ReportTable sobol_table(const SobolResult& result);

}  // namespace incomesim::analysis
