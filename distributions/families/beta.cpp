#include "distributions/families/beta.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/beta.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

namespace bm = boost::math;
using namespace detail;

double Beta::cdf(double x) const { return bm::cdf(bm::beta_distribution<double>(alpha, beta), x); }

double Beta::quantile(double p) const {
  return bm::quantile(bm::beta_distribution<double>(alpha, beta), p);
}

double Beta::expectation() const { return alpha / (alpha + beta); }

double Beta::variance() const { return bm::variance(bm::beta_distribution<double>(alpha, beta)); }

std::pair<double, double> Beta::support() const { return {0.0, 1.0}; }

std::string Beta::describe() const {
  return fmt::format("{}(alpha={}, beta={})", kName, num(alpha), num(beta));
}

Distribution beta(double alpha, double beta_) {
  require_positive("alpha", alpha);
  require_positive("beta", beta_);
  return Distribution(Beta{alpha, beta_});
}

}  // namespace incomesim::dist
