#pragma once
// Exact scalar samplers from any source of uniforms: the normal and gamma variates families are
// built on, and the Poisson and binomial counts of event processes. Knows nothing of income.
//
// Sampling algorithms are chosen so that one variate consumes a fixed, small number of uniforms
// where possible (Box-Muller normals, inversion), which keeps trials in a batch in step. Boost's
// gamma is replaced by Marsaglia-Tsang because it measured about 7x slower here (DESIGN.md), and
// its Poisson and binomial by the samplers below (see sample_poisson).
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <numbers>

namespace incomesim::dist {

// A source of independent uniforms: uniform() in the open interval (0, 1), bits32() raw bits.
template <class U>
concept UniformSource = requires(U& source) {
  { source.uniform() } -> std::same_as<double>;
  { source.bits32() } -> std::same_as<std::uint32_t>;
};

// ---- sampling -------------------------------------------------------------------------------

namespace detail {

// Box-Muller, cosine branch: exactly two uniforms per normal, so batched trials stay in step.
template <UniformSource U>
double standard_normal(U& source) {
  const double radius = std::sqrt(-2.0 * std::log(source.uniform()));
  return radius * std::cos(2.0 * std::numbers::pi * source.uniform());
}

// Marsaglia & Tsang (2000), with the shape < 1 boost x * U^(1/shape).
template <UniformSource U>
double standard_gamma(U& source, double shape) {
  if (shape < 1.0) {
    const double boost = std::pow(source.uniform(), 1.0 / shape);
    return standard_gamma(source, shape + 1.0) * boost;
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double z, v;
    do {
      z = standard_normal(source);
      v = 1.0 + c * z;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = source.uniform();
    if (u < 1.0 - 0.0331 * (z * z) * (z * z)) return d * v;
    if (std::log(u) < 0.5 * z * z + d * (1.0 - v + std::log(v))) return d * v;
  }
}

}  // namespace detail

// Counts for event processes. Exact samplers, cheap when the mean changes with every draw (as
// an audience's does): inversion below a mean of 10, and above it Hörmann's transformed
// rejection (PTRS for Poisson, BTRS for binomial; W. Hörmann, 1993), whose set-up is a square
// root and two divisions, with logarithms only on the rare slow path. Boost.Random has the same
// algorithms but derives every constant, logarithms included, when a distribution is built,
// which here is once per draw (25 ns a draw). The model draws counts in batches
// (batch_counts.hpp), which run these same steps across many lanes (docs/performance.md).
// Counts are capped at 1e15, far above any real count, so that sums of several stay within 64
// bits whatever the inputs.
inline constexpr double kMaxCount = 1e15;

namespace detail {

double log_factorial(double k);  // ln k!, from a table below 256
// The table: ln k! for k < kLogFactorialTableSize (std::lgamma), for the batched samplers.
inline constexpr std::size_t kLogFactorialTableSize = 256;
const double* log_factorial_table();

// Hörmann's PTRS, mean >= 10: two uniforms an attempt, accepted at once about 86% of the time.
template <UniformSource U>
double poisson_ptrs(double mean, U& source) {
  const double root = std::sqrt(mean);
  const double b = 0.931 + 2.53 * root;
  const double a = -0.059 + 0.02483 * b;
  const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double accept_at_once = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = source.uniform() - 0.5;
    const double v = source.uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= accept_at_once) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    // log(v) + log(1 / alpha) - log(hat), in the batch's form (batch_counts.cpp).
    if (std::log(v * inverse_alpha / (a / (us * us) + b)) <=
        -mean + k * std::log(mean) - log_factorial(k))
      return k;
  }
}

// Inversion by sequential search from 0, mean < 10: one uniform, about mean + 1 steps.
template <UniformSource U>
double poisson_inversion(double mean, U& source) {
  double u = source.uniform();
  double p = std::exp(-mean);
  double k = 0;
  // The search stops by 200 whatever u is: P(X > 200 | mean < 10) is below 1e-200.
  while (u > p && k < 200) {
    u -= p;
    // The batch's form (count_kernels.cpp), rounding included: the reciprocal of k + 1 is one
    // division shared by every lane of a batch, where a division per lane would bound its speed.
    p *= mean * (1 / (k + 1));
    ++k;
  }
  return k;
}

// Hörmann's BTRS, trials * p >= 10 with p <= 1/2.
template <UniformSource U>
double binomial_btrs(double trials, double p, U& source) {
  const double q = 1 - p;
  const double spread = std::sqrt(trials * p * q);
  const double b = 1.15 + 2.53 * spread;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = trials * p + 0.5;
  const double accept_at_once = 0.92 - 4.2 / b;
  for (;;) {
    const double u = source.uniform() - 0.5;
    double v = source.uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + c);
    if (k < 0 || k > trials) continue;
    if (us >= 0.07 && v <= accept_at_once) return k;
    const double alpha = (2.83 + 5.1 / b) * spread;
    const double mode = std::floor((trials + 1) * p);
    v = std::log(v * alpha / (a / (us * us) + b));  // the batch's form (batch_counts.cpp)
    const double bound = log_factorial(mode) + log_factorial(trials - mode) - log_factorial(k) -
                         log_factorial(trials - k) + (k - mode) * std::log(p / q);
    if (v <= bound) return k;
  }
}

// Inversion, trials * p < 10 with p <= 1/2: P(0) = q^n, P(k+1) = P(k) (n-k)/(k+1) p/q.
template <UniformSource U>
double binomial_inversion(double trials, double p, U& source) {
  const double odds = p / (1 - p);
  double u = source.uniform();
  double probability = std::exp(trials * std::log1p(-p));
  double k = 0;
  while (u > probability && k < trials) {
    u -= probability;
    probability *= (trials - k) * (1 / (k + 1)) * odds;  // the batch's form, as above
    ++k;
    if (probability == 0) break;  // rounding left u above the whole mass: k is already far out
  }
  return k;
}

}  // namespace detail

template <UniformSource U>
std::int64_t sample_poisson(double mean, U& source) {
  if (!(mean > 0)) return 0;  // also NaN
  // Above 1e12 the normal approximation N(mean, mean) is within 1e-6 in distribution
  // (Berry-Esseen, 1/sqrt(mean)) and keeps counts within 64 bits.
  if (mean > 1e12) {
    if (!std::isfinite(mean)) return static_cast<std::int64_t>(kMaxCount);
    const double draw = std::round(mean + std::sqrt(mean) * detail::standard_normal(source));
    return static_cast<std::int64_t>(std::clamp(draw, 0.0, kMaxCount));
  }
  const double k =
      mean < 10 ? detail::poisson_inversion(mean, source) : detail::poisson_ptrs(mean, source);
  return static_cast<std::int64_t>(k);
}

template <UniformSource U>
std::int64_t sample_binomial(std::int64_t trials, double p, U& source) {
  if (trials <= 0 || !(p > 0)) return 0;
  if (p >= 1) return trials;
  const double n = static_cast<double>(trials);
  const bool flipped = p > 0.5;  // count failures instead, so that p <= 1/2
  const double small_p = flipped ? 1 - p : p;
  const double k = n * small_p < 10 ? detail::binomial_inversion(n, small_p, source)
                                    : detail::binomial_btrs(n, small_p, source);
  const auto count = static_cast<std::int64_t>(k);
  return flipped ? trials - count : count;
}

}  // namespace incomesim::dist
