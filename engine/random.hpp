#pragma once
// Counter-based randomness (Random123 Philox4x32-10). Every draw is a pure function of
// (seed, trial, stream id, month, purpose, draw index): the seed is the key and the rest is the
// counter, so no generator state is shared between trials, streams or threads. This is what makes
// reports identical at any thread count and lets any trial be replayed alone.
//
// Counter layout (128 bits as four 32-bit words):
//   word 0: block index (each block holds four 32-bit draws)
//   word 1: month << 16 | purpose
//   word 2: trial, low 32 bits
//   word 3: stream id << 16 | trial, high 16 bits  (so trials < 2^48)
#include <cassert>
#include <cstdint>

#include <Random123/philox.h>

#include "distributions/batch_counts.hpp"

namespace incomesim::engine {

// The month coordinate of draws made once per trial, before month 0 (per-trial parameters).
inline constexpr std::uint16_t kSetupMonth = 0xFFFF;
inline constexpr std::uint64_t kMaxTrials = std::uint64_t{1} << 48;

struct DrawAddress {
  std::uint64_t trial;
  std::uint16_t stream;   // fixed per income stream (scenarios/stream_ids.hpp)
  std::uint16_t month;    // 0 .. horizon-1, or kSetupMonth
  std::uint16_t purpose;  // which quantity within the stream's month
};

class PhiloxStream {
 public:
  using Generator = r123::Philox4x32;

  PhiloxStream(std::uint64_t seed, const DrawAddress& address) {
    assert(address.trial < kMaxTrials);
    key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    counter_ = {{0u, counter_word1(address.month, address.purpose),
                 static_cast<std::uint32_t>(address.trial),
                 counter_word3(address.stream, address.trial)}};
  }

  // A stream whose first block (draws 0-3) was computed elsewhere (philox_lanes): it continues
  // exactly as a fresh stream would after those four words.
  PhiloxStream(std::uint64_t seed, const DrawAddress& address,
               const std::uint32_t (&first_block)[4])
      : PhiloxStream(seed, address) {
    for (int k = 0; k < 4; ++k) block_[k] = first_block[k];
    counter_[0] = 1;
    next_word_ = 0;
    block_ready_ = true;
  }

  // The counter words a stream at this address uses, besides the block index (word 0).
  static std::uint32_t counter_word1(std::uint16_t month, std::uint16_t purpose) {
    return (std::uint32_t{month} << 16) | purpose;
  }
  static std::uint32_t counter_word3(std::uint16_t stream, std::uint64_t trial) {
    return (std::uint32_t{stream} << 16) | static_cast<std::uint32_t>(trial >> 32);
  }

  std::uint32_t bits32() {
    if (next_word_ == 4) refill();
    return block_[next_word_++];
  }

  // Uniform on the open interval (0, 1) with 53 random bits: (k + 0.5) / 2^53.
  double uniform() {
    const std::uint32_t high = bits32();
    return dist::uniform_from_words(high, bits32());
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

}  // namespace incomesim::engine
