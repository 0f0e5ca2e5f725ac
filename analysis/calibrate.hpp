#pragma once
// Calibration: the value of one key that makes a statistic hit a target, found by TOMS 748 on
// common random numbers (every value tried runs on the same trials and seed, so the statistic is
// a smooth, deterministic function of the key), with the answer's interval from the statistic's.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/simulation.hpp"
#include "analysis/statistic.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

// "medium.month[12] P(>100)=0.057", "total.horizon p10=150000": a statistic and its target.
struct CalibrationTarget {
  StatisticSpec statistic;
  double value = 0;
};

// InputError (naming --target) for text that is not STATISTIC=VALUE, a statistic the scenario
// lacks, or a probability outside [0, 1].
CalibrationTarget parse_calibration_target(const std::string& text,
                                           const scenarios::Scenario& scenario);

struct CalibrationPlan {
  std::string target;         // as parse_calibration_target reads it
  std::string vary;           // the key to solve for
  std::vector<double> range;  // {LOW, HIGH}; empty: the key's value / 10 to x 10
};

// What a plan resolves to before any simulation: the target and the bracket searched.
struct CalibrationSetup {
  CalibrationTarget target;
  double low = 0, high = 0;
};

// InputError for a bad scenario, target or range, or a key the scenario has no number for and no
// range: everything calibrate() refuses without simulating.
CalibrationSetup check_calibration_plan(const scenarios::ScenarioSource& source,
                                        const CalibrationPlan& plan);

// An end of the answer's interval; open when the statistic's interval reaches beyond the range,
// so the end is the range's and the true end lies further out.
struct IntervalEnd {
  double value = 0;
  bool open = false;
};

struct Calibration {
  std::string scenario;  // its name
  std::string vary;
  CalibrationTarget target;
  double low = 0, high = 0;  // the bracket searched
  double solution = 0;
  engine::Estimate achieved;  // the statistic at the solution
  // The values of the key at which the statistic is one of its own 95% half-widths either side
  // of the target; none when the statistic has no interval.
  std::optional<std::pair<IntervalEnd, IntervalEnd>> interval;
  int evaluations = 0;  // simulations run
  std::uint64_t trials = 0, seed = 0;
};

// Runs the search, one simulation per value tried (each reported to `note`). InputError when the
// target is not between the statistic at the range's ends.
Calibration calibrate(const scenarios::ScenarioSource& source, const CalibrationPlan& plan,
                      const RunRequest& request, const Note& note = {});

// "95% CI 10.2 to 13.9" (an open end as "above 100 (the range's end)"), or why there is none.
std::string describe_interval(const Calibration& calibration);

// The scenario with the key set to the solution, headed by a comment that says how it was found.
std::string calibrated_scenario(const scenarios::ScenarioSource& source,
                                const Calibration& calibration);

}  // namespace incomesim::analysis
