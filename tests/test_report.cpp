// The report layer (report/): typed tables read by column name, a run's report written and read
// back without losing a cell, what each chart shows (worked out by hand from small tables), and
// the writers' escaping of names that came from a file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "analysis/run.hpp"
#include "report/charts.hpp"
#include "report/console_tables.hpp"
#include "report/gnuplot_script.hpp"
#include "report/html_page.hpp"
#include "report/run_report.hpp"
#include "scenarios/bundled_scenarios.hpp"
#include "scratch_directory.hpp"

namespace {

using namespace incomesim;
namespace fs = std::filesystem;
using engine::ReportTable;
using Type = ReportTable::Type;

TEST(ReportTable, CellsByColumnName) {
  ReportTable table({{"series", Type::text}, {"month", Type::integer}, {"p50", Type::real}});
  table.add_row({std::string("total"), std::int64_t{3}, 1250.5});
  table.add_row({std::string("medium"), std::uint64_t{4}, std::monostate{}});
  EXPECT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.find_column("p50"), std::optional<std::size_t>(2));
  EXPECT_FALSE(table.find_column("p95"));
  EXPECT_EQ(table.text(1, "series"), "medium");
  EXPECT_EQ(table.number(0, "month"), 3.0);
  EXPECT_EQ(table.number(1, "month"), 4.0);
  EXPECT_EQ(table.number(0, "p50"), 1250.5);
  EXPECT_TRUE(std::isnan(table.number(1, "p50")));  // missing
  // Misuse is an internal error, never a silent default.
  EXPECT_THROW(table.cell(0, "p95"), std::logic_error);
  EXPECT_THROW(table.number(0, "series"), std::logic_error);
  EXPECT_THROW(table.text(0, "p50"), std::logic_error);
}

