// Batched draws (random/philox_lanes, distributions/batch, distributions/batch_counts): the same
// words as the scalar generator, the same counts as the scalar samplers, and the right
// distributions. Chi-square tests use the 0.999 quantile as critical value with a fixed seed: a
// correct sampler fails one in a thousand seeds, and these seeds pass; a wrong pmf (a mean off
// by 2%, a missing tail) fails at these sample sizes.
#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/vector_math.hpp"
#include "distributions/batch.hpp"
#include "distributions/block_sampler.hpp"
#include "random/normals.hpp"

namespace {

using namespace incomesim;

void expect_philox_lanes_equal_random123(std::size_t n) {
  std::vector<std::uint32_t> w0(n), w2(n), w3(n);
  for (std::size_t j = 0; j < n; ++j) {
    w0[j] = static_cast<std::uint32_t>(j % 5);
    w2[j] = static_cast<std::uint32_t>(1000 + j);
    w3[j] = static_cast<std::uint32_t>((3u << 16) | (j % 2));
  }
  random::WordLanes out;
  const std::uint64_t seed = 0x123456789abcdefULL;
  random::philox_lanes(seed, w0.data(), 0x00050004u, w2.data(), w3.data(), n, out);
  for (std::size_t j = 0; j < n; ++j) {
    const auto expected = r123::Philox4x32()(
        {{w0[j], 0x00050004u, w2[j], w3[j]}},
        {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}});
    for (int k = 0; k < 4; ++k) ASSERT_EQ(out.word[k][j], expected[k]) << j;
  }
}

// On every instruction set the build compiled and this machine runs (Highway's dispatch
// restricted to one target at a time), and at lane counts around every vector width.
TEST(PhiloxLanes, EqualsRandom123WordForWordOnEveryTargetAndLaneCount) {
  std::vector<std::string> tested;
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    tested.push_back(random::vector_target());
    EXPECT_EQ(tested.back(), hwy::TargetName(target));
    for (std::size_t n : {1u, 3u, 4u, 7u, 8u, 9u, 15u, 16u, 17u, 100u}) {
      SCOPED_TRACE(tested.back() + ", " + std::to_string(n) + " lanes");
      expect_philox_lanes_equal_random123(n);
    }
  }
  hwy::SetSupportedTargetsForTest(0);
  // This machine and build: AVX2 at least (the build's baseline), AVX-512 where the CPU has it.
  EXPECT_NE(std::find(tested.begin(), tested.end(), std::string("AVX2")), tested.end());
}

// Units in the last place between a and b (same sign, finite).
double ulps_apart(double a, double b) {
  if (a == b) return 0;
  return std::abs(a - b) / (std::nextafter(std::abs(b), INFINITY) - std::abs(b));
}

