#pragma once
// Bootstrap over groups of trials. Trials are independent, so any partition into groups serves;
// resampling groups (with replacement) rather than trials lets each resample be assembled from
// per-group sums. Resample draws come from Philox keyed by the run's seed, so the intervals are
// reproducible like everything else.
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/statistics.hpp"

namespace incomesim::engine {

struct BootstrapPlan {
  std::uint64_t trials = 0;
  std::size_t groups = 200;  // at most; fewer when there are fewer trials
  std::size_t resamples = 200;
  double confidence = 0.95;

  std::size_t group_count() const;
  std::uint64_t group_begin(std::size_t group) const;  // trials [begin(g), begin(g + 1))
  // The group indices of resample r (group_count() of them), a pure function of (seed, r).
  std::vector<std::size_t> resample(std::uint64_t seed, std::size_t r) const;
};

// A sample split into the plan's groups, each sorted once, so that the percentile of any
// weighted resample of groups costs O(groups x log n) instead of a sort.
class GroupedSample {
 public:
  GroupedSample(const float* values, const BootstrapPlan& plan);
  // The p-quantile (linear interpolation, as engine::percentile) of the resample in which group
  // g is counted weights[g] times.
  double percentile(const std::vector<double>& weights, double p) const;
  // The resample's mean, share above x, and mean of its lowest ceil(fraction x size) values (as
  // engine::expected_shortfall).
  double mean(const std::vector<double>& weights) const;
  double share_above(const std::vector<double>& weights, double x) const;
  double expected_shortfall(const std::vector<double>& weights, double fraction) const;

 private:
  double size(const std::vector<double>& weights) const;
  double smallest_above_rank(const std::vector<double>& weights, double rank) const;
  std::vector<float> sorted_;               // the whole sample
  std::vector<std::vector<float>> groups_;  // each group, sorted
  std::vector<std::vector<double>> sums_;   // each group's prefix sums: sums_[g][k] of k values
};

// Percentile interval of a statistic: `statistic(weights)` evaluates it with each group counted
// weights[g] times (weights sum to group_count()); all ones is the full sample. Resamples run in
// parallel; the interval does not depend on the thread count.
Estimate bootstrap_interval(const BootstrapPlan& plan, std::uint64_t seed,
                            const std::function<double(const std::vector<double>&)>& statistic);

// The statistic on each of the plan's resamples, in resample order: the same resamples for every
// sample under one seed, so that replicates of two samples of the same trials are paired.
std::vector<double> bootstrap_replicates(
    const BootstrapPlan& plan, std::uint64_t seed,
    const std::function<double(const std::vector<double>&)>& statistic);

}  // namespace incomesim::engine
