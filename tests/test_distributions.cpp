// Distributions: samples against their cdf, cdf against quantile, the alternative
// parametrisations, parameter validation and parsing from TOML.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <map>

#include "distributions/distribution.hpp"
#include "distributions/fit.hpp"
#include "distributions/parse.hpp"
#include "random/draw_sequence.hpp"

namespace {

namespace dist = incomesim::dist;
using incomesim::InputError;
using incomesim::InvalidParameter;
using incomesim::random::DrawSequence;

std::vector<double> draw(const dist::Distribution& d, int n, std::uint64_t seed) {
  DrawSequence source(seed, {0, 0, 0, 0});
  std::vector<double> values(n);
  for (auto& v : values) v = dist::sample(d, source);
  return values;
}

// Kolmogorov-Smirnov statistic sup |F_n(x) - F(x)|.
double ks_statistic(std::vector<double> values, const dist::Distribution& d) {
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  double worst = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double f = dist::cdf(d, values[i]);
    worst = std::max({worst, std::abs(f - i / n), std::abs((i + 1) / n - f)});
  }
  return worst;
}

// Significance 0.001: the asymptotic Kolmogorov critical value is 1.9495 / sqrt(n). The seed
// is fixed, so a pass or a failure is repeatable. At n = 200,000 the critical value is 0.0044;
// a normal whose sd is 2.5% too small gives D of about 0.006 and fails.
constexpr int kSamples = 200000;
const double kKsCritical = 1.9495 / std::sqrt(static_cast<double>(kSamples));

struct ContinuousCase {
  std::string label;
  dist::Distribution distribution;
};

void PrintTo(const ContinuousCase& c, std::ostream* out) { *out << c.label; }

class ContinuousFamilies : public ::testing::TestWithParam<ContinuousCase> {};

TEST_P(ContinuousFamilies, SamplesFollowTheCdf) {
  const auto& d = GetParam().distribution;
  EXPECT_LT(ks_statistic(draw(d, kSamples, 12345), d), kKsCritical) << dist::describe(d);
}

class FiniteMomentFamilies : public ::testing::TestWithParam<ContinuousCase> {};

// Sample mean and variance against the exact ones, within 5 standard errors. The standard error
// of the variance, sqrt((m4 - s^4) / n), uses the sample's fourth central moment.
TEST_P(FiniteMomentFamilies, MomentsWithinFiveStandardErrors) {
  const auto& d = GetParam().distribution;
  const double true_variance = dist::variance(d);
  const auto values = draw(d, kSamples, 777);
  double mean = 0;
  for (double v : values) mean += v;
  mean /= kSamples;
  double m2 = 0, m4 = 0;
  for (double v : values) {
    const double c = (v - mean) * (v - mean);
    m2 += c;
    m4 += c * c;
  }
  m2 /= kSamples - 1;
  m4 /= kSamples;
  EXPECT_NEAR(mean, dist::mean(d), 5 * std::sqrt(true_variance / kSamples)) << dist::describe(d);
  EXPECT_NEAR(m2, true_variance, 5 * std::sqrt((m4 - m2 * m2) / kSamples)) << dist::describe(d);
}

TEST_P(ContinuousFamilies, QuantileInvertsCdf) {
  const auto& d = GetParam().distribution;
  for (double p : {0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999}) {
    const double x = dist::quantile(d, p);
    EXPECT_NEAR(dist::cdf(d, x), p, 1e-9) << dist::describe(d) << " p=" << p;
    EXPECT_NEAR(dist::quantile(d, dist::cdf(d, x)), x, 1e-7 * std::max(1.0, std::abs(x)))
        << dist::describe(d) << " p=" << p;
  }
}