// Highway's exp, log and cos (core/vector_math) and the single-precision Box-Muller normals
// (random/normals) on every compiled target: within Highway's stated accuracy of libm (exp and
// log 1 ulp, cos 3; the normals, built from float log, sqrt and cos/sin, within 8 float ulps, as
// each of the four steps rounds once; the single-precision exp of lognormals within 2 float
// ulps of the exact exp of its float argument), and bit-identical from target to target, so
// that a report does not depend on the CPU. Inputs span what the model passes: exponents to
// -1000, logarithms of uniforms and ratios, angles in [0, 2 pi), float exponents in [-87, 88].
TEST(VectorMath, WithinUlpsOfLibmAndIdenticalOnEveryTarget) {
  const std::size_t n = 20011;  // not a multiple of any vector width: the padded tail is tested
  std::vector<double> exp_in(n), log_in(n), cos_in(n);
  std::vector<std::uint32_t> radius_words(n), angle_words(n);
  random::DrawSequence source(5, {0, 0, 0, 0});
  for (std::size_t j = 0; j < n; ++j) {
    exp_in[j] = -745 + 1450 * source.uniform();
    log_in[j] = std::exp(-700 + 1400 * source.uniform());
    cos_in[j] = 2 * std::numbers::pi * source.uniform();
    radius_words[j] = static_cast<std::uint32_t>(source.uniform() * 0x1p32);
    angle_words[j] = static_cast<std::uint32_t>(source.uniform() * 0x1p32);
  }
  radius_words[0] = angle_words[0] = 0;  // u = 2^-25 and theta = 0: the largest normal
  std::vector<std::vector<double>> exp_out, log_out, cos_out;
  std::vector<std::vector<float>> cos_normals, sin_normals;
  std::vector<std::vector<double>> lognormals;
  std::vector<float> scores(n);
  for (std::size_t j = 0; j < n; ++j)
    scores[j] = static_cast<float>(-6.67 + 13.34 * static_cast<double>(j) / n);
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    SCOPED_TRACE(hwy::TargetName(target));
    exp_out.push_back(exp_in);
    log_out.push_back(log_in);
    cos_out.push_back(cos_in);
    vector_math::exp_in_place(exp_out.back().data(), n);
    vector_math::log_in_place(log_out.back().data(), n);
    vector_math::cos_in_place(cos_out.back().data(), n);
    cos_normals.emplace_back(n);
    sin_normals.emplace_back(n);
    random::standard_normals_from_words(radius_words.data(), angle_words.data(), n,
                                        cos_normals.back().data(), sin_normals.back().data());
    lognormals.emplace_back(n);
    // mu + sigma z over [-87, 88] at the ends, the range the float exp is used for.
    vector_math::exp_affine_float(0.5f, 13.0f, scores.data(), n, lognormals.back().data());
    double worst_exp = 0, worst_log = 0, worst_cos = 0, worst_normal = 0, worst_float_exp = 0;
    for (std::size_t j = 0; j < n; ++j) {
      worst_exp = std::max(worst_exp, ulps_apart(exp_out.back()[j], std::exp(exp_in[j])));
      worst_log = std::max(worst_log, ulps_apart(log_out.back()[j], std::log(log_in[j])));
      // cos near its zeros: measured against the ulp of 1, the scale of the argument reduction.
      worst_cos = std::max(worst_cos, std::abs(cos_out.back()[j] - std::cos(cos_in[j])) / 0x1p-52);
      const float argument = 0.5f + 13.0f * scores[j];  // the kernel's float argument
      worst_float_exp =
          std::max(worst_float_exp, std::abs(lognormals.back()[j] - std::exp(double{argument})) /
                                        (std::exp(double{argument}) * 0x1p-24));
      // u as the kernel forms it, in float (2^-25 rounds away near 1: that is the design's).
      const double u = static_cast<float>(radius_words[j] >> 8) * 0x1p-24f + 0x1p-25f;
      const double theta = static_cast<double>(angle_words[j] >> 8) * 0x1p-24 * 2 *
                           static_cast<double>(static_cast<float>(std::numbers::pi));
      const double radius = std::sqrt(-2 * std::log(u));
      worst_normal = std::max(
          {worst_normal,
           std::abs(cos_normals.back()[j] - radius * std::cos(theta)) / (radius * 0x1p-23),
           std::abs(sin_normals.back()[j] - radius * std::sin(theta)) / (radius * 0x1p-23)});
    }
    EXPECT_LE(worst_exp, 1.0);
    EXPECT_LE(worst_log, 1.0);
    EXPECT_LE(worst_cos, 3.0);
    EXPECT_LE(worst_normal, 8.0);
    EXPECT_LE(worst_float_exp, 2.0);
    EXPECT_NEAR(cos_normals.back()[0], std::sqrt(-2 * std::log(0x1p-25)), 1e-5);
    if (exp_out.size() > 1) {
      EXPECT_EQ(exp_out.back(), exp_out.front());
      EXPECT_EQ(log_out.back(), log_out.front());
      EXPECT_EQ(cos_out.back(), cos_out.front());
      EXPECT_EQ(cos_normals.back(), cos_normals.front());
      EXPECT_EQ(sin_normals.back(), sin_normals.front());
      EXPECT_EQ(lognormals.back(), lognormals.front());
    }
  }
  hwy::SetSupportedTargetsForTest(0);
}

