#include "distributions/families/uniform.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/uniform.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Uniform::cdf(double x) const {
  return bm::cdf(bm::uniform_distribution<double>(low, high), x);
}

double Uniform::quantile(double p) const {
  return bm::quantile(bm::uniform_distribution<double>(low, high), p);
}

double Uniform::expectation() const { return (low + high) / 2; }

double Uniform::variance() const {
  return bm::variance(bm::uniform_distribution<double>(low, high));
}

std::pair<double, double> Uniform::support() const { return {low, high}; }

std::string Uniform::describe() const {
  return fmt::format("{}(low={}, high={})", kName, num(low), num(high));
}

Distribution uniform(double low, double high) {
  require_finite("low", low);
  require_finite("high", high);
  if (!(low < high))
    throw InvalidParameter("high", fmt::format("high = {} is out of range; allowed: high > low "
                                               "(low = {})",
                                               num(high), num(low)));
  return Distribution(Uniform{low, high});
}

}  // namespace incomesim::dist
