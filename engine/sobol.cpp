#include "engine/sobol.hpp"

#include <cassert>
#include <stdexcept>

namespace incomesim::engine {

PickFreeze::PickFreeze(const std::vector<double>& base, const std::vector<double>& replicate,
                       BootstrapPlan plan)
    : plan_(plan), base_(base), replicate_(replicate) {
  if (base.size() != replicate.size() || base.size() < 2)
    throw std::invalid_argument("PickFreeze: f_A and f_B need the same trials, at least 2");
  plan_.trials = base.size();
  double sum = 0;
  for (std::size_t i = 0; i < base.size(); ++i) sum += base[i] + replicate[i];
  centre_ = sum / (2 * static_cast<double>(base.size()));
  for (double& v : base_) v -= centre_;
  for (double& v : replicate_) v -= centre_;
  base_sums_.resize(plan_.group_count());
  for (std::size_t g = 0; g < plan_.group_count(); ++g) {
    BaseSums& s = base_sums_[g];
    for (std::uint64_t i = plan_.group_begin(g); i < plan_.group_begin(g + 1); ++i) {
      s.base += base_[i];
      s.base_squares += base_[i] * base_[i];
      s.replicate += replicate_[i];
      s.replicate_squares += replicate_[i] * replicate_[i];
      s.count += 1;
    }
  }
}

std::size_t PickFreeze::add_group(const std::vector<double>& mixed) {
  if (mixed.size() != base_.size())
    throw std::invalid_argument("PickFreeze: f_Ak needs the same trials as f_A");
  std::vector<GroupSums> sums(plan_.group_count());
  for (std::size_t g = 0; g < sums.size(); ++g)
    for (std::uint64_t i = plan_.group_begin(g); i < plan_.group_begin(g + 1); ++i) {
      const double frozen = mixed[i] - centre_;
      sums[g].first_order += replicate_[i] * (frozen - base_[i]);
      sums[g].total += (base_[i] - frozen) * (base_[i] - frozen);
    }
  group_sums_.push_back(std::move(sums));
  return group_sums_.size() - 1;
}

double PickFreeze::variance(const std::vector<double>& weights) const {
  double n = 0, sum = 0, squares = 0;
  for (std::size_t g = 0; g < base_sums_.size(); ++g) {
    const BaseSums& s = base_sums_[g];
    n += weights[g] * 2 * s.count;
    sum += weights[g] * (s.base + s.replicate);
    squares += weights[g] * (s.base_squares + s.replicate_squares);
  }
  const double mean = sum / n;
  return squares / n - mean * mean;
}

double PickFreeze::variance() const {
  return variance(std::vector<double>(base_sums_.size(), 1.0));
}

SobolIndices PickFreeze::indices(std::size_t k, std::uint64_t seed) const {
  assert(k < group_sums_.size());
  const std::vector<GroupSums>& sums = group_sums_[k];
  // Each index as a function of the resample's weights on the bootstrap groups.
  auto ratio = [&](const std::vector<double>& weights, bool total) {
    double n = 0, numerator = 0;
    for (std::size_t g = 0; g < sums.size(); ++g) {
      n += weights[g] * base_sums_[g].count;
      numerator += weights[g] * (total ? sums[g].total : sums[g].first_order);
    }
    const double v = variance(weights);
    return total ? numerator / (2 * n * v) : numerator / (n * v);
  };
  // The same resamples for both indices and every group: their intervals are comparable.
  return {bootstrap_interval(plan_, seed,
                             [&](const std::vector<double>& w) { return ratio(w, false); }),
          bootstrap_interval(plan_, seed,
                             [&](const std::vector<double>& w) { return ratio(w, true); })};
}

}  // namespace incomesim::engine
