// Effort (docs/models.md "Effort: income per hour"): hours per stream and income per hour, by hand
// on fixed scenarios, and per trial against the counts the streams drew (articles, employed
// months). The one statistical check (YouTube's Poisson uploads) allows 5 standard errors of the
// mean with a fixed seed.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "scenarios/income_model.hpp"
#include "test_support.hpp"

namespace {

using namespace incomesim;
using test_support::Block;
using test_support::scenario_from;
using test_support::summary_of;

double row(const engine::Summary& summary, const std::string& stream, const std::string& metric) {
  return summary.find(stream, "horizon", metric).estimate.value;
}

// Index of a stream's (or the total's) hours among the model's outcomes; income per hour is next.
std::size_t hours_outcome(const scenarios::IncomeModel& model, const std::string& group) {
  const auto specs = model.outcome_specs();
  for (std::size_t k = 0; k < specs.size(); ++k)
    if (specs[k].group == group && specs[k].name == "hours") return k;
  throw std::out_of_range("no hours outcome for " + group);
}

// A year of a steady 60,000 job and back-to-back consulting (20 days a month at 400), no
// recessions; each test adds its own keys to the sections.
std::string steady_year(const std::string& career_keys, const std::string& consulting_keys) {
  return "horizon_months = 12\n[regime]\np_enter = 0\n[career]\nsalary = 60000\n"
         "annual_raise = 0\nlayoff_hazard = 0\n" +
         career_keys +
         "[consulting]\nstart = \"engaged\"\nengagement_months = 1000\nday_rate = 400\n"
         "days_per_month = 20\n" +
         consulting_keys;
}

// A year of a steady job, back-to-back consulting and a newsletter, worked by hand:
// career 12 x 160 = 1,920 h for 60,000: 31.25 an hour; consulting 12 x 20 days x 8 h = 1,920 h
// for 12 x 20 x 400 = 96,000: 50 an hour; the newsletter 12 x 4 sends x 3 h = 144 h (its income
// is 0: a list of 0 that gains no one). Total 3,984 h for 156,000: 39.1566... an hour.
TEST(Effort, HoursAndIncomePerHourByHand) {
  const auto scenario = scenario_from(
      steady_year("",
                  "[newsletter]\ninitial_subscribers = 0\norganic_signups_per_month = 0\n"
                  "signups_per_medium_article = 0\n"));
  const auto summary = summary_of(scenario, 16, 1);
  EXPECT_DOUBLE_EQ(row(summary, "career", "hours_p50"), 1920);
  EXPECT_DOUBLE_EQ(row(summary, "career", "income_per_hour_mean"), 31.25);
  EXPECT_DOUBLE_EQ(row(summary, "consulting", "hours_mean"), 1920);
  EXPECT_DOUBLE_EQ(row(summary, "consulting", "income_per_hour_p50"), 50);
  EXPECT_DOUBLE_EQ(row(summary, "newsletter", "hours_mean"), 144);
  EXPECT_DOUBLE_EQ(row(summary, "newsletter", "income_per_hour_mean"), 0);
  EXPECT_DOUBLE_EQ(row(summary, "total", "hours_mean"), 3984);
  // The mean comes from double moments of the unrounded values: only rounding of the division.
  EXPECT_NEAR(row(summary, "total", "income_per_hour_mean"), 156000.0 / 3984, 1e-12 * 39.2);
}

// The keys move the hours: 7.5-hour days and 140-hour months.
TEST(Effort, HoursKeysScaleTheHours) {
  const auto scenario =
      scenario_from(steady_year("hours_per_month = 140\n", "hours_per_day = 7.5\n"));
  const auto summary = summary_of(scenario, 8, 1);
  EXPECT_DOUBLE_EQ(row(summary, "career", "hours_mean"), 12 * 140);
  EXPECT_DOUBLE_EQ(row(summary, "consulting", "hours_mean"), 12 * 20 * 7.5);
  EXPECT_DOUBLE_EQ(row(summary, "consulting", "income_per_hour_mean"), 400 / 7.5);
}

// Per trial: Medium's hours are 3.33 x the articles the trial published, its income per hour the
// trial's Medium income over them; the career's hours are 160 x the months the trial had a job
// (layoffs make them vary).
TEST(Effort, HoursFollowEachTrialsOwnCounts) {
  const auto scenario = scenario_from(R"(
    horizon_months = 24
    [career]
    salary = 50000
    layoff_hazard = 0.05
    [medium]
    articles_per_week = { dist = "uniform", low = 0.5, high = 3 }
  )");
  const std::size_t n = 500;
  const Block block(scenario.model, n, 4);
  const std::size_t career = hours_outcome(scenario.model, "career");
  const std::size_t medium = hours_outcome(scenario.model, "medium");
  const auto trace_rows = [&](std::size_t i) {
    return scenarios::trace_trial(scenario.model, 4, i);
  };
  int varied = 0;
  for (std::size_t i = 0; i < 40; ++i) {
    const auto trace = trace_rows(i);
    double articles = 0, medium_income = 0, employed_months = 0;
    for (int month = 0; month < 24; ++month) {
      articles += test_support::traced(trace, month, "medium_articles");
      medium_income += test_support::traced(trace, month, "medium");
      employed_months += test_support::traced(trace, month, "career_salary") > 0;
    }
    // The stream adds 3.33 per month, this multiplies once: equal up to rounding of the sums.
    EXPECT_NEAR(block.incomes.outcome(medium)[i], 3.33 * articles, 1e-9) << i;
    if (articles > 0) {
      EXPECT_NEAR(block.incomes.outcome(medium + 1)[i], medium_income / (3.33 * articles),
                  1e-9 * medium_income)
          << i;
    }
    EXPECT_EQ(block.incomes.outcome(career)[i], 160 * employed_months) << i;
    varied += employed_months < 24;
  }
  EXPECT_GT(varied, 0);  // some of the 40 trials lost a job, so the check above saw it
}

// YouTube: Poisson(2) uploads a month for 12 months at 20 h each: E[hours] = 480, sd per trial
// 20 sqrt(24); 4,000 trials, 5 standard errors. A product built and launched once in month 3:
// exactly 100 + 10 h; launched past the horizon in some trials: no hours, income per hour not
// applicable there.
TEST(Effort, VideosAndProducts) {
  const auto scenario = scenario_from(R"(
    horizon_months = 12
    [youtube]
    videos_per_month = 2
    [[products]]
    name = "course"
    price = 100
    launch_month = { dist = "uniform", low = 0, high = 23 }
    youtube_reach = 0.5
  )");
  const std::size_t n = 4000;
  const Block block(scenario.model, n, 8);
  const std::size_t youtube = hours_outcome(scenario.model, "youtube");
  const std::size_t products = hours_outcome(scenario.model, "products");
  double sum = 0;
  std::size_t built = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += block.incomes.outcome(youtube)[i];
    const double product_hours = block.incomes.outcome(products)[i];
    ASSERT_TRUE(product_hours == 0 || product_hours == 110) << product_hours;
    if (product_hours == 0) {
      ASSERT_TRUE(std::isnan(block.incomes.outcome(products + 1)[i]));
    }
    built += product_hours == 110;
  }
  EXPECT_NEAR(sum / n, 480, 5 * 20 * std::sqrt(24.0 / n));
  // Launch months 0-11 of a uniform on [0, 23] rounded: P = 11.5 / 23 = 0.5; 5 binomial sds.
  EXPECT_NEAR(static_cast<double>(built) / n, 0.5, 5 * std::sqrt(0.25 / n));
}

}  // namespace
