#include "distributions/families/truncated.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

using namespace detail;

namespace {

// The smallest probability an exact truncation may keep: below it the quantile mapping has too
// few bits left to resolve the range.
constexpr double kSmallestKeptMass = 1e-6;

// E[g(X)] as the integral of g(quantile(t)) over (0, 1): adaptive Gauss-Kronrod never evaluates
// the end points, where an unbounded quantile function is infinite.
template <class G>
double integral_of_quantile(const Truncated& d, const G& g) {
  return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
      [&](double t) { return g(d.quantile(t)); }, 0.0, 1.0, 20, 1e-10);
}

}  // namespace

double Truncated::cdf(double x) const {
  const double base_cdf = dist::cdf(*base, x);
  if (clamps) return base_cdf;  // within [low, high); the mass below low sits at low
  return std::clamp((base_cdf - p_low) / (p_high - p_low), 0.0, 1.0);
}

double Truncated::quantile(double p) const {
  if (clamps) return clamp(dist::quantile(*base, p));
  return clamp(dist::quantile(*base, std::min(1.0, p_low + p * (p_high - p_low))));
}

double Truncated::expectation() const {
  // Unbounded on a side where the base has no mean: no mean either.
  const auto [l, h] = support();
  if ((!std::isfinite(l) || !std::isfinite(h)) && !std::isfinite(mean(*base)))
    return std::numeric_limits<double>::infinity();
  return integral_of_quantile(*this, [](double x) { return x; });
}

double Truncated::variance() const {
  const auto [l, h] = support();
  if ((!std::isfinite(l) || !std::isfinite(h)) && !std::isfinite(dist::variance(*base)))
    return std::numeric_limits<double>::infinity();
  const double m = expectation();
  return integral_of_quantile(*this, [m](double x) { return (x - m) * (x - m); });
}

std::pair<double, double> Truncated::support() const {
  const auto [l, h] = dist::support(*base);
  return {std::max(l, low), std::min(h, high)};
}

bool Truncated::discrete() const { return is_discrete(*base); }

std::string Truncated::describe() const {
  const auto [l, h] = support();  // the bounds where the base has values
  const std::string range = fmt::format("{}{}, {}{}", std::isfinite(l) ? "[" : "(", num(l), num(h),
                                        std::isfinite(h) ? "]" : ")");
  if (clamps)
    return fmt::format("{} clamped to {} ({:.2g} of its mass outside)", dist::describe(*base),
                       range, mass_outside());
  return fmt::format("{} within {}", dist::describe(*base), range);
}

namespace {

Truncated make_truncated(Distribution base, double low, double high, bool clamps) {
  if (std::isnan(low)) throw InvalidParameter("low", "NaN is not allowed; allowed: a number");
  if (std::isnan(high)) throw InvalidParameter("high", "NaN is not allowed; allowed: a number");
  if (!(low < high))
    throw InvalidParameter(
        "high", fmt::format("{} is not above low = {}; allowed: high > low", num(high), num(low)));
  // P(X < low) excludes an atom at low itself (a discrete base keeps it).
  const double p_low = std::isfinite(low) ? cdf(base, std::nextafter(low, -kInfinity)) : 0.0;
  const double p_high = std::isfinite(high) ? cdf(base, high) : 1.0;
  return {std::make_shared<const Distribution>(std::move(base)), low, high, p_low, p_high, clamps};
}

}  // namespace

Distribution truncated(Distribution base, double low, double high) {
  Truncated family = make_truncated(std::move(base), low, high, false);
  const double kept = family.p_high - family.p_low;
  if (!(kept >= kSmallestKeptMass))
    throw InvalidParameter(
        std::isfinite(low) ? "low" : "high",
        fmt::format("[{}, {}] holds {:.3g} of the probability of {}; allowed: bounds that hold at "
                    "least {} of it",
                    num(low), num(high), kept, dist::describe(*family.base), kSmallestKeptMass));
  return Distribution(std::move(family));
}

Distribution clamped(Distribution base, double low, double high) {
  return Distribution(make_truncated(std::move(base), low, high, true));
}

}  // namespace incomesim::dist
