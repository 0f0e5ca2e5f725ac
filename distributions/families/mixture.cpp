#include "distributions/families/mixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

using namespace detail;

double Mixture::cdf(double x) const {
  double total = 0, previous = 0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    total += (cumulative[i] - previous) * dist::cdf(components[i], x);
    previous = cumulative[i];
  }
  return std::min(total, 1.0);
}

double Mixture::quantile(double p) const {
  const auto [low, high] = support();
  return numeric_quantile([this](double x) { return cdf_within_support(*this, x); }, low, high, p);
}

double Mixture::expectation() const {
  double total = 0, previous = 0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    total += (cumulative[i] - previous) * mean(components[i]);
    previous = cumulative[i];
  }
  return total;
}

double Mixture::variance() const {
  // Law of total variance: E[Var(X | component)] + Var(E[X | component]).
  const double m = expectation();
  double total = 0, previous = 0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const double w = cumulative[i] - previous;
    const double component_mean = mean(components[i]);
    total += w * (dist::variance(components[i]) + std::pow(component_mean - m, 2));
    previous = cumulative[i];
  }
  return total;
}

std::pair<double, double> Mixture::support() const {
  double low = kInfinity, high = -kInfinity;
  for (const auto& component : components) {
    const auto [l, h] = dist::support(component);
    low = std::min(low, l);
    high = std::max(high, h);
  }
  return {low, high};
}

bool Mixture::discrete() const {
  return std::all_of(components.begin(), components.end(),
                     [](const Distribution& c) { return is_discrete(c); });
}

std::string Mixture::describe() const {
  std::string text = std::string(kName) + "(";
  double previous = 0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    if (i > 0) text += ", ";
    text += fmt::format("{}: {}", num(cumulative[i] - previous), dist::describe(components[i]));
    previous = cumulative[i];
  }
  return text + ")";
}

Distribution mixture(std::vector<Distribution> components, std::vector<double> weights) {
  if (components.empty())
    throw InvalidParameter("components", "components is empty; give at least one distribution");
  auto cumulative = normalised_cumulative(weights, components.size());
  return Distribution(Mixture{std::move(components), std::move(cumulative)});
}

}  // namespace incomesim::dist
