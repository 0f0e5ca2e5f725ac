#include "distributions/block_sampler.hpp"

#include <algorithm>
#include <optional>

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

namespace {

// Trials are taken in chunks of about this many Philox blocks, so that scratch memory stays
// small whatever the counts (a count is at most a few thousand: callers cap their rates).
constexpr std::uint32_t kChunkBlocks = 4096;

// Calls chunk(begin, end) for consecutive ranges of trials holding about kChunkBlocks blocks.
template <class Chunk>
void for_each_chunk(const std::vector<std::uint32_t>& blocks, std::size_t n, Chunk chunk) {
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin;
    std::uint32_t held = 0;
    while (end < n && (end == begin || held + blocks[end] <= kChunkBlocks)) held += blocks[end++];
    chunk(begin, end);
    begin = end;
  }
}

// The words after every window of each trial, made only for trials that need them.
class TrialRetries final : public Retries {
 public:
  TrialRetries(const random::BlockDraws& draws, std::uint16_t component, int month,
               std::uint16_t purpose, const std::uint32_t* first_free_block)
      : draws_(draws),
        component_(component),
        month_(month),
        purpose_(purpose),
        first_free_block_(first_free_block) {}

  random::DrawSequence& of(std::uint32_t trial) override {
    if (sequences_.size() <= trial) sequences_.resize(draws_.count());
    auto& sequence = sequences_[trial];
    if (!sequence) {
      // After the words next_windows has taken from this trial's retries.
      const std::uint32_t taken = trial < taken_.size() ? taken_[trial] : 0;
      sequence.emplace(draws_.sequence_from(trial, component_, month_, purpose_,
                                            first_free_block_[trial] + taken / 4));
      for (std::uint32_t w = 0; w < taken % 4; ++w) sequence->bits32();
    }
    return *sequence;
  }

  // The same words as the scalar sequences, made on vectors: a retry is one draw in 20 or so,
  // and a Philox block made alone for each cost about a sixth of a sum of PERT draws.
  void next_windows(const std::uint32_t* owners, std::size_t m, std::size_t words,
                    std::uint32_t* const* columns) override {
    if (taken_.size() < draws_.count()) taken_.resize(draws_.count(), 0);
    lane_trial_.clear();
    lane_block_.clear();
    first_lane_.resize(m);
    first_word_.resize(m);
    for (std::size_t t = 0; t < m; ++t) {
      const std::uint32_t trial = owners[t];
      if (trial < sequences_.size() && sequences_[trial]) {  // already scalar: it goes on so
        for (std::size_t j = 0; j < words; ++j) columns[j][t] = sequences_[trial]->bits32();
        first_lane_[t] = kScalar;
        continue;
      }
      const std::uint32_t from = taken_[trial];
      taken_[trial] = from + static_cast<std::uint32_t>(words);
      first_lane_[t] = static_cast<std::uint32_t>(lane_trial_.size());
      first_word_[t] = from % 4;
      for (std::uint32_t b = from / 4; b <= (from + words - 1) / 4; ++b) {
        lane_trial_.push_back(trial);
        lane_block_.push_back(first_free_block_[trial] + b);
      }
    }
    draws_.blocks_of_trials(component_, month_, purpose_, lane_trial_.data(), lane_block_.data(),
                            lane_trial_.size(), blocks_);
    for (std::size_t t = 0; t < m; ++t) {
      if (first_lane_[t] == kScalar) continue;
      for (std::size_t j = 0; j < words; ++j) {
        const std::size_t w = first_word_[t] + j;
        columns[j][t] = blocks_.word[w % 4][first_lane_[t] + w / 4];
      }
    }
  }

 private:
  static constexpr std::uint32_t kScalar = 0xffffffffu;
  const random::BlockDraws& draws_;
  std::uint16_t component_;
  int month_;
  std::uint16_t purpose_;
  const std::uint32_t* first_free_block_;
  std::vector<std::optional<random::DrawSequence>> sequences_;  // by trial, made when needed
  std::vector<std::uint32_t> taken_;                            // by trial: words next_windows took
  std::vector<std::uint32_t> lane_trial_, lane_block_, first_lane_, first_word_;
  random::WordLanes blocks_;
};

}  // namespace

void BlockSampler::poisson_shared(std::uint16_t component, int month, std::uint16_t purpose,
                                  double mean, std::int64_t* out) {
  const std::size_t n = count();
  if (!(mean > 0)) {
    std::fill(out, out + n, 0);
    return;
  }
  if (mean > kMaxTabledPoissonMean) {  // PTRS is as fast there, and the table would be large
    shared_uniforms_.assign(n, mean);
    poisson(component, month, purpose, shared_uniforms_.data(), out);
    return;
  }
  if (!poisson_table_ || table_mean_ != mean) {
    poisson_table_.emplace(poisson_table(mean));
    table_mean_ = mean;
  }
  counts_from_table(component, month, purpose, *poisson_table_, out);
}

void BlockSampler::binomial_shared(std::uint16_t component, int month, std::uint16_t purpose,
                                   std::int64_t trials, double p, std::int64_t* out) {
  const std::size_t n = count();
  if (trials <= 0 || !(p > 0) || p >= 1) {
    std::fill(out, out + n, trials > 0 && p >= 1 ? trials : 0);
    return;
  }
  if (trials > kMaxTabledBinomialTrials) {  // BTRS is as fast there
    count_scratch_trials_.assign(n, trials);
    binomial(component, month, purpose, count_scratch_trials_.data(), p, out);
    return;
  }
  if (!binomial_table_ || table_trials_ != trials || table_p_ != p) {
    binomial_table_.emplace(binomial_table(trials, p));
    table_trials_ = trials;
    table_p_ = p;
  }
  counts_from_table(component, month, purpose, *binomial_table_, out);
}

