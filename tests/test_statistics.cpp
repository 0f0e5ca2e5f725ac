// Statistics: order-statistic confidence intervals, their coverage, proportions, shortfall and
// the mergeable moments.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/lognormal.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <span>

#include "distributions/distribution.hpp"
#include "engine/statistics.hpp"
#include "engine/trial_results.hpp"
#include "random/draw_sequence.hpp"

namespace {

using namespace incomesim::engine;
using incomesim::random::DrawSequence;
namespace dist = incomesim::dist;

TEST(OrderStatistics, TextbookRanksForTheMedian) {
  // For n = 100 the distribution-free 95% interval for the median is [X(40), X(61)]: with
  // B ~ Binomial(100, 0.5), P(B <= 39) = 0.018 <= 0.025 < P(B <= 40), and
  // P(B <= 59) = 0.972 < 0.975 <= P(B <= 60).
  EXPECT_EQ(order_statistic_ranks(100, 0.5, 0.95),
            (std::pair<std::uint64_t, std::uint64_t>{40, 61}));
  // Tiny samples: the interval widens to the sample's extremes.
  EXPECT_EQ(order_statistic_ranks(5, 0.5, 0.95), (std::pair<std::uint64_t, std::uint64_t>{1, 5}));
}

// Ranks are remembered per (n, p, confidence) once computed: another confidence for the same n
// and p gets its own. The 80% interval for the median of 100: P(B <= 43) = 0.0967 <= 0.10 <
// P(B <= 44) = 0.1356 and P(B <= 55) = 0.8644 < 0.90 <= P(B <= 56) = 0.9033, so [X(44), X(57)].
TEST(OrderStatistics, EachConfidenceHasItsOwnRanks) {
  EXPECT_EQ(order_statistic_ranks(100, 0.5, 0.95),
            (std::pair<std::uint64_t, std::uint64_t>{40, 61}));
  EXPECT_EQ(order_statistic_ranks(100, 0.5, 0.80),
            (std::pair<std::uint64_t, std::uint64_t>{44, 57}));
  EXPECT_EQ(order_statistic_ranks(100, 0.5, 0.95),
            (std::pair<std::uint64_t, std::uint64_t>{40, 61}));
}

TEST(OrderStatistics, RanksAreSymmetricForSymmetricQuantiles) {
  const auto [l, u] = order_statistic_ranks(100000, 0.05, 0.95);
  const auto [l2, u2] = order_statistic_ranks(100000, 0.95, 0.95);
  EXPECT_EQ(l, 100001 - u2);
  EXPECT_EQ(u, 100001 - l2);
}

TEST(Percentile, InterpolatesLikeNumpy) {
  const std::vector<float> sorted{1, 2, 3, 4, 10};
  // numpy.percentile([1, 2, 3, 4, 10], [0, 25, 50, 90, 100]) = [1, 2, 3, 7.6, 10].
  EXPECT_DOUBLE_EQ(percentile(sorted, 0.0).value, 1);
  EXPECT_DOUBLE_EQ(percentile(sorted, 0.25).value, 2);
  EXPECT_DOUBLE_EQ(percentile(sorted, 0.5).value, 3);
  EXPECT_NEAR(percentile(sorted, 0.9).value, 7.6, 1e-12);
  EXPECT_DOUBLE_EQ(percentile(sorted, 1.0).value, 10);
}

// The interval a percentile reports is the pair of order statistics of the textbook ranks, read
// off a sample whose k-th smallest value is k. With B ~ Binomial(100, p) the 95% ranks are the
// largest l with P(B <= l - 1) <= 0.025 and the smallest u with P(B <= u - 1) >= 0.975, summed by
// hand from the binomial pmf:
//   p = 0.5: P(B <= 39) = 0.0176, P(B <= 40) = 0.0284; P(B <= 59) = 0.9716, P(B <= 60) = 0.9824
//            so [X(40), X(61)] (Conover's table), coverage 0.9648;
//   p = 0.1: P(B <= 4) = 0.0237, P(B <= 5) = 0.0576; P(B <= 15) = 0.9601, P(B <= 16) = 0.9794
//            so [X(5), X(17)], coverage 0.9557;
//   p = 0.9: the mirror image, [X(101 - 17), X(101 - 5)] = [X(84), X(96)].
// One rank too high or too low at either end moves a bound by 1 here.
TEST(Percentile, IntervalIsThePairOfTextbookOrderStatistics) {
  std::vector<float> one_to_hundred(100);
  for (int k = 0; k < 100; ++k) one_to_hundred[k] = static_cast<float>(k + 1);
  const struct { double p, low, high; } expected[] = {{0.5, 40, 61}, {0.1, 5, 17}, {0.9, 84, 96}};
  for (const auto& e : expected) {
    const Estimate estimate = percentile(one_to_hundred, e.p);
    EXPECT_EQ(estimate.ci_low, e.low) << "P" << 100 * e.p;
    EXPECT_EQ(estimate.ci_high, e.high) << "P" << 100 * e.p;
  }
}

// Coverage of the 95% intervals: 2000 independent samples (seeds 0..1999) of 1000 lognormal
// values each. The realised coverage has a standard error of sqrt(0.95 * 0.05 / 2000) = 0.0049,
// so [0.93, 0.97] is about 4 standard errors either side of 0.95; exact order-statistic
// intervals cover slightly more than nominal (discreteness), which stays well inside it.
TEST(Percentile, ConfidenceIntervalsCoverTheTrueQuantile) {
  const auto lognormal = dist::lognormal(1.0, 0.8);
  const int replications = 2000, n = 1000;
  int covered_p50 = 0, covered_p95 = 0;
  const double true_p50 = dist::quantile(lognormal, 0.5);
  const double true_p95 = dist::quantile(lognormal, 0.95);
  std::vector<float> sample(n);
  for (int r = 0; r < replications; ++r) {
    DrawSequence source(static_cast<std::uint64_t>(r), {0, 0, 0, 0});
    for (auto& x : sample) x = static_cast<float>(dist::sample(lognormal, source));
    std::sort(sample.begin(), sample.end());
    const Estimate p50 = percentile(sample, 0.5), p95 = percentile(sample, 0.95);
    covered_p50 += p50.ci_low <= true_p50 && true_p50 <= p50.ci_high;
    covered_p95 += p95.ci_low <= true_p95 && true_p95 <= p95.ci_high;
  }
  EXPECT_GE(covered_p50, 0.93 * replications);
  EXPECT_LE(covered_p50, 0.97 * replications);
  EXPECT_GE(covered_p95, 0.93 * replications);
  EXPECT_LE(covered_p95, 0.97 * replications);
}

TEST(Proportion, WilsonInterval) {
  // Wilson score interval for 10 of 100 at 95%: [0.0552, 0.1744] (standard tables).
  const Estimate e = proportion(10, 100);
  EXPECT_DOUBLE_EQ(e.value, 0.1);
  EXPECT_NEAR(e.ci_low, 0.0552, 1e-4);
  EXPECT_NEAR(e.ci_high, 0.1744, 1e-4);
  const Estimate none = proportion(0, 50);
  EXPECT_EQ(none.value, 0);
  EXPECT_EQ(none.ci_low, 0);
  EXPECT_GT(none.ci_high, 0.05);
}

TEST(ExpectedShortfall, MeanOfTheWorstFivePercent) {
  std::vector<float> sorted(200);
  for (int i = 0; i < 200; ++i) sorted[i] = static_cast<float>(i);
  EXPECT_DOUBLE_EQ(expected_shortfall(sorted, 0.05), 4.5);  // mean of 0..9
  EXPECT_DOUBLE_EQ(expected_shortfall(std::vector<float>{7}, 0.05), 7);
}

// Uniform(0, 1), worst 5%: ES = 0.025, q = 0.05, var(X | X <= q) = 0.05^2 / 12, so
// n var(ES) -> (2.0833e-4 + 0.95 x 0.025^2) / 0.05 = 0.0160417. The interval's half-width at
// n = 100,000 must be 1.96 sqrt(0.0160417 / n) within 5% (the tail variance of 5,000 values is
// within 3% of its own at 5 sds); and over 400 independent samples of 2,000 the 95% interval
// must cover 0.025 in 95% of them, within 4 binomial sds (4.4 points).
TEST(ExpectedShortfall, IntervalFromTheAsymptoticVariance) {
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto sample = [&](std::size_t n) {
    std::vector<float> x(n);
    for (auto& v : x) v = static_cast<float>(uniform(engine));
    std::sort(x.begin(), x.end());
    return x;
  };
  const std::size_t n = 100000;
  const Estimate big = expected_shortfall_estimate(sample(n), 0.05, 0.95);
  EXPECT_NEAR(big.value, 0.025, 5 * std::sqrt(0.0160417 / n));
  EXPECT_NEAR((big.ci_high - big.ci_low) / 2, 1.96 * std::sqrt(0.0160417 / n),
              0.05 * 1.96 * std::sqrt(0.0160417 / n));
  int covered = 0;
  const int replicates = 400;
  for (int r = 0; r < replicates; ++r) {
    const Estimate e = expected_shortfall_estimate(sample(2000), 0.05, 0.95);
    covered += e.ci_low <= 0.025 && 0.025 <= e.ci_high;
  }
  EXPECT_NEAR(static_cast<double>(covered) / replicates, 0.95,
              4 * std::sqrt(0.95 * 0.05 / replicates));
  // One tail value: no interval.
  EXPECT_TRUE(std::isnan(expected_shortfall_estimate(std::vector<float>{1, 2}, 0.05, 0.95).ci_low));
}

TEST(SeriesMoments, MergingBlocksEqualsOnePass) {
  SeriesMoments whole, left, right;
  for (int i = 0; i < 1000; ++i) {
    const double x = std::sin(i) * 1000 + i;
    whole.add(x);
    (i < 370 ? left : right).add(x);
  }
  left.merge(right);
  EXPECT_EQ(left.count, whole.count);
  EXPECT_NEAR(left.mean(), whole.mean(), 1e-12 * std::abs(whole.mean()));
  EXPECT_NEAR(left.variance(), whole.variance(), 1e-10 * whole.variance());
}

TEST(Periods, WholeYearsAndAPartialLastYear) {
  const auto periods = periods_for(30);
  ASSERT_EQ(periods.size(), 4u);
  EXPECT_EQ(periods[0].name, "horizon");
  EXPECT_EQ(periods[3].name, "year3");
  EXPECT_EQ(periods[3].first_month, 24);
  EXPECT_EQ(periods[3].end_month, 30);
}

}  // namespace

