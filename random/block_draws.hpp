#pragma once
// The draws of a block of consecutive trials, for one (component, month, purpose) address at a
// time, built on philox_lanes: each trial's words equal its own DrawSequence's. What the words
// become (counts, sums of variates) is distributions/block_sampler.hpp's business.
#include <cstdint>
#include <vector>

#include "random/draw_keys.hpp"
#include "random/draw_sequence.hpp"
#include "random/philox_lanes.hpp"

namespace incomesim::random {

class BlockDraws : public WordSource {
 public:
  explicit BlockDraws(std::size_t capacity = 0);
  // Each address is keyed by keys.key(address): the seed, unless a pick-freeze rule says otherwise.
  void start(const DrawKeys& keys, std::uint64_t first_trial, std::size_t count);

  std::size_t count() const { return count_; }

  // The first four words (draws 0-3) of each trial's sequence: out.word[k][i] for trial i. Later
  // blocks of the same address then come from block_words.
  void first_block(std::uint16_t component, int month, std::uint16_t purpose, WordLanes& out);

  // One uniform per trial, equal to DrawSequence(...).uniform() as a sequence's first draw.
  void uniforms(std::uint16_t component, int month, std::uint16_t purpose, double* out);
  // One standard normal per trial, from its sequence's first two uniforms (standard_normals).
  void normals(std::uint16_t component, int month, std::uint16_t purpose, double* out);
  // The same from blocks already made: out[t] from lanes 0 .. n-1 of `blocks`.
  void normals_from_blocks(const WordLanes& blocks, std::size_t n, double* out);

  // Philox blocks 0 .. blocks[i]-1 of the sequences of trials begin .. end-1, trial after trial:
  // trial i's blocks start at lane offsets[i - begin] of out; offsets[end - begin] is the total.
  void blocks_per_trial(std::uint16_t component, int month, std::uint16_t purpose,
                        std::size_t begin, std::size_t end, const std::uint32_t* blocks,
                        WordLanes& out, std::vector<std::uint32_t>& offsets);

  // Trial i's sequence continuing after the four words of its first block, which it is given.
  DrawSequence continue_after_first(std::size_t i, std::uint16_t component, int month,
                                    std::uint16_t purpose, const WordLanes& first) const;

  // Block blocks[k] of trial trials[k]'s sequence at an address, k < m: out.word[j][k], as
  // sequence_from(trials[k], ..., blocks[k]) would give its first four words.
  void blocks_of_trials(std::uint16_t component, int month, std::uint16_t purpose,
                        const std::uint32_t* trials, const std::uint32_t* blocks, std::size_t m,
                        WordLanes& out) const;
  // Trial i's sequence at an address from block `block` on.
  DrawSequence sequence_from(std::size_t i, std::uint16_t component, int month,
                             std::uint16_t purpose, std::uint32_t block) const;

  // Later blocks of the address last asked for with first_block (or listed_first_blocks).
  FirstWords block_words(const std::vector<std::uint32_t>& lanes, std::uint32_t block) override;

  // The first block of the listed trials' sequences only: out.word[k][t] for trial lanes[t].
  void listed_first_blocks(std::uint16_t component, int month, std::uint16_t purpose,
                           const std::vector<std::uint32_t>& lanes, WordLanes& out);
  // Trial i's sequence continuing after its first block, given as four words.
  DrawSequence continue_after(std::size_t i, std::uint16_t component, int month,
                              std::uint16_t purpose, const std::uint32_t (&first)[4]) const;

 private:
  // Block `block` of the listed trials' sequences at the current address.
  void listed_blocks(const std::vector<std::uint32_t>& lanes, std::uint32_t block, WordLanes& out);

  DrawKeys keys_;
  std::uint64_t current_key_ = 0;  // the key of the address last asked for
  std::uint64_t first_trial_ = 0;
  std::size_t count_ = 0;
  std::vector<std::uint32_t> zeros_, trial_low_, trial_high_;
  std::vector<std::uint32_t> flat_block_, flat_trial_low_, flat_trial_high_;
  WordLanes scratch_, later_words_;
  std::uint32_t current_word1_ = 0, current_component_ = 0;
  std::vector<double> first_uniform_, second_uniform_;
};

}  // namespace incomesim::random