std::vector<ContinuousCase> continuous_cases() {
  return {
      ContinuousCase{"uniform", dist::uniform(-2, 5)}, ContinuousCase{"normal", dist::normal(3, 2)},
      ContinuousCase{"truncated_two_sided", dist::truncated_normal(0, 1, -0.5, 2)},
      ContinuousCase{"truncated_below", dist::truncated_normal(0.03, 0.02, 0, INFINITY)},
      ContinuousCase{"truncated_far_tail", dist::truncated_normal(0, 1, 3, INFINITY)},
      ContinuousCase{"lognormal", dist::lognormal(std::log(19), 1.47)},
      ContinuousCase{"pareto", dist::pareto(100, 1.3)},
      ContinuousCase{"pareto_thin_tail", dist::pareto(100, 5.5)},
      ContinuousCase{"gamma_small_shape", dist::gamma(0.4, 2)},
      ContinuousCase{"gamma", dist::gamma(3.5, 10)},
      ContinuousCase{"beta_u_shaped", dist::beta(0.5, 0.5)},
      ContinuousCase{"beta", dist::beta(2, 5)},
      ContinuousCase{"triangular", dist::triangular(1, 2, 6)},
      ContinuousCase{"pert", dist::pert(1, 2, 6)},
      ContinuousCase{"mixture",
                     dist::mixture({dist::normal(0, 1), dist::lognormal(1, 0.5)}, {0.3, 0.7})},
      // Bounds on any family (low/high): exact truncation, and the clamp of negligible mass.
      ContinuousCase{"bounded_lognormal",
                     dist::truncated(dist::lognormal(std::log(19), 1.47), 1, 1000)},
      ContinuousCase{"bounded_gamma_below", dist::truncated(dist::gamma(3.5, 10), 20, INFINITY)},
      ContinuousCase{"clamped_normal", dist::clamped(dist::normal(3, 2), -20, 30)}};
}

INSTANTIATE_TEST_SUITE_P(Distributions, ContinuousFamilies, ::testing::ValuesIn(continuous_cases()),
                         [](const auto& info) { return info.param.label; });

// The moment check needs a finite fourth moment: the Pareto with shape 1.3 has not even a finite
// variance, so it is left out here (its sampler is checked by the KS test above).
std::vector<ContinuousCase> finite_moment_cases() {
  std::vector<ContinuousCase> cases;
  for (auto& c : continuous_cases())
    if (std::isfinite(dist::variance(c.distribution))) cases.push_back(c);
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Distributions, FiniteMomentFamilies,
                         ::testing::ValuesIn(finite_moment_cases()),
                         [](const auto& info) { return info.param.label; });

// Pearson chi-square over the support points of a discrete distribution, tail points pooled so
// that every cell expects at least 5 (the usual validity rule). Significance 0.001.
void expect_discrete_fit(const dist::Distribution& d, std::uint64_t seed) {
  // Cells are runs of support points [.., upper]; the first takes everything below, the last
  // everything above.
  std::vector<double> uppers;
  const double low = dist::quantile(d, 1e-9), high = dist::quantile(d, 1 - 1e-9);
  double cell_start_cdf = 0;
  for (double k = low; k <= high; k += 1) {
    if ((dist::cdf(d, k) - cell_start_cdf) * kSamples >= 5 &&
        (1 - dist::cdf(d, k)) * kSamples >= 5) {
      uppers.push_back(k);
      cell_start_cdf = dist::cdf(d, k);
    }
  }
  uppers.push_back(INFINITY);
  std::vector<double> expected(uppers.size()), observed(uppers.size(), 0);
  double previous = 0;
  for (std::size_t i = 0; i < uppers.size(); ++i) {
    const double c = std::isfinite(uppers[i]) ? dist::cdf(d, uppers[i]) : 1.0;
    expected[i] = (c - previous) * kSamples;
    previous = c;
  }
  for (double v : draw(d, kSamples, seed))
    observed[std::lower_bound(uppers.begin(), uppers.end(), v) - uppers.begin()] += 1;
  double chi2 = 0;
  for (std::size_t i = 0; i < expected.size(); ++i)
    chi2 += std::pow(observed[i] - expected[i], 2) / expected[i];
  const double dof = static_cast<double>(expected.size() - 1);
  ASSERT_GE(dof, 1);
  const double critical =
      boost::math::quantile(boost::math::chi_squared_distribution<double>(dof), 0.999);
  EXPECT_LT(chi2, critical) << dist::describe(d) << " with " << dof << " degrees of freedom";
}

TEST(DiscreteFamilies, PoissonSmallMean) { expect_discrete_fit(dist::poisson(3.2), 1); }
TEST(DiscreteFamilies, ZeroTruncatedPoisson) {
  expect_discrete_fit(dist::truncated(dist::poisson(2), 1, INFINITY), 4);
}
TEST(DiscreteFamilies, PoissonLargeMean) { expect_discrete_fit(dist::poisson(57.5), 2); }
TEST(DiscreteFamilies, PoissonVeryLargeMean) { expect_discrete_fit(dist::poisson(4000), 3); }
TEST(DiscreteFamilies, Empirical) {
  expect_discrete_fit(dist::empirical({5, 1, 3, 2}, {0.1, 0.4, 0.3, 0.2}), 4);
}

