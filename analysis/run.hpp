#pragma once
// The run analysis: one scenario simulated for a fixed number of trials, or, with precision goals,
// grown in place until every goal's 95% interval is narrow enough. Grown in place, a run of N
// trials is bit for bit the fixed run of N, and simulates N trials in all.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "analysis/statistic.hpp"

namespace incomesim::analysis {

// A precision goal: a statistic whose 95% half-width must fall to `half_width`, relative to the
// statistic's value or absolute.
struct PrecisionGoal {
  StatisticSpec statistic;
  double half_width;
  bool relative;
  std::string text;  // as given, for messages and metadata
};

struct RunPlan {
  RunRequest request;  // request.trials is the count when there are no goals
  // Goals as written: "W" (a relative half-width for each of precision_percentiles of the total
  // over the horizon, e.g. "0.5%"), or "STAT:W" ("household p_ruin:0.002", "total.year1 es:1%").
  std::vector<std::string> precision;
  std::vector<double> precision_percentiles{5, 50, 95};
  std::uint64_t max_trials = 10000000;  // where a run with goals stops if it has not met them
  std::string mode = "auto";            // "auto", "exact" or "streaming" (choose_results_mode)
};

// A run with goals starts here (ten blocks), then grows by the measured half-widths.
inline constexpr std::uint64_t kFirstPrecisionTrials = 10 * engine::kDefaultBlockSize;

struct RunResult {
  Simulation simulation;
  RunRequest settings;  // as run: trials, mode, and the periods and thresholds goals needed
  std::vector<PrecisionGoal> goals;
  std::vector<double> achieved;  // per goal: the half-width of the report's interval
  std::uint64_t max_trials = 0;  // the cap the goals were pursued to
  bool precision_reached() const;
};

// Whether every goal's achieved half-width is within its target (NaN never is).
bool goals_met(const std::vector<PrecisionGoal>& goals, const std::vector<double>& achieved);

// What a run tells while it works; each may be empty.
struct RunObserver {
  std::function<void(const std::string&)> note;  // a decision the user should know of
  // After each step of a run with goals: its trials and each goal's achieved half-width.
  std::function<void(std::uint64_t trials, const std::vector<PrecisionGoal>& goals,
                     const std::vector<double>& achieved)>
      step;
};

// The next size of a run with goals: the trials at which every unmet goal's half-width would
// reach its target, as half-widths shrink with the square root of the trials (n (w / target)^2
// for the widest), at most four times `trials`, rounded up to whole blocks (at least one more),
// at most `max_trials`; `trials` itself when every goal is met or the cap is reached.
std::uint64_t next_precision_trials(std::uint64_t trials, const std::vector<PrecisionGoal>& goals,
                                    const std::vector<double>& achieved, std::uint64_t max_trials);

// A goal's half-width in a summary, relative or absolute as the goal is; infinite while the
// statistic has no interval.
double achieved_half_width(const engine::Summary& summary, const PrecisionGoal& goal);

// "0.500%" or "0.002": a half-width in the goal's terms, for messages.
std::string describe_width(const PrecisionGoal& goal, double width);

// Throws InputError (naming the option) for bad requests and goals, as run() would, without
// simulating: a caller checks before it prepares anything.
void check_run_plan(const scenarios::Scenario& scenario, const RunPlan& plan);

// Throws InputError (naming the option) for bad requests and goals, Interrupted when stopped.
RunResult run(const scenarios::Scenario& scenario, const RunPlan& plan,
              const RunObserver& observer = {});

}  // namespace incomesim::analysis
