// Guide tables (distributions/guide_table) and the shared-parameter counts drawn through them
// (BlockSampler::poisson_shared, binomial_shared): the same index as a binary search, tables
// whose cumulative probabilities are Boost's, and counts with the Poisson and binomial laws. The
// count test is a Kolmogorov-Smirnov distance against the Poisson cdf at both sides of every atom,
// below 1.95 / sqrt(n) (the 0.999 quantile of the continuous case, conservative for a discrete
// one).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <vector>

#include "distributions/block_sampler.hpp"
#include "distributions/family_support.hpp"
#include "distributions/guide_table.hpp"
#include "random/draw_sequence.hpp"

namespace {

using namespace incomesim;

TEST(GuideTable, IndexEqualsBinarySearchOfTheCumulative) {
  // Atoms of zero weight (repeated cumulative values), one large atom, many small ones.
  const std::vector<std::vector<double>> weights = {{1},
                                                    {1, 0, 0, 3},
                                                    {0, 0, 1, 1e-12, 5},
                                                    {0.5, 0.25, 0.125, 0.125},
                                                    std::vector<double>(97, 1)};
  random::DrawSequence sequence(7, {0, 1, 0, 1});
  for (const auto& w : weights) {
    const std::vector<double> cumulative = dist::detail::normalised_cumulative(w, w.size());
    const dist::GuideTable table(cumulative);
    for (int draw = 0; draw < 100'000; ++draw) {
      const double u = sequence.uniform();
      ASSERT_EQ(table.index(u), dist::detail::first_at_or_above(cumulative, u)) << u;
    }
    // Exactly at each cumulative value, and just below and above it.
    for (const double c : cumulative) {
      for (const double u : {std::nextafter(c, 0.0), c, std::nextafter(c, 1.0)}) {
        if (!(u > 0 && u < 1)) continue;
        ASSERT_EQ(table.index(u), dist::detail::first_at_or_above(cumulative, u)) << u;
      }
    }
  }
}

// The tables hold Boost's cdf to 1e-12 wherever it is not yet 1, and end where the tail left is
// below 1e-14: about a 53-bit uniform's resolution (2^-54 = 5.6e-17) plus the rounding a running
// sum of up to 10^5 terms carries anyway (about sqrt(K) 2^-53 = 3.5e-14 at K = 10^5).
TEST(GuideTable, PoissonAndBinomialTablesHoldTheirCdf) {
  for (const double mean : {0.01, 3.7, 10.8, 250.0, 90'000.0}) {
    SCOPED_TRACE(mean);
    const dist::GuideTable table = dist::poisson_table(mean);
    const boost::math::poisson_distribution<double> poisson(mean);
    for (std::size_t k = 0; k + 1 < table.size(); ++k)
      ASSERT_NEAR(table.cumulative()[k], boost::math::cdf(poisson, static_cast<double>(k)), 1e-12);
    // What the last entry takes over from beyond it.
    EXPECT_LT(
        boost::math::cdf(boost::math::complement(poisson, static_cast<double>(table.size()) - 1)),
        1e-14);
  }
  for (const auto& [trials, p] : std::vector<std::pair<std::int64_t, double>>{
           {1, 0.5}, {4, 0.3}, {100, 0.01}, {1000, 0.025}, {50'000, 0.9}}) {
    SCOPED_TRACE(trials);
    const dist::GuideTable table = dist::binomial_table(trials, p);
    const boost::math::binomial_distribution<double> binomial(static_cast<double>(trials), p);
    for (std::size_t k = 0; k + 1 < table.size(); ++k)
      ASSERT_NEAR(table.cumulative()[k], boost::math::cdf(binomial, static_cast<double>(k)), 1e-12);
  }
}

// Counts of `trials` trials drawn in blocks of `block` by draw(sampler, out).
template <class Draw>
std::vector<std::int64_t> block_counts(std::size_t trials, std::size_t block, std::uint64_t seed,
                                       Draw draw) {
  std::vector<std::int64_t> counts(trials);
  dist::BlockSampler sampler(block);
  for (std::size_t first = 0; first < trials; first += block) {
    const std::size_t n = std::min(block, trials - first);
    sampler.start(seed, first, n);
    draw(sampler, counts.data() + first);
  }
  return counts;
}

// The Kolmogorov-Smirnov distance of integer counts from a discrete cdf, on both sides of every
// atom.
template <class Cdf>
double count_ks_distance(std::vector<std::int64_t> counts, Cdf cdf) {
  std::sort(counts.begin(), counts.end());
  const double n = static_cast<double>(counts.size());
  double distance = 0;
  for (std::size_t i = 0; i < counts.size();) {
    std::size_t j = i;
    while (j < counts.size() && counts[j] == counts[i]) ++j;
    const double k = static_cast<double>(counts[i]);
    const double below = k > 0 ? cdf(k - 1) : 0.0;
    distance = std::max({distance, std::abs(static_cast<double>(i) / n - below),
                         std::abs(static_cast<double>(j) / n - cdf(k))});
    i = j;
  }
  return distance;
}

TEST(PoissonShared, CountsArePoissonAndDependOnlyOnTheTrial) {
  const std::size_t n = 1'000'000;
  for (const double mean : {0.3, 2.0, 10.8, 54.0, 2000.0}) {
    SCOPED_TRACE(mean);
    const auto draw = [mean](dist::BlockSampler& sampler, std::int64_t* out) {
      sampler.poisson_shared(2, 4, 6, mean, out);
    };
    const std::vector<std::int64_t> counts = block_counts(n, 1024, 99, draw);
    EXPECT_EQ(block_counts(5000, 7, 99, draw),
              std::vector<std::int64_t>(counts.begin(), counts.begin() + 5000));
    const boost::math::poisson_distribution<double> poisson(mean);
    EXPECT_LT(count_ks_distance(counts, [&](double k) { return boost::math::cdf(poisson, k); }),
              1.95 / std::sqrt(static_cast<double>(n)));
  }
}

TEST(BinomialShared, CountsAreBinomialAndDependOnlyOnTheTrial) {
  const std::size_t n = 1'000'000;
  for (const auto& [trials, p] : std::vector<std::pair<std::int64_t, double>>{
           {4, 0.5}, {31, 0.3}, {1000, 0.025}, {200, 0.97}}) {
    SCOPED_TRACE(trials);
    const auto draw = [trials, p](dist::BlockSampler& sampler, std::int64_t* out) {
      sampler.binomial_shared(2, 4, 6, trials, p, out);
    };
    const std::vector<std::int64_t> counts = block_counts(n, 1024, 7, draw);
    EXPECT_EQ(block_counts(5000, 7, 7, draw),
              std::vector<std::int64_t>(counts.begin(), counts.begin() + 5000));
    const boost::math::binomial_distribution<double> binomial(static_cast<double>(trials), p);
    EXPECT_LT(count_ks_distance(counts, [&](double k) { return boost::math::cdf(binomial, k); }),
              1.95 / std::sqrt(static_cast<double>(n)));
  }
  // The edges: no trials, p of 0 or 1.
  EXPECT_EQ(block_counts(3, 3, 1,
                         [](dist::BlockSampler& s, std::int64_t* out) {
                           s.binomial_shared(2, 4, 6, 5, 1.0, out);
                         }),
            std::vector<std::int64_t>(3, 5));
  EXPECT_EQ(block_counts(3, 3, 1,
                         [](dist::BlockSampler& s, std::int64_t* out) {
                           s.binomial_shared(2, 4, 6, 5, 0.0, out);
                         }),
            std::vector<std::int64_t>(3, 0));
}

}  // namespace
