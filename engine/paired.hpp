#pragma once
// Paired comparison of two runs on the same seed and trial indices (common random numbers):
// B - A per stream and period. Because trial i of A and of B share their draws wherever the
// scenarios agree, the differences have far less noise than two independent runs would.
#include <cstdint>
#include <vector>

#include "engine/summary.hpp"
#include "engine/trial_results.hpp"

namespace incomesim::engine {

struct PairedOptions {
  std::vector<double> percentiles{5, 10, 50, 90, 95};
  double confidence = 0.95;
  std::size_t groups = 200;
  std::size_t resamples = 200;
};

// Rows (stream, period, metric) for every stream of either run (a stream one run lacks counts as
// 0) and the total, over the periods both runs have:
//   mean_a, mean_b; mean_difference (normal interval from the paired sd);
//   p<q>_difference = p<q>(B) - p<q>(A) (bootstrap interval over trial groups);
//   p_b_above_a = share of trials with B > A (Wilson interval).
// Both runs must have the same trial count.
std::vector<SummaryRow> paired_comparison(const ExactValues& a, const ExactValues& b,
                                          const PairedOptions& options, std::uint64_t seed);

}  // namespace incomesim::engine
