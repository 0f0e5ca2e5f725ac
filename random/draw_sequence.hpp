#pragma once
// The draws at one address, one after another: Random123's Philox4x32-10 with the seed as key
// and the address as counter (random/draw_address.hpp). Satisfies dist::UniformSource.
#include <Random123/philox.h>

#include <cassert>
#include <cstdint>

#include "random/draw_address.hpp"

namespace incomesim::random {

class DrawSequence {
 public:
  using Generator = r123::Philox4x32;

  DrawSequence(std::uint64_t seed, const DrawAddress& address) {
    assert(address.trial < kMaxTrials);
    key_ = key_of(seed);
    counter_ = {{0u, counter_word1(address.month, address.purpose),
                 static_cast<std::uint32_t>(address.trial),
                 counter_word3(address.component, address.trial)}};
  }

  // A sequence whose first block (draws 0-3) was computed elsewhere (philox_lanes): it continues
  // exactly as a fresh sequence would after those four words.
  DrawSequence(std::uint64_t seed, const DrawAddress& address,
               const std::uint32_t (&first_block)[4])
      : DrawSequence(seed, address) {
    for (int k = 0; k < 4; ++k) block_[k] = first_block[k];
    counter_[0] = 1;
    next_word_ = 0;
    block_ready_ = true;
  }

  // A sequence that starts at block `first_block` (draw 4 * first_block): the words after those
  // of its earlier blocks, which were used elsewhere.
  DrawSequence(std::uint64_t seed, const DrawAddress& address, std::uint32_t first_block)
      : DrawSequence(seed, address) {
    counter_[0] = first_block;
  }

  static Generator::key_type key_of(std::uint64_t seed) {
    return {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  }

  std::uint32_t bits32() {
    if (next_word_ == 4) refill();
    return block_[next_word_++];
  }

  // Uniform on the open interval (0, 1) with 53 random bits (uniform_from_words).
  double uniform() {
    const std::uint32_t high = bits32();
    return uniform_from_words(high, bits32());
  }

  // How many 32-bit draws have been taken: the draw index of the next one.
  std::uint64_t draws_taken() const {
    return std::uint64_t{counter_[0]} * 4 - (block_ready_ ? 4 - next_word_ : 0);
  }

 private:
  void refill() {
    block_ = Generator()(counter_, key_);
    ++counter_[0];
    next_word_ = 0;
    block_ready_ = true;
  }

  Generator::key_type key_;
  Generator::ctr_type counter_;
  Generator::ctr_type block_{};
  unsigned next_word_ = 4;
  bool block_ready_ = false;
};

}  // namespace incomesim::random
