#include "distributions/families/gamma.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/gamma.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Gamma::cdf(double x) const {
  return bm::cdf(bm::gamma_distribution<double>(shape, scale), x);
}

double Gamma::quantile(double p) const {
  return bm::quantile(bm::gamma_distribution<double>(shape, scale), p);
}

double Gamma::expectation() const { return shape * scale; }

double Gamma::variance() const { return shape * scale * scale; }

std::pair<double, double> Gamma::support() const { return {0.0, kInfinity}; }

std::string Gamma::describe() const {
  return fmt::format("{}(shape={}, scale={})", kName, num(shape), num(scale));
}

Distribution gamma(double shape, double scale) {
  require_positive("shape", shape);
  require_positive("scale", scale);
  return Distribution(Gamma{shape, scale});
}

}  // namespace incomesim::dist
