#pragma once
// Inversion of a discrete distribution in about one step: Chen and Asau's (1974) guide table over
// its cumulative probabilities. index(u) is the first index whose cumulative probability exceeds
// u, exactly what a binary search of the same array gives (detail::first_at_or_above), found from
// a bucket of u that starts the search at most a step or two before the answer. Knows nothing of
// income.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace incomesim::dist {

class GuideTable {
 public:
  // `cumulative` ascending, its last element exactly 1.
  explicit GuideTable(std::vector<double> cumulative);

  // u in (0, 1).
  std::size_t index(double u) const {
    // The bucket's start is a power-of-two fraction, so u * buckets is exact and
    // cumulative_[k - 1] <= bucket / buckets <= u for the guide's k.
    std::size_t k = guide_[static_cast<std::size_t>(u * static_cast<double>(guide_.size()))];
    while (cumulative_[k] <= u) ++k;
    return k;
  }
  std::size_t size() const { return cumulative_.size(); }
  const std::vector<double>& cumulative() const { return cumulative_; }

 private:
  std::vector<double> cumulative_;
  std::vector<std::uint32_t> guide_;
};

// Poisson(mean) by inversion of its cumulative probabilities up to where the remaining tail is
// below 2^-60 (below a 53-bit uniform's resolution), the last one set to 1. For means up to
// kMaxTabledPoissonMean: the table then has at most about mean + 40 sqrt(mean) entries.
inline constexpr double kMaxTabledPoissonMean = 1e5;
GuideTable poisson_table(double mean);
// Binomial(trials, p) likewise, for trials up to kMaxTabledBinomialTrials.
inline constexpr std::int64_t kMaxTabledBinomialTrials = 100000;
GuideTable binomial_table(std::int64_t trials, double p);

}  // namespace incomesim::dist
