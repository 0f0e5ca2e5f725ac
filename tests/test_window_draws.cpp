// Window draws (distributions/window_draws, family_kernels) and the per-trial sums built on them
// (BlockSampler::sums_of_draws): every family drawn from its distribution, judged against the
// family's own cdf, mean and variance (Boost's closed forms and quadratures, which share nothing
// with the samplers); the same bits on every compiled target and whatever the block; and the
// window layout the header promises, checked against plain DrawSequence words.
//
// Tolerances: the Kolmogorov-Smirnov distance of n draws is compared with 1.95 / sqrt(n), its
// 0.999 quantile (Kolmogorov's limit law; conservative for families with atoms), and the sample
// mean and variance with 5 standard errors (the variance's from the sample's fourth central
// moment). A correct sampler fails such a test about once in a thousand seeds; these fixed seeds
// pass. A sampler that is wrong by 1% of the distribution's mass somewhere fails at 10^6 draws.
#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "distributions/block_sampler.hpp"
#include "distributions/family_kernels.hpp"
#include "distributions/window_draws.hpp"
#include "random/draw_sequence.hpp"

namespace {

using namespace incomesim;
using dist::Distribution;

constexpr std::uint64_t kSeed = 20261202;
constexpr double kInf = std::numeric_limits<double>::infinity();

// The words of draw t's window: the first W words of the sequence at (trial t, purpose 1). The
// retries of draw t's owner: the sequence at (owner, purpose 2).
struct Windows {
  std::vector<std::vector<std::uint32_t>> columns;
  std::vector<const std::uint32_t*> pointers;
  std::vector<std::uint32_t> owners;

  Windows(std::size_t words, std::size_t n, std::uint64_t seed) : columns(words), owners(n) {
    for (auto& column : columns) column.resize(n);
    for (std::size_t t = 0; t < n; ++t) {
      random::DrawSequence sequence(seed, {t, 1, 0, 1});
      for (std::size_t j = 0; j < words; ++j) columns[j][t] = sequence.bits32();
      owners[t] = static_cast<std::uint32_t>(t);
    }
    for (auto& column : columns) pointers.push_back(column.data());
  }
};

class SequenceRetries final : public dist::Retries {
 public:
  explicit SequenceRetries(std::uint64_t seed) : seed_(seed) {}
  random::DrawSequence& of(std::uint32_t owner) override {
    auto found = sequences_.find(owner);
    if (found == sequences_.end())
      found = sequences_.emplace(owner, random::DrawSequence(seed_, {owner, 1, 0, 2})).first;
    ++calls;
    return found->second;
  }
  std::size_t calls = 0;

 private:
  std::uint64_t seed_;
  std::map<std::uint32_t, random::DrawSequence> sequences_;
};

std::vector<double> window_draws(const Distribution& d, std::size_t n, std::uint64_t seed,
                                 std::size_t* retried = nullptr) {
  Windows windows(dist::window_words(d), n, seed);
  SequenceRetries retries(seed);
  dist::WindowDraws draws;
  std::vector<double> out(n);
  draws.draw(d, windows.pointers.data(), n, windows.owners.data(), retries, out.data());
  if (retried) *retried = retries.calls;
  return out;
}

// The largest gap between the empirical and the true cdf, on both sides of each atom at every
// 20th order statistic (a cdf costs up to 15 us here; between two of those points the empirical
// cdf moves by at most 20 / n = 2e-5, a hundredth of the critical value at 10^6 draws).
double ks_distance(std::vector<double> x, const Distribution& d) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double distance = 0;
  for (std::size_t i = 0; i < x.size(); i += 20) {
    while (i > 0 && i < x.size() && x[i - 1] == x[i]) ++i;  // the start of an atom
    if (i == x.size()) break;
    std::size_t j = i;
    while (j < x.size() && x[j] == x[i]) ++j;
    const double below =
        dist::cdf(d, std::nextafter(x[i], -std::numeric_limits<double>::infinity()));
    const double at = dist::cdf(d, x[i]);
    distance = std::max({distance, std::abs(static_cast<double>(i) / n - below),
                         std::abs(static_cast<double>(j) / n - at)});
    i = j - 1;  // the next step (+20) passes the atom
  }
  return distance;
}

