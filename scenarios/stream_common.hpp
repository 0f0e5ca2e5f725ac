#pragma once
// What every income stream shares: the block it steps, its per-trial parameters (which may be
// tied to others through the Gaussian copula), and the half-life pool that spreads a lump of
// earnings or views over later months.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "distributions/distribution.hpp"
#include "distributions/block_sampler.hpp"
#include "random/draw_sequence.hpp"

namespace incomesim::scenarios {

// Normal scores of the copula's parameters for one block: [copula index * stride + i].
struct CopulaScores {
  const double* scores = nullptr;
  std::size_t stride = 0;
  double score(int index, std::size_t i) const {
    return scores[static_cast<std::size_t>(index) * stride + i];
  }
};

// The block of trials a stream steps, and what it reads from the shared state.
struct StreamBlock {
  std::uint64_t seed;
  std::uint64_t first_trial;
  std::size_t count;
  int months;
  std::size_t stride;               // distance between months in every [month * stride + i] array
  const std::uint8_t* in_recession;  // [month * stride + i]
  CopulaScores copula;
  dist::BlockSampler* batch = nullptr;  // batched draws for the same trials (null in set-up only)

  bool recession(int month, std::size_t i) const {
    return in_recession[static_cast<std::size_t>(month) * stride + i] != 0;
  }
  random::DrawSequence draws(std::size_t i, std::uint16_t component, int month,
                             std::uint16_t purpose) const {
    return random::DrawSequence(
        seed, {first_trial + i, component, static_cast<std::uint16_t>(month), purpose});
  }
};

// A parameter drawn once per trial. Outside the copula it is sampled from its own setup
// coordinate (stream, kSetupMonth, purpose); inside, it is the quantile of its copula score.
struct PerTrialParameter {
  dist::Distribution distribution;
  std::uint16_t purpose = 0;  // unique within the stream
  int copula_index = -1;      // -1: not correlated with anything

  double draw(const StreamBlock& block, std::size_t i, std::uint16_t stream) const {
    if (copula_index >= 0)
      return dist::from_normal_score(distribution, block.copula.score(copula_index, i));
    if (distribution.is_constant()) return dist::mean(distribution);
    auto source = block.draws(i, stream, random::kSetupMonth, purpose);
    return dist::sample(distribution, source);
  }
};

// A per-trial parameter as the copula sees it: its key, its stream and the parameter itself.
struct PerTrialRef {
  std::string key;  // e.g. "medium.skill"
  std::uint16_t stream;
  PerTrialParameter* parameter;
};

// Audiences (subscribers) are capped at 10 billion, more people than there are: far beyond any
// real channel or list, and it keeps counts of runaway growth within 64-bit integers.
inline constexpr std::int64_t kMaxAudience = 10'000'000'000;

// An audience after a month: joined minus left, capped at kMaxAudience.
inline void step_audience(std::vector<std::int64_t>& audience, const std::vector<std::int64_t>& joined,
                          const std::vector<std::int64_t>& left, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    audience[i] = std::min(kMaxAudience, audience[i] + joined[i] - left[i]);
}

// Fraction of a pool released each month for a half-life of h months: 1 - 0.5^(1/h).
inline double release_rate(double half_life_months) {
  return 1.0 - std::pow(0.5, 1.0 / half_life_months);
}

}  // namespace incomesim::scenarios
