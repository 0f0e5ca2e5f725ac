// The runner's reproducibility contract: the same seed gives the same bits at any thread count,
// in any block order, and any trial replayed alone gets the draws it got inside the full run.
#include <gtest/gtest.h>
#include <hwy/targets.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <random>
#include <thread>

#include "core/input_error.hpp"
#include "engine/metric_names.hpp"
#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/bundled_scenarios.hpp"
#include "scenarios/scenario_loader.hpp"

namespace {

using namespace incomesim;

scenarios::Scenario default_scenario() { return scenarios::load_default_scenario(); }

engine::TrialResults run(const scenarios::IncomeModel& model, std::uint64_t trials,
                         std::uint64_t seed, std::vector<std::size_t> order = {},
                         std::size_t block_size = engine::kDefaultBlockSize,
                         engine::ResultsMode mode = engine::ResultsMode::exact) {
  engine::RunOptions options;
  options.mode = mode;
  options.trials = trials;
  options.seed = seed;
  options.block_size = block_size;
  options.block_order_for_testing = std::move(order);
  return engine::run_trials(model, options);
}

std::string report(const engine::TrialResults& results) {
  engine::SummaryOptions options;
  options.thresholds = {150000, 190000};
  return engine::summary_table(engine::summarise(results, options, "test", 9)).csv();
}

bool same_slots(const engine::TrialResults& a, const engine::TrialResults& b) {
  for (std::size_t s = 0; s < a.series_names().size(); ++s)
    for (std::size_t p = 0; p < a.periods().size(); ++p)
      if (std::memcmp(a.exact("test").values(s, p).data(), b.exact("test").values(s, p).data(),
                      a.trials() * sizeof(float)) != 0)
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

// The vector kernels chosen at run time (Philox lanes, normals, exp/log/cos, the count samplers)
// give the same per-trial values and report on every instruction set the build compiled and this
// machine runs: AVX-512 and AVX2 here.
TEST(Runner, ReportIsBitIdenticalOnEveryVectorTarget) {
  const auto scenario = default_scenario();
  const auto reference = run(scenario.model, kTrials, 9);
  std::vector<std::string> tested;
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    tested.push_back(hwy::TargetName(target));
    SCOPED_TRACE(tested.back());
    const auto on_target = run(scenario.model, kTrials, 9);
    EXPECT_TRUE(same_slots(reference, on_target));
    EXPECT_EQ(report(on_target), report(reference));
  }
  hwy::SetSupportedTargetsForTest(0);
  // AVX2 on any machine this build runs on (its baseline), and AVX-512 where the CPU has it.
  EXPECT_NE(std::find(tested.begin(), tested.end(), "AVX2"), tested.end());
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

// Blocks of one trial: 5,000 blocks, more than a wave (engine::kBlocksPerWave), so moments are
// merged across two waves; still the same bits at any thread count.
TEST(Runner, WavesOfBlocksGiveTheSameReportAtAnyThreadCount) {
  const auto scenario = default_scenario();
  ASSERT_GT(5000u, engine::kBlocksPerWave);
  std::vector<std::string> reports;
  for (std::size_t threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    reports.push_back(report(run(scenario.model, 5000, 3, {}, 1)));
  }
  EXPECT_EQ(reports[0], reports[1]);
  EXPECT_TRUE(same_slots(run(scenario.model, 5000, 3, {}, 1), run(scenario.model, 5000, 3)));
}

// Streaming mode keeps a sketch per series and period instead of per-trial values. On the same
// trials, every order statistic it reports is within the sketch's relative error of the exact
// one (plus float rounding: the exact slots hold floats, the sketch saw doubles), its moments are
// the exact run's, and its report is the same at any thread count and in any block order.
TEST(Runner, StreamingModeIsWithinTheSketchErrorOfExactMode) {
  const auto scenario = default_scenario();
  const std::uint64_t n = 20000;
  const auto exact = run(scenario.model, n, 6);
  const auto streaming =
      run(scenario.model, n, 6, {}, engine::kDefaultBlockSize, engine::ResultsMode::streaming);
  const double a = engine::QuantileSketch().relative_accuracy();
  // Sketches hold no trial's value: asking for them is refused with the reason and the way out.
  try {
    streaming.exact("risk attribution");
    ADD_FAILURE() << "a streaming run gave exact values";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("risk attribution needs every trial's value, which only exact mode keeps"),
              std::string::npos)
        << error.what();
  }
  EXPECT_NO_THROW(exact.exact("risk attribution"));
  for (std::size_t s = 0; s < exact.series_names().size(); ++s)
    for (std::size_t p = 0; p < exact.periods().size(); ++p) {
      const auto kept = exact.exact("test").values(s, p);
      std::vector<float> sorted(kept.begin(), kept.end());
      std::sort(sorted.begin(), sorted.end());
      for (std::uint64_t rank : {0ull, 199ull, 1000ull, 9999ull, 19000ull, 19999ull}) {
        const double truth = sorted[rank];
        EXPECT_NEAR(streaming.order_statistics(s, p).value_at_rank(rank), truth,
                    (a + 0x1p-23) * std::abs(truth))
            << exact.series_names()[s] << " " << exact.periods()[p].name << " rank " << rank;
      }
      EXPECT_EQ(streaming.moments(s, p).sum, exact.moments(s, p).sum);
      // The interval holds exact mode's: the order statistics of the same ranks lie in their
      // buckets (the exact ones are floats: 2^-23 relative of slack).
      for (double q : {0.05, 0.5, 0.95}) {
        const auto e = exact.order_statistics(s, p).percentile(q, 0.95);
        const auto w = streaming.order_statistics(s, p).percentile(q, 0.95);
        EXPECT_LE(w.ci_low, e.ci_low + 0x1p-23 * std::abs(e.ci_low))
            << exact.series_names()[s] << " " << exact.periods()[p].name << " P" << 100 * q;
        EXPECT_GE(w.ci_high, e.ci_high - 0x1p-23 * std::abs(e.ci_high))
            << exact.series_names()[s] << " " << exact.periods()[p].name << " P" << 100 * q;
      }
    }
  std::vector<std::size_t> reversed(n / engine::kDefaultBlockSize + 1);
  for (std::size_t b = 0; b < reversed.size(); ++b) reversed[b] = reversed.size() - 1 - b;
  const std::string one_thread = [&] {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    return report(
        run(scenario.model, n, 6, {}, engine::kDefaultBlockSize, engine::ResultsMode::streaming));
  }();
  EXPECT_EQ(report(streaming), one_thread);
  EXPECT_EQ(report(run(scenario.model, n, 6, reversed, engine::kDefaultBlockSize,
                       engine::ResultsMode::streaming)),
            one_thread);
}

// Both result stores find the same first overflow: here a household balance beyond float's
// range (expenses growing 10x a year for 100 years), which streaming mode once let through as
// percentiles stuck at -3.4e38.
TEST(Runner, BothStoresRefuseTheSameOverflow) {
  const auto scenario = scenarios::load_scenario_text(R"(
    horizon_months = 1200
    [career]
    salary = 60000
    [household]
    monthly_expenses = 1000
    expense_inflation_per_year = 10
  )",
                                                      "overflow.toml");
  const auto exact = run(scenario.model, 3000, 1);
  const auto streaming =
      run(scenario.model, 3000, 1, {}, engine::kDefaultBlockSize, engine::ResultsMode::streaming);
  EXPECT_EQ(exact.first_non_finite(), "household final_balance of trial 0");
  EXPECT_EQ(streaming.first_non_finite(), exact.first_non_finite());
}

