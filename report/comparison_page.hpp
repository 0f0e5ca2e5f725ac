#pragma once
// The pages of the analyses that run several plans on the same futures: `compare A B --html`
// (comparison.html), `sweep --html` (sweep.html) and `batch --html` (batch.html). Each is one
// self-contained page like report.html, drawn from the analysis's typed result: the plans'
// headlines side by side, their fans and exceedance curves overlaid (when the analysis kept its
// curves: the request asked for monthly bands), and what tells them apart (B - A with its
// interval and P(B > A); a sweep's statistic against the swept value).
#include <string>

#include "analysis/batch.hpp"
#include "analysis/compare.hpp"
#include "analysis/optimise.hpp"
#include "analysis/sweep.hpp"

namespace incomesim::report {

std::string comparison_page(const analysis::Comparison& comparison, int horizon_months);
// `scenario` names the swept file; amounts are in `currency` (every point's); `horizon_months`
// is every point's horizon, or 0 when the sweep varies it.
std::string sweep_page(const analysis::Sweep& sweep, const std::string& scenario,
                       const std::string& currency, int horizon_months);
std::string batch_page(const analysis::Batch& batch);
// `optimise --html` (optimise.html): the plans on the objective against the frontier's other
// statistic (or side hours), and a table of the best, its ties and the frontier.
std::string optimise_page(const analysis::Optimisation& optimisation);

}  // namespace incomesim::report
