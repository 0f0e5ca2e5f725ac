#include "distributions/family_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "core/number_format.hpp"

namespace incomesim::dist::detail {

std::string num(double x) { return format_number(x); }

std::string derived_num(double x) {
  return std::isfinite(x) ? fmt::format("{:.15g}", x) : format_number(x);
}

void require_finite(const char* field, double value) {
  if (!std::isfinite(value))
    throw InvalidParameter(field, fmt::format("{} = {} is not allowed; it must be a finite number",
                                              field, num(value)));
}

void require_positive(const char* field, double value) {
  require_finite(field, value);
  if (!(value > 0))
    throw InvalidParameter(
        field, fmt::format("{} = {} is out of range; allowed: {} > 0", field, num(value), field));
}

void require_probability(const char* field, double value) {
  require_finite(field, value);
  if (value < 0 || value > 1)
    throw InvalidParameter(field, fmt::format("{} = {} is out of range; allowed: 0 <= {} <= 1",
                                              field, num(value), field));
}

void require_low_mode_high(double low, double mode, double high) {
  require_finite("low", low);
  require_finite("mode", mode);
  require_finite("high", high);
  if (!(low < high))
    throw InvalidParameter("high", fmt::format("high = {} is out of range; allowed: high > low "
                                               "(low = {})",
                                               num(high), num(low)));
  if (mode < low || mode > high)
    throw InvalidParameter("mode", fmt::format("mode = {} is out of range; allowed: low <= mode "
                                               "<= high ({} to {})",
                                               num(mode), num(low), num(high)));
}

std::vector<double> normalised_cumulative(const std::vector<double>& weights, std::size_t count) {
  if (weights.size() != count)
    throw InvalidParameter("weights", fmt::format("weights has {} entries but there are {} values; "
                                                  "give one weight per value",
                                                  weights.size(), count));
  double total = 0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0)
      throw InvalidParameter("weights", fmt::format("weight {} is not allowed; weights must be "
                                                    "finite and >= 0",
                                                    num(w)));
    total += w;
  }
  if (!(total > 0))
    throw InvalidParameter("weights", "the weights sum to 0; at least one must be positive");
  std::vector<double> cumulative(count);
  double running = 0;
  for (std::size_t i = 0; i < count; ++i) {
    running += weights[i];
    cumulative[i] = running / total;
  }
  cumulative.back() = 1.0;  // guard against rounding: every u < 1 finds an entry
  return cumulative;
}

std::size_t first_at_or_above(const std::vector<double>& cumulative, double u) {
  return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                  cumulative.begin());
}

}  // namespace incomesim::dist::detail
