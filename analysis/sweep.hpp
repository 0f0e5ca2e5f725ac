#pragma once
// The sweep analysis: one scenario run at every combination of values of some of its keys, each
// point on the same seed and trials (common random numbers), so that the differences between
// points come from the values and not from the draws.
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "engine/report_table.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

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
  // Every point's horizon, or 0 when the sweep varies it (horizon_months is a key like any).
  int horizon_months() const;
};
SweepPlan plan_sweep(const scenarios::ScenarioSource& source, const std::vector<SweepAxis>& axes);

// Each point's summary, on the same trials.
struct Sweep {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> points;
  std::vector<engine::Summary> summaries;  // per point
  std::vector<PlanCurves> curves;          // per point, when the request asked for monthly bands
};
Sweep sweep(const SweepPlan& plan, const RunRequest& request, const Note& note = {});

// sweep.csv: a column per swept key (the value as given, as text), then summary.csv's columns.
engine::ReportTable sweep_table(const Sweep& sweep);

}  // namespace incomesim::analysis
