#pragma once
// The console writer: the short readable tables printed after a run, and the number forms
// people read (amounts with separators, shares as percentages) that the page shares.
#include <iosfwd>
#include <string>

#include "analysis/batch.hpp"
#include "analysis/compare.hpp"
#include "analysis/optimise.hpp"
#include "engine/metric_names.hpp"
#include "engine/periods.hpp"
#include "engine/report_table.hpp"
#include "engine/summary.hpp"

namespace incomesim::report {

std::string money(double value);  // 68750.4 -> "68,750"
// A share as "12.3%" (`decimals` after the point), or "-" where it is undefined (e.g. a variance
// share with one trial).
std::string percent(double share, int decimals = 1);

void print_summary_table(std::ostream& out, const engine::Summary& summary,
                         const std::vector<std::string>& series,
                         const std::vector<engine::Period>& periods, const std::string& currency,
                         const std::vector<double>& thresholds);
// risk.csv's shares per stream of `series` (the total skipped), and the diversification ratio.
void print_risk_table(std::ostream& out, const engine::ReportTable& risk,
                      const std::vector<std::string>& series);
void print_household_table(std::ostream& out, const engine::Summary& summary,
                           const std::string& currency);
// One line per summary (a sweep's points, a batch's files), labelled by `labels` under
// `label_headers`: income over the horizon, after tax when every summary has net income, else
// the total (mean, P10, median, P90), and P(ruin) where there is a household. A missing summary
// (a file that failed) shows as "failed".
struct LabelledSummary {
  std::vector<std::string> labels;
  const engine::Summary* summary;  // null: failed
};
void print_summaries_table(std::ostream& out, const std::vector<std::string>& label_headers,
                           const std::vector<LabelledSummary>& rows, const std::string& currency);

// A batch's scenarios, one line each as print_summaries_table prints them, by file name; with a
// currency column when they report in more than one currency (each line in its own).
void print_batch_table(std::ostream& out, const analysis::Batch& batch);

// B - A over the horizon per series: each plan's mean, the mean and P10 differences with their
// intervals, and P(B > A).
void print_comparison_table(std::ostream& out, const analysis::Comparison& comparison);

// An optimisation: the best plan and the plans that tie with it (and, tracing a frontier, the
// plans on it), each with its decisions, side hours and statistics; then the best in words.
void print_optimisation(std::ostream& out, const analysis::Optimisation& optimisation);

// Hours of work and income per hour over the horizon, per stream (`streams`, then the total).
void print_effort_table(std::ostream& out, const engine::Summary& summary,
                        const std::vector<std::string>& streams, const std::string& currency);

}  // namespace incomesim::report
