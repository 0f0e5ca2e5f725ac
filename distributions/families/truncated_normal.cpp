#include "distributions/families/truncated_normal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double TruncatedNormal::cdf(double x) const {
  const bm::normal_distribution<double> n(mean, sd);
  const double cdf_low = std::isfinite(low) ? bm::cdf(n, low) : 0.0;
  const double cdf_high = std::isfinite(high) ? bm::cdf(n, high) : 1.0;
  return (bm::cdf(n, x) - cdf_low) / (cdf_high - cdf_low);
}

double TruncatedNormal::quantile(double p) const {
  const bm::normal_distribution<double> n(mean, sd);
  // Invert in whichever tail keeps precision: far above the mean work with upper tails.
  if (low > mean) {
    const double upper_low = bm::cdf(bm::complement(n, low));
    const double upper_high = std::isfinite(high) ? bm::cdf(bm::complement(n, high)) : 0.0;
    const double target = upper_low - p * (upper_low - upper_high);
    if (target <= 0) return high;
    return std::clamp(bm::quantile(bm::complement(n, target)), low, high);
  }
  const double cdf_low = std::isfinite(low) ? bm::cdf(n, low) : 0.0;
  const double cdf_high = std::isfinite(high) ? bm::cdf(n, high) : 1.0;
  const double target = cdf_low + p * (cdf_high - cdf_low);
  if (target <= 0) return low;
  if (target >= 1) return high;
  return std::clamp(bm::quantile(n, target), low, high);
}

double TruncatedNormal::expectation() const {
  // mean + sd * (phi(a) - phi(b)) / (Phi(b) - Phi(a)), in standardised bounds a, b.
  const bm::normal_distribution<double> z;
  const double a = (low - mean) / sd, b = (high - mean) / sd;
  const double pdf_a = std::isfinite(a) ? bm::pdf(z, a) : 0.0;
  const double pdf_b = std::isfinite(b) ? bm::pdf(z, b) : 0.0;
  const double mass =
      (std::isfinite(b) ? bm::cdf(z, b) : 1.0) - (std::isfinite(a) ? bm::cdf(z, a) : 0.0);
  return mean + sd * (pdf_a - pdf_b) / mass;
}

double TruncatedNormal::variance() const {
  // sd^2 [1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2], standardised a, b.
  const bm::normal_distribution<double> z;
  const double a = (low - mean) / sd, b = (high - mean) / sd;
  const double pdf_a = std::isfinite(a) ? bm::pdf(z, a) : 0.0;
  const double pdf_b = std::isfinite(b) ? bm::pdf(z, b) : 0.0;
  const double mass =
      (std::isfinite(b) ? bm::cdf(z, b) : 1.0) - (std::isfinite(a) ? bm::cdf(z, a) : 0.0);
  const double a_term = std::isfinite(a) ? a * pdf_a : 0.0;
  const double b_term = std::isfinite(b) ? b * pdf_b : 0.0;
  const double shift = (pdf_a - pdf_b) / mass;
  return sd * sd * (1 + (a_term - b_term) / mass - shift * shift);
}

std::pair<double, double> TruncatedNormal::support() const { return {low, high}; }

std::string TruncatedNormal::describe() const {
  return fmt::format("{}(mean={}, sd={}, low={}, high={})", kName, num(mean), num(sd), num(low),
                     num(high));
}

Distribution truncated_normal(double mean, double sd, double low, double high) {
  require_finite("mean", mean);
  require_positive("sd", sd);
  if (std::isnan(low) || low == kInfinity)
    throw InvalidParameter("low", fmt::format("low = {} is not allowed; it must be a number or "
                                              "omitted",
                                              num(low)));
  if (std::isnan(high) || high == -kInfinity)
    throw InvalidParameter("high", fmt::format("high = {} is not allowed; it must be a number or "
                                               "omitted",
                                               num(high)));
  if (!(low < high))
    throw InvalidParameter("high", fmt::format("high = {} is out of range; allowed: high > low "
                                               "(low = {})",
                                               num(high), num(low)));
  const bm::normal_distribution<double> n(mean, sd);
  const double mass = bm::cdf(n, high) - bm::cdf(n, low);
  if (!(mass > 1e-12))
    throw InvalidParameter("low", fmt::format("[{}, {}] holds only {} of the normal's probability; "
                                              "allowed: bounds within about 7 sd of the mean",
                                              num(low), num(high), num(mass)));
  return Distribution(TruncatedNormal{mean, sd, low, high});
}

}  // namespace incomesim::dist
