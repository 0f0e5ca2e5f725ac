#include "report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "engine/metric_names.hpp"
#include "report/lead.hpp"

namespace incomesim::report {
namespace {

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
                                 const engine::ReportTable& summary, const std::string& series) {
  ExceedanceChart chart;
  for (std::size_t r = 0; r < exceedance.row_count(); ++r)
    if (exceedance.text(r, "series") == series)
      chart.total.push_back({exceedance.number(r, "income"), exceedance.number(r, "p_exceed")});
  const EstimateLookup lookup(summary);
  for (int p : {10, 50, 90})
    if (const auto found = lookup.find(series, fmt::format("p{}", p)))
      chart.markers.push_back({fmt::format("P{}", p), found->value, 1 - p / 100.0});
  return chart;
}

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

PlansChart plans_chart(const std::vector<std::string>& labels,
                       const std::vector<const analysis::PlanCurves*>& curves,
                       const std::vector<const engine::Summary*>& summaries) {
  std::vector<FanChart> fans;
  for (std::size_t p = 0; p < labels.size() && p < kOverlaidPlans; ++p)
    fans.push_back(fan_chart(curves[p]->bands));
  PlansChart chart{common_lead({summaries.begin(), summaries.begin() + fans.size()}).series,
                   {},
                   labels.size() - fans.size()};
  for (std::size_t p = 0; p < fans.size(); ++p) {
    const FanPanel* panel = fans[p].find(chart.series);
    chart.plans.push_back({labels[p], panel ? *panel : FanPanel{chart.series, {}},
                           exceedance_chart(curves[p]->exceedance,
                                            engine::summary_table(*summaries[p]), chart.series)});
  }
  return chart;
}

FrontierChart frontier_chart(const analysis::Optimisation& optimisation) {
  FrontierChart chart;
  chart.frontier = optimisation.frontier;
  chart.y_label = optimisation.statistics.front();
  chart.y_share = optimisation.is_share.front();
  chart.x_label = chart.frontier ? optimisation.statistics[1] : "side hours a week";
  chart.x_share = chart.frontier && optimisation.is_share[1];
  if (!chart.frontier) chart.hours_limit = optimisation.max_side_hours_per_week;
  for (std::size_t k = 0; k < optimisation.search.plans.size(); ++k) {
    const analysis::EvaluatedPlan& plan = optimisation.search.plans[k];
    chart.points.push_back(
        {fmt::format("plan {}: {}", k + 1, analysis::plan_label(optimisation, k)),
         chart.frontier ? plan.measure.statistics[1].value : plan.measure.side_hours_per_week,
         plan.measure.statistics.front(), plan.feasible, plan.best, plan.ties_best,
         plan.on_frontier});
  }
  return chart;
}

SweepChart sweep_chart(const analysis::Sweep& sweep) {
  const std::vector<engine::Summary>& summaries = sweep.summaries;
  std::vector<const engine::Summary*> plans;
  for (const engine::Summary& summary : summaries) plans.push_back(&summary);
  SweepChart chart{common_lead(plans).series, "", sweep.keys.size() == 1, {}};
  for (std::size_t k = 0; k < sweep.keys.size(); ++k) chart.axis += (k ? ", " : "") + sweep.keys[k];
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    SweepPoint point;
    for (std::size_t k = 0; k < sweep.points[p].size(); ++k)
      point.label += (k ? ", " : "") + sweep.points[p][k];
    // A number only when the whole value is one ("3", "0.5"; not "\"uk-2020\"" or "{...}").
    char* end = nullptr;
    point.x = std::strtod(point.label.c_str(), &end);
    if (point.label.empty() || end != point.label.c_str() + point.label.size() ||
        !std::isfinite(point.x))
      chart.numeric = false;
    const auto estimate = [&](const char* metric) {
      const engine::SummaryRow* row =
          summaries[p].try_find(chart.series, engine::kHorizonPeriod, metric);
      return row ? row->estimate : engine::Estimate{};
    };
    point.p10 = estimate("p10");
    point.p50 = estimate("p50");
    point.p90 = estimate("p90");
    chart.points.push_back(point);
  }
  if (!chart.numeric)
    for (std::size_t p = 0; p < chart.points.size(); ++p)
      chart.points[p].x = static_cast<double>(p + 1);
  return chart;
}

DifferenceChart difference_chart(const analysis::Comparison& comparison) {
  DifferenceChart chart;
  std::map<std::string, std::size_t> bar_of;
  for (const engine::SummaryRow& row : comparison.rows) {
    if (row.period != engine::kHorizonPeriod || row.stream == "household") continue;
    const bool mean = row.metric == engine::metric::kMeanDifference;
    if (!mean && row.metric != engine::metric::kBAboveA) continue;
    auto [found, added] = bar_of.emplace(row.stream, chart.series.size());
    if (added) chart.series.push_back({row.stream, {}, engine::kNoValue});
    DifferenceBar& bar = chart.series[found->second];
    if (mean)
      bar.mean_difference = row.estimate;
    else
      bar.b_above_a = row.estimate.value;
  }
  const auto total = std::find_if(chart.series.begin(), chart.series.end(), [](const auto& bar) {
    return bar.series == engine::kTotalSeries;
  });
  if (total != chart.series.end()) std::rotate(chart.series.begin(), total, total + 1);
  return chart;
}

}  // namespace incomesim::report
