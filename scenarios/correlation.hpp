#pragma once
// Rank correlation between per-trial parameters (docs/models.md, "Correlated parameters"): a
// Gaussian copula. Spearman rho becomes Pearson r = 2 sin(pi rho / 6) on the normal scale; the
// matrix is factorised by Cholesky (Eigen) and each parameter takes the quantile of its score.
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "scenarios/stream_common.hpp"

namespace incomesim::scenarios {

class Copula {
 public:
  // Reads the [[correlation]] entries, checks them against the per-trial parameters the
  // scenario has, and sets each member's copula_index. An impossible matrix is an InputError
  // naming the entries involved.
  static Copula build(const toml::node* entries, const std::vector<PerTrialRef>& available,
                      const std::string& file);

  bool empty() const { return members_.empty(); }
  std::size_t size() const { return members_.size(); }
  // Normal scores for the block: scores[k * block.stride + i].
  void normal_scores(const StreamBlock& block, double* scores) const;

  // More than every per-trial parameter the model has, so a fixed array holds a trial's scores.
  static constexpr std::size_t kMaxMembers = 64;

 private:
  struct Member {
    std::uint16_t stream;
    std::uint16_t purpose;
  };
  std::vector<Member> members_;
  std::vector<double> cholesky_;  // lower triangle, row-major, size() x size()
};

}  // namespace incomesim::scenarios
