// The comparison pages (report/comparison_page) and their chart data (report/charts): what each
// chart shows, worked out by hand from small results, and which sections a page has for what
// its analysis kept. The numbers themselves come from the analyses, tested on their own.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/sweep.hpp"
#include "engine/metric_names.hpp"
#include "report/charts.hpp"
#include "report/comparison_page.hpp"
#include "report/console_tables.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace {

using namespace incomesim;

bool has(const std::string& page, const std::string& text) {
  return page.find(text) != std::string::npos;
}

analysis::RunRequest small_request(std::uint64_t trials, bool curves) {
  analysis::RunRequest r;
  r.trials = trials;
  r.seed = 5;
  r.threads = 2;
  r.monthly_bands = curves;
  return r;
}

scenarios::Scenario bundled(const std::string& name,
                            const std::vector<scenarios::Override>& overrides = {}) {
  return scenarios::load_scenario_text(scenarios::bundled_scenario_text("alake-2020.toml"), name,
                                       overrides);
}

engine::SummaryRow row(const std::string& series, const std::string& metric, double value,
                       double low = engine::kNoValue, double high = engine::kNoValue,
                       const std::string& period = engine::kHorizonPeriod) {
  return {series, period, metric, {value, low, high}};
}

TEST(ComparisonCharts, TheDifferenceReadsTheHorizonRowsWithTheTotalFirst) {
  analysis::Comparison c;
  c.rows = {row("medium", engine::metric::kMeanDifference, 10, 5, 15),
            row("medium", engine::metric::kBAboveA, 0.6),
            row("medium", engine::metric::kMeanDifference, 99, 98, 100, "year1"),
            row("total", engine::metric::kMeanDifference, -20, -30, -10),
            row("total", engine::metric::kBAboveA, 0.3),
            row("household", engine::metric::kMeanDifference, 1, 0, 2)};
  const report::DifferenceChart chart = report::difference_chart(c);
  ASSERT_EQ(chart.series.size(), 2u);
  EXPECT_EQ(chart.series[0].series, "total");
  EXPECT_EQ(chart.series[0].mean_difference.value, -20);
  EXPECT_EQ(chart.series[0].mean_difference.ci_low, -30);
  EXPECT_EQ(chart.series[0].b_above_a, 0.3);
  EXPECT_EQ(chart.series[1].series, "medium");
  EXPECT_EQ(chart.series[1].mean_difference.value, 10);  // the horizon's, not year 1's
  EXPECT_EQ(chart.series[1].b_above_a, 0.6);
}

engine::Summary point_summary(double median, bool net) {
  engine::Summary s;
  for (const std::string& series :
       net ? std::vector<std::string>{"total", "net"} : std::vector<std::string>{"total"}) {
    const double scale = series == "net" ? 0.7 : 1.0;
    s.rows.push_back(
        row(series, "p10", 0.8 * median * scale, 0.79 * median * scale, 0.81 * median * scale));
    s.rows.push_back(
        row(series, "p50", median * scale, 0.99 * median * scale, 1.01 * median * scale));
    s.rows.push_back(row(series, "p90", 1.2 * median * scale));
  }
  return s;
}

TEST(ComparisonCharts, ASweepIsDrawnAgainstItsValueWhenTheValueIsANumber) {
  analysis::Sweep sweep{
      {"medium.articles_per_week"},
      {{"1"}, {"2.5"}, {"4"}},
      {point_summary(100, true), point_summary(200, true), point_summary(300, true)},
      {}};
  report::SweepChart chart = report::sweep_chart(sweep);
  EXPECT_TRUE(chart.numeric);
  EXPECT_EQ(chart.series, "net");  // every point has tax
  EXPECT_EQ(chart.axis, "medium.articles_per_week");
  ASSERT_EQ(chart.points.size(), 3u);
  EXPECT_EQ(chart.points[1].x, 2.5);
  EXPECT_DOUBLE_EQ(chart.points[1].p50.value, 140);
  EXPECT_DOUBLE_EQ(chart.points[1].p50.ci_low, 0.99 * 140);
  EXPECT_DOUBLE_EQ(chart.points[2].p10.value, 0.8 * 210);

  // One point without tax: every point is drawn before tax.
  sweep.summaries[2] = point_summary(300, false);
  EXPECT_EQ(report::sweep_chart(sweep).series, "total");
  EXPECT_DOUBLE_EQ(report::sweep_chart(sweep).points[2].p50.value, 300);

  // A value that is not a number (a tax system's name) gives evenly spaced points.
  sweep.points[1] = {"\"uk-2020\""};
  chart = report::sweep_chart(sweep);
  EXPECT_FALSE(chart.numeric);
  EXPECT_EQ(chart.points[1].x, 2);
  EXPECT_EQ(chart.points[1].label, "\"uk-2020\"");
  // So do two keys, whose points are labelled with both values.
  analysis::Sweep grid{
      {"a", "b"}, {{"1", "2"}, {"3", "4"}}, {point_summary(1, false), point_summary(2, false)}, {}};
  chart = report::sweep_chart(grid);
  EXPECT_FALSE(chart.numeric);
  EXPECT_EQ(chart.axis, "a, b");
  EXPECT_EQ(chart.points[1].label, "3, 4");
}

