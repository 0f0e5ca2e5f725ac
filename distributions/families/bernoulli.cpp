#include "distributions/families/bernoulli.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

using namespace detail;

double Bernoulli::cdf(double x) const { return x >= 1 ? 1.0 : 1.0 - p; }

double Bernoulli::quantile(double probability) const { return probability <= 1 - p ? 0.0 : 1.0; }

double Bernoulli::expectation() const { return p; }

double Bernoulli::variance() const { return p * (1 - p); }

std::pair<double, double> Bernoulli::support() const { return {0.0, 1.0}; }

std::string Bernoulli::describe() const { return fmt::format("{}(p={})", kName, num(p)); }

Distribution bernoulli(double p) {
  require_probability("p", p);
  return Distribution(Bernoulli{p});
}

}  // namespace incomesim::dist
