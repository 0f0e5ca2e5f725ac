#pragma once
// What the family files share: parameter checks whose errors name the field, the bad value and
// what is allowed; number text; a quantile found from a cdf alone. Internal to distributions/.
#include <boost/math/policies/policy.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace incomesim::dist::detail {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Discrete quantiles: the smallest x with cdf(x) >= p.
using RoundUpPolicy = boost::math::policies::policy<
    boost::math::policies::discrete_quantile<boost::math::policies::integer_round_up>>;

std::string num(double x);  // shortest round-trip text
// A value computed from the parameters (a lognormal's median, exp(mu)) to 15 significant digits,
// so that the computation's last-bit rounding (exp(log 5) = 4.999999999999999) does not show.
std::string derived_num(double x);
void require_finite(const char* field, double value);
void require_positive(const char* field, double value);
void require_probability(const char* field, double value);
// low < high, and low <= mode <= high, all finite (triangular, PERT).
void require_low_mode_high(double low, double mode, double high);
// Weights (finite, >= 0, not all 0; one per value) as cumulative probabilities ending at 1.
std::vector<double> normalised_cumulative(const std::vector<double>& weights, std::size_t count);
// The first index whose cumulative probability exceeds u; u in (0, 1) and back() == 1.
std::size_t first_at_or_above(const std::vector<double>& cumulative, double u);

// The quantile of a distribution known only through its cdf (within [low, high], which may be
// infinite): bracket, then bisect to the last bit. Bisection (not a faster solver) because
// mixtures may have steps.
template <class Cdf>
double numeric_quantile(const Cdf& cdf, double low, double high, double p) {
  if (!std::isfinite(low)) {
    low = -1;
    while (cdf(low) > p) low *= 2;
  }
  if (!std::isfinite(high)) {
    high = 1;
    while (cdf(high) < p) high *= 2;
  }
  auto above = [&](double x) { return cdf(x) >= p; };
  if (above(low)) return low;
  for (int i = 0; i < 200 && high - low > 0; ++i) {
    const double middle = low + (high - low) / 2;
    if (middle <= low || middle >= high) break;
    (above(middle) ? high : low) = middle;
  }
  return high;
}

}  // namespace incomesim::dist::detail
