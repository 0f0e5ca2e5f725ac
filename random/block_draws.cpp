#include "random/block_draws.hpp"

#include "random/normals.hpp"

namespace incomesim::random {

BlockDraws::BlockDraws(std::size_t capacity) {
  zeros_.reserve(capacity);
  trial_low_.reserve(capacity);
  trial_high_.reserve(capacity);
}

void BlockDraws::start(const DrawKeys& keys, std::uint64_t first_trial, std::size_t count) {
  keys_ = keys;
  first_trial_ = first_trial;
  count_ = count;
  zeros_.assign(count, 0);
  trial_low_.resize(count);
  trial_high_.resize(count);
  for (std::size_t i = 0; i < count; ++i)
    trial_low_[i] = static_cast<std::uint32_t>(first_trial + i);
}

void BlockDraws::first_block(std::uint16_t component, int month, std::uint16_t purpose,
                             WordLanes& out) {
  for (std::size_t i = 0; i < count_; ++i)
    trial_high_[i] = counter_word3(component, first_trial_ + i);
  current_component_ = component;
  current_word1_ = counter_word1(static_cast<std::uint16_t>(month), purpose);
  current_key_ = keys_.key(component, month, purpose);
  philox_lanes(current_key_, zeros_.data(), current_word1_, trial_low_.data(), trial_high_.data(),
               count_, out);
}

void BlockDraws::listed_first_blocks(std::uint16_t component, int month, std::uint16_t purpose,
                                     const std::vector<std::uint32_t>& lanes, WordLanes& out) {
  current_component_ = component;
  current_word1_ = counter_word1(static_cast<std::uint16_t>(month), purpose);
  current_key_ = keys_.key(component, month, purpose);
  listed_blocks(lanes, 0, out);
}

FirstWords BlockDraws::block_words(const std::vector<std::uint32_t>& lanes, std::uint32_t block) {
  listed_blocks(lanes, block, later_words_);
  return {{later_words_.word[0].data(), later_words_.word[1].data(), later_words_.word[2].data(),
           later_words_.word[3].data()}};
}

void BlockDraws::listed_blocks(const std::vector<std::uint32_t>& lanes, std::uint32_t block,
                               WordLanes& out) {
  const std::size_t m = lanes.size();
  flat_block_.assign(m, block);
  flat_trial_low_.resize(m);
  flat_trial_high_.resize(m);
  for (std::size_t t = 0; t < m; ++t) {
    flat_trial_low_[t] = trial_low_[lanes[t]];
    flat_trial_high_[t] =
        counter_word3(static_cast<std::uint16_t>(current_component_), first_trial_ + lanes[t]);
  }
  philox_lanes(current_key_, flat_block_.data(), current_word1_, flat_trial_low_.data(),
               flat_trial_high_.data(), m, out);
}

void BlockDraws::uniforms(std::uint16_t component, int month, std::uint16_t purpose, double* out) {
  first_block(component, month, purpose, scratch_);
  uniforms_from_words(scratch_.word[0].data(), scratch_.word[1].data(), count_, out);
}

void BlockDraws::normals(std::uint16_t component, int month, std::uint16_t purpose, double* out) {
  first_block(component, month, purpose, scratch_);
  normals_from_blocks(scratch_, count_, out);
}

void BlockDraws::normals_from_blocks(const WordLanes& blocks, std::size_t n, double* out) {
  first_uniform_.resize(n);
  second_uniform_.resize(n);
  uniforms_from_words(blocks.word[0].data(), blocks.word[1].data(), n, first_uniform_.data());
  uniforms_from_words(blocks.word[2].data(), blocks.word[3].data(), n, second_uniform_.data());
  standard_normals(first_uniform_.data(), second_uniform_.data(), n, out);
}

void BlockDraws::blocks_per_trial(std::uint16_t component, int month, std::uint16_t purpose,
                                  std::size_t begin, std::size_t end, const std::uint32_t* blocks,
                                  WordLanes& out, std::vector<std::uint32_t>& offsets) {
  const std::size_t trials = end - begin;
  offsets.resize(trials + 1);
  std::uint32_t total = 0;
  for (std::size_t t = 0; t < trials; ++t) {
    offsets[t] = total;
    total += blocks[begin + t];
  }
  offsets[trials] = total;
  // Four lanes are written for every trial whatever its block count, then the next trial starts
  // at its own offset, overwriting what was beyond this one's: no branch for the common counts
  // (0 to 4 blocks), and room for four lanes past the end.
  constexpr std::uint32_t kUnrolled = 4;
  flat_block_.resize(total + kUnrolled);
  flat_trial_low_.resize(total + kUnrolled);
  flat_trial_high_.resize(total + kUnrolled);
  std::uint32_t* const block_of = flat_block_.data();
  std::uint32_t* const low_of = flat_trial_low_.data();
  std::uint32_t* const high_of = flat_trial_high_.data();
  for (std::size_t t = 0; t < trials; ++t) {
    const std::size_t i = begin + t;
    const std::uint32_t high = counter_word3(component, first_trial_ + i);
    const std::uint32_t low = trial_low_[i];
    std::uint32_t* const block_at = block_of + offsets[t];
    std::uint32_t* const low_at = low_of + offsets[t];
    std::uint32_t* const high_at = high_of + offsets[t];
    for (std::uint32_t b = 0; b < kUnrolled; ++b) {
      block_at[b] = b;
      low_at[b] = low;
      high_at[b] = high;
    }
    const std::uint32_t count = blocks[i];  // read once: the stores below may alias it
    for (std::uint32_t b = kUnrolled; b < count; ++b) {
      block_at[b] = b;
      low_at[b] = low;
      high_at[b] = high;
    }
  }
  philox_lanes(keys_.key(component, month, purpose), flat_block_.data(),
               counter_word1(static_cast<std::uint16_t>(month), purpose), flat_trial_low_.data(),
               flat_trial_high_.data(), total, out);
}

DrawSequence BlockDraws::continue_after_first(std::size_t i, std::uint16_t component, int month,
                                              std::uint16_t purpose, const WordLanes& first) const {
  const std::uint32_t block[4] = {first.word[0][i], first.word[1][i], first.word[2][i],
                                  first.word[3][i]};
  return continue_after(i, component, month, purpose, block);
}

DrawSequence BlockDraws::continue_after(std::size_t i, std::uint16_t component, int month,
                                        std::uint16_t purpose,
                                        const std::uint32_t (&first)[4]) const {
  return DrawSequence(keys_.key(component, month, purpose),
                      {first_trial_ + i, component, static_cast<std::uint16_t>(month), purpose},
                      first);
}

void BlockDraws::blocks_of_trials(std::uint16_t component, int month, std::uint16_t purpose,
                                  const std::uint32_t* trials, const std::uint32_t* blocks,
                                  std::size_t m, WordLanes& out) const {
  std::vector<std::uint32_t> low(m), high(m);
  for (std::size_t k = 0; k < m; ++k) {
    low[k] = trial_low_[trials[k]];
    high[k] = counter_word3(component, first_trial_ + trials[k]);
  }
  philox_lanes(keys_.key(component, month, purpose), blocks,
               counter_word1(static_cast<std::uint16_t>(month), purpose), low.data(), high.data(),
               m, out);
}

DrawSequence BlockDraws::sequence_from(std::size_t i, std::uint16_t component, int month,
                                       std::uint16_t purpose, std::uint32_t block) const {
  return DrawSequence(keys_.key(component, month, purpose),
                      {first_trial_ + i, component, static_cast<std::uint16_t>(month), purpose},
                      block);
}

}  // namespace incomesim::random
