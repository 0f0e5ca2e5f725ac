// The career stream against its own mechanics, with tolerances from standard errors.
#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <map>

#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "test_support.hpp"

namespace {

using namespace incomesim;

using test_support::scenario_from;

engine::TrialResults run(const scenarios::Scenario& scenario, std::uint64_t trials) {
  return test_support::run(scenario, trials, 17);
}

TEST(Career, ConstantSalaryWithoutLayoffsPaysExactlyHorizonTimesMonthlySalary) {
  const auto scenario = scenario_from(R"(
    horizon_months = 36
    [regime]
    start = "recession"
    [career]
    salary = 61200
    annual_raise = 0
    layoff_hazard = 0
  )");
  // 61,200 / 12 = 5,100 is exact in binary floating point, so every sum is exact too.
  const auto results = run(scenario, 3000);
  const double expected = 36 * 5100.0;
  const auto summary = engine::summarise(results, {}, "t", 17);
  EXPECT_EQ(summary.find("career", "horizon", "mean").estimate.value, expected);
  EXPECT_EQ(summary.find("career", "horizon", "sd").estimate.value, 0);
  for (std::uint64_t trial = 0; trial < results.trials(); ++trial)
    ASSERT_EQ(results.exact("test").values(0, 0)[trial], static_cast<float>(expected));
  EXPECT_EQ(summary.find("total", "year2", "p50").estimate.value, 61200);
}

TEST(Career, RaisesCompoundEveryTwelveMonthsInAJob) {
  const auto scenario = scenario_from(R"(
    horizon_months = 36
    [regime]
    p_enter = 0
    [career]
    salary = 60000
    annual_raise = 0.05
    layoff_hazard = 0
  )");
  const auto summary = engine::summarise(run(scenario, 100), {}, "t", 17);
  EXPECT_DOUBLE_EQ(summary.find("career", "year1", "mean").estimate.value, 60000);
  EXPECT_DOUBLE_EQ(summary.find("career", "year2", "mean").estimate.value, 63000);
  EXPECT_NEAR(summary.find("career", "year3", "mean").estimate.value, 66150, 1e-6);
}

// Always in recession, a raise is frozen with probability `recession_raise_freeze`: year 2 pays
// 66,000 (a 10% raise) or 60,000 (frozen); the frozen share is within 5 binomial SEs of 0.3.
TEST(Career, RecessionFreezesRaisesWithItsProbability) {
  const auto scenario = scenario_from(R"(
    horizon_months = 24
    [regime]
    start = "recession"
    p_exit = 0
    [career]
    salary = 60000
    annual_raise = 0.1
    recession_raise_freeze = 0.3
    layoff_hazard = 0
  )");
  const std::uint64_t n = 20000;
  const auto results = run(scenario, n);
  const std::size_t year2 = 2;  // periods: horizon, year1, year2
  ASSERT_EQ(results.periods()[year2].name, "year2");
  double frozen = 0;
  for (std::uint64_t trial = 0; trial < n; ++trial) {
    const float pay = results.exact("test").values(0, year2)[trial];
    ASSERT_TRUE(pay == 60000.0f || pay == 66000.0f) << pay;
    frozen += pay == 60000.0f;
  }
  EXPECT_NEAR(frozen / n, 0.3, 5 * std::sqrt(0.3 * 0.7 / n));
}

// With unemployment that outlasts the horizon, a trial's pay stops at its first layoff: it is
// paid for min(L, 36) months, L ~ Geometric(h) counting the layoff month. Then
// P(no layoff in 36 months) = (1 - h)^36 and E[months paid] = sum_{t<36} (1 - h)^t. The
// tolerance is 5 standard errors of each estimate (binomial for the share, sample sd / sqrt(n)
// for the mean), with n = 40,000 and a fixed seed.
void expect_layoff_rate(double hazard, const std::string& regime, double effective_hazard) {
  const auto scenario = scenario_from(R"(
    horizon_months = 36
    [regime]
    )" + regime + R"(
    [career]
    salary = 12000
    annual_raise = 0
    severance_months = 0
    unemployment_months = 1000
    layoff_hazard = )" + std::to_string(hazard));
  const std::uint64_t n = 40000;
  const auto results = run(scenario, n);
  const double survive = std::pow(1 - effective_hazard, 36);
  double never_laid_off = 0;
  for (std::uint64_t t = 0; t < n; ++t)
    never_laid_off += results.exact("test").values(0, 0)[t] == 36000.0f;
  EXPECT_NEAR(never_laid_off / n, survive, 5 * std::sqrt(survive * (1 - survive) / n));
  double expected_months = 0;
  for (int t = 0; t < 36; ++t) expected_months += std::pow(1 - effective_hazard, t);
  const auto& moments = results.moments(0, 0);  // salary/12 = 1000, so income = months paid x 1000
  EXPECT_NEAR(moments.mean() / 1000, expected_months, 5 * std::sqrt(moments.variance() / n) / 1000);
}

TEST(Career, LayoffRateMatchesTheHazard) { expect_layoff_rate(0.02, "p_enter = 0", 0.02); }

TEST(Career, RecessionMultipliesTheLayoffHazard) {
  expect_layoff_rate(0.01, "start = \"recession\"\n    p_exit = 0", 0.03);
}

// Unemployment spells last ceil(D) months, D ~ unemployment_months (times 1.7 when the layoff
// happens in a recession). With hazard 1 every trial is laid off in month 0; the spell is then
// the number of unpaid months before the salary returns. Chi-square against
// P(ceil(m D) = k) = F(k / m) - F((k - 1) / m), cells with expected count >= 5, significance
// 0.001, n = 40,000, fixed seed.
void expect_unemployment_spells(const std::string& regime, double multiplier) {
  const auto scenario = scenario_from(R"(
    horizon_months = 60
    [regime]
    )" + regime + R"(
    [career]
    salary = 12000
    annual_raise = 0
    severance_months = 0
    layoff_hazard = 0.5
    recession_layoff_multiplier = 2
    unemployment_months = { dist = "lognormal", median = 2.3, sigma = 0.7 }
  )");
  const auto& model = scenario.model;
  const std::size_t n = 40000;
  auto workspace = model.make_workspace(n);
  engine::MonthlyIncomes incomes = engine::make_monthly_incomes(model, n);
  incomes.reset(n);
  // Hazard 0.5 (x2 = 1 in a recession): in normal times the first layoff month varies, so count
  // the first run of zero-income months after the first paid month that ended a job.
  model.simulate_block(workspace, {23, 0, n}, incomes);
  std::map<int, double> spells;
  std::size_t measured = 0;
  for (std::size_t i = 0; i < n; ++i) {
    int month = 0;
    while (month < model.horizon && incomes.row(0, month)[i] > 0) ++month;  // employed months
    const int start = month;
    while (month < model.horizon && incomes.row(0, month)[i] == 0) ++month;
    if (start == model.horizon || month == model.horizon) continue;  // censored by the horizon
    spells[month - start] += 1;
    ++measured;
  }
  ASSERT_GT(measured, n * 0.9);
  // Censoring: a spell is seen only if it ends before the horizon; spells longer than 40 months
  // are vanishingly rare (P < 1e-6 at median 3.9, sigma 0.7), so censoring is ignored.
  const auto d = scenario.model.stream<scenarios::CareerStream>()->params.unemployment_months;
  std::vector<double> expected, observed;
  double pending_e = 0, pending_o = 0;
  for (int k = 1; k <= 40; ++k) {
    pending_e += (dist::cdf(d, k / multiplier) - dist::cdf(d, (k - 1) / multiplier)) * measured;
    pending_o += spells.count(k) ? spells[k] : 0;
    if (pending_e >= 5) {
      expected.push_back(pending_e);
      observed.push_back(pending_o);
      pending_e = pending_o = 0;
    }
  }
  expected.back() += pending_e;
  observed.back() += pending_o;
  double chi2 = 0;
  for (std::size_t c = 0; c < expected.size(); ++c)
    chi2 += std::pow(observed[c] - expected[c], 2) / expected[c];
  const double dof = static_cast<double>(expected.size() - 1);
  EXPECT_LT(chi2, boost::math::quantile(boost::math::chi_squared_distribution<double>(dof), 0.999))
      << "multiplier " << multiplier;
}

TEST(Career, UnemploymentSpellsFollowTheirDistribution) {
  expect_unemployment_spells("p_enter = 0", 1.0);
}

TEST(Career, RecessionLengthensUnemploymentSpells) {
  expect_unemployment_spells("start = \"recession\"\n    p_exit = 0", 1.7);
}

TEST(Career, SeveranceBenefitAndRehireSalaryChange) {
  const auto scenario = scenario_from(R"(
    horizon_months = 6
    [regime]
    p_enter = 0
    [career]
    salary = 24000
    annual_raise = 0
    layoff_hazard = 1
    recession_layoff_multiplier = 1
    severance_months = 2
    unemployment_months = 2
    unemployment_benefit = 300
    rehire_salary_change = 1.5
  )");
  const auto trace = scenarios::trace_trial(scenario.model, 1, 0);
  // Month 0: salary 2000 + 2 months' severance; months 1-2 unemployed on benefit; rehired at
  // 1.5 x salary in month 3, laid off again at once (hazard 1): 3000 + 6000 severance.
  const std::vector<double> expected{6000, 300, 300, 9000, 300, 300};
  // The traced salary: 24,000, out of work (0) for two months, 36,000 again, then out again.
  const std::vector<double> salary{24000, 0, 0, 36000, 0, 0};
  for (int month = 0; month < 6; ++month) {
    EXPECT_DOUBLE_EQ(test_support::traced(trace, month, "career"), expected[month]);
    EXPECT_DOUBLE_EQ(test_support::traced(trace, month, "career_salary"), salary[month]);
  }
}

TEST(Career, StartingUnemployedPaysNothingUntilHired) {
  const auto scenario = scenario_from(R"(
    horizon_months = 5
    [regime]
    p_enter = 0
    [career]
    start = "unemployed"
    salary = 12000
    layoff_hazard = 0
    unemployment_months = 2.5
  )");
  const auto trace = scenarios::trace_trial(scenario.model, 1, 0);
  // ceil(2.5) = 3 months out of work, then the rehire change (median 1, random) applies.
  EXPECT_EQ(test_support::traced(trace, 0, "career"), 0);
  EXPECT_EQ(test_support::traced(trace, 1, "career"), 0);
  EXPECT_EQ(test_support::traced(trace, 2, "career"), 0);
  EXPECT_GT(test_support::traced(trace, 3, "career"), 0);
  EXPECT_EQ(test_support::traced(trace, 3, "career"), test_support::traced(trace, 4, "career"));
}

}  // namespace
