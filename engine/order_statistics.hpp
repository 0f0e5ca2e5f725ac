#pragma once
// The distribution of one result slot as a report reads it: percentiles with their intervals,
// counts of zeros and of values above a threshold, expected shortfall. From sorted per-trial
// values (exact mode) or a quantile sketch (streaming mode, each value within the sketch's
// relative error, and percentile intervals widened to the edges of the sketch's buckets so that
// they hold the exact-mode interval); the caller does not know which.
#include <cstdint>
#include <vector>

#include "engine/quantile_sketch.hpp"
#include "engine/statistics.hpp"

namespace incomesim::engine {

class OrderStatistics {
 public:
  explicit OrderStatistics(std::vector<float> sorted) : sorted_(std::move(sorted)) {}
  explicit OrderStatistics(const QuantileSketch& sketch) : sketch_(&sketch) {}

  std::uint64_t size() const { return sketch_ ? sketch_->count() : sorted_.size(); }
  Estimate percentile(double p, double confidence) const;
  double value_at_rank(std::uint64_t rank) const;  // 0-based
  std::uint64_t zeros() const;
  std::uint64_t above(double x) const;
  double expected_shortfall(double fraction) const;
  // With its normal interval (engine::expected_shortfall_estimate) in exact mode; a sketch keeps
  // no tail variance, so in streaming mode the value comes without one.
  Estimate expected_shortfall_estimate(double fraction, double confidence) const;

 private:
  std::vector<float> sorted_;
  const QuantileSketch* sketch_ = nullptr;
};

}  // namespace incomesim::engine
