// `incomesim calibrate`: the value of one key that makes a statistic hit a target, by TOMS 748
// on common random numbers.
#include <fmt/format.h>

#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "analysis/statistic.hpp"
#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

namespace {

// A target such as "medium.month[12] P(>100)=0.057", "total.horizon p10=150000" or
// "career.year[1] mean=60000": a statistic (analysis/statistic.hpp) and the value it should
// take.
struct Target {
  analysis::StatisticSpec statistic;
  double value;
};

Target parse_target(const std::string& text, const scenarios::Scenario& scenario) {
  const analysis::StatisticSyntax syntax{
      "--target", "STREAM.PERIOD STATISTIC=VALUE",
      "'medium.month[12] P(>100)=0.057' or 'total.horizon p10=150000'"};
  const std::size_t equals = text.rfind('=');
  char* end = nullptr;
  const double value =
      equals == std::string::npos ? 0 : std::strtod(text.c_str() + equals + 1, &end);
  if (equals == std::string::npos || end == text.c_str() + equals + 1 || !std::isfinite(value) ||
      text.find_first_not_of(" \t", static_cast<std::size_t>(end - text.c_str())) !=
          std::string::npos)
    throw InputError("--target", fmt::format("'{}' is not a target; write {}, e.g. {}", text,
                                             syntax.form, syntax.example));
  Target target{analysis::parse_statistic(text.substr(0, equals), syntax, scenario.model.horizon,
                                          scenario.model.stream_names(),
                                          scenario.model.household.has_value()),
                value};
  // A probability outside [0, 1] is never reached: refuse it before any simulation.
  if (target.statistic.is_probability && !(value >= 0 && value <= 1))
    throw InputError("--target", fmt::format("P(>x)={} is not a probability; allowed: a value "
                                             "from 0 to 1, e.g. P(>100)=0.057",
                                             format_number(value)));
  return target;
}

}  // namespace