class ReportDirectory : public ::testing::Test {
 protected:
  void write(const std::vector<std::pair<std::string, std::string>>& files) {
    for (const auto& [name, text] : files) std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  test_support::ScratchDirectory scratch_{"incomesim-report"};
  const fs::path& dir_ = scratch_.path();
};

report::RunReport small_run(const std::string& mode) {
  const scenarios::Scenario scenario = scenarios::load_default_scenario();
  analysis::RunPlan plan;
  plan.request.trials = 2048;
  plan.request.seed = 11;
  plan.request.threads = 2;
  plan.mode = mode;
  return report::run_report(scenario, analysis::run(scenario, plan));
}

// What `run` writes and `report DIR` reads back are the same tables, cell for cell (each
// table's CSV text is identical), so the page drawn from memory (`run --html`) is the page drawn
// from the files.
TEST_F(ReportDirectory, AReportReadBackIsTheReportWritten) {
  for (const std::string mode : {"exact", "streaming"}) {
    const report::RunReport written = small_run(mode);
    write(report::csv_files(written));
    const report::RunReport read = report::read_run_report(dir_);
    EXPECT_EQ(report::csv_files(read), report::csv_files(written)) << mode;
    EXPECT_EQ(read.risk.has_value(), mode == "exact");
    EXPECT_EQ(read.metadata.trials, 2048u);
    EXPECT_EQ(read.metadata.seed, 11u);
    EXPECT_EQ(read.metadata.results_mode, mode);
    EXPECT_EQ(report::html_page(read, report::run_charts(read)),
              report::html_page(written, report::run_charts(written)))
        << mode;
    fs::remove(dir_ / "risk.csv");
  }
}

// A report of hand-made tables, in an order the charts must not depend on.
report::RunReport hand_made_report() {
  report::RunReport r{
      {2, "plan 'A' \"quoted\"", "USD", "exact", 100, 1, 2},
      ReportTable({{"key", Type::text}, {"value", Type::text}}),
      ReportTable({{"series", Type::text},
                   {"period", Type::text},
                   {"metric", Type::text},
                   {"value", Type::real},
                   {"ci_low", Type::real},
                   {"ci_high", Type::real}}),
      ReportTable({{"series", Type::text},
                   {"month", Type::integer},
                   {"p5", Type::real},
                   {"p25", Type::real},
                   {"p50", Type::real},
                   {"p75", Type::real},
                   {"p95", Type::real}}),
      ReportTable({{"series", Type::text}, {"income", Type::real}, {"p_exceed", Type::real}}),
      std::nullopt,
      std::nullopt,
      std::nullopt,
      std::nullopt};
  for (const char* series : {"medium", "total"})  // the total second in the file
    for (std::int64_t month : {1, 2})
      r.bands.add_row({std::string(series), month, 1.0 * month, 2.0 * month, 3.0 * month,
                       4.0 * month, 5.0 * month});
  r.exceedance.add_row({std::string("medium"), 10.0, 0.5});
  r.exceedance.add_row({std::string("total"), 100.0, 0.9});
  r.exceedance.add_row({std::string("total"), 200.0, 0.1});
  r.summary.add_row(
      {std::string("total"), std::string("horizon"), std::string("p10"), 1234.0, 1200.0, 1260.0});
  ReportTable risk({{"series", Type::text},
                    {"period", Type::text},
                    {"metric", Type::text},
                    {"value", Type::real},
                    {"ci_low", Type::real},
                    {"ci_high", Type::real}});
  const std::monostate none;
  risk.add_row({std::string("career"), std::string("horizon"), std::string("share_of_mean"), 0.75,
                none, none});
  risk.add_row({std::string("career"), std::string("horizon"), std::string("share_of_variance"),
                none, none, none});
  risk.add_row({std::string("medium"), std::string("horizon"), std::string("share_of_shortfall"),
                0.4, none, none});
  risk.add_row({std::string("total"), std::string("horizon"), std::string("share_of_mean"), 1.0,
                none, none});
  r.risk = risk;
  ReportTable tornado({{"parameter", Type::text},
                       {"metric", Type::text},
                       {"result_base", Type::real},
                       {"result_low", Type::real},
                       {"result_high", Type::real},
                       {"rank", Type::integer}});
  tornado.add_row({std::string("medium.\"skill\""), std::string("total.horizon.p50"), 100.0, 90.0,
                   130.0, std::int64_t{1}});
  tornado.add_row({std::string("far"), std::string("total.horizon.p50"), 100.0, 99.0, 101.0,
                   std::int64_t{16}});  // beyond the 15 largest
  tornado.add_row({std::string("flat"), std::string("total.horizon.p50"), 100.0, std::monostate{},
                   std::monostate{}, std::monostate{}});  // not measured
  tornado.add_row({std::string("other metric"), std::string("total.horizon.p10"), 1.0, 0.0, 2.0,
                   std::int64_t{1}});
  r.tornado = tornado;
  return r;
}

TEST(RunCharts, WhatEachChartShowsIsDecidedFromTheTables) {
  const report::RunCharts charts = report::run_charts(hand_made_report());
  ASSERT_EQ(charts.fan.panels.size(), 2u);
  EXPECT_EQ(charts.fan.panels[0].series, "total");  // first, though second in the file
  EXPECT_EQ(charts.fan.panels[1].series, "medium");
  ASSERT_EQ(charts.fan.panels[0].months.size(), 2u);
  EXPECT_EQ(charts.fan.panels[0].months[1].month, 2);
  EXPECT_EQ(charts.fan.panels[0].months[1].p95, 10.0);
  EXPECT_EQ(charts.fan.stream_count, 1u);  // the series before the total in bands.csv
  // The total's curve only.
  ASSERT_EQ(charts.exceedance.total.size(), 2u);
  EXPECT_EQ(charts.exceedance.total[1].income, 200.0);
  EXPECT_EQ(charts.exceedance.total[1].p_exceed, 0.1);
  // summary.csv has the total's P10 only: one marker, at a 90% chance of exceeding.
  ASSERT_EQ(charts.exceedance.markers.size(), 1u);
  EXPECT_EQ(charts.exceedance.markers[0].name, "P10");
  EXPECT_EQ(charts.exceedance.markers[0].income, 1234.0);
  EXPECT_DOUBLE_EQ(charts.exceedance.markers[0].p_exceed, 0.9);
  // Streams in file order, the total left out, an undefined share 0.
  ASSERT_TRUE(charts.risk);
  ASSERT_EQ(charts.risk->streams.size(), 2u);
  EXPECT_EQ(charts.risk->streams[0].stream, "career");
  EXPECT_EQ(charts.risk->streams[0].share_of_mean, 0.75);
  EXPECT_EQ(charts.risk->streams[0].share_of_variance, 0.0);
  EXPECT_EQ(charts.risk->streams[1].share_of_shortfall, 0.4);
  // The first metric's measured effects within the 15 largest, as changes from the base.
  ASSERT_TRUE(charts.tornado);
  EXPECT_EQ(charts.tornado->metric, "total.horizon.p50");
  ASSERT_EQ(charts.tornado->bars.size(), 1u);
  EXPECT_EQ(charts.tornado->bars[0].low_change, -10.0);
  EXPECT_EQ(charts.tornado->bars[0].high_change, 30.0);
  EXPECT_FALSE(charts.sobol);
  EXPECT_EQ(charts.names(), (std::vector<std::string>{"fan", "exceedance", "risk", "tornado"}));
}

TEST(GnuplotScript, NamesFromAFileAreEscapedForGnuplot) {
  const report::RunReport r = hand_made_report();
  const report::GnuplotJob job = report::gnuplot_job(report::run_charts(r), r.metadata, "/tmp/x");
  EXPECT_EQ(job.charts,
            (std::vector<std::string>{"fan.png", "fan.svg", "exceedance.png", "exceedance.svg",
                                      "risk.png", "risk.svg", "tornado.png", "tornado.svg"}));
  // In a single-quoted string a quote is doubled; in a data file a double quote ends the label.
  EXPECT_NE(job.script.find("plan ''A'' \"quoted\", 100 trials"), std::string::npos);
  std::string tornado_data;
  for (const auto& [name, text] : job.data_files)
    if (name == "tornado.dat") tornado_data = text;
  EXPECT_EQ(tornado_data, "1 -10 30 -10 30 \"medium.?skill?\"\n");
  // The fan's panels: the total's data first, then the stream's.
  ASSERT_GE(job.data_files.size(), 2u);
  EXPECT_EQ(job.data_files[0],
            (std::pair<std::string, std::string>{"band-0.dat", "1 1 2 3 4 5\n2 2 4 6 8 10\n"}));
}

// Amount axes are labelled with thousands separators, at the round ticks the page's SVG charts
// use (worked by hand: 0 to 150,000 * 1.05 in about five steps is a step of 50,000).
TEST(GnuplotScript, AmountAxesHaveThousandsSeparators) {
  const report::RunReport r = hand_made_report();
  report::RunCharts charts;
  charts.fan.panels = {
      {"total", {{1, 1000, 2000, 3000, 4000, 5000}, {2, 9000, 1e4, 2e4, 1e5, 15e4}}}};
  charts.exceedance.total = {{0, 1}, {120000, 0.5}, {250000, 0}};
  const report::GnuplotJob job = report::gnuplot_job(charts, r.metadata, "/tmp/x");
  EXPECT_NE(job.script.find("set yrange [0:157500]\nset ytics ('0' 0, '50,000' 50000, "
                            "'100,000' 1e+05, '150,000' 150000)\n"),
            std::string::npos)
      << job.script;
  EXPECT_NE(job.script.find("set xtics ('0' 0, '50,000' 50000, '100,000' 1e+05, '150,000' "
                            "150000, '200,000' 2e+05, '250,000' 250000)\n"),
            std::string::npos);
  // The next chart starts from gnuplot's own axes again.
  EXPECT_NE(job.script.find("set yrange [*:*]\nset ytics autofreq\n"), std::string::npos);
}

TEST(HtmlPage, NamesAreEscapedAndTheHeadlineReadsTheSummary) {
  report::RunReport r = hand_made_report();
  r.metadata.scenario = "<script>alert(1)</script>";
  const std::string page = report::html_page(r, report::run_charts(r));
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("above <strong>USD 1,234</strong>"), std::string::npos);
  // The risk chart shows each stream's three shares (two streams, and the legend's three keys).
  const auto risk_start = page.find("id=\"risk-chart\"");
  ASSERT_NE(risk_start, std::string::npos);
  const std::string risk_chart =
      page.substr(risk_start, page.find("</svg>", risk_start) - risk_start);
  for (const char* bar : {"<rect class=\"bar0\"", "<rect class=\"bar1\"", "<rect class=\"bar2\""}) {
    std::size_t count = 0;
    for (auto at = risk_chart.find(bar); at != std::string::npos; at = risk_chart.find(bar, at + 1))
      ++count;
    EXPECT_EQ(count, 3u) << bar;
  }
  EXPECT_NE(page.find("<title>medium share of worst 5%: 40.0%</title>"), std::string::npos);
}

