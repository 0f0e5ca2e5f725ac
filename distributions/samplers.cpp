#include "distributions/samplers.hpp"

#include <array>

namespace incomesim::dist {

const double* detail::log_factorial_table() {
  static const auto table = [] {
    std::array<double, kLogFactorialTableSize> t{};
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::lgamma(static_cast<double>(i) + 1);
    return t;
  }();
  return table.data();
}

double detail::log_factorial(double k) {
  if (k < static_cast<double>(kLogFactorialTableSize))
    return log_factorial_table()[static_cast<std::size_t>(k)];
  // Stirling's series with two correction terms: the next term, 1 / (1260 n^5), is below 1e-15
  // from n = 257, and it costs one logarithm where lgamma costs several.
  const double n = k + 1;
  const double inverse = 1 / n;
  return (n - 0.5) * std::log(n) - n + 0.5 * std::log(2 * std::numbers::pi) +
         inverse * (1.0 / 12 - inverse * inverse / 360);
}

}  // namespace incomesim::dist
