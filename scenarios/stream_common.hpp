#pragma once
// What every income stream shares: the block it steps, its per-trial parameters (which may be
// tied to others through the Gaussian copula), the signals streams pass to later streams, the
// columns a trace records, and the half-life pool that spreads a lump of earnings or views over
// later months. The shape a stream type has is in scenarios/stream_list.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "distributions/block_sampler.hpp"
#include "distributions/distribution.hpp"
#include "random/draw_keys.hpp"
#include "random/draw_sequence.hpp"

namespace incomesim::scenarios {

// How the tax treats a stream's income: wages of employment (PAYE, FICA) or the profits of
// self-employment (a sole trader's, set aside by the stream's earner).
enum class IncomeKind { employment, self_employment };

// A per-trial parameter the copula ties to others: its draw coordinate.
struct CopulaMember {
  std::uint16_t component;
  std::uint16_t purpose;
};

// Normal scores of the copula's members for one block: [member * stride + i].
struct CopulaScores {
  const double* scores = nullptr;
  std::size_t stride = 0;
  const std::vector<CopulaMember>* members = nullptr;

  // The scores of the parameter at (component, purpose), or null when it is not a member.
  const double* scores_of(std::uint16_t component, std::uint16_t purpose) const {
    if (!members) return nullptr;
    for (std::size_t k = 0; k < members->size(); ++k)
      if ((*members)[k].component == component && (*members)[k].purpose == purpose)
        return scores + k * stride;
    return nullptr;
  }
};

// The block of trials a stream steps, and what it reads from the shared state.
struct StreamBlock {
  random::DrawKeys keys;  // the seed, or a pick-freeze run's keys (random/draw_keys.hpp)
  std::uint64_t first_trial;
  std::size_t count;
  int months;
  std::size_t stride;                // distance between months in every [month * stride + i] array
  const std::uint8_t* in_recession;  // [month * stride + i]
  CopulaScores copula;
  dist::BlockSampler* batch = nullptr;  // batched draws for the same trials (null in set-up only)

  bool recession(int month, std::size_t i) const {
    return in_recession[static_cast<std::size_t>(month) * stride + i] != 0;
  }
  random::DrawSequence draws(std::size_t i, std::uint16_t component, int month,
                             std::uint16_t purpose) const {
    return random::DrawSequence(
        keys.key(component, month, purpose),
        {first_trial + i, component, static_cast<std::uint16_t>(month), purpose});
  }
};

// A parameter drawn once per trial. Outside the copula it is sampled from its own setup
// coordinate (component, kSetupMonth, purpose); inside, it is the quantile of its copula score.
struct PerTrialParameter {
  dist::Distribution distribution;
  std::uint16_t purpose = 0;  // unique within the component, below kCopulaScorePurposeOffset

  // Whether every trial draws the same value (a constant, even inside the copula).
  bool same_for_every_trial() const { return distribution.is_constant(); }

