// The run analysis (analysis/run.hpp) as a function: how a run with precision goals chooses its
// next size, that it grows in place into the fixed run of its final count, and that bad plans are
// refused before anything is simulated.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "analysis/run.hpp"
#include "core/input_error.hpp"
#include "engine/summary.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace {

using namespace incomesim;

analysis::PrecisionGoal goal(double half_width) {
  analysis::PrecisionGoal g;
  g.half_width = half_width;
  g.relative = true;
  return g;
}

constexpr std::uint64_t kBlock = engine::kDefaultBlockSize;

// n (w / target)^2, worked by hand, rounded up to whole blocks of 1,024.
TEST(NextPrecisionTrials, GrowsByTheSquareOfTheWidthRatioInWholeBlocks) {
  // 10,240 x (1.5 / 1)^2 = 23,040 = 22.5 blocks -> 23 blocks.
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01)}, {0.015}, 1u << 30), 23 * kBlock);
  // 20,480 x (1.2 / 1)^2 = 29,491.2 -> 29 blocks (29,696).
  EXPECT_EQ(analysis::next_precision_trials(20480, {goal(0.01)}, {0.012}, 1u << 30), 29 * kBlock);
  // The widest unmet goal decides: 10,240 x 1.5^2 beats 10,240 x 1.1^2; a met goal is ignored.
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01), goal(0.02), goal(0.05)},
                                            {0.011, 0.03, 0.001}, 1u << 30),
            23 * kBlock);
}

TEST(NextPrecisionTrials, StepsAreBoundedAndStopWhenMetOrCapped) {
  // At most four times: (10 / 1)^2 = 100 would be 100x; no interval yet (infinite) is 4x too.
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01)}, {0.1}, 1u << 30), 40 * kBlock);
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01)}, {INFINITY}, 1u << 30),
            40 * kBlock);
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01)}, {NAN}, 1u << 30), 40 * kBlock);
  // Barely missed: at least one more block.
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01)}, {0.0100001}, 1u << 30),
            11 * kBlock);
  // Met: no more trials; capped: the cap, even when it is not a whole number of blocks.
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01)}, {0.01}, 1u << 30), 10240u);
  EXPECT_EQ(analysis::next_precision_trials(10240, {goal(0.01)}, {0.03}, 15000), 15000u);
  EXPECT_EQ(analysis::next_precision_trials(15000, {goal(0.01)}, {0.03}, 15000), 15000u);
}

struct Step {
  std::uint64_t trials;
  std::vector<double> achieved;
};

// A run with goals, step by step: each size is the rule's, the goals are met at the end and not
// one step before, and the result is bit for bit the fixed run of the final count.
TEST(RunAnalysis, GrowsByTheRuleIntoTheFixedRunOfItsFinalCount) {
  const scenarios::Scenario scenario = scenarios::load_default_scenario();
  analysis::RunPlan plan;
  plan.request.seed = 5;
  plan.request.threads = 2;
  plan.precision = {"total.horizon p50:0.15%", "household p_ruin:0.003"};
  // Each block reports once, with the trials done so far in the whole run: a run that started
  // again at each step would report the first blocks' counts again.
  std::mutex progress_mutex;
  std::vector<std::uint64_t> reported;
  plan.request.on_progress = [&](std::uint64_t done, std::uint64_t) {
    const std::lock_guard lock(progress_mutex);
    reported.push_back(done);
  };
  std::vector<Step> steps;
  std::vector<analysis::PrecisionGoal> goals;
  analysis::RunObserver observer;
  observer.step = [&](std::uint64_t trials, const std::vector<analysis::PrecisionGoal>& g,
                      const std::vector<double>& achieved) {
    goals = g;
    steps.push_back({trials, achieved});
  };
  const analysis::RunResult result = analysis::run(scenario, plan, observer);
  ASSERT_GE(steps.size(), 2u);  // the goals are chosen to need at least one step of growth
  EXPECT_EQ(steps.front().trials, analysis::kFirstPrecisionTrials);
  for (std::size_t k = 1; k < steps.size(); ++k)
    EXPECT_EQ(steps[k].trials,
              analysis::next_precision_trials(steps[k - 1].trials, goals, steps[k - 1].achieved,
                                              plan.max_trials))
        << "step " << k;
  EXPECT_TRUE(result.precision_reached());
  EXPECT_EQ(result.settings.trials, steps.back().trials);
  bool missed_before = false;
  for (std::size_t g = 0; g < goals.size(); ++g)
    missed_before = missed_before || steps[steps.size() - 2].achieved[g] > goals[g].half_width;
  EXPECT_TRUE(missed_before);

  std::sort(reported.begin(), reported.end());
  EXPECT_EQ(std::adjacent_find(reported.begin(), reported.end()), reported.end())
      << "trials simulated twice";
  EXPECT_EQ(reported.size(), (result.settings.trials + kBlock - 1) / kBlock);
  EXPECT_EQ(reported.back(), result.settings.trials);

  analysis::RunRequest fixed = result.settings;
  fixed.on_progress = nullptr;
  const analysis::Simulation whole = analysis::simulate(scenario, fixed);
  EXPECT_EQ(engine::summary_table(whole.summary).csv(),
            engine::summary_table(result.simulation.summary).csv());
  EXPECT_EQ(engine::bands_table(whole.results, "s", 5).csv(),
            engine::bands_table(result.simulation.results, "s", 5).csv());
}

