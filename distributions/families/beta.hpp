#pragma once
// Beta(alpha, beta), sampled as a ratio of gammas.
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Beta {
  double alpha, beta;

  static constexpr std::string_view kName = "beta";
  template <UniformSource U>
  double sample(U& source) const {
    const double x = detail::standard_gamma(source, alpha);
    const double y = detail::standard_gamma(source, beta);
    return x / (x + y);
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
