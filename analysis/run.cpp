#include "analysis/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/metric_names.hpp"

namespace incomesim::analysis {
namespace {

void check_request(const RunRequest& request) {
  // Each adds rows for every series and period: bounded like the scenario's own lists.
  if (request.percentiles.size() > 99)
    throw InputError("--percentiles", fmt::format("{} percentiles; allowed: at most 99",
                                                  request.percentiles.size()));
  if (request.thresholds.size() > scenarios::kMaxReportThresholds)
    throw InputError("--threshold",
                     fmt::format("{} thresholds; allowed: at most {}", request.thresholds.size(),
                                 scenarios::kMaxReportThresholds));
  for (double p : request.percentiles)
    if (!(p > 0 && p < 100))
      throw InputError("--percentiles", fmt::format("{} is out of range; allowed: percentiles "
                                                    "strictly between 0 and 100",
                                                    format_number(p)));
  for (double t : request.thresholds)
    if (!std::isfinite(t))
      throw InputError("--threshold", fmt::format("{} is not allowed; thresholds must be finite",
                                                  format_number(t)));
}

// The narrowest relative half-width a percentile's interval can have in streaming mode: the
// interval reaches the edges of the sketch's buckets, v / (1 - a) above a value v (a = 0.5%:
// 0.503%), however many trials run.
double streaming_resolution() {
  const double a = engine::QuantileSketch().relative_accuracy();
  return a / (1 - a);
}

// NaN (no estimate yet) is never met.
bool goal_met(const PrecisionGoal& goal, double achieved) { return achieved <= goal.half_width; }

bool is_shortfall(const PrecisionGoal& goal) {
  return goal.statistic.metric.metric == engine::metric::shortfall(0.05);
}

// Whether a goal can be met only with per-trial results: the expected shortfall (a sketch keeps no
// tail variance) or a percentile to a relative half-width within the sketch's resolution.
bool needs_exact_mode(const PrecisionGoal& goal) {
  return is_shortfall(goal) ||
         (goal.statistic.percent && goal.relative && goal.half_width <= streaming_resolution());
}

// The goals as written, parsed against the scenario; percentiles must be among those reported.
std::vector<PrecisionGoal> parse_goals(const RunPlan& plan, const scenarios::Scenario& scenario) {
  const StatisticSyntax syntax{"--precision", "W or 'STAT:W'",
                               "'total.horizon.p10:0.5%' or 'household.p_ruin:0.002'"};
  auto require_reported = [&](double percent, const char* option) {
    const auto& reported = plan.request.percentiles;
    if (std::find(reported.begin(), reported.end(), percent) == reported.end())
      throw InputError(option, fmt::format("P{} is not among --percentiles; add it there",
                                           format_number(percent)));
  };
  std::vector<PrecisionGoal> goals;
  for (const auto& text : plan.precision) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos) {
      // A bare W: the checked percentiles of the total over the horizon, relative.
      const double width = parse_fraction("--precision", text);
      for (double percent : plan.precision_percentiles) {
        require_reported(percent, "--precision-percentiles");
        const std::string name = "total.horizon p" + format_number(percent);
        goals.push_back({parse_statistic(name, syntax, scenario.model.horizon,
                                         scenario.model.named_series(), false),
                         width, true, name + ":" + text});
      }
      continue;
    }
    const std::string width_text = text.substr(colon + 1);
    const bool relative = !width_text.empty() && width_text.back() == '%';
    PrecisionGoal goal{
        parse_statistic(text.substr(0, colon), syntax, scenario.model.horizon,
                        scenario.model.named_series(), scenario.model.household.has_value()),
        parse_fraction("--precision", width_text), relative, text};
    if (goal.statistic.percent) require_reported(*goal.statistic.percent, "--precision");
    goals.push_back(goal);
  }
  for (const auto& goal : goals)
    if (!(goal.half_width > 0) || !std::isfinite(goal.half_width) ||
        (goal.relative && goal.half_width >= 1))
      throw InputError("--precision",
                       fmt::format("'{}': the half-width is out of range; allowed: a relative "
                                   "half-width such as 0.5% (below 100%), or a finite absolute "
                                   "one > 0",
                                   goal.text));
  return goals;
}

