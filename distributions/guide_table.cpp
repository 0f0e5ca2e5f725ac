#include "distributions/guide_table.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

namespace {

// As many buckets as entries, rounded up to a power of two (so that u * buckets is exact).
std::size_t bucket_count(std::size_t entries) {
  std::size_t buckets = 1;
  while (buckets < entries) buckets *= 2;
  return buckets;
}

// Cumulative probabilities of a pmf given as weights at 0 .. K - 1 (not yet normalised), cut
// where the remaining tail is below half a 53-bit uniform's resolution and closed with 1: the
// tail that is cut is smaller than the mass of any one uniform value.
std::vector<double> closed_cumulative(const std::vector<double>& weights) {
  double total = 0;
  for (const double w : weights) total += w;
  std::vector<double> cumulative;
  cumulative.reserve(weights.size());
  double running = 0;
  for (const double w : weights) {
    running += w / total;
    if (running >= 1 - 0x1p-54) break;
    cumulative.push_back(running);
  }
  cumulative.push_back(1.0);
  return cumulative;
}

// Weights of a unimodal pmf from its mode outwards (ln k! from detail::log_factorial: std::lgamma
// writes the global signgam, a data race when two threads build tables): pmf(mode) =
// exp(log_at_mode), and up(k) = pmf(k + 1) / pmf(k), down(k) = pmf(k - 1) / pmf(k). Products of
// ratios, never a difference, so no entry loses precision; entries far out underflow harmlessly to
// 0.
template <class Up, class Down>
std::vector<double> weights_from_mode(std::size_t size, std::size_t mode, double log_at_mode, Up up,
                                      Down down) {
  std::vector<double> weights(size, 0.0);
  weights[mode] = std::exp(log_at_mode);
  for (std::size_t k = mode; k + 1 < size; ++k) weights[k + 1] = weights[k] * up(k);
  for (std::size_t k = mode; k > 0; --k) weights[k - 1] = weights[k] * down(k);
  return weights;
}

}  // namespace

GuideTable::GuideTable(std::vector<double> cumulative) : cumulative_(std::move(cumulative)) {
  if (cumulative_.empty() || cumulative_.back() != 1.0)
    throw std::invalid_argument("a guide table needs cumulative probabilities ending at 1");
  guide_.resize(bucket_count(cumulative_.size()));
  std::size_t k = 0;
  for (std::size_t bucket = 0; bucket < guide_.size(); ++bucket) {
    const double start = static_cast<double>(bucket) / static_cast<double>(guide_.size());
    while (cumulative_[k] <= start) ++k;
    guide_[bucket] = static_cast<std::uint32_t>(k);
  }
}

GuideTable poisson_table(double mean) {
  if (!(mean > 0) || mean > kMaxTabledPoissonMean)
    throw std::invalid_argument("poisson_table: mean out of range");
  // Beyond mean + 40 sd (and 40 more for small means) the tail is below 1e-300.
  const auto size = static_cast<std::size_t>(mean + 40 * std::sqrt(mean) + 40);
  const auto mode = static_cast<std::size_t>(std::floor(mean));
  const double m = static_cast<double>(mode);
  const double log_at_mode = -mean + m * std::log(mean) - detail::log_factorial(m);
  return GuideTable(closed_cumulative(weights_from_mode(
      size, mode, log_at_mode, [mean](std::size_t k) { return mean / static_cast<double>(k + 1); },
      [mean](std::size_t k) { return static_cast<double>(k) / mean; })));
}

GuideTable binomial_table(std::int64_t trials, double p) {
  if (trials < 1 || trials > kMaxTabledBinomialTrials || !(p > 0) || !(p < 1))
    throw std::invalid_argument("binomial_table: parameters out of range");
  const double n = static_cast<double>(trials);
  const double q = 1 - p;
  const auto mode = static_cast<std::size_t>(std::floor((n + 1) * p));
  const double m = std::min(static_cast<double>(mode), n);
  const double log_at_mode = detail::log_factorial(n) - detail::log_factorial(m) -
                             detail::log_factorial(n - m) + m * std::log(p) +
                             (n - m) * std::log1p(-p);
  return GuideTable(closed_cumulative(weights_from_mode(
      static_cast<std::size_t>(trials) + 1, static_cast<std::size_t>(m), log_at_mode,
      [n, p, q](std::size_t k) {
        const double kd = static_cast<double>(k);
        return (n - kd) / (kd + 1) * (p / q);
      },
      [n, p, q](std::size_t k) {
        const double kd = static_cast<double>(k);
        return kd / (n - kd + 1) * (q / p);
      })));
}

}  // namespace incomesim::dist
