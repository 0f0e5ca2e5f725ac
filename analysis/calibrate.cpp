#include "analysis/calibrate.hpp"

#include <fmt/format.h>

#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdlib>

#include "core/input_error.hpp"
#include "core/number_format.hpp"

namespace incomesim::analysis {
namespace {

// The key's value in the file, else its numeric default; none when the scenario has neither.
std::optional<double> base_value(const scenarios::ScenarioSource& source,
                                 const scenarios::Scenario& base, const std::string& key) {
  for (const auto& leaf : scenarios::numeric_leaves(source.text, source.name))
    if (leaf.key == key) return leaf.value;
  for (const auto& p : base.parameters)
    if (p.key == key && p.kind == scenarios::ParameterKind::number)
      return std::strtod(p.value.c_str(), nullptr);
  return std::nullopt;
}

// TOMS 748 (Boost.Math) for f = 0 on [low, high], where f(low) and f(high) are known and of
// opposite signs. 12 bits of relative precision is finer than a statistic's own sampling noise at
// any practical trial count.
template <class Function>
double solve(Function&& f, double low, double high, double at_low, double at_high) {
  boost::uintmax_t iterations = 40;
  const auto bracket = boost::math::tools::toms748_solve(
      f, low, high, at_low, at_high, boost::math::tools::eps_tolerance<double>(12), iterations);
  return (bracket.first + bracket.second) / 2;
}

}  // namespace

CalibrationTarget parse_calibration_target(const std::string& text,
                                           const scenarios::Scenario& scenario) {
  const StatisticSyntax syntax{"--target", "SERIES.PERIOD.STAT=VALUE",
                               "'medium.month12.p_above_100=0.057' or 'total.horizon.p10=150000'"};
  const std::size_t equals = text.rfind('=');
  char* end = nullptr;
  const double value =
      equals == std::string::npos ? 0 : std::strtod(text.c_str() + equals + 1, &end);
  if (equals == std::string::npos || end == text.c_str() + equals + 1 || !std::isfinite(value) ||
      text.find_first_not_of(" \t", static_cast<std::size_t>(end - text.c_str())) !=
          std::string::npos)
    throw InputError("--target", fmt::format("'{}' is not a target; write {}, e.g. {}", text,
                                             syntax.form, syntax.example));
  CalibrationTarget target{
      parse_statistic(text.substr(0, equals), syntax, scenario.model.horizon,
                      scenario.model.named_series(), scenario.model.household.has_value()),
      value};
  // A probability outside [0, 1] is never reached: refuse it before any simulation.
  if (target.statistic.is_probability && !(value >= 0 && value <= 1))
    throw InputError("--target", fmt::format("P(>x)={} is not a probability; allowed: a value "
                                             "from 0 to 1, e.g. medium.month12.p_above_100=0.057",
                                             format_number(value)));
  return target;
}

CalibrationSetup check_calibration_plan(const scenarios::ScenarioSource& source,
                                        const CalibrationPlan& plan) {
  const auto base = scenarios::load_scenario_text(source.text, source.name);
  CalibrationSetup setup{parse_calibration_target(plan.target, base)};
  if (!plan.range.empty()) {
    if (plan.range.size() != 2 || !(plan.range[0] < plan.range[1]))
      throw InputError("--range", "expected LOW,HIGH with LOW < HIGH");
    setup.low = plan.range[0];
    setup.high = plan.range[1];
    return setup;
  }
  const std::optional<double> value = base_value(source, base, plan.vary);
  if (!value)
    throw InputError("--vary", fmt::format("'{}' is not a number this scenario gives or defaults "
                                           "(e.g. medium.earnings_per_article.median); give "
                                           "--range LOW,HIGH to set it anyway",
                                           plan.vary));
  if (!(*value > 0))
    throw InputError("--range", fmt::format("{} is {} in the scenario; give --range LOW,HIGH",
                                            plan.vary, format_number(*value)));
  setup.low = *value / 10;
  setup.high = *value * 10;
  return setup;
}

Calibration calibrate(const scenarios::ScenarioSource& source, const CalibrationPlan& plan,
                      const RunRequest& request, const Note& note) {
  const CalibrationSetup setup = check_calibration_plan(source, plan);
  const auto base = scenarios::load_scenario_text(source.text, source.name);
  const std::string statistic = setup.target.statistic.metric.text();
  const double target = setup.target.value;
  Calibration result;
  result.scenario = base.name;
  result.vary = plan.vary;
  result.target = setup.target;
  result.low = setup.low;
  result.high = setup.high;
  RunRequest settings = request;
  add_report_needs(setup.target.statistic, base, settings);
  result.trials = settings.trials;
  result.seed = settings.seed;
  auto statistic_at = [&](double value) {
    const auto scenario = scenarios::load_scenario_text(source.text, source.name,
                                                        {{plan.vary, format_number(value)}});
    const Simulation run = simulate(scenario, settings);
    ++result.evaluations;
    const auto& metric = setup.target.statistic.metric;
    const auto& row = run.summary.find(metric.stream, metric.period, metric.metric);
    if (note)
      note(fmt::format("  {} = {} -> {} = {}", plan.vary, format_number(value), statistic,
                       format_number(row.estimate.value)));
    return row.estimate;
  };
  // The statistic at the range's ends, which every later search reuses.
  const double at_low = statistic_at(setup.low).value, at_high = statistic_at(setup.high).value;
  if ((at_low - target) != 0 && (at_high - target) != 0 && (at_low < target) == (at_high < target))
    throw InputError(
        "--range",
        fmt::format("the target {} = {} is not between the statistic at {} ({}) "
                    "and at {} ({}); widen --range",
                    statistic, format_number(target), format_number(setup.low),
                    format_number(at_low), format_number(setup.high), format_number(at_high)));
  // Where the statistic takes `level`, or the nearer end of the range when it does not there.
  auto value_where = [&](double level) -> IntervalEnd {
    const double from = at_low - level, to = at_high - level;
    if (from == 0) return {setup.low, false};
    if (to == 0) return {setup.high, false};
    if ((from < 0) == (to < 0))
      return {std::abs(from) < std::abs(to) ? setup.low : setup.high, true};
    return {solve([&](double value) { return statistic_at(value).value - level; }, setup.low,
                  setup.high, from, to),
            false};
  };
  result.solution = value_where(target).value;
  result.achieved = statistic_at(result.solution);
  // The answer's interval, by inverting the statistic's: on common random numbers the curve is
  // smooth in the key, so this carries the statistic's sampling error through its slope
  // (asymmetric where the slope changes).
  const double below = result.achieved.value - result.achieved.ci_low,
               above = result.achieved.ci_high - result.achieved.value;
  if (std::isfinite(below) && std::isfinite(above)) {
    IntervalEnd a = value_where(target - below), b = value_where(target + above);
    if (a.value > b.value) std::swap(a, b);
    result.interval = {a, b};
  }
  return result;
}

std::string describe_interval(const Calibration& calibration) {
  if (!calibration.interval) return "no interval: the statistic has none";
  auto end_text = [](const IntervalEnd& end, const char* open_side) {
    return end.open ? fmt::format("{} {} (the range's end)", open_side, rounded_number(end.value))
                    : rounded_number(end.value);
  };
  return fmt::format("95% CI {} to {}", end_text(calibration.interval->first, "below"),
                     end_text(calibration.interval->second, "above"));
}

std::string calibrated_scenario(const scenarios::ScenarioSource& source,
                                const Calibration& calibration) {
  const std::string header = fmt::format(
      "# {} calibrated by incomesim: {} = {} ({}) so that {} = {} ({} trials, seed {}).\n",
      calibration.scenario, calibration.vary, format_number(calibration.solution),
      describe_interval(calibration), calibration.target.statistic.metric.text(),
      format_number(calibration.target.value), calibration.trials, calibration.seed);
  const std::string value = format_number(calibration.solution);
  // The file as it was, the one value changed; where the file has no value for the key (it
  // takes the default), the whole scenario rewritten with it.
  if (auto edited =
          scenarios::with_value_replaced(source.text, source.name, calibration.vary, value))
    return header + *edited;
  return header + scenarios::scenario_toml(source.text, source.name, {{calibration.vary, value}});
}

}  // namespace incomesim::analysis
