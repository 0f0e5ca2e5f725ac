#pragma once
// Variates for a block of consecutive trials, one (component, month, purpose) address at a
// time: the words come from random::BlockDraws, so each trial's value depends only on its own
// draw sequence, whatever the block. Knows nothing of income.
#include <cstdint>
#include <optional>
#include <vector>

#include "distributions/batch_counts.hpp"
#include "distributions/distribution.hpp"
#include "distributions/guide_table.hpp"
#include "distributions/window_draws.hpp"
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
  // Poisson(mean) for every trial, the mean shared by all (a scenario's constant rate): by
  // inversion of each trial's first uniform (words 0-1) through a guide table built once per
  // mean. A trial's count depends only on the mean and its own words, not on the way
  // poisson() would draw it.
  void poisson_shared(std::uint16_t component, int month, std::uint16_t purpose, double mean,
                      std::int64_t* out);
  // Binomial(trials, p) for every trial, both shared (a scenario's constants), the same way.
  void binomial_shared(std::uint16_t component, int month, std::uint16_t purpose,
                       std::int64_t trials, double p, std::int64_t* out);

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

  // sums[i] = the sum, in order of k, of counts[i] independent draws of d. Normal and lognormal
  // draws (and clamped ones) come from normals: draw k is from_normal_score(d, normal k of the
  // trial's sequence), normals 4b .. 4b+3 made from block b by Box-Muller (words 0-1, then 2-3;
  // cosine, then sine). Every other family's draw k reads the W = window_words(d) words from
  // word k S of the sequence (distributions/window_draws.hpp), S being W rounded up to 2 or to
  // whole Philox blocks (so that a window never straddles one: S = 2, 4, 8, ...), and a draw its
  // window does not settle is finished from the blocks after the trial's last window.
  void sums_of_draws(std::uint16_t component, int month, std::uint16_t purpose,
                     const Distribution& d, const std::int64_t* counts, double* sums);

 private:
  FirstWords first_words() const {
    return {{first_.word[0].data(), first_.word[1].data(), first_.word[2].data(),
             first_.word[3].data()}};
  }

  void sums_from_normals(std::uint16_t component, int month, std::uint16_t purpose,
                         const Distribution& d, const std::int64_t* counts, double* sums);
  void sums_from_windows(std::uint16_t component, int month, std::uint16_t purpose,
                         const Distribution& d, const std::int64_t* counts, double* sums);

  random::BlockDraws draws_;
  WindowDraws windows_;
  std::vector<std::vector<std::uint32_t>> window_columns_;
  std::vector<std::uint32_t> window_owners_;
  std::vector<double> shared_uniforms_;
  std::vector<std::int64_t> count_scratch_trials_;
  // Counts by inversion of each trial's first uniform through `table`.
  void counts_from_table(std::uint16_t component, int month, std::uint16_t purpose,
                         const GuideTable& table, std::int64_t* out);

  double table_mean_ = 0;
  std::optional<GuideTable> poisson_table_;
  std::int64_t table_trials_ = 0;
  double table_p_ = 0;
  std::optional<GuideTable> binomial_table_;
  random::WordLanes first_, flat_words_;
  std::vector<std::uint32_t> blocks_, offsets_;
  std::vector<float> normals_;
  std::vector<double> values_;
  CountScratch count_scratch_;
  std::vector<std::uint32_t> unsettled_, all_lanes_;
};

}  // namespace incomesim::dist
