#pragma once
// One-at-a-time sensitivity: every numeric parameter of a scenario moved down and up by a relative
// spread, each on the same trials as the base run, and each metric's change (a tornado); and the
// rank correlation of every per-trial parameter with the total over the horizon.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "analysis/statistic.hpp"
#include "engine/report_table.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

struct SensitivityPlan {
  double spread = 0.2;  // relative, in (0, 1)
  // summary names; empty: default_sensitivity_metrics of the scenario
  std::vector<std::string> metrics;
};

// P10 and P50 over the horizon of the income a person lives on: net income with [tax], else the
// total.
std::vector<std::string> default_sensitivity_metrics(const scenarios::Scenario& scenario);

// One parameter: its base value, the two values tried, and each metric at them (empty, with a
// note, when it was not varied).
struct ParameterEffect {
  std::string key;
  double base = 0, low = 0, high = 0;
  std::vector<double> at_low, at_high;  // per metric
  std::string note;
  bool varied() const { return !at_low.empty(); }
};

// A per-trial parameter's Spearman correlation with the total over the horizon, with a 95%
// interval from its Fisher transform.
struct TrialCorrelation {
  std::string key;
  double rho = 0, ci_low = 0, ci_high = 0;
};

struct Sensitivity {
  double spread = 0;
  std::vector<MetricName> metrics;
  std::vector<double> base_values;  // per metric
  std::vector<ParameterEffect> effects;
  std::vector<TrialCorrelation> correlations;
  std::uint64_t trials = 0;
  std::uint64_t seed = 0;
};

// InputError for a spread outside (0, 1), a metric that is not "stream.period.metric" or a bad
// scenario: what sensitivity() checks first, for a caller to check before it prepares anything.
void check_sensitivity_plan(const scenarios::ScenarioSource& source, const SensitivityPlan& plan);

// Every number the file gives (except whole-number settings such as horizon_months), then every
// numeric default. Needs exact mode (the per-trial totals): request.mode is taken as exact.
Sensitivity sensitivity(const scenarios::ScenarioSource& source, const SensitivityPlan& plan,
                        const RunRequest& request, const Note& note = {});

// The varied parameters by the size of their effect on metric m, largest first (ties in the
// order of the file).
std::vector<const ParameterEffect*> ranked_effects(const Sensitivity& sensitivity, std::size_t m);

// tornado.csv and per-trial-correlations.csv.
engine::ReportTable tornado_table(const Sensitivity& sensitivity);
engine::ReportTable correlations_table(const Sensitivity& sensitivity);

}  // namespace incomesim::analysis
