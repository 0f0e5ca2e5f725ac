#pragma once
// P(X > x) = (scale / x)^shape for x >= scale.
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Pareto {
  double scale, shape;

  static constexpr std::string_view kName = "pareto";
  template <UniformSource U>
  double sample(U& source) const {
    return scale * std::pow(source.uniform(), -1.0 / shape);
  }
  double cdf(double x) const;       // x within the support
  double quantile(double p) const;  // in (0, 1)
  double expectation() const;       // +inf where the mean does not exist
  double variance() const;          // +inf where the variance does not exist
  std::pair<double, double> support() const;
  bool discrete() const { return false; }
  std::string describe() const;
};

}  // namespace incomesim::dist
