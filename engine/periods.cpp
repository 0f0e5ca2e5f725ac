#include "engine/periods.hpp"

#include <algorithm>
#include <cassert>

namespace incomesim::engine {

std::string year_period(int year) { return "year" + std::to_string(year); }

std::string month_range_period(const MonthRange& range) {
  return range.first == range.last
             ? "month" + std::to_string(range.first)
             : "months" + std::to_string(range.first) + "-" + std::to_string(range.last);
}

std::vector<Period> periods_for(int horizon_months, const std::vector<MonthRange>& ranges) {
  std::vector<Period> periods{{kHorizonPeriod, "whole horizon", 0, horizon_months}};
  for (int year = 0; year * 12 < horizon_months; ++year)
    periods.push_back({year_period(year + 1), "year " + std::to_string(year + 1), year * 12,
                       std::min(horizon_months, (year + 1) * 12)});
  for (const MonthRange& range : ranges) {
    assert(1 <= range.first && range.first <= range.last && range.last <= horizon_months);
    const std::string label = range.first == range.last ? "month " + std::to_string(range.first)
                                                        : "months " + std::to_string(range.first) +
                                                              "-" + std::to_string(range.last);
    periods.push_back({month_range_period(range), label, range.first - 1, range.last});
  }
  return periods;
}

}  // namespace incomesim::engine
