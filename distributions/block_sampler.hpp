#pragma once
// Variates for a block of consecutive trials, one (component, month, purpose) address at a
// time: the words come from random::BlockDraws, so each trial's value depends only on its own
// draw sequence, whatever the block. Knows nothing of income.
#include <cstdint>
#include <vector>

#include "distributions/batch_counts.hpp"
#include "distributions/distribution.hpp"
#include "random/block_draws.hpp"

namespace incomesim::dist {

class BlockSampler {
 public:
  explicit BlockSampler(std::size_t capacity = 0) : draws_(capacity) {}
  void start(const random::DrawKeys& keys, std::uint64_t first_trial, std::size_t count) {
    draws_.start(keys, first_trial, count);
  }
  std::size_t count() const { return draws_.count(); }

  // One uniform / standard normal per trial (random::BlockDraws).
  void uniforms(std::uint16_t component, int month, std::uint16_t purpose, double* out) {
    draws_.uniforms(component, month, purpose, out);
  }
  void normals(std::uint16_t component, int month, std::uint16_t purpose, double* out) {
    draws_.normals(component, month, purpose, out);
  }

  // Counts per trial, each equal to sample_poisson / sample_binomial on the trial's own draw
  // sequence (the first block of every sequence is made in one batch).
  void poisson(std::uint16_t component, int month, std::uint16_t purpose, const double* means,
               std::int64_t* out);
  void binomial(std::uint16_t component, int month, std::uint16_t purpose,
                const std::int64_t* trials, double p, std::int64_t* out);

  // out[t] = a draw of d from the sequence of trial lanes[t], for every listed trial (events that
  // happen to some trials in a month: a new engagement, a raise): the first Philox block of
  // every listed sequence made at once. Normal and lognormal draws come from those words by
  // batched Box-Muller (as `normals`, vector log and cos); other families are drawn trial by
  // trial with sample(d, sequence), the sequence starting from its block already made.
  void sample_listed(const Distribution& d, std::uint16_t component, int month,
                     std::uint16_t purpose, const std::vector<std::uint32_t>& lanes, double* out);
  // The same for every trial of the block.
  void sample_all(const Distribution& d, std::uint16_t component, int month, std::uint16_t purpose,
                  double* out);

  // sums[i] = the sum of counts[i] independent draws of d, the k-th of them from normal k of
  // the trial's sequence: normals 4b .. 4b+3 come from block b by Box-Muller (words 0-1, then
  // 2-3; cosine, then sine), and a draw is from_normal_score(d, normal).
  void sums_of_draws(std::uint16_t component, int month, std::uint16_t purpose,
                     const Distribution& d, const std::int64_t* counts, double* sums);

 private:
  FirstWords first_words() const {
    return {{first_.word[0].data(), first_.word[1].data(), first_.word[2].data(),
             first_.word[3].data()}};
  }

  random::BlockDraws draws_;
  random::WordLanes first_, flat_words_;
  std::vector<std::uint32_t> blocks_, offsets_;
  std::vector<float> normals_;
  std::vector<double> values_;
  CountScratch count_scratch_;
  std::vector<std::uint32_t> unsettled_, all_lanes_;
};

}  // namespace incomesim::dist
