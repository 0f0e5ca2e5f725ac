#pragma once
// Parameterised distributions as values: one family per file (distributions/families/), each
// with its sampler, cdf, quantile, moments and description; a Distribution holds one of them and
// the functions below dispatch to it. Knows nothing of income.
#include <cmath>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "distributions/families/bernoulli.hpp"
#include "distributions/families/beta.hpp"
#include "distributions/families/constant.hpp"
#include "distributions/families/empirical.hpp"
#include "distributions/families/gamma.hpp"
#include "distributions/families/lognormal.hpp"
#include "distributions/families/mixture.hpp"
#include "distributions/families/normal.hpp"
#include "distributions/families/pareto.hpp"
#include "distributions/families/pert.hpp"
#include "distributions/families/poisson.hpp"
#include "distributions/families/triangular.hpp"
#include "distributions/families/truncated.hpp"
#include "distributions/families/truncated_normal.hpp"
#include "distributions/families/uniform.hpp"
#include "distributions/families/zero_inflated.hpp"
#include "distributions/samplers.hpp"

namespace incomesim::dist {

class Distribution {
 public:
  using Family = std::variant<Constant, Uniform, Normal, TruncatedNormal, Lognormal, Pareto, Gamma,
                              Beta, Poisson, Bernoulli, Triangular, Pert, Empirical, Mixture,
                              ZeroInflated, Truncated>;

  Distribution() : family_(Constant{0.0}) {}
  // Constructors validate; the factories below are the way to build one.
  template <class F>
  explicit Distribution(F family) : family_(std::move(family)) {}

  const Family& family() const { return family_; }
  bool is_constant() const { return std::holds_alternative<Constant>(family_); }

 private:
  Family family_;
};

// Factories: each validates its parameters and throws InvalidParameter naming the field, the
// bad value and what is allowed.
Distribution constant(double value);
Distribution uniform(double low, double high);
Distribution normal(double mean, double sd);
Distribution truncated_normal(double mean, double sd, double low, double high);
Distribution lognormal(double mu, double sigma);
Distribution pareto(double scale, double shape);
Distribution gamma(double shape, double scale);
Distribution beta(double alpha, double beta);
Distribution poisson(double mean);
Distribution bernoulli(double p);
Distribution triangular(double low, double mode, double high);
Distribution pert(double low, double mode, double high);
Distribution empirical(std::vector<double> values, std::vector<double> weights);
Distribution mixture(std::vector<Distribution> components, std::vector<double> weights);
Distribution zero_inflated(double p_zero, Distribution base);
// `base` conditioned on low <= X <= high (bounds may be infinite); the bounds must hold at least
// 1e-6 of its probability.
Distribution truncated(Distribution base, double low, double high);
// `base` drawn as itself and clamped into [low, high]: for a base whose mass outside is
// negligible (the caller checks), keeping its draws bit for bit (families/truncated.hpp).
Distribution clamped(Distribution base, double low, double high);

double cdf(const Distribution& d, double x);
double quantile(const Distribution& d, double p);  // p in [0, 1]
double mean(const Distribution& d);                // +inf where the mean does not exist
double variance(const Distribution& d);            // +inf where the variance does not exist
std::pair<double, double> support(const Distribution& d);
bool is_discrete(const Distribution& d);
std::string family_name(const Distribution& d);
std::string describe(const Distribution& d);  // e.g. "lognormal(mu=2.944, sigma=1.47)"

template <UniformSource U>
double sample(const Distribution& d, U& source) {
  return std::visit([&source](const auto& family) { return family.sample(source); }, d.family());
}

// The value whose normal score is z: quantile(d, Phi(z)), the marginal step of a Gaussian copula.
// Exact shortcuts for normal and lognormal avoid Phi and its inverse.
double from_normal_score(const Distribution& d, double z);

// Whether sample(d, source) is from_normal_score(d, z) of one Box-Muller normal z from the
// source's first two uniforms (normal, lognormal): such draws can be made for a block of trials
// at once from batched normals.
bool samples_by_normal_score(const Distribution& d);

namespace detail {
// A family's cdf anywhere: 0 below its support, 1 from its top, NaN at NaN.
template <class F>
double cdf_within_support(const F& family, double x) {
  if (std::isnan(x)) return x;
  const auto [low, high] = family.support();
  if (x < low) return 0.0;
  if (x >= high) return 1.0;
  return family.cdf(x);
}
}  // namespace detail

template <UniformSource U>
double Mixture::sample(U& source) const {
  const std::size_t k = detail::first_at_or_above(cumulative, source.uniform());
  return dist::sample(components[k], source);
}

template <UniformSource U>
double Truncated::sample(U& source) const {
  if (clamps) return clamp(dist::sample(*base, source));
  return quantile(source.uniform());
}

template <UniformSource U>
double ZeroInflated::sample(U& source) const {
  if (source.uniform() < p_zero) return 0.0;
  return dist::sample(*base, source);
}

}  // namespace incomesim::dist
