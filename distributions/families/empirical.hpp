#pragma once
// Values sorted ascending, each with its probability.
// Its sampler, cdf, quantile, moments and description (docs/models.md, "Sampling algorithms").
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "distributions/family_support.hpp"
#include "distributions/guide_table.hpp"
#include "distributions/samplers.hpp"

namespace incomesim::dist {

struct Empirical {
  std::vector<double> values;
  std::vector<double> cumulative;  // cumulative probability, last element exactly 1
  // Over `cumulative`: guide->index(u) == detail::first_at_or_above(cumulative, u), in a step.
  std::shared_ptr<const GuideTable> guide;

  static constexpr std::string_view kName = "empirical";
  template <UniformSource U>
  double sample(U& source) const {
    return values[guide->index(source.uniform())];
  }
  double cdf(double x) const;       // x within the support
  double quantile(double p) const;  // in (0, 1)
  double expectation() const;       // +inf where the mean does not exist
  double variance() const;          // +inf where the variance does not exist
  std::pair<double, double> support() const;
  bool discrete() const { return true; }
  std::string describe() const;
};

}  // namespace incomesim::dist