void BlockSampler::counts_from_table(std::uint16_t component, int month, std::uint16_t purpose,
                                     const GuideTable& table, std::int64_t* out) {
  const std::size_t n = count();
  draws_.first_block(component, month, purpose, first_);
  shared_uniforms_.resize(n);
  random::uniforms_from_words(first_.word[0].data(), first_.word[1].data(), n,
                              shared_uniforms_.data());
  for (std::size_t i = 0; i < n; ++i)
    out[i] = static_cast<std::int64_t>(table.index(shared_uniforms_[i]));
}

void BlockSampler::sums_of_draws(std::uint16_t component, int month, std::uint16_t purpose,
                                 const Distribution& d, const std::int64_t* counts, double* sums) {
  if (samples_by_normal_score(d))
    sums_from_normals(component, month, purpose, d, counts, sums);
  else
    sums_from_windows(component, month, purpose, d, counts, sums);
}

void BlockSampler::sums_from_windows(std::uint16_t component, int month, std::uint16_t purpose,
                                     const Distribution& d, const std::int64_t* counts,
                                     double* sums) {
  const std::size_t n = count();
  const std::size_t words = window_words(d);
  if (words == 0) {  // a constant (the one family without words): nothing to draw
    const double value = std::get<Constant>(d.family()).value;
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0;
      for (std::int64_t k = 0; k < counts[i]; ++k) sum += value;
      sums[i] = sum;
    }
    return;
  }
  // Draws per Philox block (two windows of two words each), or blocks per draw.
  const std::size_t per_block = words <= 2 ? 2 : 1;
  const std::size_t blocks_per_draw = (words + 3) / 4;
  blocks_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto draws = static_cast<std::size_t>(std::max<std::int64_t>(counts[i], 0));
    // per_block is 1 or 2: no division per trial.
    const std::size_t windows = per_block == 2 ? (draws + 1) / 2 : draws;
    blocks_[i] = static_cast<std::uint32_t>(windows * blocks_per_draw);
  }
  TrialRetries retries(draws_, component, month, purpose, blocks_.data());
  for_each_chunk(blocks_, n, [&](std::size_t begin, std::size_t end) {
    draws_.blocks_per_trial(component, month, purpose, begin, end, blocks_.data(), flat_words_,
                            offsets_);
    // A trial's first window, from its first block (one division per trial only when a window
    // spans blocks).
    auto first_slot = [&](std::size_t t) {
      return blocks_per_draw == 1 ? offsets_[t] : offsets_[t] / blocks_per_draw;
    };
    const std::size_t slots = first_slot(end - begin);  // windows per half, per_block halves
    window_owners_.resize(slots);
    for (std::size_t i = begin; i < end; ++i)
      std::fill(window_owners_.begin() + first_slot(i - begin),
                window_owners_.begin() + first_slot(i + 1 - begin), static_cast<std::uint32_t>(i));
    values_.resize(per_block * slots);
    const std::uint32_t* block_words[4] = {flat_words_.word[0].data(), flat_words_.word[1].data(),
                                           flat_words_.word[2].data(), flat_words_.word[3].data()};
    if (per_block == 2) {
      // Draw 2b reads words 0-1 of block b, draw 2b + 1 words 2-3.
      windows_.draw(d, block_words, slots, window_owners_.data(), retries, values_.data());
      windows_.draw(d, block_words + 2, slots, window_owners_.data(), retries,
                    values_.data() + slots);
    } else if (blocks_per_draw == 1) {
      windows_.draw(d, block_words, slots, window_owners_.data(), retries, values_.data());
    } else {
      // Word j of draw k's window: word j % 4 of its block k B + j / 4.
      window_columns_.resize(words);
      std::vector<const std::uint32_t*> columns(words);
      for (std::size_t j = 0; j < words; ++j) {
        window_columns_[j].resize(slots);
        const std::uint32_t* from = block_words[j % 4] + j / 4;
        for (std::size_t t = 0; t < slots; ++t) window_columns_[j][t] = from[t * blocks_per_draw];
        columns[j] = window_columns_[j].data();
      }
      windows_.draw(d, columns.data(), slots, window_owners_.data(), retries, values_.data());
    }
    // Each trial's draws added in order of k: with two windows to a block, draw 2b is in the
    // first half of values_ and draw 2b + 1 in the second.
    for (std::size_t i = begin; i < end; ++i) {
      const double* first = values_.data() + first_slot(i - begin);
      const auto draws = static_cast<std::size_t>(std::max<std::int64_t>(counts[i], 0));
      double sum = 0;
      if (per_block == 2) {
        const double* second = first + slots;
        std::size_t b = 0;
        for (; 2 * b + 1 < draws; ++b) sum = sum + first[b] + second[b];
        if (2 * b < draws) sum += first[b];
      } else {
        for (std::size_t k = 0; k < draws; ++k) sum += first[k];
      }
      sums[i] = sum;
    }
  });
}

void BlockSampler::sums_from_normals(std::uint16_t component, int month, std::uint16_t purpose,
                                     const Distribution& d, const std::int64_t* counts,
                                     double* sums) {
  const std::size_t n = count();
  blocks_.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    blocks_[i] = static_cast<std::uint32_t>((std::max<std::int64_t>(counts[i], 0) + 3) / 4);
  for_each_chunk(blocks_, n, [&](std::size_t begin, std::size_t end) {
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
  });
}

}  // namespace incomesim::dist
