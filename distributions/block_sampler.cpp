#include "distributions/block_sampler.hpp"

#include <algorithm>

#include "distributions/batch.hpp"
#include "distributions/sum_kernels.hpp"
#include "random/normals.hpp"

namespace incomesim::dist {

void BlockSampler::poisson(std::uint16_t component, int month, std::uint16_t purpose,
                           const double* means, std::int64_t* out) {
  draws_.first_block(component, month, purpose, first_);
  unsettled_.clear();
  poisson_batch(means, first_words(), draws_, count(), out, unsettled_, count_scratch_);
  for (const std::uint32_t i : unsettled_) {
    auto source = draws_.continue_after_first(i, component, month, purpose, first_);
    out[i] = sample_poisson(means[i], source);
  }
}

void BlockSampler::binomial(std::uint16_t component, int month, std::uint16_t purpose,
                            const std::int64_t* trials, double p, std::int64_t* out) {
  draws_.first_block(component, month, purpose, first_);
  unsettled_.clear();
  binomial_batch(trials, p, first_words(), draws_, count(), out, unsettled_, count_scratch_);
  for (const std::uint32_t i : unsettled_) {
    auto source = draws_.continue_after_first(i, component, month, purpose, first_);
    out[i] = sample_binomial(trials[i], p, source);
  }
}

void BlockSampler::sample_listed(const Distribution& d, std::uint16_t component, int month,
                                 std::uint16_t purpose, const std::vector<std::uint32_t>& lanes,
                                 double* out) {
  const std::size_t m = lanes.size();
  if (m == 0) return;
  draws_.listed_first_blocks(component, month, purpose, lanes, first_);
  if (samples_by_normal_score(d)) {
    draws_.normals_from_blocks(first_, m, out);
    for (std::size_t t = 0; t < m; ++t) out[t] = from_normal_score(d, out[t]);
    return;
  }
  for (std::size_t t = 0; t < m; ++t) {
    const std::uint32_t block[4] = {first_.word[0][t], first_.word[1][t], first_.word[2][t],
                                    first_.word[3][t]};
    auto sequence = draws_.continue_after(lanes[t], component, month, purpose, block);
    out[t] = sample(d, sequence);
  }
}

void BlockSampler::sample_all(const Distribution& d, std::uint16_t component, int month,
                              std::uint16_t purpose, double* out) {
  if (all_lanes_.size() != count()) {
    all_lanes_.resize(count());
    for (std::size_t i = 0; i < count(); ++i) all_lanes_[i] = static_cast<std::uint32_t>(i);
  }
  sample_listed(d, component, month, purpose, all_lanes_, out);
}

void BlockSampler::sums_of_draws(std::uint16_t component, int month, std::uint16_t purpose,
                                 const Distribution& d, const std::int64_t* counts, double* sums) {
  // Trials are taken in chunks of about this many Philox blocks, so that scratch memory stays
  // small whatever the counts (a count is at most a few thousand: callers cap their rates).
  constexpr std::uint32_t kChunkBlocks = 4096;
  const std::size_t n = count();
  blocks_.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    blocks_[i] = static_cast<std::uint32_t>((std::max<std::int64_t>(counts[i], 0) + 3) / 4);
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin;
    std::uint32_t chunk = 0;
    while (end < n && (end == begin || chunk + blocks_[end] <= kChunkBlocks))
      chunk += blocks_[end++];
    draws_.blocks_per_trial(component, month, purpose, begin, end, blocks_.data(), flat_words_,
                            offsets_);
    const std::size_t lanes = offsets_[end - begin];
    // normals_[slot * lanes + lane], slot 0..3 = cos(w0, w1), sin(w0, w1), cos(w2, w3), sin(w2, w3)
    normals_.resize(4 * lanes);
    values_.resize(4 * lanes);
    random::standard_normals_from_words(flat_words_.word[0].data(), flat_words_.word[1].data(),
                                        lanes, normals_.data(), normals_.data() + lanes);
    random::standard_normals_from_words(flat_words_.word[2].data(), flat_words_.word[3].data(),
                                        lanes, normals_.data() + 2 * lanes,
                                        normals_.data() + 3 * lanes);
    from_normal_scores(d, normals_.data(), 4 * lanes, values_.data());
    kernels::sum_draws(values_.data(), lanes, offsets_.data(), counts + begin, end - begin,
                       sums + begin);
    begin = end;
  }
}

}  // namespace incomesim::dist
