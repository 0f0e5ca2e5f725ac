// The one grammar of a statistic (analysis/statistic.hpp): every spelling a user may write names
// the row summary.csv writes, and what is not a statistic is refused with the forms allowed.
#include <gtest/gtest.h>

#include "analysis/statistic.hpp"
#include "core/input_error.hpp"

namespace {

using namespace incomesim;

const analysis::StatisticSyntax kSyntax{"--target", "SERIES.PERIOD.STAT", "total.horizon.p10"};

analysis::StatisticSpec statistic(const std::string& text) {
  return analysis::parse_statistic(text, kSyntax, 36, {"medium", "career"}, true);
}

std::string name_of(const std::string& text) { return statistic(text).metric.text(); }

std::string message_of(const std::string& text) {
  try {
    statistic(text);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

// Each row: the spellings that must name the same summary.csv row, the row first.
TEST(StatisticGrammar, EverySpellingNamesTheRowTheCsvWrites) {
  const std::vector<std::vector<std::string>> same{
      {"total.horizon.p10", "total.horizon p10", " total.horizon  p10 "},
      {"total.year2.mean", "total.year[2] mean", "total.year[2].mean", "total.year2 mean"},
      {"medium.month12.p_above_100", "medium.month[12] P(>100)", "medium.month12.P(>100)",
       "medium.month[12].p_above_100", "medium.month12 P( > 100 )"},
      // A threshold is named by its number in full, however it was written.
      {"total.horizon.p_above_200000", "total.horizon P(>2e5)", "total.horizon.p_above_2e+05",
       "total.horizon P(>200000.0)"},
      {"career.months1-7.p2.5", "career.months[1-7] p2.5", "career.months1-7 p2.5"},
      {"total.horizon.expected_shortfall_5pct", "total.horizon es", "total.horizon.es"},
      {"household.horizon.p_ruin", "household p_ruin", "household.p_ruin",
       "household.horizon.p_ruin"},
  };
  for (const auto& spellings : same)
    for (const auto& text : spellings) EXPECT_EQ(name_of(text), spellings[0]) << text;
  // What the run must add to report it: the month range and the threshold.
  const auto spec = statistic("medium.month12.p_above_100");
  ASSERT_TRUE(spec.range.has_value());
  EXPECT_EQ(spec.range->first, 12);
  EXPECT_EQ(spec.threshold, 100);
  EXPECT_TRUE(spec.is_probability);
  EXPECT_EQ(statistic("total.horizon.p10").percent, 10);
}

TEST(StatisticGrammar, RefusesWhatIsNotAStatistic) {
  EXPECT_NE(message_of("total.year4.p10").find("year 4 is outside the horizon (1 to 3)"),
            std::string::npos);
  EXPECT_NE(message_of("total.month37.mean").find("month 37 is outside the horizon"),
            std::string::npos);
  EXPECT_NE(message_of("total.months9-3.mean").find("needs a <= b"), std::string::npos);
  EXPECT_NE(message_of("youtube.horizon.mean").find("'youtube' is not a series"),
            std::string::npos);
  EXPECT_NE(message_of("total.horizon.p100").find("is not a percentile"), std::string::npos);
  EXPECT_NE(message_of("total.horizon.p_above_1e5e5").find("'1e5e5' is not a threshold"),
            std::string::npos);
  const std::string unknown = message_of("total.year[2.p10");
  EXPECT_NE(unknown.find("periods: horizon, year2, month12, months1-7"), std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("statistics: mean, pNN, p_above_X or P(>X), es"), std::string::npos);
  EXPECT_THROW(analysis::parse_statistic("household.p_ruin", kSyntax, 36, {"medium"}, false),
               InputError);
}

// --metric (any row of summary.csv) and Python's values() take the same period forms.
TEST(StatisticGrammar, MetricsAndPeriodsTakeBothForms) {
  EXPECT_EQ(analysis::parse_metric("total.year[2].p10").text(), "total.year2.p10");
  EXPECT_EQ(analysis::parse_metric("total.horizon p2.5").text(), "total.horizon.p2.5");
  EXPECT_EQ(analysis::parse_metric("household.horizon.final_balance_p50").text(),
            "household.horizon.final_balance_p50");
  EXPECT_EQ(analysis::canonical_period("months[1-7]"), "months1-7");
  EXPECT_EQ(analysis::canonical_period("month[12]"), "month12");
  EXPECT_EQ(analysis::canonical_period("year2"), "year2");
  EXPECT_EQ(analysis::canonical_period("horizon"), "horizon");
  EXPECT_THROW(analysis::parse_metric("total"), InputError);
  const auto output = analysis::parse_series_period(
      "medium.months[2-4]", {"--output", "SERIES.PERIOD", "total.horizon"}, 36, {"medium"});
  EXPECT_EQ(output.metric.stream + "." + output.metric.period, "medium.months2-4");
  EXPECT_EQ(
      analysis::parse_series_period("medium.months2-4", {"--output", "S", "e"}, 36, {"medium"})
          .metric.period,
      "months2-4");
}

}  // namespace