TEST(DiscreteFamilies, BernoulliFrequencyWithinFiveStandardErrors) {
  const auto values = draw(dist::bernoulli(0.3), kSamples, 5);
  const double ones = std::count(values.begin(), values.end(), 1.0);
  EXPECT_NEAR(ones / kSamples, 0.3, 5 * std::sqrt(0.3 * 0.7 / kSamples));
  EXPECT_EQ(std::count(values.begin(), values.end(), 0.0) + ones, kSamples);
}

TEST(DiscreteFamilies, QuantileInvertsCdfAtSupportPoints) {
  const auto poisson = dist::poisson(6);
  for (double k = 0; k < 25; ++k) EXPECT_EQ(dist::quantile(poisson, dist::cdf(poisson, k)), k);
  const auto empirical = dist::empirical({10, 20, 30}, {1, 2, 1});
  EXPECT_DOUBLE_EQ(dist::cdf(empirical, 20), 0.75);
  EXPECT_EQ(dist::quantile(empirical, 0.75), 20);
  EXPECT_EQ(dist::quantile(empirical, 0.76), 30);
}

// Zero-inflated: the share of zeros within 5 standard errors of p_zero, and the non-zero part
// follows the base (KS at 0.001 on the non-zero samples).
TEST(ZeroInflated, ZerosAndBase) {
  const auto base = dist::lognormal(0, 1);
  const auto d = dist::zero_inflated(0.35, base);
  const auto values = draw(d, kSamples, 6);
  std::vector<double> positive;
  for (double v : values)
    if (v != 0) positive.push_back(v);
  const double zero_share = 1 - static_cast<double>(positive.size()) / kSamples;
  EXPECT_NEAR(zero_share, 0.35, 5 * std::sqrt(0.35 * 0.65 / kSamples));
  EXPECT_LT(ks_statistic(positive, base), 1.9495 / std::sqrt(positive.size()));
  EXPECT_NEAR(dist::cdf(d, 0), 0.35, 1e-15);
  EXPECT_EQ(dist::quantile(d, 0.2), 0);
  EXPECT_NEAR(dist::quantile(d, 0.35 + 0.65 * 0.5), 1.0, 1e-9);  // base median
  EXPECT_DOUBLE_EQ(dist::mean(d), 0.65 * std::exp(0.5));
}

TEST(Constant, AlwaysItsValueAndUsesNoDraws) {
  DrawSequence source(1, {0, 0, 0, 0});
  EXPECT_EQ(dist::sample(dist::constant(7.5), source), 7.5);
  EXPECT_EQ(source.draws_taken(), 0u);
  EXPECT_EQ(dist::cdf(dist::constant(7.5), 7.4), 0);
  EXPECT_EQ(dist::cdf(dist::constant(7.5), 7.5), 1);
}

// ---- alternative parametrisations hit what they were given -----------------------------------

TEST(Parametrisations, LognormalFromTwoQuantiles) {
  const auto d = dist::lognormal_from_quantiles({0.5, 525}, {0.9, 700});
  EXPECT_NEAR(dist::quantile(d, 0.5), 525, 1e-9);
  EXPECT_NEAR(dist::quantile(d, 0.9), 700, 1e-9);
  const auto e = dist::lognormal_from_quantiles({0.9, 700}, {0.1, 401});  // any order
  EXPECT_NEAR(dist::quantile(e, 0.1), 401, 1e-9);
  EXPECT_NEAR(dist::quantile(e, 0.9), 700, 1e-9);
}

TEST(Parametrisations, LognormalFromMedianAndExceedance) {
  // docs/calibration.md: median $19 and P(E > $100) = 0.13 give sigma about 1.47 and a mean near
  // $56.
  const auto d = dist::lognormal_from_median_and_exceedance(19, 100, 0.13);
  EXPECT_NEAR(dist::quantile(d, 0.5), 19, 1e-12);
  EXPECT_NEAR(1 - dist::cdf(d, 100), 0.13, 1e-12);
  EXPECT_NEAR(std::get<dist::Lognormal>(d.family()).sigma, 1.47, 0.01);
  EXPECT_NEAR(dist::mean(d), 56, 1.0);
}

