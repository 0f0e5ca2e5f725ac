#include "report/axis_ticks.hpp"

#include <algorithm>
#include <cmath>

namespace incomesim::report {

std::vector<double> ticks(double low, double high, int wanted) {
  if (!(high > low)) high = low + 1;
  const double rough = (high - low) / wanted;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= rough) {
      step = m * power;
      break;
    }
  std::vector<double> out;
  for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step)
    out.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return out;
}

double axis_start(double low, double high) {
  if (!(low > 0 && low > 0.25 * high)) return std::min(low, 0.0);
  const std::vector<double> steps = ticks(low - 0.05 * (high - low), high);
  const double start = steps.size() > 1 ? steps.front() - (steps[1] - steps[0]) : 0.0;
  return std::max(start, 0.0);
}

}  // namespace incomesim::report