TEST(BlockDraws, UniformsEqualEachTrialsOwnStream) {
  dist::BlockSampler draws(300);
  draws.start(42, 5000, 300);
  std::vector<double> u(300);
  draws.uniforms(3, 7, 2, u.data());
  for (std::size_t i = 0; i < 300; ++i) {
    random::DrawSequence stream(42, {5000 + i, 3, 7, 2});
    ASSERT_EQ(u[i], stream.uniform()) << i;
  }
}

// Draws for listed trials (events, per-trial parameters) equal each trial's own sequence at the
// address, whatever the order of the list: exactly for families drawn from the sequence (gamma's
// rejection runs past the first block, which was made in the batch), and for the lognormal,
// drawn by batched Box-Muller, within 1e-12 relative: the vector log and cos differ from libm's
// by a few ulps, which exp(mu + sigma z) turns into at most sigma |z| times that. A draw from
// another trial's words, or another address, differs by order one.
TEST(BlockDraws, ListedDrawsEqualEachTrialsOwnSequence) {
  const std::size_t n = 500;
  dist::BlockSampler draws(n);
  draws.start(21, 7000, n);
  std::vector<std::uint32_t> lanes;
  for (std::uint32_t t = 0; t < 60; ++t) lanes.push_back((t * 337 + 11) % n);  // not in order
  const dist::Distribution families[] = {dist::gamma(0.7, 3), dist::triangular(1, 2, 5),
                                         dist::lognormal(1, 0.5)};
  for (std::uint16_t f = 0; f < 3; ++f) {
    SCOPED_TRACE(dist::describe(families[f]));
    std::vector<double> listed(lanes.size()), all(n);
    draws.sample_listed(families[f], 4, 9, f, lanes, listed.data());
    draws.sample_all(families[f], 4, 9, f, all.data());
    const bool exact = !dist::samples_by_normal_score(families[f]);
    for (std::size_t t = 0; t < lanes.size(); ++t) {
      random::DrawSequence own(21, {7000 + lanes[t], 4, 9, f});
      const double expected = dist::sample(families[f], own);
      if (exact)
        EXPECT_EQ(listed[t], expected) << lanes[t];
      else
        EXPECT_NEAR(listed[t], expected, 1e-12 * expected) << lanes[t];
      EXPECT_EQ(all[lanes[t]], listed[t]) << lanes[t];
    }
  }
}

// Every lane's count equals the scalar sampler on the lane's own stream, on every compiled
// target: the batch changes how fast, never what, and a trial's count does not depend on the
// others in its block. Means 0.1 to 1e4 (inversion and PTRS), trials up to 1e5 with p from 0.001
// to 0.9 (inversion, BTRS, and counting failures).
TEST(BlockDraws, CountsEqualTheScalarSamplersOnEachTrialsStreamOnEveryTarget) {
  const std::size_t n = 1000;
  std::vector<double> means(n);
  std::vector<std::int64_t> trials(n);
  for (std::size_t i = 0; i < n; ++i) {
    means[i] = i % 10 == 0 ? 0.0 : std::pow(10.0, -1 + 5.0 * static_cast<double>(i) / n);
    trials[i] = static_cast<std::int64_t>(i * 7919 % 100000);
  }
  const double probabilities[] = {0.001, 0.03, 0.5, 0.9};
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    SCOPED_TRACE(hwy::TargetName(target));
    dist::BlockSampler draws(n);
    draws.start(7, 123456, n);
    std::vector<std::int64_t> poisson(n), binomial(n);
    draws.poisson(2, 3, 4, means.data(), poisson.data());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < n; ++i) {
      random::DrawSequence source(7, {123456 + i, 2, 3, 4});
      differing += poisson[i] != dist::sample_poisson(means[i], source);
    }
    for (std::uint16_t k = 0; k < 4; ++k) {
      const auto purpose = static_cast<std::uint16_t>(5 + k);
      draws.binomial(2, 3, purpose, trials.data(), probabilities[k], binomial.data());
      for (std::size_t i = 0; i < n; ++i) {
        random::DrawSequence source(7, {123456 + i, 2, 3, purpose});
        differing += binomial[i] != dist::sample_binomial(trials[i], probabilities[k], source);
      }
    }
    // The batch's logarithms are Highway's and the scalar's libm's. They may differ in the last
    // bit, which could change a count only for a uniform within about 1e-16 of a boundary: never
    // among these 5,000 draws. A batch that took other words, or other steps, differs in most
    // lanes.
    EXPECT_EQ(differing, 0u);
  }
  hwy::SetSupportedTargetsForTest(0);
}

