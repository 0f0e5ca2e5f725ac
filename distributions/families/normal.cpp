#include "distributions/families/normal.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Normal::cdf(double x) const { return bm::cdf(bm::normal_distribution<double>(mean, sd), x); }

double Normal::quantile(double p) const {
  return bm::quantile(bm::normal_distribution<double>(mean, sd), p);
}

double Normal::expectation() const { return mean; }

double Normal::variance() const { return sd * sd; }

std::pair<double, double> Normal::support() const { return {-kInfinity, kInfinity}; }

std::string Normal::describe() const {
  return fmt::format("{}(mean={}, sd={})", kName, num(mean), num(sd));
}

Distribution normal(double mean, double sd) {
  require_finite("mean", mean);
  require_positive("sd", sd);
  return Distribution(Normal{mean, sd});
}

}  // namespace incomesim::dist
