#pragma once
// Poisson and binomial counts for many lanes at once, each lane with its own mean (or number of
// trials) and its own random words. The batch runs, on whole vectors (count_kernels.hpp: Highway,
// AVX2 or AVX-512 chosen at run time), what sample_poisson /
// sample_binomial would do with those words: inversion settles every lane whose mean is small;
// for large means PTRS / BTRS run attempt after attempt across the pending lanes, attempt a on
// block a of each lane's draw sequence (WordSource), as the scalar sampler would. Lanes the batch
// leaves (means above 1e12, or 16 rejections) are listed for the caller to draw one by one with
// the scalar sampler, which starts again from the same words. So a lane's count is a draw from
// the exact distribution and depends only on its own words. Knows nothing of income.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "random/philox_lanes.hpp"

namespace incomesim::dist {

using random::FirstWords;
using random::WordSource;

// Scratch memory a caller keeps between batches (no allocation once grown).
struct CountScratch {
  // Lanes by method: inversion (small), rejection (pending).
  std::vector<std::uint32_t> small, pending;
  // Block 0's two uniforms of every lane.
  std::vector<double> first_u, first_v;
  // Per listed lane: the mean or number of trials, the uniforms, the inversion's P(0) and step
  // cap, and an attempt's candidate count and verdict.
  std::vector<double> parameter, u, v, start, limit, count, verdict;
  // An attempt's undecided lanes (and its accepted ones, unused) and their slow test's inputs.
  std::vector<std::uint32_t> undecided, accepted;
  std::vector<double> slow_parameter, slow_u, slow_v, slow_verdict;
  std::vector<double> trials_as_double;  // per lane, for binomial_batch
};

// Poisson(means[j]) for every lane, `words` holding each lane's block 0.
void poisson_batch(const double* means, FirstWords words, WordSource& more, std::size_t n,
                   std::int64_t* out, std::vector<std::uint32_t>& unsettled, CountScratch& scratch);

// Binomial(trials[j], p) for every lane, one p for all.
void binomial_batch(const std::int64_t* trials, double p, FirstWords words, WordSource& more,
                    std::size_t n, std::int64_t* out, std::vector<std::uint32_t>& unsettled,
                    CountScratch& scratch);

}  // namespace incomesim::dist