TEST(Parametrisations, LognormalFromQuantileAndSigma) {
  const auto d = dist::lognormal_from_quantile_and_sigma({0.5, 2.3}, 0.7);
  EXPECT_NEAR(dist::quantile(d, 0.5), 2.3, 1e-12);
  EXPECT_EQ(std::get<dist::Lognormal>(d.family()).sigma, 0.7);
  const auto p90 = dist::lognormal_from_quantile_and_sigma({0.9, 700}, 0.22);
  EXPECT_NEAR(dist::quantile(p90, 0.9), 700, 1e-9);
}

TEST(Parametrisations, BetaAndGammaFromMeanAndSd) {
  const auto b = dist::beta_from_mean_sd(0.05, 0.02);
  const auto& beta = std::get<dist::Beta>(b.family());
  const double s = beta.alpha + beta.beta;
  EXPECT_NEAR(dist::mean(b), 0.05, 1e-15);
  EXPECT_NEAR(std::sqrt(beta.alpha * beta.beta / (s * s * (s + 1))), 0.02, 1e-15);
  const auto g = dist::gamma_from_mean_sd(8, 2);
  const auto& gamma = std::get<dist::Gamma>(g.family());
  EXPECT_NEAR(dist::mean(g), 8, 1e-12);
  EXPECT_NEAR(std::sqrt(gamma.shape) * gamma.scale, 2, 1e-12);
}

// ---- validation names the bad value and what is allowed ------------------------------------

template <class F>
std::string invalid_message(F make) {
  try {
    make();
  } catch (const InvalidParameter& error) {
    return error.field() + ": " + error.what();
  }
  return "(no error)";
}

TEST(Validation, MessagesNameValueAndAllowedRange) {
  EXPECT_EQ(invalid_message([] { dist::lognormal(1, -0.3); }),
            "sigma: sigma = -0.3 is out of range; allowed: sigma > 0");
  EXPECT_EQ(invalid_message([] { dist::normal(NAN, 1); }),
            "mean: mean = nan is not allowed; it must be a finite number");
  EXPECT_EQ(invalid_message([] { dist::uniform(3, 1); }),
            "high: high = 1 is out of range; allowed: high > low (low = 3)");
  EXPECT_EQ(invalid_message([] { dist::bernoulli(1.5); }),
            "p: p = 1.5 is out of range; allowed: 0 <= p <= 1");
  EXPECT_EQ(invalid_message([] { dist::triangular(0, 5, 4); }),
            "mode: mode = 5 is out of range; allowed: low <= mode <= high (0 to 4)");
  EXPECT_EQ(invalid_message([] { dist::beta_from_mean_sd(0.5, 0.6); }),
            "sd: sd = 0.6 is out of range; with mean 0.5 a beta's sd must be in (0, 0.5)");
  EXPECT_EQ(invalid_message([] {
              dist::empirical({1, 2}, {1, -1});
            }),
            "weights: weight -1 is not allowed; weights must be finite and >= 0");
  EXPECT_EQ(invalid_message([] {
              dist::lognormal_from_quantiles({0.5, 700}, {0.9, 525});
            }),
            "quantile: quantile = 525 (the quantile at 0.9) must be above quantile = 700 (the "
            "quantile at 0.5)");
}

// ---- parsing from a scenario file ------------------------------------------------------------

dist::Distribution parse(const std::string& value) {
  const toml::table table =
      toml::parse(std::string_view("x = " + value + "\n"), std::string_view("t.toml"));
  return dist::parse_distribution(*table.get("x"), "s.x");
}