// The sample mean and variance with their standard errors (the variance's from the sample's
// fourth central moment).
struct Moments {
  double mean, mean_se, variance, variance_se;
};

Moments moments_of(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  double mean = 0;
  for (const double v : x) mean += v;
  mean /= n;
  double m2 = 0, m4 = 0;
  for (const double v : x) {
    const double s = (v - mean) * (v - mean);
    m2 += s;
    m4 += s * s;
  }
  m2 /= n;
  m4 /= n;
  return {mean, std::sqrt(m2 / n), m2, std::sqrt((m4 - m2 * m2) / n)};
}

struct Case {
  std::string name;
  Distribution d;
  bool moments;  // mean and variance tested: the fourth moment exists
  std::size_t n = 1'000'000;
};

std::vector<Case> every_family() {
  const Distribution article = dist::lognormal(std::log(11.9), 1.33);
  return {
      {"uniform", dist::uniform(2, 5), true},
      {"triangular", dist::triangular(1, 2, 5), true},
      {"pareto shape 4.5", dist::pareto(10, 4.5), true},
      {"pareto shape 1.5", dist::pareto(1, 1.5), false},
      {"empirical", dist::empirical({10, 1, 5, 2}, {4, 1, 3, 2}), true},
      {"bernoulli", dist::bernoulli(0.3), true},
      {"poisson 3.7", dist::poisson(3.7), true},
      {"poisson 250", dist::poisson(250), true},
      {"normal", dist::normal(3, 2), true},
      {"lognormal", dist::lognormal(1, 0.8), true},
      {"truncated_normal upper tail", dist::truncated_normal(0, 1, 1.5, kInf), true},
      {"truncated_normal two-sided", dist::truncated_normal(5, 2, -1, 3), true},
      {"lognormal with high", dist::truncated(article, 0, 60), true},
      {"normal far below", dist::truncated(dist::normal(0, 1), -kInf, -3), true},
      {"pareto within", dist::truncated(dist::pareto(1, 2), 2, 50), true},
      {"uniform within", dist::truncated(dist::uniform(0, 10), 2, 3), true},
      {"triangular within", dist::truncated(dist::triangular(0, 5, 10), 1, 4), true},
      {"empirical within", dist::truncated(dist::empirical({1, 2, 5, 10}, {}), 2, 5), true},
      {"gamma shape 0.44 (mean 20, sd 30)", dist::gamma(4.0 / 9.0, 45), true},
      {"gamma shape 1", dist::gamma(1, 3), true},
      {"gamma shape 2.2", dist::gamma(2.2, 9.1), true},
      {"gamma shape 50", dist::gamma(50, 0.1), true},
      {"beta 0.5 0.5", dist::beta(0.5, 0.5), true},
      {"beta 2 5", dist::beta(2, 5), true},
      {"pert", dist::pert(0, 10, 100), true},
      {"mixture", dist::mixture({dist::lognormal(1, 0.5), dist::gamma(3, 2)}, {0.3, 0.7}), true},
      {"mixture of lognormals",
       dist::mixture({dist::lognormal(2, 0.5), dist::lognormal(4, 0.3)}, {0.8, 0.2}), true},
      {"zero_inflated lognormal (fit's)", dist::zero_inflated(0.13, article), true},
      {"zero_inflated gamma", dist::zero_inflated(0.4, dist::gamma(0.5, 10)), true},
      {"gamma within (rejection)", dist::truncated(dist::gamma(2, 3), 1, 5), true},
      {"gamma far tail (inversion)", dist::truncated(dist::gamma(2, 3), 30, kInf), true, 100'000},
      {"mixture within",
       dist::truncated(dist::mixture({dist::gamma(3, 2), dist::uniform(0, 4)}, {0.5, 0.5}), 1, 6),
       true},
      {"clamped gamma", dist::clamped(dist::gamma(2, 3), 0, 1e9), true},
      {"constant", dist::constant(7.5), true},
  };
}

// One test per family, so that they run side by side and a failure names its family.
class EveryFamily : public testing::TestWithParam<std::size_t> {};

TEST_P(EveryFamily, MatchesItsCdfMeanAndVariance) {
  const Case c = every_family().at(GetParam());
  SCOPED_TRACE(c.name + ": " + dist::describe(c.d));
  const std::vector<double> x = window_draws(c.d, c.n, kSeed + GetParam());
  const double n = static_cast<double>(c.n);
  ASSERT_TRUE(std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); }));
  const auto [low, high] = dist::support(c.d);
  EXPECT_GE(*std::min_element(x.begin(), x.end()), low);
  EXPECT_LE(*std::max_element(x.begin(), x.end()), high);
  EXPECT_LT(ks_distance(x, c.d), 1.95 / std::sqrt(n));
  if (!c.moments || dist::variance(c.d) == 0) return;
  const Moments m = moments_of(x);
  EXPECT_NEAR(m.mean, dist::mean(c.d), 5 * m.mean_se);
  EXPECT_NEAR(m.variance, dist::variance(c.d), 5 * m.variance_se);
}

