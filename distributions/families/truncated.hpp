#pragma once
// A base distribution restricted to [low, high] (either bound may be infinite), in one of two
// ways. Its sampler, cdf, quantile, moments and description (docs/models.md, "Bounds").
//  - exact: the base conditioned on low <= X <= high, sampled by inverting the base's quantile
//    function on [P(X < low), P(X <= high)] (one uniform per draw);
//  - clamped: for a base whose mass outside [low, high] is negligible (below 1e-9), drawn as the
//    base is drawn and clamped into the range. It keeps the base's draws, bit for bit, wherever
//    they fall inside (so a default written out gives the same numbers), and differs from exact
//    truncation by at most that mass in distribution.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "distributions/samplers.hpp"

namespace incomesim::dist {

class Distribution;

struct Truncated {
  std::shared_ptr<const Distribution> base;
  double low, high;
  double p_low, p_high;  // the base's P(X < low) and P(X <= high)
  bool clamps;

  static constexpr std::string_view kName = "truncated";
  template <UniformSource U>
  double sample(U& source) const;  // distributions/distribution.hpp, once Distribution is known
  double clamp(double x) const { return x < low ? low : x > high ? high : x; }
  double mass_outside() const { return p_low + (1 - p_high); }  // the base's, outside [low, high]
  double cdf(double x) const;                                   // x within the support
  double quantile(double p) const;                              // in (0, 1)
  double expectation() const;  // by quadrature of the quantile function
  double variance() const;
  std::pair<double, double> support() const;
  bool discrete() const;
  std::string describe() const;
};

}  // namespace incomesim::dist