// The cap is kept, and reported as a miss rather than an error.
TEST(RunAnalysis, StopsAtTheCapWithTheGoalsMissed) {
  const scenarios::Scenario scenario = scenarios::load_default_scenario();
  analysis::RunPlan plan;
  plan.precision = {"0.01%"};
  plan.max_trials = 15000;
  const analysis::RunResult result = analysis::run(scenario, plan);
  EXPECT_FALSE(result.precision_reached());
  EXPECT_EQ(result.settings.trials, 15000u);
  EXPECT_EQ(result.simulation.results.trials(), 15000u);
  ASSERT_EQ(result.goals.size(), 3u);  // P5, P50 and P95 of the total
  for (double w : result.achieved) EXPECT_GT(w, 0.0001);
}

// Refused with the option named, before a trial is simulated (check_run_plan simulates nothing:
// a run of 2^47 trials would take days).
// Net income and tax are series a goal may name when the scenario has [tax]; without it they are
// refused with the series it does have.
TEST(RunAnalysis, PrecisionGoalsMayNameNetIncomeAndTax) {
  analysis::RunPlan plan;
  plan.precision = {"net.horizon p50:1%", "tax.year[2] mean:500"};
  EXPECT_NO_THROW(analysis::check_run_plan(scenarios::load_default_scenario(), plan));
  const auto untaxed = scenarios::load_scenario_text(
      "currency = \"USD\"\n[career]\nsalary = 60000\n", "untaxed.toml");
  plan.precision = {"net.horizon p50:1%"};
  try {
    analysis::check_run_plan(untaxed, plan);
    ADD_FAILURE() << "net accepted without [tax]";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("'net' is not a series of this scenario; allowed: 'career' or 'total'"),
              std::string::npos)
        << error.what();
  }
}

TEST(RunAnalysis, BadPlansAreRefusedBeforeSimulating) {
  const scenarios::Scenario scenario = scenarios::load_default_scenario();
  auto refused = [&](analysis::RunPlan plan, const std::string& message) {
    try {
      analysis::check_run_plan(scenario, plan);
      ADD_FAILURE() << "accepted; expected " << message;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << error.what();
    }
  };
  analysis::RunPlan plan;
  plan.request.trials = std::uint64_t{1} << 47;
  plan.mode = "streaming";
  plan.precision = {"total.horizon es:1%"};
  refused(plan, "--precision: 'total.horizon es:1%': the expected shortfall has no interval");
  plan.precision = {"total.horizon p7:1%"};
  refused(plan, "--precision: P7 is not among --percentiles");
  plan.precision = {"total.year[9] mean:1%"};
  refused(plan, "year 9 is outside the horizon (1 to 3)");
  plan.precision = {};
  plan.mode = "fast";
  refused(plan, "--mode: 'fast' is not a mode; allowed: auto, exact, streaming");
  plan.mode = "auto";
  plan.request.percentiles = {0, 50};
  refused(plan, "--percentiles: 0 is out of range");
}

}  // namespace