INSTANTIATE_TEST_SUITE_P(WindowDraws, EveryFamily,
                         testing::Range<std::size_t>(0, every_family().size()),
                         [](const testing::TestParamInfo<std::size_t>& info) {
                           std::string name = every_family().at(info.param).name;
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

// Rejection is rare where it should be, and every rejected draw is finished. Marsaglia-Tsang
// accepts about 95.1% of attempts at shape 1 (their paper's table) and more above; a window holds
// two attempts, so about 0.049^2 = 0.24% of gamma draws are retried at shape 1. A beta needs two
// gammas; a restriction keeping a share `kept` of a gamma retries the 1 - kept outside it. Bounds
// are 5 binomial standard errors (n = 200,000) around those rates.
TEST(WindowDraws, RejectedFirstAttemptsAreFewAndFinished) {
  const std::size_t n = 200'000;
  const auto retried_share = [&](const Distribution& d) {
    std::size_t retried = 0;
    window_draws(d, n, kSeed, &retried);
    return static_cast<double>(retried) / static_cast<double>(n);
  };
  const auto within_5_se = [&](double share, double rate) {
    return std::abs(share - rate) < 5 * std::sqrt(rate * (1 - rate) / static_cast<double>(n));
  };
  EXPECT_PRED2(within_5_se, retried_share(dist::gamma(1, 1)), 0.049 * 0.049);
  EXPECT_LT(retried_share(dist::gamma(20, 1)), 0.0005);
  EXPECT_LT(retried_share(dist::beta(2, 5)), 0.04);  // one attempt at each gamma: about 2.5%
  EXPECT_EQ(retried_share(dist::lognormal(0, 1)), 0.0);
  EXPECT_EQ(retried_share(dist::truncated(dist::lognormal(0, 1), 0, 3)), 0.0);
  const Distribution within = dist::truncated(dist::gamma(2, 3), 1, 6);
  const double kept = dist::cdf(dist::gamma(2, 3), 6) - dist::cdf(dist::gamma(2, 3), 1);
  EXPECT_PRED2(within_5_se, retried_share(within), 1 - kept);
}

// Shapes beyond single precision's comfort (a gamma as good as normal) go to the scalar sampler:
// finite draws, mean 1 and an sd of 3e-18 (so every draw rounds to 1).
TEST(WindowDraws, HugeShapesAreDrawnByTheScalarSampler) {
  for (const Distribution& d : {dist::gamma(1e35, 1e-35), dist::beta(1e35, 1e35)}) {
    const std::vector<double> x = window_draws(d, 1000, kSeed);
    for (const double v : x) ASSERT_NEAR(v, dist::mean(d), 1e-12) << dist::describe(d);
  }
}

// The standard normal quantile (AS 241) against Boost's, from the far tails to the centre:
// AS 241 claims about 1e-16 relative; 4e-15 allows for the last bits of log and division.
TEST(FamilyKernels, NormalQuantilesMatchBoostToFifteenDigits) {
  std::vector<double> p;
  for (double e = -300; e < -1; e += 0.37) p.push_back(std::pow(10.0, e));
  for (double q = 0.01; q < 0.995; q += 0.0137) p.push_back(q);
  for (double e = -2; e > -16; e -= 0.29) p.push_back(1 - std::pow(10.0, e));
  std::vector<double> z(p.size());
  dist::kernels::normal_quantiles(p.data(), p.size(), z.data());
  const boost::math::normal_distribution<double> standard;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double expected = boost::math::quantile(standard, p[i]);
    EXPECT_NEAR(z[i], expected, 4e-15 * std::max(1.0, std::abs(expected))) << "p = " << p[i];
  }
}

// Every family's draws, bit for bit, on every target the build compiled and this machine runs,
// at sizes around every vector width.
TEST(WindowDraws, SameBitsOnEveryTarget) {
  std::map<std::string, std::vector<double>> first;
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    SCOPED_TRACE(hwy::TargetName(target));
    for (const Case& c : every_family()) {
      for (const std::size_t n : {1u, 7u, 17u, 1000u}) {
        const std::vector<double> x = window_draws(c.d, n, kSeed);
        const std::string key = c.name + "/" + std::to_string(n);
        const auto [at, inserted] = first.emplace(key, x);
        if (!inserted) {
          EXPECT_EQ(std::memcmp(at->second.data(), x.data(), n * sizeof(double)), 0) << key;
        }
      }
    }
  }
  hwy::SetSupportedTargetsForTest(0);
}

