#include "distributions/families/lognormal.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/lognormal.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Lognormal::cdf(double x) const {
  return bm::cdf(bm::lognormal_distribution<double>(mu, sigma), x);
}

double Lognormal::quantile(double p) const {
  return bm::quantile(bm::lognormal_distribution<double>(mu, sigma), p);
}

double Lognormal::expectation() const { return std::exp(mu + sigma * sigma / 2); }

double Lognormal::variance() const {
  return bm::variance(bm::lognormal_distribution<double>(mu, sigma));
}

std::pair<double, double> Lognormal::support() const { return {0.0, kInfinity}; }

std::string Lognormal::describe() const {
  return fmt::format("{}(mu={}, sigma={}; median={})", kName, num(mu), num(sigma),
                     derived_num(std::exp(mu)));
}

Distribution lognormal(double mu, double sigma) {
  require_finite("mu", mu);
  require_positive("sigma", sigma);
  return Distribution(Lognormal{mu, sigma});
}

}  // namespace incomesim::dist
