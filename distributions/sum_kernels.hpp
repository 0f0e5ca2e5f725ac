#pragma once
// Per-trial sums of many draws (BlockSampler::sums_of_draws) on whole vectors of trials, compiled
// once per x86 target with Google Highway and chosen at run time. Each trial's draws are added
// in the order of their index, as one scalar loop would, so every target gives the same bits.
// Knows nothing of income.
#include <cstddef>
#include <cstdint>

namespace incomesim::dist::kernels {

// sums[i] = the sum, in order of k, of values[(k % 4) * lanes + first_lane[i] + k / 4] for
// k < counts[i] (none when counts[i] <= 0), for i < n: draw k of trial i is in slot k % 4 of its
// block k / 4, the slots being four arrays of `lanes` values.
void sum_draws(const double* values, std::size_t lanes, const std::uint32_t* first_lane,
               const std::int64_t* counts, std::size_t n, double* sums);

}  // namespace incomesim::dist::kernels
