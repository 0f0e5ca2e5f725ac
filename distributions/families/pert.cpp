#include "distributions/families/pert.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/beta.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Pert::cdf(double x) const {
  return bm::cdf(bm::beta_distribution<double>(alpha, beta), (x - low) / (high - low));
}

double Pert::quantile(double p) const {
  return low + (high - low) * bm::quantile(bm::beta_distribution<double>(alpha, beta), p);
}

double Pert::expectation() const { return low + (high - low) * alpha / (alpha + beta); }

double Pert::variance() const {
  return std::pow(high - low, 2) * bm::variance(bm::beta_distribution<double>(alpha, beta));
}

std::pair<double, double> Pert::support() const { return {low, high}; }

std::string Pert::describe() const {
  return fmt::format("{}(low={}, mode={}, high={})", kName, num(low), num(mode), num(high));
}

Distribution pert(double low, double mode, double high) {
  require_low_mode_high(low, mode, high);
  const double range = high - low;
  return Distribution(
      Pert{low, mode, high, 1 + 4 * (mode - low) / range, 1 + 4 * (high - mode) / range});
}

}  // namespace incomesim::dist
