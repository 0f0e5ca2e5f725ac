#pragma once
// Stream risk attribution over the whole horizon (docs/research.md, "risk.csv"): which stream
// carries the mean, the variance and the bad outcomes, how streams move together, and how much
// holding several streams diversifies. Every figure has a bootstrap interval over trial groups.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/bootstrap.hpp"
#include "engine/summary.hpp"
#include "engine/trial_results.hpp"

namespace incomesim::engine {

struct RiskOptions {
  double shortfall_fraction = 0.05;  // the bad outcomes: total <= its 5th percentile
  std::size_t groups = 200;
  std::size_t resamples = 200;
  double confidence = 0.95;
};

// Rows (stream, "horizon", metric, estimate) with metrics, for each stream:
//   share_of_mean        E[s] / E[total]
//   share_of_variance    cov(s, total) / var(total)          (sums to 1 over streams)
//   mean_in_shortfall    E[s | total <= P5]
//   shortfall_ratio      E[s | total <= P5] / E[s]          (< 1: the stream shrinks in bad times)
//   share_of_shortfall   E[s | total <= P5] / E[total | total <= P5]   (sums to 1)
//   spearman_<other>     rank correlation with each other stream and the total
// and for the total: diversification_ratio (sum of stream sds / sd of the total).
std::vector<SummaryRow> risk_attribution(const ExactValues& results, const RiskOptions& options,
                                         std::uint64_t seed);

}  // namespace incomesim::engine