TEST(ComparisonCharts, AtMostEightPlansAreDrawnTogether) {
  const scenarios::Scenario scenario = bundled("a.toml");
  const analysis::RunRequest request = small_request(256, true);
  const analysis::Simulation simulation = analysis::simulate(scenario, request);
  const analysis::PlanCurves curves = analysis::plan_curves(scenario, simulation, request.seed);
  EXPECT_EQ(curves.horizon_months, scenario.model.horizon);
  std::vector<std::string> labels;
  for (int p = 0; p < 10; ++p) labels.push_back("plan " + std::to_string(p));
  const report::PlansChart chart =
      report::plans_chart(labels, std::vector<const analysis::PlanCurves*>(10, &curves),
                          std::vector<const engine::Summary*>(10, &simulation.summary));
  ASSERT_EQ(chart.plans.size(), report::kOverlaidPlans);
  EXPECT_EQ(chart.plans_left_out, 2u);
  EXPECT_EQ(chart.series, "net");  // the bundled plan has [tax]
  EXPECT_EQ(chart.plans[7].label, "plan 7");
  EXPECT_EQ(chart.plans[0].fan.series, "net");
  EXPECT_EQ(chart.plans[0].fan.months.size(), static_cast<std::size_t>(scenario.model.horizon));
  // The median marked on the curve is the summary's.
  const double median =
      simulation.summary.find("net", engine::kHorizonPeriod, "p50").estimate.value;
  bool marked = false;
  for (const auto& marker : chart.plans[0].exceedance.markers)
    if (marker.name == "P50") marked = marker.income == median && marker.p_exceed == 0.5;
  EXPECT_TRUE(marked);
}

TEST(ComparisonPage, SaysWhatChangesAndDrawsThePlansWhenTheirCurvesAreKept) {
  const auto a = bundled("a.toml");
  const auto b = bundled("b.toml", {{"medium.articles_per_week", "4"}});
  const analysis::Comparison kept = analysis::compare(a, b, small_request(1024, true));
  const std::string page = report::comparison_page(kept, a.model.horizon);
  // More articles earn more: B higher, in words, with the total's P(B > A) as the table has it.
  EXPECT_TRUE(has(page, "B's income after tax over the 36 months is on average"));
  EXPECT_TRUE(has(page, " higher than A's"));
  double above = -1;
  for (const auto& r : kept.rows)
    if (r.stream == "net" && r.period == engine::kHorizonPeriod &&
        r.metric == engine::metric::kBAboveA)
      above = r.estimate.value;
  EXPECT_TRUE(has(page, "B earns more than A in <strong>" + report::percent(above) + "</strong>"));
  for (const char* id :
       {"id=\"difference-chart\"", "id=\"fan-overlay\"", "id=\"exceedance-overlay\"",
        "<h3>A: alake-2020</h3>", "<h3>B: alake-2020</h3>", "class=\"legend\""})
    EXPECT_TRUE(has(page, id)) << id;

  // The other way round, B earns less; without curves the overlaid charts are left out.
  const analysis::Comparison reversed = analysis::compare(b, a, small_request(1024, false));
  EXPECT_FALSE(reversed.curves_a);
  const std::string plain = report::comparison_page(reversed, a.model.horizon);
  EXPECT_TRUE(has(plain, " lower than A's"));
  EXPECT_TRUE(has(plain, "id=\"difference-chart\""));
  EXPECT_FALSE(has(plain, "id=\"fan-overlay\""));
  EXPECT_FALSE(has(plain, "class=\"legend\""));
}

