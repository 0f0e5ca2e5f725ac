#include "distributions/families/empirical.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "distributions/family_support.hpp"

namespace incomesim::dist {

using namespace detail;

double Empirical::cdf(double x) const {
  const auto it = std::upper_bound(values.begin(), values.end(), x);
  if (it == values.begin()) return 0.0;
  return cumulative[static_cast<std::size_t>(it - values.begin()) - 1];
}

double Empirical::quantile(double p) const {
  const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), p);
  return values[static_cast<std::size_t>(it - cumulative.begin())];
}

double Empirical::expectation() const {
  double total = 0, previous = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    total += (cumulative[i] - previous) * values[i];
    previous = cumulative[i];
  }
  return total;
}

double Empirical::variance() const {
  const double m = expectation();
  double total = 0, previous = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    total += (cumulative[i] - previous) * (values[i] - m) * (values[i] - m);
    previous = cumulative[i];
  }
  return total;
}

std::pair<double, double> Empirical::support() const { return {values.front(), values.back()}; }

std::string Empirical::describe() const {
  return fmt::format("{}({} values from {} to {})", kName, values.size(), num(values.front()),
                     num(values.back()));
}

Distribution empirical(std::vector<double> values, std::vector<double> weights) {
  if (values.empty()) throw InvalidParameter("values", "values is empty; give at least one value");
  for (double v : values) require_finite("values", v);
  if (weights.empty()) weights.assign(values.size(), 1.0);
  normalised_cumulative(weights, values.size());  // validates the weights before sorting
  // Sort values (with their weights) so that the cdf is a running sum.
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> sorted_values, sorted_weights;
  for (std::size_t i : order) {
    sorted_values.push_back(values[i]);
    sorted_weights.push_back(weights[i]);
  }
  std::vector<double> cumulative = normalised_cumulative(sorted_weights, values.size());
  auto guide = std::make_shared<const GuideTable>(cumulative);
  return Distribution(Empirical{std::move(sorted_values), std::move(cumulative), std::move(guide)});
}

}  // namespace incomesim::dist