template <class Pmf>
double chi_square_statistic(const std::vector<std::int64_t>& counts, Pmf pmf, double& dof) {
  const double n = static_cast<double>(counts.size());
  const std::int64_t top = *std::max_element(counts.begin(), counts.end());
  std::vector<double> observed(static_cast<std::size_t>(top) + 1, 0);
  for (auto k : counts) observed[static_cast<std::size_t>(k)] += 1;
  // Cells of at least 5 expected, merged from the left; the last takes the upper tail.
  double chi2 = 0, cell_expected = 0, cell_observed = 0, cdf = 0;
  dof = -1;
  for (std::int64_t k = 0; k <= top; ++k) {
    cell_expected += pmf(k) * n;
    cdf += pmf(k);
    cell_observed += observed[static_cast<std::size_t>(k)];
    if (cell_expected >= 5 && (1 - cdf) * n >= 5) {
      chi2 += std::pow(cell_observed - cell_expected, 2) / cell_expected;
      dof += 1;
      cell_expected = cell_observed = 0;
    }
  }
  cell_expected += (1 - cdf) * n;
  chi2 += std::pow(cell_observed - cell_expected, 2) / cell_expected;
  dof += 1;
  return chi2;
}

class BatchedPoisson : public ::testing::TestWithParam<double> {};
TEST_P(BatchedPoisson, FollowsThePmf) {
  const double mean = GetParam();
  const std::size_t n = 200000;
  std::vector<double> means(1024, mean);
  std::vector<std::int64_t> counts(n), block(1024);
  dist::BlockSampler draws(1024);
  for (std::size_t first = 0; first < n; first += 1024) {
    draws.start(11, first, 1024);
    draws.poisson(1, 0, 0, means.data(), block.data());
    std::copy(block.begin(), block.begin() + std::min<std::size_t>(1024, n - first),
              counts.begin() + static_cast<std::ptrdiff_t>(first));
  }
  const boost::math::poisson_distribution<double> d(mean);
  double dof = 0;
  const double chi2 = chi_square_statistic(
      counts, [&](std::int64_t k) { return boost::math::pdf(d, static_cast<double>(k)); }, dof);
  EXPECT_LT(chi2, boost::math::quantile(boost::math::chi_squared_distribution<double>(dof), 0.999))
      << "mean " << mean << ", " << dof << " degrees of freedom";
}
// Both sides of the switch from inversion to PTRS at 10, and PTRS's range.
INSTANTIATE_TEST_SUITE_P(Means, BatchedPoisson,
                         ::testing::Values(0.3, 2.0, 9.9, 10.0, 10.8, 54.0, 700.0));