// With tax the page leads after tax and says before tax too; the year table, the household's
// cash and the tornado appear when their rows are there.
TEST(HtmlPage, SectionsFollowWhatTheReportHolds) {
  report::RunReport r = hand_made_report();
  const auto row = [&](const char* series, const char* period, const char* metric, double v) {
    r.summary.add_row(
        {std::string(series), std::string(period), std::string(metric), v, v - 1, v + 1});
  };
  const std::string without = report::html_page(r, report::run_charts(r));
  EXPECT_NE(without.find("your total income over the 2 months"), std::string::npos);
  EXPECT_EQ(without.find("Before tax"), std::string::npos);
  EXPECT_EQ(without.find("Cash in hand"), std::string::npos);
  row("net", "horizon", "p10", 987);
  row("total", "horizon", "p50", 1500);
  row("total", "year1", "p50", 600);
  row("net", "year1", "p50", 450);
  row("household", "horizon", "p_ruin", 0.02);
  row("household", "horizon", "final_balance_p50", 5000);
  const std::string with = report::html_page(r, report::run_charts(r));
  EXPECT_NE(with.find("your income after tax over the 2 months is above <strong>USD 987</strong>"),
            std::string::npos);
  EXPECT_NE(with.find("Before tax: a 90% chance of more than <strong>USD 1,234</strong>, a "
                      "median of <strong>USD 1,500</strong>"),
            std::string::npos);
  EXPECT_NE(with.find("<tr><th scope=\"row\">1</th><td>after tax</td><td>-</td><td>450<br>"),
            std::string::npos);
  EXPECT_NE(with.find("Cash in hand"), std::string::npos);
  EXPECT_NE(with.find("<strong>2.00%</strong> (95% CI"), std::string::npos);
  EXPECT_NE(with.find("id=\"tornado-chart\""), std::string::npos);
  EXPECT_EQ(with.find("id=\"sobol-chart\""), std::string::npos);
  // A key breaks only after a dot or an underscore.
  ReportTable parameters(
      {{"key", Type::text}, {"value", Type::text}, {"origin", Type::text}, {"source", Type::text}});
  parameters.add_row({std::string("career.layoff_hazard"), std::string("0.004"),
                      std::string("default"), std::string("an assumption")});
  r.parameters = parameters;
  const std::string keys = report::html_page(r, report::run_charts(r));
  EXPECT_NE(keys.find("<th scope=\"row\">career.<wbr>layoff_<wbr>hazard</th><td>0.004</td>"),
            std::string::npos);
  EXPECT_NE(keys.find("<td class=\"text\">an assumption</td>"), std::string::npos);
}

