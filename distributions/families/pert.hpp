#pragma once
// low + (high - low) * Beta(alpha, beta), with the classic lambda = 4.
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Pert {
  double low, mode, high, alpha, beta;

  static constexpr std::string_view kName = "pert";
  template <UniformSource U>
  double sample(U& source) const {
    const double x = detail::standard_gamma(source, alpha);
    const double y = detail::standard_gamma(source, beta);
    return low + (high - low) * (x / (x + y));
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