struct BinomialCase {
  std::int64_t trials;
  double p;
};
class BatchedBinomial : public ::testing::TestWithParam<BinomialCase> {};
TEST_P(BatchedBinomial, FollowsThePmf) {
  const auto [trials, p] = GetParam();
  const std::size_t n = 200000;
  std::vector<std::int64_t> trial_counts(1024, trials), counts(n), block(1024);
  dist::BlockSampler draws(1024);
  for (std::size_t first = 0; first < n; first += 1024) {
    draws.start(12, first, 1024);
    draws.binomial(1, 0, 0, trial_counts.data(), p, block.data());
    std::copy(block.begin(), block.begin() + std::min<std::size_t>(1024, n - first),
              counts.begin() + static_cast<std::ptrdiff_t>(first));
  }
  const boost::math::binomial_distribution<double> d(static_cast<double>(trials), p);
  double dof = 0;
  const double chi2 = chi_square_statistic(
      counts, [&](std::int64_t k) { return boost::math::pdf(d, static_cast<double>(k)); }, dof);
  EXPECT_LT(chi2, boost::math::quantile(boost::math::chi_squared_distribution<double>(dof), 0.999))
      << trials << " trials, p " << p << ", " << dof << " degrees of freedom";
}
// Inversion (n p < 10), BTRS (n p >= 10), and p > 1/2 (counted as failures).
INSTANTIATE_TEST_SUITE_P(Cases, BatchedBinomial,
                         ::testing::Values(BinomialCase{4, 0.5}, BinomialCase{300, 0.025},
                                           BinomialCase{3000, 0.025}, BinomialCase{100, 0.97},
                                           BinomialCase{100000, 0.3}));

// Per-trial sums of k lognormals: the mean and variance of the sum are k times those of one
// (within 5 standard errors, the standard error of the variance estimated from the fourth
// moment of 200,000 sums), and a trial's sum does not depend on the trials beside it.
TEST(BlockDraws, SumsOfLognormalsHaveTheRightMomentsAndAreTrialLocal) {
  const double mu = std::log(19.0), sigma = 0.8;
  const auto d = dist::lognormal(mu, sigma);
  const std::size_t n = 200000;
  std::vector<std::int64_t> per_trial(1024);
  for (std::size_t i = 0; i < 1024; ++i) per_trial[i] = static_cast<std::int64_t>(i % 7);
  std::vector<double> sums(1024);
  dist::BlockSampler draws(1024);
  const double one_mean = std::exp(mu + sigma * sigma / 2);
  const double one_var = (std::exp(sigma * sigma) - 1) * one_mean * one_mean;
  for (std::int64_t k : {1, 6}) {
    std::vector<double> values;
    for (std::size_t first = 0; values.size() < n; first += 1024) {
      draws.start(13, first, 1024);
      draws.sums_of_draws(1, 0, 0, d, per_trial.data(), sums.data());
      for (std::size_t i = 0; i < 1024; ++i)
        if (per_trial[i] == k) values.push_back(sums[i]);
    }
    double mean = 0, m2 = 0, m4 = 0;
    for (double x : values) mean += x;
    mean /= static_cast<double>(values.size());
    for (double x : values) {
      m2 += (x - mean) * (x - mean);
      m4 += std::pow(x - mean, 4);
    }
    const double count = static_cast<double>(values.size());
    m2 /= count;
    m4 /= count;
    EXPECT_NEAR(mean, static_cast<double>(k) * one_mean, 5 * std::sqrt(m2 / count)) << k;
    EXPECT_NEAR(m2, static_cast<double>(k) * one_var, 5 * std::sqrt((m4 - m2 * m2) / count)) << k;
  }
  // Trial 5 alone gives the sum it got in its block of 1,024.
  draws.start(13, 0, 1024);
  draws.sums_of_draws(1, 0, 0, d, per_trial.data(), sums.data());
  const double in_block = sums[5];
  dist::BlockSampler alone(1);
  alone.start(13, 5, 1);
  alone.sums_of_draws(1, 0, 0, d, per_trial.data() + 5, sums.data());
  EXPECT_EQ(sums[0], in_block);
}

}  // namespace
