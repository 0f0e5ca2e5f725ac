#include "distributions/families/constant.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

using namespace detail;

double Constant::cdf(double x) const { return x >= value ? 1.0 : 0.0; }

double Constant::quantile(double) const { return value; }

double Constant::expectation() const { return value; }

double Constant::variance() const { return 0.0; }

std::pair<double, double> Constant::support() const { return {value, value}; }

std::string Constant::describe() const { return num(value); }

Distribution constant(double value) {
  require_finite("value", value);
  return Distribution(Constant{value});
}

}  // namespace incomesim::dist
