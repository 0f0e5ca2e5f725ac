// The runner's reproducibility contract: the same seed gives the same bits at any thread count,
// in any block order, and any trial replayed alone gets the draws it got inside the full run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>

#include <tbb/global_control.h>

#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/bundled_scenarios.hpp"
#include "scenarios/scenario_loader.hpp"

namespace {

using namespace incomesim;

scenarios::Scenario default_scenario() { return scenarios::load_default_scenario(); }

engine::TrialResults run(const scenarios::IncomeModel& model, std::uint64_t trials,
                         std::uint64_t seed, std::vector<std::size_t> order = {},
                         std::size_t block_size = engine::kDefaultBlockSize) {
  engine::RunOptions options;
  options.trials = trials;
  options.seed = seed;
  options.block_size = block_size;
  options.block_order_for_testing = std::move(order);
  return engine::run_trials(model, options);
}

std::string report(const engine::TrialResults& results) {
  engine::SummaryOptions options;
  options.thresholds = {150000, 190000};
  return engine::summary_csv(engine::summarise(results, options, "test", 9));
}

bool same_slots(const engine::TrialResults& a, const engine::TrialResults& b) {
  for (std::size_t s = 0; s < a.series_names().size(); ++s)
    for (std::size_t p = 0; p < a.periods().size(); ++p)
      if (std::memcmp(a.values(s, p), b.values(s, p), a.trials() * sizeof(float)) != 0)
        return false;
  return true;
}

constexpr std::uint64_t kTrials = 20000;  // 20 blocks: enough for every thread to get several

TEST(Runner, ReportIsBitIdenticalAtOneTwoAndFourThreads) {
  const auto scenario = default_scenario();
  std::vector<std::string> reports;
  for (std::size_t threads : {1, 2, 4}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    reports.push_back(report(run(scenario.model, kTrials, 9)));
  }
  EXPECT_EQ(reports[0], reports[1]);
  EXPECT_EQ(reports[0], reports[2]);
}

TEST(Runner, ReportIsBitIdenticalWhateverOrderBlocksRunIn) {
  const auto scenario = default_scenario();
  const auto parallel = run(scenario.model, kTrials, 9);
  const std::size_t blocks = (kTrials + engine::kDefaultBlockSize - 1) / engine::kDefaultBlockSize;
  std::vector<std::size_t> reversed(blocks);
  std::iota(reversed.rbegin(), reversed.rend(), 0);
  std::vector<std::size_t> shuffled(blocks);
  std::iota(shuffled.begin(), shuffled.end(), 0);
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3));
  for (const auto& order : {reversed, shuffled}) {
    const auto results = run(scenario.model, kTrials, 9, order);
    EXPECT_TRUE(same_slots(parallel, results));
    EXPECT_EQ(report(parallel), report(results));
  }
}

TEST(Runner, PerTrialResultsDoNotDependOnTheBlockSize) {
  const auto scenario = default_scenario();
  EXPECT_TRUE(same_slots(run(scenario.model, 5000, 4), run(scenario.model, 5000, 4, {}, 37)));
}

TEST(Runner, DifferentSeedsGiveDifferentResults) {
  const auto scenario = default_scenario();
  EXPECT_FALSE(same_slots(run(scenario.model, 2000, 1), run(scenario.model, 2000, 2)));
}

TEST(Runner, ReplayingOneTrialGivesTheDrawsItGotInTheFullRun) {
  const auto scenario = default_scenario();
  const auto& model = scenario.model;
  const auto results = run(model, kTrials, 9);
  const std::size_t total = results.series_names().size() - 1;
  for (std::uint64_t trial : {std::uint64_t{0}, std::uint64_t{1023}, std::uint64_t{1024}, std::uint64_t{5000}, kTrials - 1}) {
    // The trial's block, simulated as inside the run.
    const std::uint64_t first = trial / engine::kDefaultBlockSize * engine::kDefaultBlockSize;
    const std::size_t count = std::min<std::uint64_t>(engine::kDefaultBlockSize, kTrials - first);
    const auto streams = model.stream_names();
    auto workspace = model.make_workspace(engine::kDefaultBlockSize);
    engine::MonthlyIncomes block(streams.size(), model.horizon, engine::kDefaultBlockSize,
                                 model.outcome_specs().size());
    block.reset(count);
    model.simulate_block(workspace, {9, first, count}, block);

    const auto trace = scenarios::trace_trial(model, 9, trial);
    const std::size_t first_stream_column =
        std::find(trace.columns.begin(), trace.columns.end(), streams[0]) - trace.columns.begin();
    double horizon_total = 0;
    for (int month = 0; month < model.horizon; ++month) {
      const std::size_t cell = month * engine::kDefaultBlockSize + (trial - first);
      EXPECT_EQ(trace.rows[month][1], workspace.in_recession[cell]);
      EXPECT_EQ(trace.rows[month][2], workspace.fx_paths[cell]);  // the only currency: USD
      double month_total = 0;
      for (std::size_t s = 0; s < streams.size(); ++s) {
        EXPECT_EQ(trace.rows[month][first_stream_column + s], block.row(s, month)[trial - first])
            << "trial " << trial << " month " << month << " " << streams[s];
        month_total += block.row(s, month)[trial - first];
      }
      EXPECT_EQ(trace.rows[month].back(), workspace.household_balance[cell]);
      horizon_total += month_total;
    }
    EXPECT_EQ(static_cast<float>(horizon_total), results.values(total, 0)[trial]);
  }
}

// Known answers for the bundled default scenario (seed 1, 10,000 trials). They change only when
// the model, the stream layout or a sampler changes; update them deliberately when that is meant.
TEST(Runner, KnownAnswersForTheDefaultScenario) {
  const auto scenario = default_scenario();
  const auto results = run(scenario.model, 10000, 1);
  engine::SummaryOptions options;
  const auto summary = engine::summarise(results, options, scenario.name, 1);
  EXPECT_EQ(summary.find("total", "horizon", "mean").estimate.value, 0x1.a8b3fd457a464p+17);
  EXPECT_EQ(summary.find("total", "horizon", "p50").estimate.value, 0x1.abe297p+17);
  EXPECT_EQ(summary.find("career", "year3", "p5").estimate.value, 0x1.b01fe88p+15);
  EXPECT_EQ(summary.find("household", "horizon", "final_balance_p50").estimate.value,
            0x1.142f6dp+16);
  EXPECT_EQ(results.values(0, 0)[1234], 0x1.9dda62p+17f);  // career
  EXPECT_EQ(results.values(2, 0)[1234], 0x1.14ac6p+13f);   // medium
}

}  // namespace