// Goals a sketch can never meet, refused in streaming mode with what would meet them.
void check_goals_for_streaming(const std::vector<PrecisionGoal>& goals) {
  for (const auto& goal : goals) {
    if (is_shortfall(goal))
      throw InputError("--precision",
                       fmt::format("'{}': the expected shortfall has no interval in streaming mode "
                                   "(a sketch keeps no tail variance); use --mode exact",
                                   goal.text));
    if (needs_exact_mode(goal))
      throw InputError(
          "--precision",
          fmt::format("'{}': streaming mode knows a percentile only to within {:.1f}% (its "
                      "intervals are at least +-{:.3f}% wide however many trials run); allowed: "
                      "a half-width above {:.3f}%, or --mode exact",
                      goal.text, 100 * engine::QuantileSketch().relative_accuracy(),
                      100 * streaming_resolution(), 100 * streaming_resolution()));
  }
}

// An absolute goal on a percentile, checked against the sketch's resolution once the
// percentile's size is known, rather than after running to the cap.
void check_absolute_goals_for_streaming(const std::vector<PrecisionGoal>& goals,
                                        const engine::Summary& summary) {
  for (const auto& goal : goals) {
    if (!goal.statistic.percent || goal.relative) continue;
    const MetricName& name = goal.statistic.metric;
    const double value =
        std::abs(summary.find(name.stream, name.period, name.metric).estimate.value);
    if (goal.half_width < streaming_resolution() * value)
      throw InputError("--precision",
                       fmt::format("'{}': streaming mode knows this percentile ({}) only to within "
                                   "+-{:.4g} ({:.3f}%) however many trials run; allowed: a "
                                   "half-width above that, or --mode exact",
                                   goal.text, format_number(value), streaming_resolution() * value,
                                   100 * streaming_resolution()));
  }
}

// A run before its trials: the checked settings, the goals, and the cap they are pursued to.
struct PlannedRun {
  RunRequest settings;
  std::vector<PrecisionGoal> goals;
  std::uint64_t max_trials = 0;
};

// The mode and the cap of a run. Auto mode picks streaming for a cap too large to keep; goals a
// sketch cannot meet keep exact mode instead, with the trials capped at what exact mode keeps.
void choose_mode(const scenarios::Scenario& scenario, const RunPlan& plan,
                 const RunObserver& observer, PlannedRun& planned) {
  const std::vector<PrecisionGoal>& goals = planned.goals;
  const bool adaptive = !goals.empty();
  planned.max_trials = adaptive ? plan.max_trials : plan.request.trials;
  planned.settings.mode = choose_results_mode(scenario, planned.max_trials, plan.mode);
  if (adaptive && plan.mode == "auto" && planned.settings.mode == engine::ResultsMode::streaming &&
      std::any_of(goals.begin(), goals.end(), needs_exact_mode)) {
    planned.settings.mode = engine::ResultsMode::exact;
    planned.max_trials = std::min(planned.max_trials, exact_mode_trials(scenario));
    if (observer.note)
      observer.note(
          fmt::format("the --precision goals need exact mode (streaming keeps no tail for an "
                      "expected shortfall and knows a percentile to within {:.1f}%); at most {} "
                      "trials fit in it",
                      100 * engine::QuantileSketch().relative_accuracy(), planned.max_trials));
  }
  if (planned.settings.mode == engine::ResultsMode::streaming) check_goals_for_streaming(goals);
  check_trials(scenario, planned.max_trials, 0, planned.settings.mode);
}