namespace {

// Values with every awkward case: both zeros, infinities, subnormals, ties, both signs, and a
// spread of magnitudes (every byte of the bits varies, so no radix pass is skipped).
template <class T>
std::vector<T> awkward_values(std::size_t n) {
  DrawSequence source(2024, {0, 0, 0, 0});
  std::vector<T> values;
  for (std::size_t i = 0; i < n; ++i) {
    const double u = source.uniform();
    const double magnitude = std::exp(60 * (source.uniform() - 0.5));
    values.push_back(static_cast<T>((u < 0.5 ? -1 : 1) * magnitude));
  }
  for (T special : {T(0), -T(0), std::numeric_limits<T>::infinity(),
                    -std::numeric_limits<T>::infinity(), std::numeric_limits<T>::denorm_min(),
                    -std::numeric_limits<T>::denorm_min(), T(1), T(1), T(-1)})
    values.push_back(special);
  return values;
}

// The radix sort gives std::sort's order (values compared as numbers; the two zeros are equal).
TEST(RadixSort, SameOrderAsStdSort) {
  auto floats = awkward_values<float>(100000);
  auto expected = floats;
  std::sort(expected.begin(), expected.end());
  radix_sort(floats);
  ASSERT_EQ(floats.size(), expected.size());
  for (std::size_t i = 0; i < floats.size(); ++i) ASSERT_EQ(floats[i], expected[i]) << i;
}

// The argsort is stable: exactly the order std::stable_sort of indices by value gives (ties,
// the two zeros among them, in index order).
template <class T>
void expect_argsort_like_stable_sort(const std::vector<T>& values) {
  std::vector<std::uint32_t> expected(values.size());
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(expected.begin(), expected.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return values[a] < values[b]; });
  EXPECT_EQ(radix_argsort(std::span<const T>(values)), expected);
}

// Mid-ranks worked by hand: -0 and +0 tie (ranks 0 and 1, mid 0.5), then 1 and 2, then three
// 3s (ranks 4, 5, 6, mid 5); the doubled ranks are the same, times two, in 32 bits.
TEST(RadixSort, MidRanksShareTiesByHand) {
  const std::vector<float> values = {3, 1, 3, 2, 3, -0.0f, 0.0f};
  const std::span<const float> view(values);
  EXPECT_EQ(mid_ranks(view), (std::vector<double>{5, 2, 5, 3, 5, 0.5, 0.5}));
  EXPECT_EQ(doubled_mid_ranks(view, radix_argsort(view)),
            (std::vector<std::uint32_t>{10, 4, 10, 6, 10, 1, 1}));
}

TEST(RadixSort, ArgsortIsStableLikeStdStableSort) {
  expect_argsort_like_stable_sort(awkward_values<float>(50000));
  expect_argsort_like_stable_sort(awkward_values<double>(50000));
}

}  // namespace
