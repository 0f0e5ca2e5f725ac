// The comparison analysis (analysis/compare.hpp) as a function: pairing on common random
// numbers, and what is refused before anything runs.
#include <gtest/gtest.h>

#include "analysis/compare.hpp"
#include "core/input_error.hpp"
#include "engine/metric_names.hpp"
#include "engine/summary.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace {

using namespace incomesim;

const engine::Estimate& horizon_row(const analysis::Comparison& c, const std::string& series,
                                    const std::string& metric) {
  for (const auto& row : c.rows)
    if (row.stream == series && row.period == engine::kHorizonPeriod && row.metric == metric)
      return row.estimate;
  throw std::logic_error("no row " + series + " " + metric);
}

analysis::RunRequest request(std::uint64_t trials) {
  analysis::RunRequest r;
  r.trials = trials;
  r.seed = 4;
  r.threads = 2;
  return r;
}

// A scenario against itself differs by exactly nothing in every trial (the same draws): the
// paired mean difference is 0 with a zero-width interval. Against a plan that writes twice as
// many articles, Medium's mean difference is the difference of the two runs' means (the paired
// mean is the mean of the differences, so the two agree to rounding).
TEST(CompareAnalysis, PairsTheTwoScenariosOnTheSameTrials) {
  const std::string text = std::string(scenarios::bundled_scenario_text("alake-2020.toml"));
  const auto a = scenarios::load_scenario_text(text, "a.toml");
  const auto same = analysis::compare(a, a, request(1000));
  const auto& zero = horizon_row(same, "total", engine::metric::kMeanDifference);
  EXPECT_EQ(zero.value, 0);
  EXPECT_EQ(zero.ci_low, 0);
  EXPECT_EQ(zero.ci_high, 0);
  const auto b = scenarios::load_scenario_text(text, "b.toml", {{"medium.articles_per_week", "4"}});
  const auto more = analysis::compare(a, b, request(1000));
  const double mean_a = horizon_row(more, "medium", engine::metric::kMeanA).value;
  const double mean_b = horizon_row(more, "medium", engine::metric::kMeanB).value;
  const auto& d = horizon_row(more, "medium", engine::metric::kMeanDifference);
  EXPECT_NEAR(d.value, mean_b - mean_a, 1e-9 * mean_b);
  EXPECT_GT(d.ci_low, 0);  // more articles earn more, far beyond the interval's width
  // The career is untouched: the same draws give the same salary in every trial.
  EXPECT_EQ(horizon_row(more, "career", engine::metric::kMeanDifference).value, 0);
  EXPECT_EQ(more.scenario_a, "alake-2020");
  EXPECT_EQ(more.currency, "GBP");
}

TEST(CompareAnalysis, RefusesAnotherHorizonOrCurrency) {
  const std::string text = std::string(scenarios::bundled_scenario_text("alake-2020.toml"));
  const auto a = scenarios::load_scenario_text(text, "a.toml");
  const auto longer = scenarios::load_scenario_text(text, "b.toml", {{"horizon_months", "48"}});
  EXPECT_THROW(analysis::check_comparable(a, longer), InputError);
  const auto dollars = scenarios::load_scenario_text(
      std::string(scenarios::bundled_scenario_text("steady-job.toml")), "steady-job.toml",
      {{"horizon_months", "36"}});
  try {
    analysis::check_comparable(a, dollars);
    ADD_FAILURE() << "two currencies accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("reports in GBP, steady-job.toml in USD"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what())
                  .find("set its currency = \"GBP\", give each stream's section currency = "
                        "\"USD\", add [fx] USD = { rate = ... } (GBP per USD)"),
              std::string::npos)
        << error.what();
  }
  // Done as the message says, the dollar plan compares: its salary of 120,000 USD is 96,000 GBP a
  // year at 0.8 (the rate has no volatility), 288,000 over 36 months.
  const auto converted = scenarios::load_scenario_text(R"(
    currency = "GBP"
    horizon_months = 36
    [fx]
    USD = { rate = 0.8 }
    [regime]
    p_enter = 0
    [career]
    currency = "USD"
    salary = 120000
    annual_raise = 0
    layoff_hazard = 0
  )",
                                                       "converted.toml");
  analysis::check_comparable(a, converted);
  analysis::RunRequest request;
  request.trials = 200;
  const auto result = analysis::compare(a, converted, request);
  EXPECT_NEAR(horizon_row(result, "career", engine::metric::kMeanB).value, 288'000, 1e-6);
}

}  // namespace