  // out[i] for every trial of the block.
  void draw_all(const StreamBlock& block, std::uint16_t component, double* out) const {
    if (const double* scores = block.copula.scores_of(component, purpose)) {
      for (std::size_t i = 0; i < block.count; ++i)
        out[i] = dist::from_normal_score(distribution, scores[i]);
    } else if (distribution.is_constant()) {
      std::fill(out, out + block.count, dist::mean(distribution));
    } else if (block.batch != nullptr) {
      // The block's first Philox blocks at once (normal and lognormal by batched Box-Muller);
      // the same draws as one sequence per trial.
      block.batch->sample_all(distribution, component, random::kSetupMonth, purpose, out);
    } else {
      for (std::size_t i = 0; i < block.count; ++i) {
        auto source = block.draws(i, component, random::kSetupMonth, purpose);
        out[i] = dist::sample(distribution, source);
      }
    }
  }
};

// Each of a component's per-trial parameters into its array of the block state.
struct PerTrialTarget {
  const PerTrialParameter& parameter;
  std::vector<double>& values;
};
inline void draw_per_trial(const StreamBlock& block, std::uint16_t component,
                           std::initializer_list<PerTrialTarget> targets) {
  for (const PerTrialTarget& target : targets)
    target.parameter.draw_all(block, component, target.values.data());
}

// A per-trial parameter as the copula and `sensitivity` see it.
struct PerTrialRef {
  std::string key;  // e.g. "medium.skill"
  std::uint16_t component;
  const PerTrialParameter* parameter;
};

// A stream's own per-trial parameters, by field name within its section.
struct NamedParameter {
  std::string field;  // e.g. "skill"
  const PerTrialParameter* parameter;
};

// What streams pass to the streams after them in the list: the audience funnel. Each stream
// declares the signals it writes (S::kWrites) and reads (S::kReads); stream_list.hpp checks at
// compile time that each is written by one stream and read only after it.
enum class Signal {
  medium_articles,         // articles published in the month
  youtube_views,           // views realised in the month
  youtube_subscribers,     // at the start of the month
  newsletter_subscribers,  // at the start of the month
};
inline constexpr std::size_t kSignalCount = 4;

template <std::size_t N>
constexpr bool declares(const std::array<Signal, N>& signals, Signal signal) {
  for (Signal s : signals)
    if (s == signal) return true;
  return false;
}

// The signals' values, [month * stride + i]; zeros where the stream that writes one is absent.
// A stream S reaches only what it declares: read<S, k>() and write<S, k>() fail to compile for a
// signal S does not list.
class AudienceSignals {
 public:
  template <class S, Signal k>
  const double* read() const {
    static_assert(declares(S::kReads, k), "a stream reads only the signals it declares");
    return values_[static_cast<std::size_t>(k)].data();
  }
  template <class S, Signal k>
  double* write() {
    static_assert(declares(S::kWrites, k), "a stream writes only the signals it declares");
    return values_[static_cast<std::size_t>(k)].data();
  }
  void assign(std::size_t cells) {
    for (auto& signal : values_) signal.assign(cells, 0.0);
  }
  // Every value of a signal, for tests and inspection; streams go through read and write.
  const std::vector<double>& inspect(Signal k) const {
    return values_[static_cast<std::size_t>(k)];
  }

 private:
  std::array<std::vector<double>, kSignalCount> values_;
};

// Per-month values a stream records for `--trace-trial` only: column k is
// [month * stride + i], in the order of the stream's kTraceColumns. Null when not tracing.
struct TraceColumns {
  double* const* columns = nullptr;
  bool active() const { return columns != nullptr; }
  void record(std::size_t column, std::size_t cell, double value) const {
    if (columns) columns[column][cell] = value;
  }
};

// Audiences (subscribers) are capped at 10 billion, more people than there are: far beyond any
// real channel or list, and it keeps counts of runaway growth within 64-bit integers.
inline constexpr std::int64_t kMaxAudience = 10'000'000'000;

// An audience after a month: joined minus left, capped at kMaxAudience.
inline void step_audience(std::vector<std::int64_t>& audience,
                          const std::vector<std::int64_t>& joined,
                          const std::vector<std::int64_t>& left, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    audience[i] = std::min(kMaxAudience, audience[i] + joined[i] - left[i]);
}

// Seasonality of ad-funded rates (YouTube RPM, newsletter sponsor CPM), January to December:
// the midpoints of docs/calibration.md "Seasonality of ad-funded income" (RPM relative to the
// annual average, revenuelab.fyi), rescaled to mean 1.
inline constexpr std::array<double, 12> kAdSeasonality = [] {
  std::array<double, 12> curve{0.625, 0.75, 0.90, 1.00,  1.00, 1.05,
                               0.90,  0.90, 1.10, 1.175, 1.40, 1.55};
  double sum = 0;
  for (double factor : curve) sum += factor;
  for (double& factor : curve) factor *= 12 / sum;
  return curve;
}();
inline constexpr const char* kAdSeasonalitySource =
    "docs/calibration.md 'Seasonality of ad-funded income': monthly RPM midpoints "
    "(revenuelab.fyi), "
    "rescaled to mean 1";

// A January-to-December curve by simulated month: factor t % 12 applies to month t when the
// first simulated month is calendar month `start_month` (1-12).
inline std::array<double, 12> by_simulated_month(const std::array<double, 12>& curve,
                                                 int start_month) {
  std::array<double, 12> rotated;
  for (int k = 0; k < 12; ++k) rotated[k] = curve[(start_month - 1 + k) % 12];
  return rotated;
}

// Audience saturation (docs/models.md): gains are multiplied by the room left in the niche,
// max(0, 1 - S / niche_size), so growth is logistic toward the niche's size.
inline double room_in_niche(double audience, double niche_size) {
  return std::max(0.0, 1 - audience / niche_size);
}

// Fraction of a pool released each month for a half-life of h months: 1 - 0.5^(1/h).
inline double release_rate(double half_life_months) {
  return 1.0 - std::pow(0.5, 1.0 / half_life_months);
}

}  // namespace incomesim::scenarios
