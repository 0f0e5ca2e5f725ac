// The sensitivity and Sobol analyses (analysis/sensitivity.hpp, analysis/sobol.hpp) as functions,
// on steady-job, whose every trial earns exactly 24 months of a $120,000 salary: a tornado whose
// effects are known by hand, and the refusals made before anything runs.
#include <gtest/gtest.h>

#include "analysis/sensitivity.hpp"
#include "analysis/sobol.hpp"
#include "core/input_error.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace {

using namespace incomesim;

scenarios::ScenarioSource steady_job() {
  return {std::string(scenarios::bundled_scenario_text("steady-job.toml")), "steady-job.toml"};
}

analysis::RunRequest request(std::uint64_t trials) {
  analysis::RunRequest r;
  r.trials = trials;
  r.threads = 2;
  return r;
}

// Without --metric, a plan with [tax] is ranked by net income: steady-job's is 240,000 less two
// years of 27,047 of US 2025 tax and FICA in every trial (tests/test_tax.cpp works it out).
TEST(SensitivityAnalysis, RanksNetIncomeByDefaultWhenThereIsTax) {
  const analysis::Sensitivity result =
      analysis::sensitivity(steady_job(), analysis::SensitivityPlan{0.1, {}}, request(64));
  ASSERT_EQ(result.metrics.size(), 2u);
  EXPECT_EQ(result.metrics[0].text(), "net.horizon.p10");
  EXPECT_EQ(result.metrics[1].text(), "net.horizon.p50");
  EXPECT_NEAR(result.base_values[0], 240'000 - 2 * 27'047, 0.01);
  const auto untaxed = scenarios::load_scenario_text(
      "currency = \"USD\"\n[career]\nsalary = 60000\n", "untaxed.toml");
  EXPECT_EQ(analysis::default_sensitivity_metrics(untaxed),
            (std::vector<std::string>{"total.horizon.p10", "total.horizon.p50"}));
}

// Salary +-10%: the career's mean over 24 months moves from 240,000 to 216,000 and 264,000
// exactly (no raises, no layoffs), the largest effect; a parameter at 0 is not varied.
TEST(SensitivityAnalysis, MovesEachParameterByTheSpreadOnTheSameTrials) {
  const analysis::SensitivityPlan plan{0.1, {"career.horizon.mean", "total.horizon.p50"}};
  const analysis::Sensitivity result = analysis::sensitivity(steady_job(), plan, request(500));
  ASSERT_EQ(result.metrics.size(), 2u);
  EXPECT_DOUBLE_EQ(result.base_values[0], 240000);
  const auto ranked = analysis::ranked_effects(result, 0);
  ASSERT_FALSE(ranked.empty());
  EXPECT_EQ(ranked[0]->key, "career.salary");
  EXPECT_DOUBLE_EQ(ranked[0]->low, 108000);
  EXPECT_NEAR(ranked[0]->at_low[0], 216000, 1e-6);
  EXPECT_NEAR(ranked[0]->at_high[0], 264000, 1e-6);
  for (std::size_t k = 1; k < ranked.size(); ++k)
    EXPECT_LE(std::abs(ranked[k]->at_high[0] - ranked[k]->at_low[0]),
              std::abs(ranked[k - 1]->at_high[0] - ranked[k - 1]->at_low[0]));
  bool raise_not_varied = false;
  for (const auto& e : result.effects)
    if (e.key == "career.annual_raise")
      raise_not_varied = !e.varied() && e.note == "not varied: the base value is 0";
  EXPECT_TRUE(raise_not_varied);
  EXPECT_TRUE(result.correlations.empty());  // nothing differs between trials
  // One tornado row per parameter and metric.
  const std::string tornado = analysis::tornado_table(result).csv();
  EXPECT_EQ(static_cast<std::size_t>(std::count(tornado.begin(), tornado.end(), '\n')),
            1 + 2 * result.effects.size());
  EXPECT_NE(tornado.find("\ncareer.salary,120000,108000,132000,career.horizon.mean,240000,216000,"
                         "264000,48000,1,\n"),
            std::string::npos)
      << tornado.substr(0, 600);
}

TEST(SensitivityAnalysis, RefusesABadSpreadOrMetric) {
  EXPECT_THROW(analysis::check_sensitivity_plan(steady_job(), {1.5, {"total.horizon.p10"}}),
               InputError);
  EXPECT_THROW(analysis::check_sensitivity_plan(steady_job(), {0.2, {"total"}}), InputError);
  EXPECT_NO_THROW(analysis::check_sensitivity_plan(steady_job(), {0.2, {"total.horizon.p10"}}));
}

// Sobol indices share out a variance: steady-job's total has none, which is said, as are too
// few trials, resamples out of range and an output the scenario does not have.
TEST(SobolAnalysis, RefusesWhatHasNoIndices) {
  const auto source = steady_job();
  const auto scenario = scenarios::load_scenario_text(source.text, source.name);
  auto refused = [&](const analysis::SobolPlan& plan, std::uint64_t trials,
                     const std::string& message) {
    try {
      analysis::sobol(scenario, plan, request(trials));
      ADD_FAILURE() << "accepted; expected " << message;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << error.what();
    }
  };
  refused({"total.horizon", 1000}, 500,
          "total.horizon is the same in every trial of steady-job; Sobol indices share out a "
          "variance");
  refused({"total.horizon", 1000}, 50, "--trials: 50 is too few for Sobol indices");
  refused({"total.horizon", 10}, 500, "--resamples: 10 is out of range");
  refused({"youtube.horizon", 1000}, 500, "'youtube' is not a series of this scenario");
}

}  // namespace
