#include "engine/bootstrap.hpp"

#include <algorithm>
#include <cmath>

#include "engine/parallel.hpp"
#include "engine/radix_sort.hpp"
#include "random/components.hpp"
#include "random/draw_sequence.hpp"

namespace incomesim::engine {

std::size_t BootstrapPlan::group_count() const {
  return static_cast<std::size_t>(std::min<std::uint64_t>(groups, trials));
}

std::uint64_t BootstrapPlan::group_begin(std::size_t group) const {
  return trials * group / group_count();
}

std::vector<std::size_t> BootstrapPlan::resample(std::uint64_t seed, std::size_t r) const {
  const std::size_t count = group_count();
  random::DrawSequence draws(seed, {r, random::kBootstrap, 0, 0});
  std::vector<std::size_t> picks(count);
  for (auto& g : picks)
    g = std::min(count - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(count)));
  return picks;
}

GroupedSample::GroupedSample(const float* values, const BootstrapPlan& plan)
    : sorted_(values, values + plan.trials) {
  radix_sort(sorted_);
  for (std::size_t g = 0; g < plan.group_count(); ++g) {
    groups_.emplace_back(values + plan.group_begin(g), values + plan.group_begin(g + 1));
    radix_sort(groups_.back());
    std::vector<double>& sums = sums_.emplace_back(groups_.back().size() + 1, 0.0);
    for (std::size_t k = 0; k < groups_.back().size(); ++k) sums[k + 1] = sums[k] + groups_[g][k];
  }
}

double GroupedSample::size(const std::vector<double>& weights) const {
  double size = 0;
  for (std::size_t g = 0; g < groups_.size(); ++g)
    size += weights[g] * static_cast<double>(groups_[g].size());
  return size;
}

double GroupedSample::mean(const std::vector<double>& weights) const {
  double sum = 0;
  for (std::size_t g = 0; g < groups_.size(); ++g) sum += weights[g] * sums_[g].back();
  return sum / size(weights);
}

double GroupedSample::share_above(const std::vector<double>& weights, double x) const {
  double above = 0;
  for (std::size_t g = 0; g < groups_.size(); ++g)
    above +=
        weights[g] * static_cast<double>(groups_[g].end() -
                                         std::upper_bound(groups_[g].begin(), groups_[g].end(), x));
  return above / size(weights);
}

double GroupedSample::expected_shortfall(const std::vector<double>& weights,
                                         double fraction) const {
  const double k = std::max(1.0, std::ceil(fraction * size(weights)));
  // The k-th smallest value v: the resample's values below v, then v itself until there are k.
  const double v = smallest_above_rank(weights, k - 1);
  double count = 0, sum = 0;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (weights[g] == 0) continue;
    const auto below = static_cast<std::size_t>(
        std::lower_bound(groups_[g].begin(), groups_[g].end(), static_cast<float>(v)) -
        groups_[g].begin());
    count += weights[g] * static_cast<double>(below);
    sum += weights[g] * sums_[g][below];
  }
  return (sum + (k - count) * v) / k;
}

// The value of 0-based rank `rank` in the weighted resample: the smallest sample value v with
// more than `rank` resampled values <= v.
double GroupedSample::smallest_above_rank(const std::vector<double>& weights, double rank) const {
  auto count_at_most = [&](float v) {
    double count = 0;
    for (std::size_t g = 0; g < groups_.size(); ++g)
      if (weights[g] != 0)
        count += weights[g] *
                 static_cast<double>(std::upper_bound(groups_[g].begin(), groups_[g].end(), v) -
                                     groups_[g].begin());
    return count;
  };
  std::size_t low = 0, high = sorted_.size() - 1;
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (count_at_most(sorted_[middle]) > rank)
      high = middle;
    else
      low = middle + 1;
  }
  return sorted_[low];
}

double GroupedSample::percentile(const std::vector<double>& weights, double p) const {
  const double size = this->size(weights);
  const double position = p * (size - 1);
  const double below = std::floor(position);
  const double low = smallest_above_rank(weights, below);
  if (position == below) return low;
  const double high = smallest_above_rank(weights, std::min(below + 1, size - 1));
  return low + (position - below) * (high - low);
}

Estimate bootstrap_interval(const BootstrapPlan& plan, std::uint64_t seed,
                            const std::function<double(const std::vector<double>&)>& statistic) {
  const std::size_t count = plan.group_count();
  Estimate estimate;
  estimate.value = statistic(std::vector<double>(count, 1.0));
  if (count < 2 || plan.resamples < 2) return estimate;
  std::vector<double> values = bootstrap_replicates(plan, seed, statistic);
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.size() < 2) return estimate;
  std::sort(values.begin(), values.end());
  const double tail = (1 - plan.confidence) / 2;
  auto at = [&](double p) {
    const double position = p * static_cast<double>(values.size() - 1);
    const std::size_t below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (position - below) * (values[above] - values[below]);
  };
  estimate.ci_low = at(tail);
  estimate.ci_high = at(1 - tail);
  return estimate;
}

std::vector<double> bootstrap_replicates(
    const BootstrapPlan& plan, std::uint64_t seed,
    const std::function<double(const std::vector<double>&)>& statistic) {
  const std::size_t count = plan.group_count();
  std::vector<double> values(plan.resamples);
  parallel_for_each_index(plan.resamples, [&](std::size_t r) {
    std::vector<double> weights(count, 0.0);
    for (std::size_t g : plan.resample(seed, r)) weights[g] += 1;
    values[r] = statistic(weights);
  });
  return values;
}

}  // namespace incomesim::engine
