#include "distributions/families/poisson.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/poisson.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Poisson::cdf(double x) const {
  return bm::cdf(bm::poisson_distribution<double>(mean), std::floor(x));
}

double Poisson::quantile(double p) const {
  return bm::quantile(bm::poisson_distribution<double, RoundUpPolicy>(mean), p);
}

double Poisson::expectation() const { return mean; }

double Poisson::variance() const { return mean; }

std::pair<double, double> Poisson::support() const { return {0.0, kInfinity}; }

std::string Poisson::describe() const { return fmt::format("{}(mean={})", kName, num(mean)); }

Distribution poisson(double mean) {
  require_finite("mean", mean);
  if (!(mean >= 0) || mean > 1e9)
    throw InvalidParameter("mean", fmt::format("mean = {} is out of range; allowed: 0 <= mean <= "
                                               "1e9",
                                               num(mean)));
  if (mean == 0) return Distribution(Constant{0.0});
  return Distribution(Poisson{mean});
}

}  // namespace incomesim::dist
