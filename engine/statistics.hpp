#pragma once
// Estimates with confidence intervals. Percentile intervals are distribution-free: a pair of
// order statistics whose ranks come from the binomial distribution of the number of samples
// below the true quantile.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "engine/radix_sort.hpp"

namespace incomesim::engine {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct Estimate {
  double value = kNoValue;
  double ci_low = kNoValue;
  double ci_high = kNoValue;
};

// 1-based ranks (l, u) such that [X(l), X(u)] covers the p-quantile with probability at least
// `confidence` (when 1 <= l and u <= n; otherwise clamped to the sample's extremes).
std::pair<std::uint64_t, std::uint64_t> order_statistic_ranks(std::uint64_t n, double p,
                                                              double confidence);

// The p-quantile of a sorted sample (linear interpolation between order statistics, numpy's
// default, "type 7"), with the order-statistic confidence interval.
Estimate percentile(std::span<const float> sorted, double p, double confidence = 0.95);

// A proportion successes/n with the Wilson score interval.
Estimate proportion(std::uint64_t successes, std::uint64_t n, double confidence = 0.95);

// Mean of the worst `fraction` of a sorted sample: the lowest ceil(fraction * n) values.
double expected_shortfall(std::span<const float> sorted, double fraction = 0.05);
// The same with a normal interval from its asymptotic variance: with a = fraction, q the
// a-quantile and ES the mean below it, n var(ES) -> [var(X | X <= q) + (1 - a)(ES - q)^2] / a
// (the variance of ES's influence function, (x - q) 1{x <= q} / a + q - ES). No interval below
// two tail values.
Estimate expected_shortfall_estimate(std::span<const float> sorted, double fraction,
                                     double confidence);

// Two-sided standard normal critical value, e.g. 1.96 for 0.95.
double normal_critical_value(double confidence);

// Twice the mid-ranks of `values` (ranks 0 .. n-1, ties sharing the mean of their ranks, no
// NaN), given their stable ascending order (radix_argsort): twice a mid-rank is a whole number,
// held in 32 bits, half the memory of a double (n below 2^31).
template <class T>
std::vector<std::uint32_t> doubled_mid_ranks(std::span<const T> values,
                                             const std::vector<std::uint32_t>& order) {
  if (values.size() > (std::size_t{1} << 31))
    throw std::length_error("doubled_mid_ranks: more than 2^31 values");
  std::vector<std::uint32_t> doubled(values.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const auto twice_mid = static_cast<std::uint32_t>(start + end - 1);
    for (std::size_t k = start; k < end; ++k) doubled[order[k]] = twice_mid;
    start = end;
  }
  return doubled;
}

// Ranks 0 .. n-1, ties sharing the mean of their ranks (no NaN).
template <class T>
std::vector<double> mid_ranks(std::span<const T> values) {
  const std::vector<std::uint32_t> doubled = doubled_mid_ranks(values, radix_argsort(values));
  std::vector<double> ranks(doubled.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) ranks[i] = 0.5 * doubled[i];
  return ranks;
}

// Spearman's rank correlation (Pearson's on mid-ranks); NaN when either sample is constant.
double spearman(std::span<const double> x, std::span<const double> y);

}  // namespace incomesim::engine
