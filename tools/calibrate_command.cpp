// `incomesim calibrate`: the value of one key that makes a statistic hit a target, by TOMS 748
// on common random numbers.
#include <fmt/format.h>

#include <boost/math/tools/roots.hpp>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/research_support.hpp"
#include "tools/simulation.hpp"

namespace incomesim::tools {

namespace {

// A target such as "medium.month[12] P(>100)=0.057", "total.horizon p10=150000" or
// "career.year[1] mean=60000".
struct Target {
  MetricName metric;
  double value;
  std::optional<engine::MonthRange> range;  // a month or months period to add to the report
  std::optional<double> threshold;          // a threshold to add
};

Target parse_target(const std::string& text, int horizon, std::vector<std::string> streams) {
  static const std::regex pattern(
      R"(^\s*([a-z_]+)\.(horizon|year\[(\d+)\]|month\[(\d+)\]|months\[(\d+)-(\d+)\])\s+)"
      R"((P\(\s*>\s*([-+0-9.eE]+)\s*\)|mean|p([0-9.]+))\s*=\s*([-+0-9.eE]+)\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern))
    throw InputError("--target",
                     fmt::format("'{}' is not a target; write STREAM.PERIOD STATISTIC=VALUE, "
                                 "e.g. 'medium.month[12] P(>100)=0.057' or 'total.horizon "
                                 "p10=150000' (periods: horizon, year[k], month[k], "
                                 "months[a-b]; statistics: P(>x), mean, pNN)",
                                 text));
  Target target;
  target.metric.stream = m[1];
  streams.push_back(engine::kTotalSeries);
  if (std::find(streams.begin(), streams.end(), target.metric.stream) == streams.end())
    throw InputError(
        "--target",
        fmt::format("'{}' is not a stream of this scenario{}; allowed: {}", target.metric.stream,
                    did_you_mean(target.metric.stream, streams), quoted_list(streams)));
  target.value = std::stod(m[10]);
  const std::string period = m[2];
  auto month = [&](const std::string& digits) {
    const int k = std::stoi(digits);
    if (k < 1 || k > horizon)
      throw InputError("--target",
                       fmt::format("month {} is outside the horizon (1 to {})", k, horizon));
    return k;
  };
  if (period == engine::kHorizonPeriod) {
    target.metric.period = engine::kHorizonPeriod;
  } else if (m[3].matched) {
    const int years = (horizon + 11) / 12;
    const int year = std::stoi(m[3]);
    if (year < 1 || year > years)
      throw InputError("--target",
                       fmt::format("year {} is outside the horizon (1 to {})", year, years));
    target.metric.period = engine::year_period(year);
  } else if (m[4].matched) {
    const int k = month(m[4]);
    target.range = engine::MonthRange{k, k};
    target.metric.period = engine::month_range_period(*target.range);
  } else {
    const int first = month(m[5]), last = month(m[6]);
    if (first > last) throw InputError("--target", "months[a-b] needs a <= b");
    target.range = engine::MonthRange{first, last};
    target.metric.period = engine::month_range_period(*target.range);
  }
  if (m[8].matched) {
    target.threshold = std::stod(m[8]);
    target.metric.metric = engine::metric::above(*target.threshold);
    // A probability outside [0, 1] is never reached: refuse it before any simulation.
    if (!(target.value >= 0 && target.value <= 1))
      throw InputError("--target", fmt::format("P(>x)={} is not a probability; allowed: a value "
                                               "from 0 to 1, e.g. P(>100)=0.057",
                                               format_number(target.value)));
  } else if (m[9].matched) {
    const double percent = std::stod(m[9]);
    if (!(percent > 0 && percent < 100))
      throw InputError("--target", fmt::format("p{} is not a percentile; allowed: p followed by "
                                               "a number strictly between 0 and 100, e.g. p10",
                                               m[9].str()));
    target.metric.metric = engine::metric::percentile(percent);
  } else {
    target.metric.metric = engine::metric::kMean;
  }
  return target;
}

}  // namespace

int calibrate_command(const std::string& path, const std::string& target_text,
                      const std::string& vary, const std::vector<double>& range,
                      const std::string& write_path, const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = thread_limit(arguments.request.threads);
  const auto source = scenarios::read_scenario_source(path);
  const auto base = scenarios::load_scenario_text(source.text, source.name);
  const Target target = parse_target(target_text, base.model.horizon, base.model.stream_names());

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

  RunRequest settings = arguments.request;
  if (target.range) settings.extra_ranges.push_back(*target.range);
  if (target.threshold) settings.thresholds.push_back(*target.threshold);
  // Report periods the scenario already has are not added twice.
  for (const auto& r : base.report_ranges)
    if (target.range && r.first == target.range->first && r.last == target.range->last)
      settings.extra_ranges.clear();
  int evaluations = 0;
  auto statistic_at = [&](double value) {
    const auto scenario =
        scenarios::load_scenario_text(source.text, source.name, {{vary, format_number(value)}});
    const Simulation run = simulate(scenario, settings);
    ++evaluations;
    const auto& row =
        run.summary.find(target.metric.stream, target.metric.period, target.metric.metric);
    note(arguments, fmt::format("  {} = {} -> {} = {}", vary, format_number(value),
                                target.metric.text(), format_number(row.estimate.value)));
    return row.estimate;
  };
  if (!write_path.empty()) {
    // Fail before the search, not after it, when the calibrated file cannot be written there.
    const auto parent = std::filesystem::path(write_path).parent_path();
    prepare_output_directory(parent.empty() ? "." : parent.string());
  }
  const double at_low = statistic_at(low).value - target.value;
  const double at_high = statistic_at(high).value - target.value;
  if (at_low != 0 && at_high != 0 && (at_low < 0) == (at_high < 0))
    throw InputError("--range",
                     fmt::format("the target {} = {} is not between the statistic at {} ({}) "
                                 "and at {} ({}); widen --range",
                                 target.metric.text(), format_number(target.value),
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
  fmt::print(
      "{} = {} gives {} = {} (95% CI {} to {}); target {}; {} simulations of {} trials, "
      "seed {}\n",
      vary, format_number(solution), target.metric.text(), format_number(achieved.value),
      format_number(achieved.ci_low), format_number(achieved.ci_high), format_number(target.value),
      evaluations, settings.trials, settings.seed);
  if (!write_path.empty()) {
    const std::string text =
        fmt::format("# {} calibrated by incomesim: {} = {} so that {} = {} ({} trials, seed {}).\n",
                    base.name, vary, format_number(solution), target.metric.text(),
                    format_number(target.value), settings.trials, settings.seed) +
        scenarios::scenario_toml(source.text, source.name, {{vary, format_number(solution)}});
    engine::write_file_atomically(write_path, text);
    fmt::print("Wrote {}\n", write_path);
  }
  return kSuccess;
}

}  // namespace incomesim::tools