std::string parse_error(const std::string& value) {
  try {
    parse(value);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(Parse, BareNumberIsAConstant) {
  EXPECT_EQ(dist::describe(parse("42")), "42");
  EXPECT_EQ(dist::describe(parse("0.25")), "0.25");
}

TEST(Parse, EveryFamily) {
  EXPECT_EQ(dist::family_name(parse("{ dist = \"lognormal\", median = 19, exceed = [100, 0.13] }")),
            "lognormal");
  EXPECT_NEAR(dist::quantile(parse("{ dist = \"lognormal\", p50 = 525, p90 = 700 }"), 0.9), 700,
              1e-9);
  EXPECT_NEAR(dist::quantile(parse("{ dist = \"lognormal\", p10 = 401, median = 570 }"), 0.1), 401,
              1e-9);
  EXPECT_NEAR(dist::quantile(parse("{ dist = \"lognormal\", median = 4, sigma = 0.35 }"), 0.5), 4,
              1e-12);
  EXPECT_EQ(dist::describe(parse("{ dist = \"lognormal\", mu = 0, sigma = 1 }")),
            "lognormal(mu=0, sigma=1; median=1)");
  EXPECT_NEAR(dist::mean(parse("{ dist = \"beta\", mean = 0.05, sd = 0.02 }")), 0.05, 1e-15);
  EXPECT_EQ(dist::describe(parse("{ dist = \"beta\", alpha = 2, beta = 3 }")),
            "beta(alpha=2, beta=3)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"gamma\", shape = 2, scale = 3 }")),
            "gamma(shape=2, scale=3)");
  EXPECT_NEAR(dist::mean(parse("{ dist = \"gamma\", mean = 6, sd = 2 }")), 6, 1e-12);
  EXPECT_EQ(dist::describe(parse("{ dist = \"normal\", mean = 0.03, sd = 0.01 }")),
            "normal(mean=0.03, sd=0.01)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"uniform\", low = 1, high = 2 }")),
            "uniform(low=1, high=2)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"truncated_normal\", mean = 0, sd = 1, low = 0 }")),
            "truncated_normal(mean=0, sd=1, low=0, high=inf)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"pareto\", scale = 1, shape = 2 }")),
            "pareto(scale=1, shape=2)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"poisson\", mean = 3 }")), "poisson(mean=3)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"bernoulli\", p = 0.2 }")), "bernoulli(p=0.2)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"triangular\", low = 1, mode = 2, high = 5 }")),
            "triangular(low=1, mode=2, high=5)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"pert\", low = 1, mode = 2, high = 5 }")),
            "pert(low=1, mode=2, high=5)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"empirical\", values = [3, 1, 2] }")),
            "empirical(3 values from 1 to 3)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"mixture\", components = [1, { dist = \"normal\", "
                                 "mean = 5, sd = 1 }], weights = [1, 3] }")),
            "mixture(0.25: 1, 0.75: normal(mean=5, sd=1))");
  EXPECT_EQ(dist::describe(parse("{ dist = \"zero_inflated\", p_zero = 0.3, base = 2 }")),
            "zero_inflated(p_zero=0.3, base=2)");
  EXPECT_EQ(dist::describe(parse("{ dist = \"constant\", value = 9 }")), "9");
}

TEST(Parse, ErrorsPointAtTheFieldWithSuggestions) {
  EXPECT_EQ(parse_error("{ dist = \"lognormal\", median = 19, sigam = 1 }"),
            "t.toml:1:40: s.x.sigam: 'sigam' is not a field of a lognormal distribution (did you "
            "mean 'sigma'?); allowed: mu, sigma, median, exceed, p<percent> (e.g. p90), low, high");
  EXPECT_EQ(parse_error("{ dist = \"lognormla\", median = 19, sigma = 1 }"),
            "t.toml:1:14: s.x.dist: unknown distribution 'lognormla' (did you mean "
            "'lognormal'?); allowed: 'bernoulli', 'beta', 'constant', 'empirical', 'gamma', "
            "'lognormal', 'mixture', 'normal', 'pareto', 'pert', 'poisson', 'triangular', "
            "'truncated_normal', 'uniform' or 'zero_inflated'");
  EXPECT_EQ(parse_error("{ dist = \"lognormal\", median = 19, sigma = -1 }"),
            "t.toml:1:48: s.x.sigma: sigma = -1 is out of range; allowed: sigma > 0");
  EXPECT_EQ(parse_error("{ dist = \"normal\", mean = \"high\", sd = 1 }"),
            "t.toml:1:31: s.x.mean: expected a number, found a string");
  EXPECT_EQ(parse_error("{ dist = \"normal\", mean = 1 }"),
            "t.toml:1:5: s.x: a normal needs the field 'sd'");
  EXPECT_EQ(parse_error("\"lots\""),
            "t.toml:1:5: s.x: expected a number or a distribution such as { dist = "
            "\"lognormal\", median = 19, sigma = 1.5 }; found a string");
  EXPECT_EQ(parse_error("nan"),
            "t.toml:1:5: s.x: value = nan is not allowed; it must be a finite number");
  EXPECT_EQ(parse_error("{ dist = \"lognormal\", median = 19 }"),
            "t.toml:1:5: s.x: a lognormal needs (mu, sigma), (median, sigma), two quantiles such "
            "as p50 and p90, or median and exceed = [x, P(X > x)]; found 1 quantile "
            "statement(s)");
  EXPECT_EQ(parse_error("{ dist = \"lognormal\", median = 19, exceed = [100, 1.3] }"),
            "t.toml:1:49: s.x.exceed: exceedance probability 1.3 is out of range; allowed: "
            "strictly between 0 and 1");
}

}  // namespace