TEST(Runner, DifferentSeedsGiveDifferentResults) {
  const auto scenario = default_scenario();
  EXPECT_FALSE(same_slots(run(scenario.model, 2000, 1), run(scenario.model, 2000, 2)));
}

TEST(Runner, ReplayingOneTrialGivesTheDrawsItGotInTheFullRun) {
  const auto scenario = default_scenario();
  const auto& model = scenario.model;
  const auto results = run(model, kTrials, 9);
  const std::size_t total = results.total_series();
  for (std::uint64_t trial : {std::uint64_t{0}, std::uint64_t{1023}, std::uint64_t{1024},
                              std::uint64_t{5000}, kTrials - 1}) {
    // The trial's block, simulated as inside the run.
    const std::uint64_t first = trial / engine::kDefaultBlockSize * engine::kDefaultBlockSize;
    const std::size_t count = std::min<std::uint64_t>(engine::kDefaultBlockSize, kTrials - first);
    const auto streams = model.stream_names();
    auto workspace = model.make_workspace(engine::kDefaultBlockSize);
    engine::MonthlyIncomes block = engine::make_monthly_incomes(model, engine::kDefaultBlockSize);
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
    EXPECT_EQ(static_cast<float>(horizon_total), results.exact("test").values(total, 0)[trial]);
  }
}