int calibrate_command(const std::string& path, const std::string& target_text,
                      const std::string& vary, const std::vector<double>& range,
                      const std::string& write_path, const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  const auto source = scenarios::read_scenario_source(path);
  const auto base = scenarios::load_scenario_text(source.text, source.name);
  const Target target = parse_target(target_text, base);

  std::optional<double> base_value;
  for (const auto& leaf : scenarios::numeric_leaves(source.text, source.name))
    if (leaf.key == vary) base_value = leaf.value;
  for (const auto& p : base.parameters)
    if (!base_value && p.key == vary && p.kind == scenarios::ParameterKind::number)
      base_value = std::strtod(p.value.c_str(), nullptr);
  if (!base_value && range.empty())
    throw InputError("--vary", fmt::format("'{}' is not a number this scenario gives or defaults "
                                           "(e.g. medium.earnings_per_article.median); give "
                                           "--range LOW,HIGH to set it anyway",
                                           vary));
  double low, high;
  if (!range.empty()) {
    if (range.size() != 2 || !(range[0] < range[1]))
      throw InputError("--range", "expected LOW,HIGH with LOW < HIGH");
    low = range[0];
    high = range[1];
  } else if (*base_value > 0) {
    low = *base_value / 10;
    high = *base_value * 10;
  } else {
    throw InputError("--range", fmt::format("{} is {} in the scenario; give --range LOW,HIGH", vary,
                                            format_number(*base_value)));
  }

  analysis::RunRequest settings = arguments.request;
  analysis::add_report_needs(target.statistic, base, settings);
  int evaluations = 0;
  auto statistic_at = [&](double value) {
    const auto scenario =
        scenarios::load_scenario_text(source.text, source.name, {{vary, format_number(value)}});
    const analysis::Simulation run = analysis::simulate(scenario, settings);
    ++evaluations;
    const auto& row =
        run.summary.find(target.statistic.metric.stream, target.statistic.metric.period,
                         target.statistic.metric.metric);
    note(arguments, fmt::format("  {} = {} -> {} = {}", vary, format_number(value),
                                target.statistic.metric.text(), format_number(row.estimate.value)));
    return row.estimate;
  };
  if (!write_path.empty()) {
    // Fail before the search, not after it, when the calibrated file cannot be written there.
    const auto parent = std::filesystem::path(write_path).parent_path();
    prepare_output_directory(parent.empty() ? "." : parent.string());
    engine::check_output_file(write_path);
  }
  const double at_low = statistic_at(low).value - target.value;
  const double at_high = statistic_at(high).value - target.value;
  if (at_low != 0 && at_high != 0 && (at_low < 0) == (at_high < 0))
    throw InputError("--range",
                     fmt::format("the target {} = {} is not between the statistic at {} ({}) "
                                 "and at {} ({}); widen --range",
                                 target.statistic.metric.text(), format_number(target.value),
                                 format_number(low), format_number(at_low + target.value),
                                 format_number(high), format_number(at_high + target.value)));
  // TOMS 748 (Boost.Math) on the statistic minus the target; with common random numbers the
  // statistic is a deterministic function of the parameter. 12 bits of relative precision is
  // finer than the statistic's own sampling noise at any practical trial count.
  boost::uintmax_t iterations = 40;
  double solution;
  if (at_low == 0) {
    solution = low;
  } else if (at_high == 0) {
    solution = high;
  } else {
    const auto bracket = boost::math::tools::toms748_solve(
        [&](double value) { return statistic_at(value).value - target.value; }, low, high, at_low,
        at_high, boost::math::tools::eps_tolerance<double>(12), iterations);
    solution = (bracket.first + bracket.second) / 2;
  }
  const engine::Estimate achieved = statistic_at(solution);
  // The answer's interval, by inverting the statistic's: the values of the parameter at which the
  // statistic (on these trials) is one of its own 95% half-widths either side of the target. On
  // common random numbers the curve is smooth in the parameter, so this carries the statistic's
  // sampling error through its slope (asymmetric where the slope changes). An end the range does
  // not reach is reported as the range's end, marked open.
  struct End {
    double value;
    bool open;
  };
  auto value_where = [&](double level) -> End {
    // The statistic at the range's ends is known from the search.
    const double from = at_low + target.value - level, to = at_high + target.value - level;
    if (from == 0) return {low, false};
    if (to == 0) return {high, false};
    if ((from < 0) == (to < 0)) return {std::abs(from) < std::abs(to) ? low : high, true};
    boost::uintmax_t steps = 40;
    const auto bracket = boost::math::tools::toms748_solve(
        [&](double value) { return statistic_at(value).value - level; }, low, high, from, to,
        boost::math::tools::eps_tolerance<double>(12), steps);
    return {(bracket.first + bracket.second) / 2, false};
  };
  const double below = achieved.value - achieved.ci_low, above = achieved.ci_high - achieved.value;
  std::optional<std::pair<End, End>> interval;
  if (std::isfinite(below) && std::isfinite(above)) {
    End a = value_where(target.value - below), b = value_where(target.value + above);
    if (a.value > b.value) std::swap(a, b);
    interval = {a, b};
  }
  auto end_text = [](const End& end, const char* open_side) {
    return end.open ? fmt::format("{} {} (the range's end)", open_side, format_number(end.value))
                    : format_number(end.value);
  };
  const std::string answer_interval =
      interval ? fmt::format("95% CI {} to {}", end_text(interval->first, "below"),
                             end_text(interval->second, "above"))
               : "no interval: the statistic has none";
  fmt::print(
      "{} = {} ({}) gives {} = {} (95% CI {} to {}); target {}; {} simulations of {} trials, "
      "seed {}\n",
      vary, format_number(solution), answer_interval, target.statistic.metric.text(),
      format_number(achieved.value), format_number(achieved.ci_low),
      format_number(achieved.ci_high), format_number(target.value), evaluations, settings.trials,
      settings.seed);
  if (!write_path.empty()) {
    const std::string text =
        fmt::format(
            "# {} calibrated by incomesim: {} = {} ({}) so that {} = {} ({} trials, "
            "seed {}).\n",
            base.name, vary, format_number(solution), answer_interval,
            target.statistic.metric.text(), format_number(target.value), settings.trials,
            settings.seed) +
        scenarios::scenario_toml(source.text, source.name, {{vary, format_number(solution)}});
    engine::write_file_atomically(write_path, text);
    fmt::print("Wrote {}\n", write_path);
  }
  return kSuccess;
}

}  // namespace incomesim::tools