namespace {

// Bounds (`low`, `high`) on a family without them, against answers that do not use the
// truncation code: the truncated_normal family's own formulas, and closed forms.
TEST(Bounds, TruncatedNormalAgreesWithItsOwnFamily) {
  const auto bounded = dist::truncated(dist::normal(12000, 15000), 0, INFINITY);
  const auto reference = dist::truncated_normal(12000, 15000, 0, INFINITY);
  // Closed form: mu + sigma phi(a) / (1 - Phi(a)) with a = -0.8: 12000 + 15000 x 0.367647.
  const double a = -0.8;
  const double phi = std::exp(-a * a / 2) / std::sqrt(2 * M_PI);
  const double tail = 0.5 * std::erfc(a / std::sqrt(2.0));
  EXPECT_NEAR(dist::mean(bounded), 12000 + 15000 * phi / tail, 1e-6 * 17500);
  EXPECT_NEAR(dist::mean(bounded), dist::mean(reference), 1e-6 * 17500);
  EXPECT_NEAR(dist::variance(bounded), dist::variance(reference), 1e-6 * dist::variance(reference));
  for (double p : {0.001, 0.1, 0.5, 0.9, 0.999})
    EXPECT_NEAR(dist::quantile(bounded, p), dist::quantile(reference, p), 1e-6 * 17500) << p;
  for (double x : {0.0, 1000.0, 20000.0, 60000.0})
    EXPECT_NEAR(dist::cdf(bounded, x), dist::cdf(reference, x), 1e-12) << x;
  EXPECT_EQ(dist::support(bounded).first, 0);
}

// Zero-truncated Poisson: mean lambda / (1 - e^-lambda), no zero ever drawn; the frequency of 1
// within 5 standard errors of lambda e^-lambda / (1 - e^-lambda).
TEST(Bounds, ZeroTruncatedPoissonClosedForm) {
  const double lambda = 2;
  const auto d = dist::truncated(dist::poisson(lambda), 1, INFINITY);
  EXPECT_NEAR(dist::mean(d), lambda / (1 - std::exp(-lambda)), 1e-6);
  const auto values = draw(d, kSamples, 99);
  const double p1 = lambda * std::exp(-lambda) / (1 - std::exp(-lambda));
  double ones = 0;
  for (double v : values) {
    ASSERT_GE(v, 1);
    ones += v == 1;
  }
  EXPECT_NEAR(ones / kSamples, p1, 5 * std::sqrt(p1 * (1 - p1) / kSamples));
}

// The clamp keeps the base's draws bit for bit (a default written out gives the same numbers),
// by one uniform source or by normal scores, and moves only what falls outside.
TEST(Bounds, ClampKeepsTheBaseDrawsBitForBit) {
  const auto base = dist::normal(0.03, 0.01);
  const auto clamped = dist::clamped(base, -1, INFINITY);
  EXPECT_TRUE(dist::samples_by_normal_score(clamped));
  EXPECT_EQ(draw(clamped, 10000, 5), draw(base, 10000, 5));
  for (double z : {-6.5, -1.0, 0.0, 2.5})
    EXPECT_EQ(dist::from_normal_score(clamped, z), dist::from_normal_score(base, z));
  const auto tight = dist::clamped(base, 0.02, 0.04);
  for (double v : draw(tight, 10000, 5)) {
    EXPECT_GE(v, 0.02);
    EXPECT_LE(v, 0.04);
  }
}

TEST(Bounds, RefusedWhereTheyHoldAlmostNothingOrAreReversed) {
  EXPECT_THROW(dist::truncated(dist::normal(0, 1), 10, INFINITY), InvalidParameter);
  EXPECT_THROW(dist::truncated(dist::normal(0, 1), 2, 1), InvalidParameter);
  EXPECT_EQ(parse_error("{ dist = \"normal\", mean = 0, sd = 1, low = 2, high = 1 }"),
            "t.toml:1:58: s.x.high: 1 is not above low = 2; allowed: high > low");
  EXPECT_EQ(dist::describe(parse("{ dist = \"gamma\", shape = 2, scale = 3, high = 50 }")),
            "gamma(shape=2, scale=3) within [0, 50]");
}

}  // namespace