// The combination step of an MPI run, without MPI: K threads play K processes, each running its
// share of the blocks, and exchange results through shared memory. Each must end with exactly
// the single-process results, monthly sketches included. (tests/mpi_identical.sh checks the same
// through mpirun and the real MPI group.)
class ThreadProcessGroup final : public engine::ProcessGroup {
 public:
  struct Shared {
    explicit Shared(int n) : size(n), sync(n), bytes(n), words(n) {}
    int size;
    std::barrier<> sync;
    std::vector<std::vector<unsigned char>> bytes;
    std::vector<std::vector<std::uint64_t>> words;
  };
  ThreadProcessGroup(Shared& shared, int rank) : shared_(shared), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return shared_.size; }
  void or_bytes(void* data, std::size_t n) const override {
    auto* p = static_cast<unsigned char*>(data);
    shared_.bytes[rank_].assign(p, p + n);
    shared_.sync.arrive_and_wait();
    for (int r = 0; r < shared_.size; ++r)
      for (std::size_t k = 0; k < n; ++k) p[k] |= shared_.bytes[r][k];
    shared_.sync.arrive_and_wait();
  }
  std::vector<std::uint64_t> all_gather(const std::vector<std::uint64_t>& words) const override {
    shared_.words[rank_] = words;
    shared_.sync.arrive_and_wait();
    std::vector<std::uint64_t> all;
    for (const auto& w : shared_.words) all.insert(all.end(), w.begin(), w.end());
    shared_.sync.arrive_and_wait();
    return all;
  }

 private:
  Shared& shared_;
  int rank_;
};

TEST(Runner, ProcessesSharingARunEachEndWithTheSingleProcessResults) {
  const auto scenario = default_scenario();
  engine::RunOptions options;
  options.trials = 5000;  // five blocks: uneven shares for three processes
  options.seed = 4;
  options.monthly_bands = true;
  const auto single = engine::run_trials(scenario.model, options);
  for (int processes : {2, 3}) {
    ThreadProcessGroup::Shared shared(processes);
    std::vector<std::optional<engine::TrialResults>> results(processes);
    std::vector<std::thread> threads;
    for (int r = 0; r < processes; ++r)
      threads.emplace_back([&, r] {
        const ThreadProcessGroup group(shared, r);
        engine::RunOptions mine = options;
        mine.processes = &group;
        results[r].emplace(engine::run_trials(scenario.model, mine));
      });
    for (auto& t : threads) t.join();
    for (int r = 0; r < processes; ++r) {
      EXPECT_TRUE(same_slots(*results[r], single)) << processes << " processes, rank " << r;
      for (std::size_t s = 0; s < single.series_names().size(); ++s) {
        EXPECT_EQ(results[r]->moments(s, 0).sum, single.moments(s, 0).sum);
        EXPECT_EQ(results[r]->moments(s, 0).sum_squared_deviations,
                  single.moments(s, 0).sum_squared_deviations);
        for (int month : {0, 17, 35})
          for (double p : {0.05, 0.5, 0.95})
            EXPECT_EQ(results[r]->monthly(s, month).quantile(p),
                      single.monthly(s, month).quantile(p));
      }
    }
  }
}

