#include "distributions/families/pareto.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/pareto.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Pareto::cdf(double x) const {
  return bm::cdf(bm::pareto_distribution<double>(scale, shape), x);
}

double Pareto::quantile(double p) const {
  return bm::quantile(bm::pareto_distribution<double>(scale, shape), p);
}

double Pareto::expectation() const { return shape > 1 ? shape * scale / (shape - 1) : kInfinity; }

double Pareto::variance() const {
  return shape > 2 ? bm::variance(bm::pareto_distribution<double>(scale, shape)) : kInfinity;
}

std::pair<double, double> Pareto::support() const { return {scale, kInfinity}; }

std::string Pareto::describe() const {
  return fmt::format("{}(scale={}, shape={})", kName, num(scale), num(shape));
}

Distribution pareto(double scale, double shape) {
  require_positive("scale", scale);
  require_positive("shape", shape);
  return Distribution(Pareto{scale, shape});
}

}  // namespace incomesim::dist
