// The sweep analysis (analysis/sweep.hpp) as a function: the grid's order and values, each
// point the plain run of its scenario, and what is refused before anything runs.
#include <gtest/gtest.h>

#include "analysis/sweep.hpp"
#include "core/input_error.hpp"
#include "engine/summary.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace {

using namespace incomesim;

// Values split at commas outside braces, brackets and quotes; the grid's last key varies
// fastest; each point is the plain run of its scenario.
TEST(SweepAnalysis, EveryPointIsThePlainRunOfItsValues) {
  EXPECT_EQ(analysis::split_values(R"(1,{ dist = "uniform", low = 1, high = 2 },"a,b",[1,2])"),
            (std::vector<std::string>{"1", R"({ dist = "uniform", low = 1, high = 2 })", R"("a,b")",
                                      "[1,2]"}));
  const auto axis = analysis::parse_sweep_axis("medium.articles_per_week=1,3");
  EXPECT_EQ(axis.key, "medium.articles_per_week");
  const scenarios::ScenarioSource source{
      std::string(scenarios::bundled_scenario_text("alake-2020.toml")), "alake-2020.toml"};
  const auto plan =
      analysis::plan_sweep(source, {axis, {"consulting.day_rate", {"400", "500", "600"}}});
  ASSERT_EQ(plan.points.size(), 6u);
  EXPECT_EQ(plan.points[1], (std::vector<std::string>{"1", "500"}));
  EXPECT_EQ(plan.points[3], (std::vector<std::string>{"3", "400"}));
  analysis::RunRequest request;
  request.trials = 1000;
  request.seed = 4;
  request.threads = 2;
  const auto sweep = analysis::sweep(plan, request);
  const auto point = scenarios::load_scenario_text(
      source.text, source.name,
      {{"medium.articles_per_week", "3"}, {"consulting.day_rate", "400"}});
  EXPECT_EQ(engine::summary_table(sweep.summaries[3]).csv(),
            engine::summary_table(analysis::simulate(point, request).summary).csv());
  // A bad value fails when the plan is made, naming the key.
  EXPECT_THROW(analysis::plan_sweep(source, {{"consulting.day_rate", {"400", "-5"}}}), InputError);
  EXPECT_THROW(analysis::plan_sweep(source, {}), InputError);
}

// A plan whose streams all follow its currency loads in USD and in GBP alike; swept across them,
// its points' amounts would sit side by side in two currencies, so the sweep is refused, naming
// the point and what to do instead.
TEST(SweepAnalysis, RefusesPointsInDifferentReportingCurrencies) {
  const scenarios::ScenarioSource source{
      "currency = \"USD\"\nhorizon_months = 12\n[career]\nsalary = 60000\n", "plan.toml"};
  EXPECT_NO_THROW(analysis::plan_sweep(source, {{"currency", {"\"USD\""}}}));
  try {
    analysis::plan_sweep(source, {{"currency", {"\"USD\"", "\"GBP\""}}});
    FAIL() << "a sweep across currencies was planned";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("currency=\"GBP\" reports in GBP where the first "
                        "point does in USD; sweep a stream's currency"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
