#include "distributions/families/triangular.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/triangular.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Triangular::cdf(double x) const {
  return bm::cdf(bm::triangular_distribution<double>(low, mode, high), x);
}

double Triangular::quantile(double p) const {
  return bm::quantile(bm::triangular_distribution<double>(low, mode, high), p);
}

double Triangular::expectation() const { return (low + mode + high) / 3; }

double Triangular::variance() const {
  return bm::variance(bm::triangular_distribution<double>(low, mode, high));
}

std::pair<double, double> Triangular::support() const { return {low, high}; }

std::string Triangular::describe() const {
  return fmt::format("{}(low={}, mode={}, high={})", kName, num(low), num(mode), num(high));
}

Distribution triangular(double low, double mode, double high) {
  require_low_mode_high(low, mode, high);
  return Distribution(Triangular{low, mode, high});
}

}  // namespace incomesim::dist
