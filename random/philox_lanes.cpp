#include "random/philox_lanes.hpp"

#include "random/draw_sequence.hpp"

namespace incomesim::random {
namespace {

void philox_scalar(std::uint64_t seed, const std::uint32_t* word0, std::uint32_t word1,
                   const std::uint32_t* word2, const std::uint32_t* word3, std::size_t first,
                   std::size_t n, WordLanes& out) {
  const auto key = DrawSequence::key_of(seed);
  for (std::size_t j = first; j < n; ++j) {
    const auto block = DrawSequence::Generator()({{word0[j], word1, word2[j], word3[j]}}, key);
    for (int k = 0; k < 4; ++k) out.word[k][j] = block[k];
  }
}
}  // namespace

void WordLanes::resize(std::size_t n) {
  // Room for a whole last group of eight lanes.
  for (auto& w : word)
    if (w.size() < n + 8) w.resize(n + 8);
  size = n;
}

void philox_lanes(std::uint64_t seed, const std::uint32_t* word0, std::uint32_t word1,
                  const std::uint32_t* word2, const std::uint32_t* word3, std::size_t n,
                  WordLanes& out) {
  out.resize(n);
  // Whole vectors on the best target this machine runs, the last few lanes by Random123: the
  // words are the same either way.
  const std::size_t done = philox_whole_vectors(seed, word0, word1, word2, word3, n, out);
  philox_scalar(seed, word0, word1, word2, word3, done, n, out);
}

}  // namespace incomesim::random
