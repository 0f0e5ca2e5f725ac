#pragma once
// The comparison of two scenarios, run on the same seed and trials (common random numbers), so
// that their differences come from the scenarios and not from the draws.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "engine/report_table.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

// B - A on the same trials: per series and period, each mean, the paired differences of the mean
// and percentiles with their intervals, and P(B > A) (engine::paired_comparison's rows).
struct Comparison {
  std::string scenario_a, scenario_b;
  std::string currency;  // both scenarios report in it
  std::uint64_t trials = 0;
  std::uint64_t seed = 0;
  std::vector<engine::SummaryRow> rows;
  engine::Summary summary_a, summary_b;  // each scenario's own summary
  // Each scenario's curves, when the request asked for monthly bands (a page draws them).
  std::optional<PlanCurves> curves_a, curves_b;
};

// InputError when the scenarios differ in horizon or reporting currency (a difference of pounds
// and dollars means nothing); compare() checks it too, a caller may check before it prepares.
void check_comparable(const scenarios::Scenario& a, const scenarios::Scenario& b);

Comparison compare(const scenarios::Scenario& a, const scenarios::Scenario& b,
                   const RunRequest& request, const Note& note = {});

// comparison.csv: scenario_a, scenario_b, then the columns of rows_table.
engine::ReportTable comparison_table(const Comparison& comparison);

}  // namespace incomesim::analysis