// The console table of a sweep's points or a batch's files: after tax only when every summary has
// net income, P(ruin) when any has a household, and a failed file said so.
TEST(ConsoleTables, SummariesTableLeadsAfterTaxOnlyWhenEveryRowHasIt) {
  const auto summary = [](std::vector<engine::SummaryRow> rows) {
    return engine::Summary{"plan", 100, 1, std::move(rows)};
  };
  const engine::Summary taxed = summary({{"total", "horizon", "p50", {1000, 900, 1100}},
                                         {"net", "horizon", "mean", {700, 650, 750}},
                                         {"net", "horizon", "p50", {750, 700, 800}},
                                         {"household", "horizon", "p_ruin", {0.0125, 0, 0.02}}});
  const engine::Summary untaxed = summary({{"total", "horizon", "p50", {2000, 1900, 2100}}});
  std::ostringstream both;
  report::print_summaries_table(both, {"key"},
                                {{{"a"}, &taxed}, {{"b"}, &untaxed}, {{"c"}, nullptr}}, "USD");
  EXPECT_NE(both.str().find("Income over the horizon (USD)"), std::string::npos) << both.str();
  EXPECT_NE(both.str().find("2,000"), std::string::npos);  // b's total median
  EXPECT_NE(both.str().find("1.25%"), std::string::npos);  // a's P(ruin)
  EXPECT_NE(both.str().find("  c   failed\n"), std::string::npos) << both.str();
  std::ostringstream net_only;
  report::print_summaries_table(net_only, {"key"}, {{{"a"}, &taxed}}, "USD");
  EXPECT_NE(net_only.str().find("after tax"), std::string::npos);
  EXPECT_NE(net_only.str().find("750"), std::string::npos);  // net's median, not the total's
  EXPECT_EQ(net_only.str().find("1,000"), std::string::npos);
}

// A batch's table names each file; a currency column appears only when the scenarios report in
// more than one currency, and the header then says each is in its own.
TEST(ConsoleTables, BatchTableShowsCurrenciesOnlyWhenTheyDiffer) {
  const engine::Summary summary{"plan", 100, 1, {{"total", "horizon", "p50", {2000, 1900, 2100}}}};
  analysis::Batch batch;
  batch.entries = {{"dir/a.toml", summary, "", "GBP", std::nullopt},
                   {"dir/b.toml", summary, "", "GBP", std::nullopt},
                   {"dir/bad.toml", std::nullopt, "dir/bad.toml: no", "", std::nullopt}};
  std::ostringstream one;
  report::print_batch_table(one, batch);
  EXPECT_NE(one.str().find("Income over the horizon (GBP)"), std::string::npos) << one.str();
  EXPECT_NE(one.str().find("  b.toml "), std::string::npos);
  EXPECT_NE(one.str().find("  bad.toml failed\n"), std::string::npos) << one.str();
  EXPECT_EQ(one.str().find("currency"), std::string::npos);
  batch.entries[1].currency = "USD";
  std::ostringstream two;
  report::print_batch_table(two, batch);
  EXPECT_NE(two.str().find("(each in its own currency)"), std::string::npos) << two.str();
  EXPECT_NE(two.str().find("currency"), std::string::npos);
  EXPECT_NE(two.str().find(" USD "), std::string::npos);
}

}  // namespace
