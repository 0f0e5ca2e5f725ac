#include "distributions/estimation.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace incomesim::dist {

LognormalFit fit_lognormal(std::span<const double> values) {
  LognormalFit fit;
  fit.n = values.size();
  const double n = static_cast<double>(values.size());
  std::vector<double> logs(values.size());
  std::transform(values.begin(), values.end(), logs.begin(), [](double x) { return std::log(x); });
  double mean = 0;
  for (double y : logs) mean += y;
  mean /= n;
  double squares = 0;
  for (double y : logs) squares += (y - mean) * (y - mean);
  const double sigma = std::sqrt(squares / n);
  fit.mu = {mean, sigma / std::sqrt(n)};
  fit.sigma = {sigma, sigma / std::sqrt(2 * n)};
  // KS distance of the sorted logs from the fitted normal, on both sides of each step.
  std::sort(logs.begin(), logs.end());
  double distance = 0;
  for (std::size_t i = 0; i < logs.size(); ++i) {
    const double f = sigma > 0 ? 0.5 * std::erfc(-(logs[i] - mean) / (sigma * std::sqrt(2.0)))
                               : (logs[i] >= mean ? 1.0 : 0.0);
    distance =
        std::max({distance, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  fit.ks_distance = distance;
  fit.lilliefors_p = lilliefors_p_value(distance, values.size());
  return fit;
}

ParameterEstimate fit_poisson_mean(std::span<const double> counts) {
  double sum = 0;
  for (double c : counts) sum += c;
  const double n = static_cast<double>(counts.size());
  const double mean = sum / n;
  return {mean, std::sqrt(mean / n)};
}

ParameterEstimate fit_binomial_proportion(double successes, double trials) {
  const double p = successes / trials;
  return {p, std::sqrt(p * (1 - p) / trials)};
}

double lilliefors_p_value(double distance, std::size_t n) {
  // Dallal & Wilkinson (1986), "An analytic approximation to the distribution of Lilliefors's
  // test statistic for normality": for n > 100 the statistic is rescaled to n = 100.
  double d = distance, m = static_cast<double>(n);
  if (n > 100) {
    d *= std::pow(m / 100, 0.49);
    m = 100;
  }
  const double p =
      std::exp(-7.01256 * d * d * (m + 2.78019) + 2.99587 * d * std::sqrt(m + 2.78019) - 0.122119 +
               0.974598 / std::sqrt(m) + 1.67997 / m);
  return std::min(p, 0.1);
}

}  // namespace incomesim::dist
