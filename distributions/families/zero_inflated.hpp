#pragma once
// Zero with probability p_zero, else a draw from a base distribution. Its sampler, cdf,
// quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

class Distribution;

struct ZeroInflated {
  double p_zero;
  std::shared_ptr<const Distribution> base;

  static constexpr std::string_view kName = "zero_inflated";
  template <UniformSource U>
  double sample(U& source) const;  // distributions/distribution.hpp, once Distribution is known
  double cdf(double x) const;
  double quantile(double p) const;  // numerically, from the cdf (the atom at 0 is a step)
  double expectation() const;
  double variance() const;
  std::pair<double, double> support() const;
  bool discrete() const;
  std::string describe() const;
};

}  // namespace incomesim::dist
