#include "engine/metric_names.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"

namespace incomesim::engine::metric {

// fmt rather than "p" + string: GCC 12 warns falsely (-Wrestrict) on the latter.
std::string percentile(double percent) { return fmt::format("p{}", format_number(percent)); }
std::string above(double threshold) { return fmt::format("p_above_{}", plain_number(threshold)); }
std::string shortfall(double fraction) {
  return fmt::format("expected_shortfall_{}pct", format_number(fraction * 100));
}
std::string spearman_with(const std::string& stream) { return "spearman_" + stream; }
std::string percentile_difference(double percent) { return percentile(percent) + "_difference"; }

}  // namespace incomesim::engine::metric
