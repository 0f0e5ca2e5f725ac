#pragma once
// A YouTube channel (docs/models.md, "YouTube"): Poisson uploads, heavy-tailed views driven by
// subscribers and released from a pool with a half-life, subscriber gain and churn, the Partner
// Program gate, RPM revenue and optional sponsorship.
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct YoutubeParams {
  std::string currency;
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

  static YoutubeParams read(TableReader& reader, const std::string& reporting_currency);
};

struct YoutubeState {
  std::vector<double> videos_per_month, skill, rpm;
  std::vector<double> view_pool;
  std::vector<std::int64_t> subscribers;
  std::vector<std::uint8_t> monetised;
  std::vector<double> watch_hours;  // ring of the last 12 months: [slot * capacity + i]
  // This month's draws, per trial.
  std::vector<std::int64_t> uploads, gained, lost;
  std::vector<double> lifetime_views, gain_rate;
  std::size_t capacity = 0;
  void resize(std::size_t capacity);
};

struct YoutubeStream {
  YoutubeParams params;

  std::vector<PerTrialRef> per_trial_parameters();
  // Writes income (own currency), realised views and the subscribers at the start of each
  // month, all [month * stride + i].
  void simulate(const StreamBlock& block, YoutubeState& state, double* income, double* views,
                double* subscribers_out) const;
};

}  // namespace incomesim::scenarios