// A run grown in place (as --precision grows one) is the run of its final count: every trial's
// value, every moment bit for bit (merged in block order after the earlier blocks'), every
// sketch, in exact and streaming mode, alone and shared by three processes. The final count is
// not a whole number of blocks, and the second step is a single block.
TEST(Runner, ARunGrownInStepsIsTheRunOfItsFinalCount) {
  const auto scenario = default_scenario();
  for (auto mode : {engine::ResultsMode::exact, engine::ResultsMode::streaming}) {
    engine::RunOptions options;
    options.seed = 6;
    options.mode = mode;
    options.monthly_bands = true;
    options.trials = 4500;
    const auto whole = engine::run_trials(scenario.model, options);
    auto grown_in_steps = [&](const engine::ProcessGroup* group) {
      engine::RunOptions step = options;
      step.processes = group;
      step.trials = 2048;
      engine::TrialResults results = engine::run_trials(scenario.model, step);
      for (std::uint64_t trials : {3072, 4500}) {
        step.trials = trials;
        engine::add_trials(scenario.model, step, results);
      }
      return results;
    };
    auto expect_same = [&](const engine::TrialResults& grown, const std::string& what) {
      ASSERT_EQ(grown.trials(), whole.trials()) << what;
      if (mode == engine::ResultsMode::exact) {
        EXPECT_TRUE(same_slots(grown, whole)) << what;
      }
      EXPECT_EQ(report(grown), report(whole)) << what;
      for (std::size_t s = 0; s < whole.series_names().size(); ++s) {
        for (std::size_t p = 0; p < whole.periods().size(); ++p) {
          EXPECT_EQ(grown.moments(s, p).sum, whole.moments(s, p).sum) << what;
          EXPECT_EQ(grown.moments(s, p).sum_squared_deviations,
                    whole.moments(s, p).sum_squared_deviations)
              << what;
        }
        for (int month : {0, 17, 35})
          EXPECT_EQ(grown.monthly(s, month).quantile(0.9), whole.monthly(s, month).quantile(0.9))
              << what;
      }
    };
    const std::string mode_name = mode == engine::ResultsMode::exact ? "exact" : "streaming";
    expect_same(grown_in_steps(nullptr), mode_name);
    constexpr int kProcesses = 3;
    ThreadProcessGroup::Shared shared(kProcesses);
    std::vector<std::optional<engine::TrialResults>> results(kProcesses);
    std::vector<std::thread> threads;
    for (int r = 0; r < kProcesses; ++r)
      threads.emplace_back([&, r] {
        const ThreadProcessGroup group(shared, r);
        results[r].emplace(grown_in_steps(&group));
      });
    for (auto& t : threads) t.join();
    for (int r = 0; r < kProcesses; ++r)
      expect_same(*results[r], mode_name + ", process " + std::to_string(r));
  }
}

// Growing needs whole blocks of earlier trials and a larger count; anything else is a bug.
TEST(Runner, GrowingRefusesAPartBlockOrFewerTrials) {
  const auto scenario = default_scenario();
  engine::RunOptions options;
  options.trials = 1500;
  auto results = engine::run_trials(scenario.model, options);
  options.trials = 3000;
  EXPECT_THROW(engine::add_trials(scenario.model, options, results), std::logic_error);
  options.trials = 1024;
  auto whole_block = engine::run_trials(scenario.model, options);
  options.trials = 1000;
  EXPECT_THROW(engine::add_trials(scenario.model, options, whole_block), std::logic_error);
}

