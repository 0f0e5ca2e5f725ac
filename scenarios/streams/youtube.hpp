#pragma once
// A YouTube channel (docs/models.md, "YouTube"): Poisson uploads, heavy-tailed views driven by
// subscribers and released from a pool with a half-life, subscriber gain and churn, the Partner
// Program gate, RPM revenue and optional sponsorship.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "random/components.hpp"
#include "scenarios/platform_shocks.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct YoutubeParams {
  PerTrialParameter videos_per_month;
  PerTrialParameter skill;
  PerTrialParameter rpm;  // revenue per 1000 monetised views, after YouTube's share
  PerTrialParameter initial_subscribers;
  double base_views = 30;
  double views_per_subscriber = 0.1;
  double views_sigma = 1.5;
  double views_half_life_months = 2;
  double subscribers_per_view = 0.005;
  double monthly_unsubscribe = 0.01;
  double average_view_minutes = 4;
  double monetisation_min_subscribers = 1000;
  double monetisation_min_watch_hours = 4000;  // over the trailing 12 months
  double recession_views_multiplier = 1.2;
  double recession_rpm_multiplier = 0.6;
  double sponsor_per_video = 0;
  double sponsor_min_subscribers = 10000;
  double niche_size = 2'000'000;       // subscribers the channel's niche holds (saturation)
  std::array<double, 12> seasonality;  // RPM factor of simulated month t % 12
  double hours_per_video = 20;         // effort
  PlatformShocks shocks;               // of the platform's rate (off unless shock_hazard is given)

  static YoutubeParams read(TableReader& reader, int start_month);
};

struct YoutubeState {
  std::vector<double> videos_per_month, skill, rpm;
  std::vector<double> work_hours;  // over the block's months (effort)
  std::vector<double> view_pool;
  std::vector<std::int64_t> subscribers;
  std::vector<std::uint8_t> monetised;
  std::vector<double> watch_hours;     // ring of the last 12 months: [slot * capacity + i]
  std::vector<double> trailing_hours;  // this month's sum of the ring, per trial
  // This month's draws, per trial.
  std::vector<std::int64_t> uploads, gained, lost;
  std::vector<double> lifetime_views, gain_rate, initial_subscribers;
  ShockState shocks;
  std::size_t capacity = 0;
  void resize(std::size_t capacity);
};

struct YoutubeStream {
  static constexpr std::string_view kName = "youtube";
  static constexpr std::uint16_t kComponent = random::kYoutube;
  static constexpr IncomeKind kIncomeKind = IncomeKind::self_employment;
  // The audience signals it writes for the streams after it, and those it reads.
  static constexpr std::array<Signal, 2> kWrites{Signal::youtube_views,
                                                 Signal::youtube_subscribers};
  static constexpr std::array<Signal, 0> kReads{};
  // Traces: views realised in the month, subscribers at its start.
  static constexpr std::array<std::string_view, 2> kTraceColumns = {"views", "subscribers"};
  using State = YoutubeState;

  YoutubeParams params;

  static YoutubeStream read(TableReader& reader, const StreamContext& context) {
    return {YoutubeParams::read(reader, context.start_month)};
  }
  std::vector<NamedParameter> per_trial_parameters() const {
    return {{"videos_per_month", &params.videos_per_month},
            {"skill", &params.skill},
            {"rpm", &params.rpm},
            {"initial_subscribers", &params.initial_subscribers}};
  }
  // Writes income (own currency), signals.youtube_views and signals.youtube_subscribers.
  void simulate(const StreamBlock& block, YoutubeState& state, AudienceSignals& signals,
                double* income, const TraceColumns& trace) const;
};

}  // namespace incomesim::scenarios
