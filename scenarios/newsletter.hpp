#pragma once
// An email newsletter (docs/models.md, "Newsletter"): a subscriber birth-death process fed by
// organic sign-ups and by this month's Medium articles and YouTube views (the audience funnel),
// paying through sponsored sends, a paid tier and affiliate links.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct NewsletterParams {
  std::string currency;
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

  static NewsletterParams read(TableReader& reader, const std::string& reporting_currency);
};

struct NewsletterState {
  std::vector<std::int64_t> subscribers;
  std::vector<double> organic, cpm, conversion;
  // This month's draws, per trial.
  std::vector<std::int64_t> sponsor_sends, sponsored, signups, churned;
  std::vector<double> signup_rate;
  void resize(std::size_t capacity);
};

struct NewsletterStream {
  NewsletterParams params;

  std::vector<PerTrialRef> per_trial_parameters();
  // Reads this month's Medium articles and YouTube views ([month * stride + i]; zeros when the
  // scenario has no such stream); writes income (own currency) and the subscriber count at the
  // start of each month.
  void simulate(const StreamBlock& block, const double* medium_articles,
                const double* youtube_views, NewsletterState& state, double* income,
                double* subscribers) const;
};

}  // namespace incomesim::scenarios