std::vector<double> block_sums(const Distribution& d, const std::vector<std::int64_t>& counts,
                               std::size_t block, std::uint64_t seed) {
  std::vector<double> sums(counts.size());
  dist::BlockSampler sampler(block);
  for (std::size_t first = 0; first < counts.size(); first += block) {
    const std::size_t n = std::min(block, counts.size() - first);
    sampler.start(seed, first, n);
    sampler.sums_of_draws(5, 3, 9, d, counts.data() + first, sums.data() + first);
  }
  return sums;
}

// Draw k of a trial reads words k W .. k W + W - 1 of its sequence at the address: checked
// for the uniform (W = 2) against plain DrawSequence words, summed in order of k.
TEST(SumsOfDraws, DrawKReadsWordsKWOnwardsOfTheTrialsSequence) {
  const std::vector<std::int64_t> counts = {0, 1, 3, 7, 2};
  const std::vector<double> sums = block_sums(dist::uniform(2, 5), counts, counts.size(), kSeed);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    random::DrawSequence sequence(kSeed, {i, 5, 3, 9});
    double expected = 0;
    for (std::int64_t k = 0; k < counts[i]; ++k) expected += 2 + 3 * sequence.uniform();
    EXPECT_EQ(sums[i], expected) << "trial " << i;
  }
}

