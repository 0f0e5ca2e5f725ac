#pragma once
// Philox4x32-10 evaluated for many counters at once. Every word equals what r123::Philox4x32
// (and so DrawSequence) gives for the same key and counter (tests/test_random.cpp): batching
// changes how fast draws are made, never which.
#include <array>
#include <cstdint>
#include <vector>

namespace incomesim::random {

// Four 32-bit words per lane, one array per word: word[k][lane].
struct WordLanes {
  std::array<std::vector<std::uint32_t>, 4> word;
  std::size_t size = 0;
  void resize(std::size_t n);
};

// out.word[k][j] = Philox4x32(counter = {word0[j], word1, word2[j], word3[j]}, key = seed)[k]
// for j < n: whole vectors on the best instruction set this machine has (random/
// philox_kernels.cpp, chosen at run time), the rest lane by lane.
void philox_lanes(std::uint64_t seed, const std::uint32_t* word0, std::uint32_t word1,
                  const std::uint32_t* word2, const std::uint32_t* word3, std::size_t n,
                  WordLanes& out);

// The lanes of out done in whole vectors (a multiple of the vector's lane count, <= n).
std::size_t philox_whole_vectors(std::uint64_t seed, const std::uint32_t* word0,
                                 std::uint32_t word1, const std::uint32_t* word2,
                                 const std::uint32_t* word3, std::size_t n, WordLanes& out);

// The instruction set the vector kernels run on, as Highway names it ("AVX2", "AVX3" for
// AVX-512): the best this machine has among those the build compiled.
const char* vector_target();

// One block (four words) per lane, read-only: word[k][lane].
struct FirstWords {
  const std::uint32_t* word[4];
};

// Where the words of later blocks come from, for lanes a first attempt of a sampler did not
// settle (the rejection samplers of distributions/batch_counts.hpp).
class WordSource {
 public:
  virtual ~WordSource() = default;
  // Block `block` (draws 4 block .. 4 block + 3) of each listed lane: word[k][t] for lanes[t].
  virtual FirstWords block_words(const std::vector<std::uint32_t>& lanes, std::uint32_t block) = 0;
};

}  // namespace incomesim::random
