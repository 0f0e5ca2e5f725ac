#pragma once
// The comparison and sweep analyses: scenarios run on the same seed and trials (common random
// numbers), so that their differences come from the scenarios and not from the draws.
#include <cstdint>
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
};

// InputError when the scenarios differ in horizon or reporting currency (a difference of pounds
// and dollars means nothing); compare() checks it too, a caller may check before it prepares.
void check_comparable(const scenarios::Scenario& a, const scenarios::Scenario& b);

Comparison compare(const scenarios::Scenario& a, const scenarios::Scenario& b,
                   const RunRequest& request, const Note& note = {});

// comparison.csv: scenario_a, scenario_b, then the columns of rows_table.
engine::ReportTable comparison_table(const Comparison& comparison);

// One key of a sweep and its values, each TOML as a --set value is ("3", "\"uk-2020\"").
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
};

// "key=v1,v2,...": values split at commas outside braces, brackets and quotes, so that inline
// tables can be values. InputError naming --set when it is not of that form.
SweepAxis parse_sweep_axis(const std::string& text);

// Splits "v1,v2,..." at commas that are not inside braces, brackets or quotes.
std::vector<std::string> split_values(const std::string& text);

// Every combination of the axes' values (the last axis varying fastest), each point's scenario
// loaded with those values set: a bad value fails at once (InputError), before anything runs.
struct SweepPlan {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> points;  // per point, a value per key
  std::vector<scenarios::Scenario> scenarios;    // per point
};
SweepPlan plan_sweep(const scenarios::ScenarioSource& source, const std::vector<SweepAxis>& axes);

// Each point's summary, on the same trials.
struct Sweep {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> points;
  std::vector<engine::Summary> summaries;  // per point
};
Sweep sweep(const SweepPlan& plan, const RunRequest& request, const Note& note = {});

// sweep.csv: a column per swept key (the value as given, as text), then summary.csv's columns.
engine::ReportTable sweep_table(const Sweep& sweep);

}  // namespace incomesim::analysis
