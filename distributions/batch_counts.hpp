#pragma once
// Poisson and binomial counts for many lanes at once, each lane with its own mean (or number of
// trials) and its own random words. The batch runs, on whole vectors, what sample_poisson /
// sample_binomial would do with those words: inversion settles every lane whose mean is small;
// for large means PTRS / BTRS run attempt after attempt across the pending lanes, attempt a on
// block a of each lane's stream (WordSource), as the scalar sampler would. Lanes the batch
// leaves (means above 1e12, or 16 rejections) are listed for the caller to draw one by one with
// the scalar sampler, which starts again from the same words. So a lane's count is a draw from
// the exact distribution and depends only on its own words. Knows nothing of income.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace incomesim::dist {

struct FirstWords {
  const std::uint32_t* word[4];  // word[k][lane]: the lane's draws 0-3
};

// Scratch memory a caller keeps between batches (no allocation once grown).
struct CountScratch {
  // Lanes by method: inversion (small), rejection (pending), rejection's slow test (slow).
  std::vector<std::uint32_t> small, pending, slow;
  // Per listed lane: the mean or number of trials, the uniforms, the candidate count, and the
  // terms of a rejection test.
  std::vector<double> parameter, u, v, count, us, quick, log_ratio, log_parameter;
  std::vector<double> trials_as_double;  // per lane, for binomial_batch
};

// Where the words of later blocks come from, for lanes a first attempt did not settle.
class WordSource {
 public:
  virtual ~WordSource() = default;
  // Block `block` (draws 4 block .. 4 block + 3) of each listed lane: word[k][t] for lanes[t].
  virtual FirstWords block_words(const std::vector<std::uint32_t>& lanes, std::uint32_t block) = 0;
};

// Poisson(means[j]) for every lane, `words` holding each lane's block 0.
void poisson_batch(const double* means, FirstWords words, WordSource& more, std::size_t n,
                   std::int64_t* out, std::vector<std::uint32_t>& unsettled,
                   CountScratch& scratch);

// Binomial(trials[j], p) for every lane, one p for all.
void binomial_batch(const std::int64_t* trials, double p, FirstWords words, WordSource& more,
                    std::size_t n, std::int64_t* out, std::vector<std::uint32_t>& unsettled,
                    CountScratch& scratch);

// The 53-bit uniform PhiloxStream::uniform() makes of two consecutive words.
inline double uniform_from_words(std::uint32_t high_word, std::uint32_t low_word) {
  const std::uint64_t k = ((std::uint64_t{high_word} << 32) | low_word) >> 11;
  return (static_cast<double>(k) + 0.5) * 0x1.0p-53;
}

}  // namespace incomesim::dist
