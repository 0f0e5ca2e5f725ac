#pragma once
// log X ~ normal(mu, sigma).
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Lognormal {
  double mu, sigma;

  static constexpr std::string_view kName = "lognormal";
  template <UniformSource U>
  double sample(U& source) const {
    return std::exp(mu + sigma * detail::standard_normal(source));
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
