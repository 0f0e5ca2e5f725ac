#pragma once
// Rank correlation between per-trial parameters (docs/models.md, "Correlated parameters"): a
// Gaussian copula. Spearman rho becomes Pearson r = 2 sin(pi rho / 6) on the normal scale; the
// matrix is factorised by Cholesky (Eigen) and each parameter takes the quantile of its score.
#include <toml++/toml.h>

#include <string>
#include <vector>

#include "scenarios/stream_common.hpp"

namespace incomesim::scenarios {

class Copula {
 public:
  // Reads the [[correlation]] entries and checks them against the per-trial parameters the
  // scenario has. An impossible matrix is an InputError naming the entries involved. The copula
  // keeps its own list of members (their draw coordinates); a parameter finds its scores there.
  static Copula build(const toml::node* entries, const std::vector<PerTrialRef>& available,
                      const std::string& file);

  bool empty() const { return members_.empty(); }
  std::size_t size() const { return members_.size(); }
  const std::vector<CopulaMember>& members() const { return members_; }
  // Normal scores for the block: scores[k * block.stride + i], k in members() order.
  void normal_scores(const StreamBlock& block, double* scores) const;
  // Whether the scores of members a and b (members() order) share an independent draw: a non-zero
  // in the Cholesky factor. Members not linked by a chain of such pairs are independent.
  bool shares_draws(std::size_t a, std::size_t b) const;
  // The block's view of scores made by normal_scores.
  CopulaScores view(const double* scores, std::size_t stride) const {
    return {scores, stride, empty() ? nullptr : &members_};
  }

  // More than every per-trial parameter the model has, so a fixed array holds a trial's scores.
  static constexpr std::size_t kMaxMembers = 64;

 private:
  std::vector<CopulaMember> members_;
  std::vector<double> cholesky_;  // lower triangle, row-major, size() x size()
};

}  // namespace incomesim::scenarios
