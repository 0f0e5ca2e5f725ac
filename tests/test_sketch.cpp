// The quantile sketch behind per-month bands: its stated relative error, exact merging, and the
// bands a run produces against exact percentiles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "distributions/distribution.hpp"
#include "engine/order_statistics.hpp"
#include "engine/quantile_sketch.hpp"
#include "random/draw_sequence.hpp"
#include "scenarios/scenario_loader.hpp"
#include "test_support.hpp"

namespace {

using namespace incomesim;

std::vector<double> lognormal_sample(std::size_t n, std::uint64_t seed) {
  const auto d = dist::lognormal(8, 1.5);
  random::DrawSequence source(seed, {0, 0, 0, 0});
  std::vector<double> values(n);
  for (auto& v : values) v = dist::sample(d, source);
  return values;
}

// Adding an array at once (vector logarithms, what a run does) fills the same buckets as adding
// value by value (libm's log): the two logarithms differ at most in the last bit, which moves a
// value to the next bucket only within about 1e-16 relative of a boundary, never among these
// 100,000 values (lognormal, mirrored negatives, zeros, NaN, values beyond the clamp). A wrong
// index (another base, floor for ceil, a sign mix-up) differs for most values.
TEST(QuantileSketch, AddingAnArrayEqualsAddingValueByValue) {
  auto values = lognormal_sample(100000, 21);
  for (std::size_t j = 0; j < values.size(); j += 7) values[j] = -values[j];
  values[3] = 0;
  values[5] = std::nan("");
  values[9] = 1e300;
  values[11] = -1e-300;
  engine::QuantileSketch by_value, by_array;
  for (const double v : values) by_value.add(v);
  by_array.add(values.data(), values.size());
  std::vector<std::uint64_t> words_by_value, words_by_array;
  by_value.append_words(words_by_value);
  by_array.append_words(words_by_array);
  EXPECT_EQ(words_by_array, words_by_value);
  EXPECT_EQ(by_array.count(), values.size() - 1);
  EXPECT_EQ(by_array.zeros(), 1u);
}

// Exact order statistic of rank floor(p (n - 1)), the rank the sketch reports.
double exact(std::vector<double> values, double p) {
  const auto rank =
      static_cast<std::size_t>(std::floor(p * static_cast<double>(values.size() - 1)));
  std::nth_element(values.begin(), values.begin() + rank, values.end());
  return values[rank];
}

TEST(QuantileSketch, WithinItsStatedRelativeError) {
  const auto values = lognormal_sample(100000, 1);
  engine::QuantileSketch sketch(0.005);
  for (double v : values) sketch.add(v);
  EXPECT_EQ(sketch.count(), values.size());
  for (double p : {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0}) {
    const double truth = exact(values, p);
    EXPECT_LE(std::abs(sketch.quantile(p) - truth), 0.005 * truth) << "p = " << p;
  }
}

// The bounds of a rank's bucket hold the exact value of that rank, for every rank of a sample
// with negatives, zeros and a value below the clamp; and they are tight: no wider than the
// bucket, (1 + a) / (1 - a) between its edges.
TEST(QuantileSketch, BoundsOfARankHoldItsExactValue) {
  auto values = lognormal_sample(20000, 5);
  for (std::size_t j = 0; j < values.size(); j += 5) values[j] = -values[j];
  for (std::size_t j = 1; j < values.size(); j += 97) values[j] = 0;
  values[2] = 1e-40;  // counted as 1e-38
  engine::QuantileSketch sketch(0.005);
  sketch.add(values.data(), values.size());
  std::sort(values.begin(), values.end());
  for (std::uint64_t rank = 0; rank < values.size(); ++rank) {
    const auto [low, high] = sketch.bounds_at_rank(rank);
    ASSERT_LE(low, values[rank]) << "rank " << rank;
    ASSERT_GE(high, values[rank]) << "rank " << rank;
    if (values[rank] > 1e-30) {
      ASSERT_LE(high / low, 1.005 / 0.995 * (1 + 1e-11)) << "rank " << rank;
    }
  }
}

// Streaming mode's percentile intervals cover the true percentile at least as often as exact
// mode's, over seeds of draws from lognormal(0, sigma). With sigma 3 and 2,000 draws the sampling
// interval (about +-16% at the median) dwarfs the buckets (0.5%) and coverage is the nominal 95%
// of order-statistic intervals (95.2% to 96.5% by the binomial ranks): over 1,000 seeds the
// realised rate has a standard error of 0.007, so [0.93, 0.98] is 3 below and 2 above the
// range. With sigma 0.01 and 20,000 draws the sampling interval (+-0.02%) lies inside one bucket
// (1% wide): an interval of bucket representatives had zero width and almost never covered; the
// bucket edges always do.
TEST(QuantileSketch, StreamingIntervalsCoverTheTruePercentile) {
  for (const auto& [sigma, n, seeds] :
       {std::tuple{3.0, 2000, 1000}, std::tuple{0.01, 20000, 200}}) {
    SCOPED_TRACE(sigma);
    const auto lognormal = dist::lognormal(0, sigma);
    const double true_p50 = dist::quantile(lognormal, 0.5),
                 true_p90 = dist::quantile(lognormal, 0.9);
    int covered_p50 = 0, covered_p90 = 0;
    std::vector<double> sample(n);
    for (int seed = 0; seed < seeds; ++seed) {
      random::DrawSequence source(static_cast<std::uint64_t>(seed), {0, 0, 0, 0});
      for (auto& x : sample) x = dist::sample(lognormal, source);
      engine::QuantileSketch sketch;
      sketch.add(sample.data(), sample.size());
      const engine::OrderStatistics order(sketch);
      const auto p50 = order.percentile(0.5, 0.95), p90 = order.percentile(0.9, 0.95);
      covered_p50 += p50.ci_low <= true_p50 && true_p50 <= p50.ci_high;
      covered_p90 += p90.ci_low <= true_p90 && true_p90 <= p90.ci_high;
    }
    EXPECT_GE(covered_p50, 0.93 * seeds);
    EXPECT_GE(covered_p90, 0.93 * seeds);
    if (sigma > 1) {
      EXPECT_LE(covered_p50, 0.98 * seeds);
      EXPECT_LE(covered_p90, 0.98 * seeds);
    }
  }
}

// What streaming mode's summary asks of a sketch besides quantiles: counts above a threshold lie
// between the exact counts above x (1 + a) and above x (1 - a) (a value within a of x may fall
// either side), the mean of the lowest k is within a of the exact one, and the sketch survives
// being sent as words (MPI) unchanged.
TEST(QuantileSketch, CountsAboveMeansOfTheLowestAndWords) {
  auto values = lognormal_sample(100000, 3);
  const double a = 0.005;
  engine::QuantileSketch sketch(a);
  for (double v : values) sketch.add(v);
  std::sort(values.begin(), values.end());
  auto exact_above = [&](double x) {
    return static_cast<std::uint64_t>(values.end() -
                                      std::upper_bound(values.begin(), values.end(), x));
  };
  for (double x : {100.0, 3000.0, 10000.0, 1e5}) {
    EXPECT_LE(sketch.count_above(x), exact_above(x * (1 - a))) << x;
    EXPECT_GE(sketch.count_above(x), exact_above(x * (1 + a))) << x;
  }
  for (std::uint64_t k : {1ull, 5000ull, 100000ull}) {
    double sum = 0;
    for (std::uint64_t i = 0; i < k; ++i) sum += values[i];
    EXPECT_NEAR(sketch.mean_of_lowest(k), sum / static_cast<double>(k),
                a * sum / static_cast<double>(k))
        << k;
  }
  std::vector<std::uint64_t> words;
  sketch.append_words(words);
  const std::uint64_t* cursor = words.data();
  const auto copy = engine::QuantileSketch::from_words(cursor, a);
  EXPECT_EQ(cursor, words.data() + words.size());
  for (double p : {0.0, 0.3, 0.999}) EXPECT_EQ(copy.quantile(p), sketch.quantile(p));
}

TEST(QuantileSketch, ZerosAndNegatives) {
  engine::QuantileSketch sketch(0.01);
  for (int i = 0; i < 300; ++i) sketch.add(0.0);
  for (int i = 1; i <= 100; ++i) sketch.add(-i);
  for (int i = 1; i <= 100; ++i) sketch.add(i);
  // Tolerance 1 = the sketch's stated relative error (1%) of 100.
  EXPECT_NEAR(sketch.quantile(0.0), -100, 1);
  EXPECT_EQ(sketch.quantile(0.5), 0.0);
  EXPECT_NEAR(sketch.quantile(1.0), 100, 1);
  EXPECT_TRUE(std::isnan(engine::QuantileSketch().quantile(0.5)));
}

// Merging is exact: any split, merged in any order, gives the same quantiles as one sketch.
TEST(QuantileSketch, MergingInAnyOrderIsExact) {
  const auto values = lognormal_sample(30000, 2);
  engine::QuantileSketch whole, a, b, c;
  for (std::size_t i = 0; i < values.size(); ++i) {
    whole.add(values[i]);
    (i % 3 == 0 ? a : i % 3 == 1 ? b : c).add(values[i]);
  }
  engine::QuantileSketch abc = a, cba = c;
  abc.merge(b);
  abc.merge(c);
  cba.merge(b);
  cba.merge(a);
  for (double p : {0.05, 0.5, 0.95}) {
    EXPECT_EQ(abc.quantile(p), whole.quantile(p));
    EXPECT_EQ(cba.quantile(p), whole.quantile(p));
  }
}

// A run's per-month bands of the total against exact percentiles of the same trials.
TEST(MonthlyBands, MatchExactPercentilesWithinTheSketchError) {
  const auto scenario = scenarios::load_default_scenario();
  const std::uint64_t n = 20000;
  engine::RunOptions options;
  options.trials = n;
  options.seed = 6;
  options.monthly_bands = true;
  const auto results = engine::run_trials(scenario.model, options);
  // The same trials, month by month, from the model directly.
  auto workspace = scenario.model.make_workspace(n);
  engine::MonthlyIncomes incomes = engine::make_monthly_incomes(scenario.model, n);
  incomes.reset(n);
  scenario.model.simulate_block(workspace, {6, 0, n}, incomes);
  const std::size_t total = results.total_series();
  for (int month : {0, 11, 35}) {
    std::vector<double> totals(n, 0.0);
    for (std::size_t s = 0; s < scenario.model.stream_names().size(); ++s)
      for (std::size_t i = 0; i < n; ++i) totals[i] += incomes.row(s, month)[i];
    for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) {
      const double truth = exact(totals, p);
      EXPECT_LE(std::abs(results.monthly(total, month).quantile(p) - truth), 0.005 * truth)
          << "month " << month << " p " << p;
    }
  }
}

}  // namespace
