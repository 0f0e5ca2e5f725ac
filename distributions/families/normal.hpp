#pragma once
// Normal(mean, sd).
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Normal {
  double mean, sd;

  static constexpr std::string_view kName = "normal";
  template <UniformSource U>
  double sample(U& source) const {
    return mean + sd * detail::standard_normal(source);
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
