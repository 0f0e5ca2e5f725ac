#pragma once
// 1 with probability p, else 0.
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Bernoulli {
  double p;

  static constexpr std::string_view kName = "bernoulli";
  template <UniformSource U>
  double sample(U& source) const {
    return source.uniform() < p ? 1.0 : 0.0;
  }
  double cdf(double x) const;                 // x within the support
  double quantile(double probability) const;  // in (0, 1)
  double expectation() const;                 // +inf where the mean does not exist
  double variance() const;                    // +inf where the variance does not exist
  std::pair<double, double> support() const;
  bool discrete() const { return true; }
  std::string describe() const;
};

}  // namespace incomesim::dist
