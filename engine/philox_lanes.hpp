#pragma once
// Philox4x32-10 evaluated for many counters at once, and the draws of a whole block of trials
// built on it. Every word equals what r123::Philox4x32 (and so PhiloxStream) gives for the same
// key and counter (tests/test_random.cpp): batching changes how fast draws are made, never which.
#include <array>
#include <cstdint>
#include <vector>

#include "distributions/batch_counts.hpp"
#include "distributions/distribution.hpp"
#include "engine/random.hpp"

namespace incomesim::engine {

// Four 32-bit words per lane, one array per word: word[k][lane].
struct WordLanes {
  std::array<std::vector<std::uint32_t>, 4> word;
  std::size_t size = 0;
  void resize(std::size_t n);
};

// out.word[k][j] = Philox4x32(counter = {word0[j], word1, word2[j], word3[j]}, key = seed)[k]
// for j < n. On AVX2 eight lanes go at once; elsewhere lane by lane.
void philox_lanes(std::uint64_t seed, const std::uint32_t* word0, std::uint32_t word1,
                  const std::uint32_t* word2, const std::uint32_t* word3, std::size_t n,
                  WordLanes& out);

// The draws of a block of consecutive trials, for one (stream, month, purpose) at a time.
class BlockDraws : public dist::WordSource {
 public:
  explicit BlockDraws(std::size_t capacity = 0);
  void start(std::uint64_t seed, std::uint64_t first_trial, std::size_t count);

  std::uint64_t seed() const { return seed_; }
  std::size_t count() const { return count_; }

  // The first four words (draws 0-3) of each trial's stream: out.word[k][i] for trial i.
  void first_block(std::uint16_t stream, int month, std::uint16_t purpose, WordLanes& out);

  // One uniform per trial, equal to PhiloxStream(...).uniform() as a stream's first draw.
  void uniforms(std::uint16_t stream, int month, std::uint16_t purpose, double* out);
  // One standard normal per trial, from the stream's first two uniforms (dist::standard_normals).
  void normals(std::uint16_t stream, int month, std::uint16_t purpose, double* out);

  // Counts per trial, each equal to sample_poisson / sample_binomial on the trial's own stream
  // (the first block of every stream is made in one batch).
  void poisson(std::uint16_t stream, int month, std::uint16_t purpose, const double* means,
               std::int64_t* out);
  void binomial(std::uint16_t stream, int month, std::uint16_t purpose,
                const std::int64_t* trials, double p, std::int64_t* out);

  // sums[i] = the sum of counts[i] independent draws of d, the k-th of them from normal k of
  // the trial's stream: normals 4b .. 4b+3 come from block b by Box-Muller (words 0-1, then 2-3;
  // cosine, then sine), and a draw is from_normal_score(d, normal).
  void sums_of_draws(std::uint16_t stream, int month, std::uint16_t purpose,
                     const dist::Distribution& d, const std::int64_t* counts, double* sums);

  // Later blocks of the stream last asked for with first_block (poisson / binomial attempts).
  dist::FirstWords block_words(const std::vector<std::uint32_t>& lanes,
                               std::uint32_t block) override;

 private:
  // Philox blocks 0 .. blocks[i]-1 of the streams of trials begin .. end-1, trial after trial:
  // trial i's blocks start at lane offsets[i - begin] of out; offsets[end - begin] is the total.
  void blocks_per_trial(std::uint16_t stream, int month, std::uint16_t purpose, std::size_t begin,
                        std::size_t end, const std::uint32_t* blocks, WordLanes& out,
                        std::vector<std::uint32_t>& offsets);

  // Trial i's stream continuing after the four words of its first block, which it is given.
  PhiloxStream continue_after_first(std::size_t i, std::uint16_t stream, int month,
                                    std::uint16_t purpose, const WordLanes& first) const;

  dist::FirstWords first_words() const {
    return {{scratch_.word[0].data(), scratch_.word[1].data(), scratch_.word[2].data(),
             scratch_.word[3].data()}};
  }

  std::uint64_t seed_ = 0;
  std::uint64_t first_trial_ = 0;
  std::size_t count_ = 0;
  std::vector<std::uint32_t> zeros_, trial_low_, trial_high_;
  std::vector<std::uint32_t> flat_block_, flat_trial_low_, flat_trial_high_;
  WordLanes scratch_, flat_words_, later_words_;
  std::uint32_t current_word1_ = 0, current_stream_ = 0;
  std::vector<std::uint32_t> blocks_, offsets_;
  std::vector<float> normals_;
  std::vector<double> values_, second_uniform_;
  dist::CountScratch count_scratch_;
  std::vector<std::uint32_t> unsettled_;
};

}  // namespace incomesim::engine
