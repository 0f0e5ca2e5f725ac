#pragma once
// What each chart of a run shows, decided once from the typed report: the SVG charts of the HTML
// page and the gnuplot charts draw these values and read no CSV. Sizes, colours and scales are
// the writers' own.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/optimise.hpp"
#include "analysis/sweep.hpp"
#include "engine/metric_names.hpp"
#include "report/run_report.hpp"

namespace incomesim::report {

// One month of a series' percentile bands.
struct BandMonth {
  int month = 0;
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};
struct FanPanel {
  std::string series;
  std::vector<BandMonth> months;
};
// Every series month by month: the total first (every run writes it), then the others in the
// order of bands.csv: the streams, then the derived series (tax, net).
struct FanChart {
  std::vector<FanPanel> panels;
  std::size_t stream_count = 0;  // panels 1 .. stream_count are the streams
  const FanPanel* find(const std::string& series) const;
};

// P(total income over the horizon > income), rising incomes.
struct ExceedancePoint {
  double income = 0, p_exceed = 0;
};
// A percentile of the total over the horizon marked on the curve: the chance of exceeding it is
// 1 - p.
struct ExceedanceMarker {
  std::string name;  // "P10"
  double income = 0, p_exceed = 0;
};
struct ExceedanceChart {
  std::vector<ExceedancePoint> total;
  std::vector<ExceedanceMarker> markers;  // P10, P50, P90, where summary.csv has them
};

// A stream's shares of the total's mean, variance and worst-5% shortfall; 0 where undefined
// (every trial alike).
struct RiskBar {
  std::string stream;
  double share_of_mean = 0, share_of_variance = 0, share_of_shortfall = 0;
};
struct RiskChart {
  std::vector<RiskBar> streams;
};
// The shares every risk chart shows, in order, with their legend.
struct RiskShare {
  const char* legend;
  double RiskBar::*value;
};
inline constexpr RiskShare kRiskShares[] = {{"share of mean", &RiskBar::share_of_mean},
                                            {"share of variance", &RiskBar::share_of_variance},
                                            {"share of worst 5%", &RiskBar::share_of_shortfall}};

// The tornado of tornado.csv's first metric: the kTornadoBars largest effects, largest first, as
// the metric's change from its base value with the parameter low and high.
inline constexpr std::size_t kTornadoBars = 15;
struct TornadoBar {
  std::string parameter;
  double low_change = 0, high_change = 0;
};
struct TornadoChart {
  std::string metric;
  std::vector<TornadoBar> bars;
};

// Sobol indices of one output, each with its 95% interval (NaN where sobol.csv has none).
struct SobolBar {
  std::string input;
  double first_order, first_order_low, first_order_high;
  double total_effect, total_effect_low, total_effect_high;
};
struct SobolChart {
  std::string output;
  std::vector<SobolBar> inputs;
};

struct RunCharts {
  FanChart fan;
  ExceedanceChart exceedance;
  std::optional<RiskChart> risk;        // exact mode
  std::optional<TornadoChart> tornado;  // with tornado.csv
  std::optional<SobolChart> sobol;      // with sobol.csv
  // Each chart's name, as its files are called: fan, exceedance, then risk, tornado and sobol
  // where present.
  std::vector<std::string> names() const;
};

RunCharts run_charts(const RunReport& report);

// bands.csv's rows as fan panels (the total first, then the streams and derived series).
FanChart fan_chart(const engine::ReportTable& bands);
// exceedance.csv's curve of `series`, with its P10, P50 and P90 from `summary` marked.
ExceedanceChart exceedance_chart(const engine::ReportTable& exceedance,
                                 const engine::ReportTable& summary,
                                 const std::string& series = engine::kTotalSeries);

// The plans of a comparison page drawn together: each plan's lead series month by month and its
// exceedance curve over the horizon. At most kOverlaidPlans are drawn (more lines could not be
// told apart); `plans_left_out` says how many more there were.
inline constexpr std::size_t kOverlaidPlans = 8;
struct PlanCurve {
  std::string label;
  FanPanel fan;
  ExceedanceChart exceedance;
};
struct PlansChart {
  std::string series;  // what is drawn: "net" when every plan has it, else the total
  std::vector<PlanCurve> plans;
  std::size_t plans_left_out = 0;
};
// `curves` and `summaries` per plan, in the order of `labels`; none of the curves may be null.
PlansChart plans_chart(const std::vector<std::string>& labels,
                       const std::vector<const analysis::PlanCurves*>& curves,
                       const std::vector<const engine::Summary*>& summaries);

// A sweep's statistic against the swept value: per point the P10, median and P90 of the lead
// series over the horizon, each with its 95% interval. With one swept key whose values are all
// numbers, the x axis is that number; otherwise the points are evenly spaced and labelled.
struct SweepPoint {
  std::string label;
  double x = 0;
  engine::Estimate p10, p50, p90;
};
struct SweepChart {
  std::string series, axis;  // the series and what the x axis is ("medium.articles_per_week")
  bool numeric = false;
  std::vector<SweepPoint> points;
};
SweepChart sweep_chart(const analysis::Sweep& sweep);

// An optimisation's plans: the objective against the frontier's other statistic or, without one,
// against side hours a week; the best, the plans that tie with it and the frontier marked.
struct FrontierPoint {
  std::string label;
  double x = 0;
  engine::Estimate y;
  bool feasible = false, best = false, ties_best = false, on_frontier = false;
};
struct FrontierChart {
  std::string x_label, y_label;
  bool x_share = false, y_share = false;  // probabilities, drawn as percentages
  bool frontier = false;                  // x is the frontier's other statistic
  std::optional<double> hours_limit;      // x is side hours, and they are limited
  std::vector<FrontierPoint> points;
};
FrontierChart frontier_chart(const analysis::Optimisation& optimisation);

// B - A per series over the horizon: the mean difference with its 95% interval, and P(B > A).
struct DifferenceBar {
  std::string series;
  engine::Estimate mean_difference;
  double b_above_a = 0;
};
struct DifferenceChart {
  std::vector<DifferenceBar> series;  // the total first, then the streams and derived series
};
DifferenceChart difference_chart(const analysis::Comparison& comparison);

}  // namespace incomesim::report
