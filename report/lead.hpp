#pragma once
// The series a report leads with: net income when there is tax, else the total. One rule for the
// run page, the comparison pages, their charts and the console's tables of several plans.
#include <string>
#include <vector>

#include "engine/summary.hpp"
#include "report/run_report.hpp"

namespace incomesim::report {

struct Lead {
  std::string series, words;  // "net", "income after tax"
};

// One run: net income when it has tax.
Lead lead_series(const EstimateLookup& summary);
// Several plans told apart: net income when every plan has it (they all have [tax]), else the
// total. Null summaries (a file of a batch that failed) are skipped.
Lead common_lead(const std::vector<const engine::Summary*>& summaries);

}  // namespace incomesim::report
