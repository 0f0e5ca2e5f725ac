#pragma once
// Variance-based sensitivity (Sobol indices) by pick-freeze, from per-trial outputs of runs on the
// same trials: A (the base draws), B (an independent replicate of every draw) and, for each input
// group k, A_k: the base run with group k's draws taken from B. With V the variance of the output,
//   first order  S_k  = mean(f_B (f_Ak - f_A)) / V          (Saltelli et al. 2010, eq. (b))
//   total        ST_k = mean((f_A - f_Ak)^2) / (2 V)        (Jansen 1999)
// S_k is the share of V explained by group k alone; ST_k adds every interaction it takes part in.
// Both need the groups to be independent of each other. Cost: 2 + (number of groups) runs.
// Intervals: percentile bootstrap over groups of trials (engine/bootstrap.hpp), each resample
// assembled from per-group sums. Knows nothing of what the runs are.
#include <cstdint>
#include <vector>

#include "engine/bootstrap.hpp"
#include "engine/statistics.hpp"

namespace incomesim::engine {

struct SobolIndices {
  Estimate first_order;
  Estimate total;
};

class PickFreeze {
 public:
  // f_A and f_B, one value per trial (the same trials, the same order). Values are centred on
  // their pooled mean before any sum: a mean far from zero would otherwise cost the products
  // their precision.
  PickFreeze(const std::vector<double>& base, const std::vector<double>& replicate,
             BootstrapPlan plan);

  // Adds group k's run f_Ak (k = the number of groups added before); returns k.
  std::size_t add_group(const std::vector<double>& mixed);

  // The output's variance over the 2n values of f_A and f_B.
  double variance() const;
  // Group k's indices with bootstrap intervals; `seed` fixes the resamples.
  SobolIndices indices(std::size_t k, std::uint64_t seed) const;

 private:
  // Per bootstrap group of trials: sums over its trials.
  struct BaseSums {
    double base = 0, base_squares = 0, replicate = 0, replicate_squares = 0, count = 0;
  };
  struct GroupSums {
    double first_order = 0;  // sum of f_B (f_Ak - f_A)
    double total = 0;        // sum of (f_A - f_Ak)^2
  };
  // V from the group sums, weighted as a resample counts them.
  double variance(const std::vector<double>& weights) const;

  BootstrapPlan plan_;
  double centre_ = 0;
  std::vector<double> base_, replicate_;  // centred
  std::vector<BaseSums> base_sums_;
  std::vector<std::vector<GroupSums>> group_sums_;  // [input group][bootstrap group]
};

}  // namespace incomesim::engine
