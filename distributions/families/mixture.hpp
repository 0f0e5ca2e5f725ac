#pragma once
// A mixture: component k with probability weight k. Its sampler, cdf, quantile, moments and
// description (docs/models.md, "Sampling algorithms").
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

class Distribution;

struct Mixture {
  std::vector<Distribution> components;
  std::vector<double> cumulative;  // cumulative weight, last element exactly 1

  static constexpr std::string_view kName = "mixture";
  template <UniformSource U>
  double sample(U& source) const;  // distributions/distribution.hpp, once Distribution is known
  double cdf(double x) const;
  double quantile(double p) const;  // numerically, from the cdf (components may have steps)
  double expectation() const;
  double variance() const;  // the law of total variance
  std::pair<double, double> support() const;
  bool discrete() const;
  std::string describe() const;
};

}  // namespace incomesim::dist