// Draw k of a trial reads words 4 B k onwards of its sequence (B = ceil(W / 4) blocks a draw of
// W > 2 words), and the draws its windows leave unsettled read on from block B count: checked
// against plain DrawSequence words, one trial at a time, for families that retry (W = 4, 5 and
// 8). The reference's retries are DrawSequence words taken one by one; the block sampler makes
// them on vectors, so this holds its retry words to the sequence's.
TEST(SumsOfDraws, RetriesContinueTheTrialsSequenceAfterItsWindows) {
  class FromBlock final : public dist::Retries {
   public:
    FromBlock(std::uint64_t trial, std::uint32_t block)
        : sequence_(kSeed, {trial, 5, 3, 9}, block) {}
    random::DrawSequence& of(std::uint32_t) override {
      ++calls;
      return sequence_;
    }
    std::size_t calls = 0;

   private:
    random::DrawSequence sequence_;
  };
  std::vector<std::int64_t> counts(300);
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<std::int64_t>(i % 23);
  const std::vector<std::pair<std::string, Distribution>> retrying = {
      {"gamma below shape 1", dist::gamma(0.5, 2)},
      {"pert", dist::pert(0, 10, 100)},
      {"beta below 1", dist::beta(0.5, 0.7)},
      {"zero-inflated gamma", dist::zero_inflated(0.2, dist::gamma(0.6, 3))},
  };
  for (const auto& [name, d] : retrying) {
    SCOPED_TRACE(name);
    const std::size_t words = dist::window_words(d), blocks = (words + 3) / 4;
    const std::vector<double> sums = block_sums(d, counts, 128, kSeed);
    std::size_t retried = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const auto n = static_cast<std::size_t>(counts[i]);
      random::DrawSequence sequence(kSeed, {i, 5, 3, 9});
      std::vector<std::vector<std::uint32_t>> columns(words, std::vector<std::uint32_t>(n));
      for (std::size_t k = 0; k < n; ++k)
        for (std::size_t w = 0; w < 4 * blocks; ++w) {
          const std::uint32_t word = sequence.bits32();
          if (w < words) columns[w][k] = word;
        }
      std::vector<const std::uint32_t*> pointers;
      for (const auto& column : columns) pointers.push_back(column.data());
      const std::vector<std::uint32_t> owners(n, 0);
      FromBlock retries(i, static_cast<std::uint32_t>(n * blocks));
      std::vector<double> values(n);
      dist::WindowDraws draws;
      draws.draw(d, pointers.data(), n, owners.data(), retries, values.data());
      double expected = 0;
      for (const double v : values) expected += v;
      EXPECT_EQ(sums[i], expected) << "trial " << i;
      retried += retries.calls;
    }
    EXPECT_GT(retried, 0u);  // the retries were exercised
  }
}

// A trial's sum depends only on its own words: blocks of 1, 7 or 1,000 trials and every target
// give the same bits, retries included (gamma at shape 1 rejects 5% of first attempts), and the
// sums have the mean and variance of counts[i] independent draws.
TEST(SumsOfDraws, SameBitsWhateverTheBlockAndTarget) {
  std::vector<std::int64_t> counts(1000);
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<std::int64_t>(i % 23);
  for (const Case& c : every_family()) {
    SCOPED_TRACE(c.name);
    const std::vector<double> reference = block_sums(c.d, counts, 1000, kSeed);
    for (const std::size_t block : {1u, 7u})
      EXPECT_EQ(block_sums(c.d, counts, block, kSeed), reference);
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
      hwy::SetSupportedTargetsForTest(target);
      EXPECT_EQ(block_sums(c.d, counts, 250, kSeed), reference) << hwy::TargetName(target);
    }
    hwy::SetSupportedTargetsForTest(0);
  }
}

// Sums of a fixed count of 11 draws (Medium's articles in a month): mean 11 mu and variance
// 11 sigma^2, within 5 standard errors over 100,000 trials.
TEST(SumsOfDraws, SumsHaveTheMomentsOfIndependentDraws) {
  const std::vector<std::int64_t> counts(100'000, 11);
  for (const Case& c : every_family()) {
    if (!c.moments) continue;
    SCOPED_TRACE(c.name);
    const Moments m = moments_of(block_sums(c.d, counts, 1024, kSeed + 1));
    EXPECT_NEAR(m.mean, 11 * dist::mean(c.d), 5 * m.mean_se + 1e-12 * std::abs(m.mean));
    EXPECT_NEAR(m.variance, 11 * dist::variance(c.d), 5 * m.variance_se + 1e-9);
  }
}

}  // namespace
