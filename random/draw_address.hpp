#pragma once
// The randomness contract (docs/architecture.md, "Randomness"): every draw is a pure function of
// (seed, trial, component, month, purpose, draw index). The seed is Philox's key; the rest is
// its 128-bit counter, laid out as four 32-bit words:
//   word 0: block index (each block holds four 32-bit draws)
//   word 1: month << 16 | purpose
//   word 2: trial, low 32 bits
//   word 3: component << 16 | trial, high 16 bits  (so trials < 2^48)
// No generator state is shared between trials, components or threads: reports are identical at
// any thread count, and any trial can be replayed alone.
#include <cstdint>

namespace incomesim::random {

// The month coordinate of draws made once per trial, before month 0 (per-trial parameters).
inline constexpr std::uint16_t kSetupMonth = 0xFFFF;
inline constexpr std::uint64_t kMaxTrials = std::uint64_t{1} << 48;

struct DrawAddress {
  std::uint64_t trial;
  std::uint16_t component;  // which part of the model draws (random/components.hpp)
  std::uint16_t month;      // 0 .. horizon-1, or kSetupMonth
  std::uint16_t purpose;    // which quantity within the component's month
};

// The counter words of an address, besides the block index (word 0).
inline std::uint32_t counter_word1(std::uint16_t month, std::uint16_t purpose) {
  return (std::uint32_t{month} << 16) | purpose;
}
inline std::uint32_t counter_word3(std::uint16_t component, std::uint64_t trial) {
  return (std::uint32_t{component} << 16) | static_cast<std::uint32_t>(trial >> 32);
}

// The 53-bit uniform on the open interval (0, 1) made of two consecutive 32-bit words:
// (k + 0.5) / 2^53 with k the top 53 bits of high:low.
inline double uniform_from_words(std::uint32_t high_word, std::uint32_t low_word) {
  const std::uint64_t k = ((std::uint64_t{high_word} << 32) | low_word) >> 11;
  return (static_cast<double>(k) + 0.5) * 0x1.0p-53;
}

}  // namespace incomesim::random
