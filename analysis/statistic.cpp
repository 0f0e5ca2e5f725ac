#include "analysis/statistic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <regex>

#include "core/input_error.hpp"
#include "core/suggest.hpp"
#include "engine/metric_names.hpp"

namespace incomesim::analysis {
namespace {

// A month, year or percentile of the text (digits and dots only, by the pattern): its value,
// infinite when it does not fit a double, so range checks refuse it with their own message.
double number_in(const std::string& text) {
  const double value = std::strtod(text.c_str(), nullptr);
  return std::isfinite(value) ? value : HUGE_VAL;
}

// The group of `m` of the two that matched: a period's number in brackets (year[2]) or bare
// (year2).
std::string either(const std::smatch& m, int bracketed, int bare) {
  return m[bracketed].matched ? m[bracketed].str() : m[bare].str();
}

// The series and period of m[1] .. m[10] (kSeriesPeriod's groups) into spec.
void read_series_period(const std::smatch& m, const std::string& option, int horizon,
                        std::vector<std::string> series, StatisticSpec& spec) {
  spec.metric.stream = m[1];
  series.push_back(engine::kTotalSeries);
  if (std::find(series.begin(), series.end(), spec.metric.stream) == series.end())
    throw InputError(
        option,
        fmt::format("'{}' is not a series of this scenario{}; allowed: {}", spec.metric.stream,
                    did_you_mean(spec.metric.stream, series), quoted_list(series)));
  auto month = [&](const std::string& digits) {
    const double k = number_in(digits);
    if (k < 1 || k > horizon)
      throw InputError(option,
                       fmt::format("month {} is outside the horizon (1 to {})", digits, horizon));
    return static_cast<int>(k);
  };
  if (m[2] == engine::kHorizonPeriod) {
    spec.metric.period = engine::kHorizonPeriod;
  } else if (m[3].matched || m[4].matched) {
    const int years = (horizon + 11) / 12;
    const std::string digits = either(m, 3, 4);
    const double year = number_in(digits);
    if (year < 1 || year > years)
      throw InputError(option,
                       fmt::format("year {} is outside the horizon (1 to {})", digits, years));
    spec.metric.period = engine::year_period(static_cast<int>(year));
  } else if (m[5].matched || m[6].matched) {
    const int k = month(either(m, 5, 6));
    spec.range = engine::MonthRange{k, k};
    spec.metric.period = engine::month_range_period(*spec.range);
  } else {
    const int first = month(either(m, 7, 9)), last = month(either(m, 8, 10));
    if (first > last) throw InputError(option, "months a-b needs a <= b");
    spec.range = engine::MonthRange{first, last};
    spec.metric.period = engine::month_range_period(*spec.range);
  }
}

// SERIES.PERIOD, in ten groups: each period as the CSV files name it (year2, month12,
// months1-7) or in brackets (year[2], month[12], months[1-7]).
const std::string kSeriesPeriod =
    R"(([a-z_]+)\.(horizon|year(?:\[(\d+)\]|(\d+))|month(?:\[(\d+)\]|(\d+))|)"
    R"(months(?:\[(\d+)-(\d+)\]|(\d+)-(\d+))))";
const std::string kPeriodForms =
    "periods: horizon, year2, month12, months1-7 (or year[2], month[12], months[1-7])";

}  // namespace

// "0.5%" -> 0.005, "0.005" -> 0.005.
double parse_fraction(const std::string& option, const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const std::string rest(end);
  if (end == text.c_str() || !(rest.empty() || rest == "%"))
    throw InputError(option, "'" + text +
                                 "' is not a number or a percentage such as "
                                 "20% or 0.2");
  return rest == "%" ? value / 100 : value;
}

std::string canonical_period(const std::string& period) {
  static const std::regex bracketed(R"(^(year|month|months)\[([0-9-]+)\]$)");
  std::smatch m;
  if (!std::regex_match(period, m, bracketed)) return period;
  // Appended in two steps: GCC 12 warns falsely (-Wrestrict) on a sum of two temporaries.
  std::string name = m[1].str();
  name += m[2].str();
  return name;
}

MetricName parse_metric(const std::string& text) {
  // The metric after a dot or, as --target and --precision have taken it, a space.
  std::string dotted;
  const std::size_t space = text.find_first_of(" \t");
  const std::size_t next =
      space == std::string::npos ? space : text.find_first_not_of(" \t", space);
  if (next == std::string::npos) {
    dotted = text;
  } else {
    dotted.append(text, 0, space);
    dotted += '.';
    dotted.append(text, next, std::string::npos);
  }
  const std::size_t first = dotted.find('.');
  const std::size_t second = first == std::string::npos ? first : dotted.find('.', first + 1);
  if (second == std::string::npos)
    throw InputError("--metric", fmt::format("'{}' is not of the form series.period.statistic, "
                                             "e.g. total.horizon.p10 or total.year2.mean",
                                             text));
  return {dotted.substr(0, first), canonical_period(dotted.substr(first + 1, second - first - 1)),
          dotted.substr(second + 1)};
}

double metric_value(const engine::Summary& summary, const MetricName& name) {
  const engine::SummaryRow* row = summary.try_find(name.stream, name.period, name.metric);
  if (!row)
    throw InputError("--metric", fmt::format("the report has no metric {} (streams, periods and "
                                             "metrics are those of summary.csv)",
                                             name.text()));
  return row->estimate.value;
}

StatisticSpec parse_series_period(const std::string& text, const StatisticSyntax& syntax,
                                  int horizon, const std::vector<std::string>& series) {
  static const std::regex pattern(R"(^\s*)" + kSeriesPeriod + R"(\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern))
    throw InputError(syntax.option, fmt::format("'{}' is not a series and period; write {}, e.g. "
                                                "{} ({})",
                                                text, syntax.form, syntax.example, kPeriodForms));
  StatisticSpec spec;
  read_series_period(m, syntax.option, horizon, series, spec);
  return spec;
}

StatisticSpec parse_statistic(const std::string& text, const StatisticSyntax& syntax, int horizon,
                              std::vector<std::string> series, bool has_household) {
  const std::string& option = syntax.option;
  // The statistic after a dot (as summary.csv names it) or, as before, a space.
  static const std::regex ruin(R"(^\s*household(\.horizon)?(\s+|\.)p_ruin\s*$)");
  static const std::regex pattern(
      R"(^\s*)" + kSeriesPeriod + R"((?:\s+|\.))" +
      R"((P\(\s*>\s*([-+0-9.eE]+)\s*\)|p_above_([-+0-9.eE]+)|mean|es|expected_shortfall_5pct|)" +
      R"(p([0-9.]+))\s*$)");
  StatisticSpec spec;
  if (std::regex_match(text, ruin)) {
    if (!has_household)
      throw InputError(option, "p_ruin needs a [household] section in the scenario");
    spec.metric = {"household", engine::kHorizonPeriod, "p_ruin"};
    spec.is_probability = true;
    return spec;
  }
  std::smatch m;
  if (!std::regex_match(text, m, pattern))
    throw InputError(option, fmt::format("'{}' is not a statistic; write {}, e.g. {} ({}; "
                                         "statistics: mean, pNN, p_above_X or P(>X), es; or "
                                         "household.p_ruin)",
                                         text, syntax.form, syntax.example, kPeriodForms));
  read_series_period(m, option, horizon, std::move(series), spec);
  const std::string statistic = m[11];
  if (m[12].matched || m[13].matched) {
    const std::string threshold = either(m, 12, 13);
    char* end = nullptr;
    spec.threshold = std::strtod(threshold.c_str(), &end);
    if (*end != '\0' || !std::isfinite(*spec.threshold))
      throw InputError(option, fmt::format("'{}' is not a threshold; allowed: a finite number, "
                                           "e.g. p_above_100000",
                                           threshold));
    spec.metric.metric = engine::metric::above(*spec.threshold);
    spec.is_probability = true;
  } else if (m[14].matched) {
    const double percent = number_in(m[14]);
    if (!(percent > 0 && percent < 100))
      throw InputError(option, fmt::format("p{} is not a percentile; allowed: p followed by a "
                                           "number strictly between 0 and 100, e.g. p10",
                                           m[14].str()));
    spec.metric.metric = engine::metric::percentile(percent);
    spec.percent = percent;
  } else if (statistic == "es" || statistic == engine::metric::shortfall(0.05)) {
    spec.metric.metric = engine::metric::shortfall(0.05);
  } else {
    spec.metric.metric = engine::metric::kMean;
  }
  return spec;
}

void add_report_needs(const StatisticSpec& spec, const scenarios::Scenario& scenario,
                      RunRequest& request) {
  auto same = [&](const engine::MonthRange& r) {
    return r.first == spec.range->first && r.last == spec.range->last;
  };
  if (spec.range &&
      std::none_of(scenario.report_ranges.begin(), scenario.report_ranges.end(), same) &&
      std::none_of(request.extra_ranges.begin(), request.extra_ranges.end(), same))
    request.extra_ranges.push_back(*spec.range);
  if (spec.threshold && std::find(request.thresholds.begin(), request.thresholds.end(),
                                  *spec.threshold) == request.thresholds.end())
    request.thresholds.push_back(*spec.threshold);
}

}  // namespace incomesim::analysis