TEST(ComparisonPage, NamesFromFilesAreEscaped) {
  analysis::Comparison c;
  c.scenario_a = "a&b";
  c.scenario_b = "<script>alert(1)</script>";
  c.currency = "GBP";
  c.rows = {row("total", engine::metric::kMeanDifference, 5, 1, 9)};
  const std::string page = report::comparison_page(c, 12);
  EXPECT_FALSE(has(page, "<script>"));
  EXPECT_TRUE(has(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(has(page, "a&amp;b"));
}

TEST(SweepPage, DrawsTheStatisticAgainstTheValueAndAtMostEightPlans) {
  const std::string text(scenarios::bundled_scenario_text("alake-2020.toml"));
  const analysis::SweepPlan plan = analysis::plan_sweep(
      {text, "plan.toml"},
      {analysis::parse_sweep_axis("medium.articles_per_week=1,2,3,4,5,6,7,8,9,10")});
  const analysis::Sweep sweep = analysis::sweep(plan, small_request(256, true));
  ASSERT_EQ(sweep.curves.size(), 10u);
  const std::string page = report::sweep_page(sweep, "plan", "GBP", 36);
  for (const char* part : {"id=\"sweep-chart\"", "id=\"fan-overlay\"", "per_<wbr>week = 8</li>",
                           "The first 8 plans are drawn; the 2 others are in the table.",
                           "<th scope=\"row\" class=\"nowrap\">10</th>"})
    EXPECT_TRUE(has(page, part)) << part;
  EXPECT_FALSE(has(page, "per_<wbr>week = 9</li>"));
  // Without curves, the statistic against the value still; no overlaid charts.
  const analysis::Sweep bare = analysis::sweep(plan, small_request(256, false));
  EXPECT_TRUE(bare.curves.empty());
  const std::string plain = report::sweep_page(bare, "plan", "GBP", 36);
  EXPECT_TRUE(has(plain, "id=\"sweep-chart\""));
  EXPECT_FALSE(has(plain, "id=\"fan-overlay\""));
}

// A sweep of the horizon itself has no one horizon to state; a sweep of another key has its own.
TEST(SweepPage, StatesTheHorizonOnlyWhenEveryPointSharesIt) {
  const std::string text(scenarios::bundled_scenario_text("alake-2020.toml"));
  const analysis::SweepPlan horizons = analysis::plan_sweep(
      {text, "plan.toml"}, {analysis::parse_sweep_axis("horizon_months=12,24")});
  EXPECT_EQ(horizons.horizon_months(), 0);
  const std::string page = report::sweep_page(analysis::sweep(horizons, small_request(64, false)),
                                              "plan", "GBP", horizons.horizon_months());
  EXPECT_TRUE(has(page, "simulated futures of their own number of months"));
  const analysis::SweepPlan articles = analysis::plan_sweep(
      {text, "plan.toml"}, {analysis::parse_sweep_axis("medium.articles_per_week=1,2")});
  EXPECT_EQ(articles.horizon_months(), 36);
}

TEST(BatchPage, ListsFailuresAndDrawsPlansTogetherOnlyInOneCurrency) {
  const auto scenario = bundled("a.toml");
  const analysis::RunRequest request = small_request(256, true);
  const analysis::Simulation simulation = analysis::simulate(scenario, request);
  const analysis::BatchEntry ran{"dir/a.toml", simulation.summary, "", "GBP",
                                 analysis::plan_curves(scenario, simulation, request.seed)};
  analysis::Batch batch;
  batch.entries = {ran, ran, {"dir/bad.toml", std::nullopt, "dir/bad.toml: <no> such key", "", {}}};
  batch.entries[1].file = "dir/b.toml";
  std::string page = report::batch_page(batch);
  EXPECT_TRUE(has(page, "1 of 3 scenarios did not run"));
  EXPECT_TRUE(has(page, "&lt;no&gt;"));
  EXPECT_TRUE(has(page, "id=\"fan-overlay\""));
  EXPECT_TRUE(has(page, "<th scope=\"row\" class=\"nowrap\">b.toml</th>"));
  EXPECT_FALSE(has(page, "<th scope=\"col\">currency</th>"));

  batch.entries[1].currency = "USD";
  page = report::batch_page(batch);
  EXPECT_TRUE(has(page, "<th scope=\"col\">currency</th>"));
  EXPECT_TRUE(has(page, "their curves are not drawn together"));
  EXPECT_FALSE(has(page, "id=\"fan-overlay\""));
}

}  // namespace
