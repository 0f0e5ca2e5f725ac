#pragma once
// The short readable report printed after a run.
#include <iosfwd>
#include <string>

#include "engine/metric_names.hpp"
#include "engine/periods.hpp"
#include "engine/summary.hpp"

namespace incomesim::tools {

std::string money(double value);  // 68750.4 -> "68,750"
// A share as "12.3%" (`decimals` after the point), or "-" where it is undefined (e.g. a variance
// share with one trial).
std::string percent(double share, int decimals = 1);

void print_summary_table(std::ostream& out, const engine::Summary& summary,
                         const std::vector<std::string>& series,
                         const std::vector<engine::Period>& periods, const std::string& currency,
                         const std::vector<double>& thresholds);
void print_risk_table(std::ostream& out, const std::vector<engine::SummaryRow>& risk,
                      const std::vector<std::string>& series);
void print_household_table(std::ostream& out, const engine::Summary& summary,
                           const std::string& currency);
// Hours of work and income per hour over the horizon, per stream (`streams`, then the total).
void print_effort_table(std::ostream& out, const engine::Summary& summary,
                        const std::vector<std::string>& streams, const std::string& currency);

}  // namespace incomesim::tools
