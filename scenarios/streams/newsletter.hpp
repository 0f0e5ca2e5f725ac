#pragma once
// An email newsletter (docs/models.md, "Newsletter"): a subscriber birth-death process fed by
// organic sign-ups and by this month's Medium articles and YouTube views (the audience funnel),
// paying through sponsored sends, a paid tier and affiliate links.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "random/components.hpp"
#include "scenarios/platform_shocks.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct NewsletterParams {
  PerTrialParameter organic_signups_per_month;
  PerTrialParameter sponsor_cpm;      // price per 1000 subscribers per sponsored send
  PerTrialParameter paid_conversion;  // share of subscribers on the paid tier at full ramp
  PerTrialParameter initial_subscribers;
  double signups_per_medium_article = 5;
  double signups_per_1000_youtube_views = 2;
  double monthly_churn = 0.025;
  double sponsor_min_subscribers = 6000;
  int sends_per_month = 4;
  double sponsor_fill_rate = 0.5;
  double recession_sponsor_multiplier = 0.8;
  std::optional<int> paid_launch_month;  // none: never
  double paid_price = 11;
  double platform_fee = 0.1;
  int paid_ramp_months = 6;
  double affiliate_per_1000_per_send = 0;
  double recession_affiliate_multiplier = 0.6;
  double niche_size = 500'000;         // readers the list's niche holds (saturation)
  std::array<double, 12> seasonality;  // sponsor CPM factor of simulated month t % 12
  double hours_per_send = 3;           // effort
  PlatformShocks shocks;               // of the platform's rate (off unless shock_hazard is given)

  static NewsletterParams read(TableReader& reader, int start_month);
};

struct NewsletterState {
  std::vector<std::int64_t> subscribers;
  std::vector<double> work_hours;  // over the block's months (effort)
  std::vector<double> organic, cpm, conversion, initial_subscribers;
  // This month's draws, per trial.
  std::vector<std::int64_t> sponsored, signups, churned;
  std::vector<double> signup_rate;
  ShockState shocks;  // of sponsorship
  void resize(std::size_t capacity);
};

struct NewsletterStream {
  static constexpr std::string_view kName = "newsletter";
  static constexpr std::uint16_t kComponent = random::kNewsletter;
  static constexpr IncomeKind kIncomeKind = IncomeKind::self_employment;
  // The audience signals it writes for the streams after it, and those it reads.
  static constexpr std::array<Signal, 1> kWrites{Signal::newsletter_subscribers};
  static constexpr std::array<Signal, 2> kReads{Signal::medium_articles, Signal::youtube_views};
  // Traces: subscribers at the start of the month.
  static constexpr std::array<std::string_view, 1> kTraceColumns = {"subscribers"};
  using State = NewsletterState;

  NewsletterParams params;

  static NewsletterStream read(TableReader& reader, const StreamContext& context) {
    return {NewsletterParams::read(reader, context.start_month)};
  }
  std::vector<NamedParameter> per_trial_parameters() const {
    return {{"organic_signups_per_month", &params.organic_signups_per_month},
            {"sponsor_cpm", &params.sponsor_cpm},
            {"paid_conversion", &params.paid_conversion},
            {"initial_subscribers", &params.initial_subscribers}};
  }
  // Reads this month's Medium articles and YouTube views from the signals; writes income (own
  // currency) and signals.newsletter_subscribers.
  void simulate(const StreamBlock& block, NewsletterState& state, AudienceSignals& signals,
                double* income, const TraceColumns& trace) const;
};

}  // namespace incomesim::scenarios
