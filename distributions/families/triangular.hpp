#pragma once
// Triangular on [low, high] with its peak at mode. Sampled by inversion.
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Triangular {
  double low, mode, high;

  static constexpr std::string_view kName = "triangular";
  template <UniformSource U>
  double sample(U& source) const {
    return quantile(source.uniform());
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
