#include "report/lead.hpp"

#include "engine/metric_names.hpp"
#include "engine/periods.hpp"
#include "scenarios/tax.hpp"

namespace incomesim::report {
namespace {
const Lead kNet{std::string(scenarios::kNetSeries), "income after tax"};
const Lead kTotal{engine::kTotalSeries, "total income"};
}  // namespace

Lead lead_series(const EstimateLookup& summary) {
  return summary.has_series(kNet.series) ? kNet : kTotal;
}

Lead common_lead(const std::vector<const engine::Summary*>& summaries) {
  bool any = false;
  for (const engine::Summary* summary : summaries) {
    if (!summary) continue;
    if (!summary->try_find(kNet.series, engine::kHorizonPeriod, "p50")) return kTotal;
    any = true;
  }
  return any ? kNet : kTotal;
}

}  // namespace incomesim::report
