#pragma once
// The one grammar of a statistic of a run, wherever it is named (calibrate --target, run
// --precision, sensitivity --metric, sobol --output, Python): SERIES.PERIOD.STAT as summary.csv
// names its rows, e.g. total.year2.p10, medium.month12.p_above_100, total.horizon.mean,
// household.p_ruin. A period may also be written in brackets (year[2], month[12],
// months[1-7]), and the statistic after a space (total.horizon p10, P(>100), es). The report
// periods and thresholds a statistic needs are added to the run that measures it.
#include <optional>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "engine/periods.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

// A fraction on the command line: "0.5%" -> 0.005, "0.005" -> 0.005; an InputError naming
// `option` otherwise.
double parse_fraction(const std::string& option, const std::string& text);

// A period as the CSV files name it: year[2] -> year2, months[1-7] -> months1-7; others as given.
std::string canonical_period(const std::string& period);

// "series.period.metric" (the metric may contain dots, e.g. p2.5), any row of summary.csv; the
// period in either form, the metric after a dot or a space.
struct MetricName {
  std::string stream, period, metric;
  std::string text() const { return stream + "." + period + "." + metric; }
};
MetricName parse_metric(const std::string& text);
// The metric's value in a summary; an InputError naming --metric when there is no such row.
double metric_value(const engine::Summary& summary, const MetricName& name);

struct StatisticSpec {
  MetricName metric;
  std::optional<engine::MonthRange> range;  // a month or months period to add to the report
  std::optional<double> threshold;          // a threshold to add
  std::optional<double> percent;            // a percentile's, e.g. 10 for p10
  bool is_probability = false;              // P(>x) or p_ruin: a value in [0, 1]
};

// How an option writes its argument, for messages: e.g. {"--target", "STREAM.PERIOD
// STATISTIC=VALUE", "'total.horizon p10=150000'"}.
struct StatisticSyntax {
  std::string option, form, example;
};

// Adds the report period and threshold the statistic needs to `request`, unless the scenario or
// the request has them already.
void add_report_needs(const StatisticSpec& spec, const scenarios::Scenario& scenario,
                      RunRequest& request);

// "SERIES.PERIOD" alone, with the same names and periods (sobol --output); `series` as below.
StatisticSpec parse_series_period(const std::string& text, const StatisticSyntax& syntax,
                                  int horizon, const std::vector<std::string>& series);

// `series` are the scenario's streams (the total is added); `has_household` allows p_ruin.
StatisticSpec parse_statistic(const std::string& text, const StatisticSyntax& syntax, int horizon,
                              std::vector<std::string> series, bool has_household);

}  // namespace incomesim::analysis
