#include "engine/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

namespace incomesim::engine {

double normal_critical_value(double confidence) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2);
}

namespace {

std::pair<std::uint64_t, std::uint64_t> exact_order_statistic_ranks(std::uint64_t n, double p,
                                                                    double confidence) {
  // B = #{samples below the quantile} ~ Binomial(n, p). P(X(l) <= q) = P(B >= l) and
  // P(X(u) >= q) = P(B <= u - 1). Choose the largest l with P(B <= l - 1) <= alpha/2 and the
  // smallest u with P(B <= u - 1) >= 1 - alpha/2; coverage is then at least 1 - alpha.
  const double tail = (1 - confidence) / 2;
  const boost::math::binomial_distribution<double> b(static_cast<double>(n), p);
  auto cdf = [&](double k) { return k < 0 ? 0.0 : boost::math::cdf(b, std::min(k, double(n))); };

  const double sd = std::sqrt(n * p * (1 - p));
  const double z = normal_critical_value(confidence);
  // Start from the normal approximation, then step to the exact boundary.
  double lower = std::floor(n * p - z * sd);
  lower = std::clamp(lower, -1.0, static_cast<double>(n));
  while (lower >= 0 && cdf(lower) > tail) --lower;
  while (lower + 1 <= n && cdf(lower + 1) <= tail) ++lower;
  double upper = std::ceil(n * p + z * sd);
  upper = std::clamp(upper, 0.0, static_cast<double>(n));
  while (upper > 0 && cdf(upper - 1) >= 1 - tail) --upper;
  while (upper < n && cdf(upper) < 1 - tail) ++upper;

  // lower is the largest k with P(B <= k) <= tail, so l = lower + 1; upper is the smallest j
  // with P(B <= j) >= 1 - tail, so u = upper + 1.
  const std::uint64_t l = static_cast<std::uint64_t>(std::max(lower + 1, 1.0));
  const std::uint64_t u = static_cast<std::uint64_t>(std::min(upper + 1, double(n)));
  return {l, u};
}

}  // namespace

std::pair<std::uint64_t, std::uint64_t> order_statistic_ranks(std::uint64_t n, double p,
                                                              double confidence) {
  // Every series and period of a run asks for the same few (n, p): remembered per thread, since
  // each answer takes several binomial cdfs in extended precision (3% of a whole run).
  struct Known {
    std::uint64_t n;
    double p, confidence;
    std::pair<std::uint64_t, std::uint64_t> ranks;
  };
  thread_local std::vector<Known> known;
  for (const Known& k : known)
    if (k.n == n && k.p == p && k.confidence == confidence) return k.ranks;
  if (known.size() >= 64) known.clear();  // a bound, not a policy: runs ask for about ten
  known.push_back({n, p, confidence, exact_order_statistic_ranks(n, p, confidence)});
  return known.back().ranks;
}

Estimate percentile(std::span<const float> sorted, double p, double confidence) {
  Estimate estimate;
  const std::size_t n = sorted.size();
  if (n == 0) return estimate;
  const double position = p * static_cast<double>(n - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, n - 1);
  const double weight = position - static_cast<double>(below);
  estimate.value = static_cast<double>(sorted[below]) +
                   weight * (static_cast<double>(sorted[above]) - sorted[below]);
  const auto [l, u] = order_statistic_ranks(n, p, confidence);
  estimate.ci_low = sorted[l - 1];
  estimate.ci_high = sorted[u - 1];
  return estimate;
}

Estimate proportion(std::uint64_t successes, std::uint64_t n, double confidence) {
  Estimate estimate;
  if (n == 0) return estimate;
  const double z = normal_critical_value(confidence);
  const double nn = static_cast<double>(n);
  const double phat = static_cast<double>(successes) / nn;
  const double denominator = 1 + z * z / nn;
  const double centre = (phat + z * z / (2 * nn)) / denominator;
  const double half = z * std::sqrt(phat * (1 - phat) / nn + z * z / (4 * nn * nn)) / denominator;
  estimate.value = phat;
  estimate.ci_low = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  estimate.ci_high = successes == n ? 1.0 : std::min(1.0, centre + half);
  return estimate;
}

double spearman(std::span<const double> x, std::span<const double> y) {
  const auto rx = mid_ranks(x), ry = mid_ranks(y);
  const double n = static_cast<double>(rx.size());
  double mean_x = 0, mean_y = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    mean_x += rx[i];
    mean_y += ry[i];
  }
  mean_x /= n;
  mean_y /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mean_x) * (ry[i] - mean_y);
    sxx += (rx[i] - mean_x) * (rx[i] - mean_x);
    syy += (ry[i] - mean_y) * (ry[i] - mean_y);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : kNoValue;
}

double expected_shortfall(std::span<const float> sorted, double fraction) {
  if (sorted.empty()) return kNoValue;
  const std::size_t count = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size()))));
  double sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum += sorted[i];
  return sum / static_cast<double>(count);
}

Estimate expected_shortfall_estimate(std::span<const float> sorted, double fraction,
                                     double confidence) {
  const double shortfall = expected_shortfall(sorted, fraction);
  if (sorted.empty()) return {};
  const std::size_t count = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size()))));
  if (count < 2) return {shortfall, kNoValue, kNoValue};
  double squares = 0;
  for (std::size_t i = 0; i < count; ++i)
    squares += (sorted[i] - shortfall) * (static_cast<double>(sorted[i]) - shortfall);
  const double tail_variance = squares / static_cast<double>(count - 1);
  const double quantile = sorted[count - 1];
  const double n = static_cast<double>(sorted.size());
  const double a = static_cast<double>(count) / n;
  const double gap = shortfall - quantile;
  const double se = std::sqrt((tail_variance + (1 - a) * gap * gap) / a / n);
  const double half = normal_critical_value(confidence) * se;
  return {shortfall, shortfall - half, shortfall + half};
}

}  // namespace incomesim::engine
