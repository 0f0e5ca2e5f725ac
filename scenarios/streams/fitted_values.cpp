#include "scenarios/streams/fitted_values.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"
#include "engine/statistics.hpp"

namespace incomesim::scenarios {

Interval share_interval(double successes, double trials) {
  const engine::Estimate e = engine::proportion(static_cast<std::uint64_t>(successes),
                                                static_cast<std::uint64_t>(trials), 0.95);
  return {e.ci_low, e.ci_high};
}
Interval normal_interval(const dist::ParameterEstimate& e, double (*transform)(double)) {
  return {transform(e.value - 1.96 * e.standard_error),
          transform(e.value + 1.96 * e.standard_error)};
}

std::string fitted_number(double x) { return rounded_number(x); }
std::string interval_text(const Interval& i) {
  return fmt::format("{} to {}", fitted_number(i.low), fitted_number(i.high));
}

}  // namespace incomesim::scenarios