// Known answers for the bundled default scenario (seed 1, 10,000 trials). They change only when
// the model, the stream layout or a sampler changes; update them deliberately when that is meant.
// These are regression pins (the program's own output), not validations. Last changed by tax
// (issue "Net income a planner can trust"): tax years follow the UK calendar (April to March)
// instead of running 12 months from the July start, so the 36 months from July 2020 span four
// tax years, the first and last partial, each with its own allowance, and withholding is a
// payslip's (test_tax checks both by hand): the median tax over the horizon moved from 66,111.2
// to 60,044.9, the net mean from 151,849.6 to 157,828.2 and the household's median final balance
// from 70,159.8 to 76,331.3; incomes did not move. Before, a year's income summed in pence moved
// the net mean by 2.2e-5. Before that, by the
// model (issue "A model a careful planner would trust"): alake-2020 pays UK 2020/21 income tax
// and National Insurance ([tax], whose tables tests/test_tax.cpp checks by hand) instead of a
// flat 30%, so the household's median final balance moved from 70,651.1 to 70,159.8, and the
// tax and net series are pinned; incomes did not move. Before that, alake-2020 started in July and
// YouTube's RPM and the newsletter's sponsor CPM follow the seasonal curve, and audience gains
// saturate in a niche; the total's mean moved from 217,425.4 to 217,424.0, its median from
// 218,999.7 to 219,002.5, the household's median final balance by 2.0; career and Medium not at
// all. Before, lognormal variates computed with a single-precision exp (issue "Speed"): the mean
// moved by 2e-10 relative and trial 1234's Medium total by two float ulps, the percentiles not at
// all. Before that, Highway's exp/log/cos replacing libmvec moved the mean by 1e-11 relative. The
// batched samplers (issue "Scale") changed them before; the test below checks that change.
TEST(Runner, KnownAnswersForTheDefaultScenario) {
  const auto scenario = default_scenario();
  const auto results = run(scenario.model, 10000, 1);
  engine::SummaryOptions options;
  const auto summary = engine::summarise(results, options, scenario.name, 1);
  EXPECT_EQ(summary.find("total", "horizon", "mean").estimate.value, 0x1.a8a7fb2cd91adp+17);
  EXPECT_EQ(summary.find("total", "horizon", "p50").estimate.value, 0x1.abbd3ep+17);
  EXPECT_EQ(summary.find("career", "year3", "p5").estimate.value, 0x1.b01fe88p+15);
  EXPECT_EQ(summary.find("household", "horizon", "final_balance_p50").estimate.value,
            0x1.2a2b45p+16);
  EXPECT_EQ(summary.find("tax", "horizon", "p50").estimate.value, 0x1.d519e3p+15);
  EXPECT_EQ(summary.find("net", "horizon", "mean").estimate.value, 0x1.3442144254171p+17);
  EXPECT_EQ(results.exact("test").values(0, 0)[1234], 0x1.9dda62p+17f);  // career
  EXPECT_EQ(results.exact("test").values(2, 0)[1234], 0x1.271d26p+13f);  // medium
}

// The summary's intervals recomputed from the run's own per-trial values by plain arithmetic in
// the test: the mean's is mean +- 1.96 standard errors (sd / sqrt(n), not sd), a percentile's is
// the pair of order statistics of ranks found by summing the binomial pmf here. Tolerances: the
// mean to 2^-24 of the largest value (the engine's moments add each trial's value in double, the
// kept values are those rounded to float, each within half a float ulp, 2^-24 relative), the
// half-width to 1e-6 of a standard error (the critical value typed to 10 digits), the order
// statistics exact.
// An interval from the sd is sqrt(1000) = 32 times too wide; a bound one rank off moves by a
// whole gap between order statistics.
TEST(Summary, IntervalsAreRecomputedFromThePerTrialValues) {
  const auto scenario = default_scenario();
  const std::uint64_t n = 1000;
  const auto results = run(scenario.model, n, 4);
  const auto summary = engine::summarise(results, {}, scenario.name, 4);
  for (const char* series : {"total", "medium", "net"}) {
    SCOPED_TRACE(series);
    const std::size_t s = *results.series_index(series), q = *results.period_index("horizon");
    const auto kept = results.exact("test").values(s, q);
    std::vector<double> values(kept.begin(), kept.end());
    long double sum = 0;
    for (double v : values) sum += v;
    const double mean = static_cast<double>(sum / n);
    long double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    const double standard_error = std::sqrt(static_cast<double>(squares / (n - 1)) / n);
    const auto& row = summary.find(series, "horizon", "mean").estimate;
    const double largest =
        std::abs(*std::max_element(values.begin(), values.end(),
                                   [](double a, double b) { return std::abs(a) < std::abs(b); }));
    EXPECT_NEAR(row.value, mean, 0x1p-24 * largest);
    EXPECT_NEAR(row.ci_high - row.value, 1.959963985 * standard_error, 1e-6 * standard_error);
    EXPECT_NEAR(row.value - row.ci_low, 1.959963985 * standard_error, 1e-6 * standard_error);

    std::sort(values.begin(), values.end());
    for (double p : {0.05, 0.5, 0.9}) {
      // P(B <= k) for B ~ Binomial(n, p), summed from log-pmfs.
      std::vector<double> cdf(n + 1);
      double running = 0;
      for (std::uint64_t k = 0; k <= n; ++k) {
        const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) -
                               std::lgamma(n - k + 1.0) + k * std::log(p) +
                               (n - k) * std::log1p(-p);
        running += std::exp(log_pmf);
        cdf[k] = running;
      }
      std::uint64_t low_rank = 1, high_rank = n;
      for (std::uint64_t l = 1; l <= n; ++l)
        if (cdf[l - 1] <= 0.025) low_rank = l;
      for (std::uint64_t u = n; u >= 1; --u)
        if (cdf[u - 1] >= 0.975) high_rank = u;
      const auto& pct = summary.find(series, "horizon", engine::metric::percentile(100 * p));
      EXPECT_EQ(pct.estimate.ci_low, values[low_rank - 1]) << "P" << 100 * p;
      EXPECT_EQ(pct.estimate.ci_high, values[high_rank - 1]) << "P" << 100 * p;
      EXPECT_LT(values[low_rank - 1], values[high_rank - 1]);  // the ranks differ in value here
    }
  }
}

