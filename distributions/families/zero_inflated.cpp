#include "distributions/families/zero_inflated.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

using namespace detail;

double ZeroInflated::cdf(double x) const {
  return (x >= 0 ? p_zero : 0.0) + (1 - p_zero) * dist::cdf(*base, x);
}

double ZeroInflated::quantile(double p) const {
  const auto [low, high] = support();
  return numeric_quantile([this](double x) { return cdf_within_support(*this, x); }, low, high, p);
}

double ZeroInflated::expectation() const { return (1 - p_zero) * mean(*base); }

double ZeroInflated::variance() const {
  const double base_mean = mean(*base);
  return (1 - p_zero) * dist::variance(*base) + p_zero * (1 - p_zero) * base_mean * base_mean;
}

std::pair<double, double> ZeroInflated::support() const {
  const auto [l, h] = dist::support(*base);
  return {std::min(l, 0.0), std::max(h, 0.0)};
}

bool ZeroInflated::discrete() const { return is_discrete(*base); }

std::string ZeroInflated::describe() const {
  return fmt::format("{}(p_zero={}, base={})", kName, num(p_zero), dist::describe(*base));
}

Distribution zero_inflated(double p_zero, Distribution base) {
  require_probability("p_zero", p_zero);
  return Distribution(ZeroInflated{p_zero, std::make_shared<const Distribution>(std::move(base))});
}

}  // namespace incomesim::dist