// Grows the run until every goal is met or the cap is reached.
RunResult run_to_precision(const scenarios::Scenario& scenario, const RunObserver& observer,
                           PlannedRun planned) {
  RunRequest& settings = planned.settings;
  settings.trials = std::min(kFirstPrecisionTrials, planned.max_trials);
  Simulation simulation = simulate(scenario, settings);
  std::vector<double> achieved(planned.goals.size());
  for (;;) {
    for (std::size_t k = 0; k < planned.goals.size(); ++k)
      achieved[k] = achieved_half_width(simulation.summary, planned.goals[k]);
    if (observer.step) observer.step(settings.trials, planned.goals, achieved);
    if (settings.mode == engine::ResultsMode::streaming)
      check_absolute_goals_for_streaming(planned.goals, simulation.summary);
    const std::uint64_t next =
        next_precision_trials(settings.trials, planned.goals, achieved, planned.max_trials);
    if (next == settings.trials) break;
    add_trials(scenario, settings, next, simulation);
    settings.trials = next;
  }
  return {std::move(simulation), std::move(settings), std::move(planned.goals), std::move(achieved),
          planned.max_trials};
}

}  // namespace

bool goals_met(const std::vector<PrecisionGoal>& goals, const std::vector<double>& achieved) {
  for (std::size_t k = 0; k < goals.size(); ++k)
    if (!goal_met(goals[k], achieved[k])) return false;
  return true;
}

bool RunResult::precision_reached() const { return goals_met(goals, achieved); }

std::uint64_t next_precision_trials(std::uint64_t trials, const std::vector<PrecisionGoal>& goals,
                                    const std::vector<double>& achieved, std::uint64_t max_trials) {
  constexpr double kMaxGrowth = 4;
  if (goals_met(goals, achieved) || trials >= max_trials) return trials;
  double growth = 1;
  for (std::size_t k = 0; k < goals.size(); ++k)
    if (!goal_met(goals[k], achieved[k]))  // a NaN or infinite ratio grows by the most
      growth =
          std::max(growth, std::min(kMaxGrowth, std::pow(achieved[k] / goals[k].half_width, 2)));
  const double wanted = std::ceil(static_cast<double>(trials) * growth);
  const std::uint64_t block = engine::kDefaultBlockSize;
  const std::uint64_t blocks = static_cast<std::uint64_t>(std::ceil(wanted / block));
  const std::uint64_t next = std::max(blocks * block, trials + block);
  return std::min(next, max_trials);
}

double achieved_half_width(const engine::Summary& summary, const PrecisionGoal& goal) {
  const MetricName& name = goal.statistic.metric;
  const engine::Estimate& e = summary.find(name.stream, name.period, name.metric).estimate;
  const double half = std::max(e.value - e.ci_low, e.ci_high - e.value);
  if (!std::isfinite(half)) return INFINITY;
  if (!goal.relative) return half;
  return e.value != 0 ? half / std::abs(e.value) : (half > 0 ? INFINITY : 0);
}

std::string describe_width(const PrecisionGoal& goal, double width) {
  return goal.relative ? fmt::format("{:.3f}%", 100 * width) : fmt::format("{:.4g}", width);
}

namespace {

// Everything of a run but its trials: the checked settings, the goals and the mode.
PlannedRun plan_run(const scenarios::Scenario& scenario, const RunPlan& plan,
                    const RunObserver& observer) {
  if (plan.mode != "auto" && plan.mode != "exact" && plan.mode != "streaming")
    throw InputError("--mode",
                     "'" + plan.mode + "' is not a mode; allowed: auto, exact, streaming");
  check_request(plan.request);
  PlannedRun planned;
  planned.settings = plan.request;
  planned.settings.monthly_bands = true;
  planned.goals = parse_goals(plan, scenario);
  choose_mode(scenario, plan, observer, planned);
  for (const auto& goal : planned.goals)
    add_report_needs(goal.statistic, scenario, planned.settings);
  return planned;
}

}  // namespace

void check_run_plan(const scenarios::Scenario& scenario, const RunPlan& plan) {
  plan_run(scenario, plan, {});
}

RunResult run(const scenarios::Scenario& scenario, const RunPlan& plan,
              const RunObserver& observer) {
  PlannedRun planned = plan_run(scenario, plan, observer);
  if (!planned.goals.empty()) return run_to_precision(scenario, observer, std::move(planned));
  Simulation simulation = simulate(scenario, planned.settings);
  return {std::move(simulation), std::move(planned.settings), {}, {}, planned.max_trials};
}

}  // namespace incomesim::analysis
