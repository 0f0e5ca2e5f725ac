#include "engine/order_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace incomesim::engine {

Estimate OrderStatistics::percentile(double p, double confidence) const {
  if (!sketch_) return engine::percentile(sorted_, p, confidence);
  if (size() == 0) return {};
  // The order statistics of the exact interval's ranks lie in their buckets: the interval is the
  // lower edge of the first bucket to the upper edge of the second, so it includes the sketch's
  // error (streaming once reported a zero-width interval where both ranks shared a bucket).
  const auto [low, high] = order_statistic_ranks(size(), p, confidence);
  return {sketch_->quantile(p), sketch_->bounds_at_rank(low - 1).first,
          sketch_->bounds_at_rank(high - 1).second};
}

double OrderStatistics::value_at_rank(std::uint64_t rank) const {
  return sketch_ ? sketch_->value_at_rank(rank) : sorted_.at(rank);
}

std::uint64_t OrderStatistics::zeros() const {
  return sketch_ ? sketch_->zeros()
                 : static_cast<std::uint64_t>(std::count(sorted_.begin(), sorted_.end(), 0.0f));
}

std::uint64_t OrderStatistics::above(double x) const {
  if (sketch_) return sketch_->count_above(x);
  return static_cast<std::uint64_t>(sorted_.end() -
                                    std::upper_bound(sorted_.begin(), sorted_.end(), x));
}

double OrderStatistics::expected_shortfall(double fraction) const {
  if (!sketch_) return engine::expected_shortfall(sorted_, fraction);
  if (size() == 0) return kNoValue;
  return sketch_->mean_of_lowest(std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(size())))));
}

Estimate OrderStatistics::expected_shortfall_estimate(double fraction, double confidence) const {
  if (sketch_) return {expected_shortfall(fraction), kNoValue, kNoValue};
  return engine::expected_shortfall_estimate(sorted_, fraction, confidence);
}

}  // namespace incomesim::engine
