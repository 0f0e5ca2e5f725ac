#include "report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/metric_names.hpp"

namespace incomesim::report {
namespace {

FanChart fan_chart(const engine::ReportTable& bands) {
  FanChart chart;
  std::map<std::string, std::size_t> panel_of;
  for (std::size_t r = 0; r < bands.row_count(); ++r) {
    const std::string& series = bands.text(r, "series");
    auto [found, added] = panel_of.emplace(series, chart.panels.size());
    if (added) chart.panels.push_back({series, {}});
    chart.panels[found->second].months.push_back(
        {static_cast<int>(bands.number(r, "month")), bands.number(r, "p5"), bands.number(r, "p25"),
         bands.number(r, "p50"), bands.number(r, "p75"), bands.number(r, "p95")});
  }
  const auto total = std::find_if(chart.panels.begin(), chart.panels.end(),
                                  [](const auto& p) { return p.series == engine::kTotalSeries; });
  // bands.csv lists the streams before the total and the derived series after it.
  chart.stream_count = static_cast<std::size_t>(total - chart.panels.begin());
  if (total != chart.panels.end()) std::rotate(chart.panels.begin(), total, total + 1);
  return chart;
}

ExceedanceChart exceedance_chart(const engine::ReportTable& exceedance,
                                 const engine::ReportTable& summary) {
  ExceedanceChart chart;
  for (std::size_t r = 0; r < exceedance.row_count(); ++r)
    if (exceedance.text(r, "series") == engine::kTotalSeries)
      chart.total.push_back({exceedance.number(r, "income"), exceedance.number(r, "p_exceed")});
  const EstimateLookup lookup(summary);
  for (int p : {10, 50, 90})
    if (const auto found = lookup.find(engine::kTotalSeries, fmt::format("p{}", p)))
      chart.markers.push_back({fmt::format("P{}", p), found->value, 1 - p / 100.0});
  return chart;
}

RiskChart risk_chart(const engine::ReportTable& risk) {
  RiskChart chart;
  std::map<std::string, std::size_t> bar_of;
  for (std::size_t r = 0; r < risk.row_count(); ++r) {
    const std::string& stream = risk.text(r, "series");
    if (stream == engine::kTotalSeries) continue;
    auto [found, added] = bar_of.emplace(stream, chart.streams.size());
    if (added) chart.streams.push_back({stream});
    RiskBar& bar = chart.streams[found->second];
    const std::string& metric = risk.text(r, "metric");
    const double value = risk.number(r, "value");
    double* share = metric == engine::metric::kShareOfMean        ? &bar.share_of_mean
                    : metric == engine::metric::kShareOfVariance  ? &bar.share_of_variance
                    : metric == engine::metric::kShareOfShortfall ? &bar.share_of_shortfall
                                                                  : nullptr;
    if (share) *share = std::isfinite(value) ? value : 0;
  }
  return chart;
}

TornadoChart tornado_chart(const engine::ReportTable& tornado) {
  TornadoChart chart;
  if (tornado.row_count() == 0) return chart;
  chart.metric = tornado.text(0, "metric");
  for (std::size_t r = 0; r < tornado.row_count(); ++r) {
    const double rank = tornado.number(r, "rank"), base = tornado.number(r, "result_base"),
                 low = tornado.number(r, "result_low"), high = tornado.number(r, "result_high");
    // A parameter whose effect could not be measured has no rank and no results.
    if (tornado.text(r, "metric") != chart.metric || !(rank <= kTornadoBars) ||
        !std::isfinite(base) || !std::isfinite(low) || !std::isfinite(high))
      continue;
    chart.bars.push_back({tornado.text(r, "parameter"), low - base, high - base});
  }
  return chart;
}

SobolChart sobol_chart(const engine::ReportTable& sobol) {
  SobolChart chart;
  if (sobol.row_count() > 0) chart.output = sobol.text(0, "output");
  for (std::size_t r = 0; r < sobol.row_count(); ++r)
    chart.inputs.push_back({sobol.text(r, "input"), sobol.number(r, "first_order"),
                            sobol.number(r, "first_order_ci_low"),
                            sobol.number(r, "first_order_ci_high"), sobol.number(r, "total_effect"),
                            sobol.number(r, "total_effect_ci_low"),
                            sobol.number(r, "total_effect_ci_high")});
  return chart;
}

}  // namespace

const FanPanel* FanChart::find(const std::string& series) const {
  for (const FanPanel& panel : panels)
    if (panel.series == series) return &panel;
  return nullptr;
}

std::vector<std::string> RunCharts::names() const {
  std::vector<std::string> names{"fan", "exceedance"};
  if (risk) names.push_back("risk");
  if (tornado) names.push_back("tornado");
  if (sobol) names.push_back("sobol");
  return names;
}

RunCharts run_charts(const RunReport& report) {
  RunCharts charts{fan_chart(report.bands), exceedance_chart(report.exceedance, report.summary),
                   std::nullopt, std::nullopt, std::nullopt};
  if (report.risk) charts.risk = risk_chart(*report.risk);
  if (report.tornado) charts.tornado = tornado_chart(*report.tornado);
  if (report.sobol) charts.sobol = sobol_chart(*report.sobol);
  return charts;
}

}  // namespace incomesim::report