// The batched samplers (issue "Scale") against the code before them: percentiles of the default
// scenario from the one-draw-at-a-time samplers (Boost Poisson and binomial, scalar Box-Muller;
// commit 06cc9d7, 200,000 trials, seed 1), with their 95% intervals. The batched run (a different
// seed, so independent) must agree within 4 combined standard errors: with the two 95% half-widths
// h1, h2 the difference has standard error sqrt(h1^2 + h2^2) / 1.96, and 4 of them are exceeded
// by chance once in 16,000 checks. A sampler off by a few per cent in the mean or the tail of any
// stream fails.
TEST(Runner, BatchedSamplersAgreeWithTheScalarCodeTheyReplaced) {
  struct Reference {
    const char* series;
    const char* metric;
    double value, low, high;
  };
  const Reference references[] = {
      {"medium", "p5", 8758.908544921875, 8729.521484375, 8785.1376953125},
      {"medium", "p50", 15627.22607421875, 15591.9052734375, 15659.26953125},
      {"medium", "p95", 28207.107519531244, 28113.30078125, 28299.189453125},
      {"youtube", "p95", 437.8745666503904, 432.6007080078125, 443.3888854980469},
      {"newsletter", "p5", 295.6535949707031, 294.90478515625, 296.3711853027344},
      {"newsletter", "p50", 391.3247985839844, 391.0848083496094, 391.5575866699219},
      {"newsletter", "p95", 462.24011077880857, 461.7815856933594, 462.6960144042969},
      {"total", "p5", 186188.68359375, 185844.734375, 186545.71875},
      {"total", "p50", 219229.0078125, 219141.40625, 219317},
      {"total", "p95", 243055.44140625, 242927.203125, 243180.15625},
  };
  // The model those references come from: no seasonality of ad rates and no niche to saturate
  // (a niche of 1e10 moves a gain rate by at most 1e-6 relative).
  const auto scenario = scenarios::load_scenario_text(
      scenarios::bundled_scenario_text("alake-2020.toml"), "alake-2020",
      {{"youtube.seasonality", "\"none\""},
       {"newsletter.seasonality", "\"none\""},
       {"youtube.niche_size", "1e10"},
       {"newsletter.niche_size", "1e10"}});
  const auto results = run(scenario.model, 200000, 2);
  const auto summary = engine::summarise(results, {}, scenario.name, 2);
  for (const auto& r : references) {
    const auto& row = summary.find(r.series, "horizon", r.metric);
    const double h1 = (r.high - r.low) / 2;
    const double h2 = (row.estimate.ci_high - row.estimate.ci_low) / 2;
    EXPECT_NEAR(row.estimate.value, r.value, 4 * std::hypot(h1, h2) / 1.96)
        << r.series << " " << r.metric;
  }
}

}  // namespace
