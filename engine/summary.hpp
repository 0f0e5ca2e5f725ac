#pragma once
// The report of a run as data: tidy rows (stream, period, metric, value, ci_low, ci_high), built
// from TrialResults; as a ReportTable (summary.csv's columns) until written.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/report_table.hpp"
#include "engine/statistics.hpp"
#include "engine/trial_results.hpp"

namespace incomesim::engine {

// The percentiles a report gives unless asked otherwise (docs/models.md, "What a run reports").
inline const std::vector<double> kDefaultPercentiles{1, 5, 10, 25, 50, 75, 90, 95, 99};

struct SummaryOptions {
  std::vector<double> percentiles = kDefaultPercentiles;  // in percent
  std::vector<double> thresholds;                         // P(income > t) for each
  double confidence = 0.95;
  double shortfall_fraction = 0.05;
};

struct SummaryRow {
  std::string stream;
  std::string period;
  std::string metric;
  Estimate estimate;
};

struct Summary {
  std::string scenario;
  std::uint64_t trials = 0;
  std::uint64_t seed = 0;
  std::vector<SummaryRow> rows;

  // The row for (stream, period, metric), or null.
  const SummaryRow* try_find(const std::string& stream, const std::string& period,
                             const std::string& metric) const;
  // The row for (stream, period, metric); throws std::out_of_range when absent.
  const SummaryRow& find(const std::string& stream, const std::string& period,
                         const std::string& metric) const;
};

Summary summarise(const TrialResults& results, const SummaryOptions& options,
                  const std::string& scenario, std::uint64_t seed);

// Per-month bands of every series from the run's sketches: scenario, stream, month (1-based),
// p5, p25, p50, p75, p95, relative_error, trials, seed.
ReportTable bands_table(const TrialResults& results, const std::string& scenario,
                        std::uint64_t seed);
// The exceedance curve P(X > x) of each series over the horizon, at `points` + 1 evenly spaced
// quantiles: scenario, stream, income, p_exceed, trials, seed.
ReportTable exceedance_table(const TrialResults& results, const std::string& scenario,
                             std::uint64_t seed, int points = 200);

// Columns scenario, stream, period, metric, value, ci_low, ci_high, trials, seed.
ReportTable summary_table(const Summary& summary);
ReportTable rows_table(const std::string& scenario, std::uint64_t trials, std::uint64_t seed,
                       const std::vector<SummaryRow>& rows);

}  // namespace incomesim::engine
