#pragma once
// What each chart of a run shows, decided once from the typed report: the SVG charts of the HTML
// page and the gnuplot charts draw these values and read no CSV. Sizes, colours and scales are
// the writers' own.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

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

}  // namespace incomesim::report
