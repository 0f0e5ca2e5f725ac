#include "distributions/distribution.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <limits>

#include "core/input_error.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

double cdf(const Distribution& d, double x) {
  if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  return std::visit([x](const auto& family) { return detail::cdf_within_support(family, x); },
                    d.family());
}

double quantile(const Distribution& d, double p) {
  if (!(p >= 0 && p <= 1))
    throw InvalidParameter(
        "p", fmt::format("probability {} is out of range; allowed: 0 <= p <= 1", detail::num(p)));
  const auto [low, high] = support(d);
  if (p == 0) return low;
  if (p == 1) return high;
  return std::visit([p](const auto& family) { return family.quantile(p); }, d.family());
}

double from_normal_score(const Distribution& d, double z) {
  if (const auto* f = std::get_if<Constant>(&d.family())) return f->value;
  if (const auto* f = std::get_if<Normal>(&d.family())) return f->mean + f->sd * z;
  if (const auto* f = std::get_if<Lognormal>(&d.family())) return std::exp(f->mu + f->sigma * z);
  if (const auto* f = std::get_if<Truncated>(&d.family()); f && f->clamps)
    return f->clamp(from_normal_score(*f->base, z));
  return quantile(d, boost::math::cdf(boost::math::normal_distribution<double>(), z));
}

bool samples_by_normal_score(const Distribution& d) {
  if (const auto* f = std::get_if<Truncated>(&d.family()))
    return f->clamps && samples_by_normal_score(*f->base);
  return std::holds_alternative<Normal>(d.family()) ||
         std::holds_alternative<Lognormal>(d.family());
}

double mean(const Distribution& d) {
  return std::visit([](const auto& family) { return family.expectation(); }, d.family());
}

double variance(const Distribution& d) {
  return std::visit([](const auto& family) { return family.variance(); }, d.family());
}

std::pair<double, double> support(const Distribution& d) {
  return std::visit([](const auto& family) { return family.support(); }, d.family());
}

bool is_discrete(const Distribution& d) {
  return std::visit([](const auto& family) { return family.discrete(); }, d.family());
}

std::string family_name(const Distribution& d) {
  return std::visit(
      [](const auto& family) { return std::string(std::decay_t<decltype(family)>::kName); },
      d.family());
}

std::string describe(const Distribution& d) {
  return std::visit([](const auto& family) { return family.describe(); }, d.family());
}

}  // namespace incomesim::dist
