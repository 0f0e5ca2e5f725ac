#include "scenarios/streams/newsletter.hpp"

#include <algorithm>
#include <cmath>

#include "distributions/fit.hpp"
#include "random/components.hpp"

namespace incomesim::scenarios {
namespace {

// Draw purposes of the newsletter stream. Never renumber.
enum NewsletterDraw : std::uint16_t {
  kOrganicSignupsRate = 0,  // setup month
  kSponsorCpm = 1,          // setup month
  kPaidConversion = 2,      // setup month
  kInitialSubscribers = 3,  // setup month
  kSignups = 4,             // organic, Medium and YouTube sign-ups: one Poisson of the summed rate
  kMediumSignups = 5,       // retired (sign-ups were three Poisson draws)
  kYoutubeSignups = 6,      // retired
  kChurn = 7,
  kSponsorFills = 8,
  kShock = 9,  // of sponsorship
  kShockSize = 10,
};

}  // namespace

NewsletterParams NewsletterParams::read(TableReader& reader, int start_month) {
  NewsletterParams p;
  const std::string assumption = "assumption";
  p.organic_signups_per_month =
      reader.per_trial("organic_signups_per_month", dist::constant(20), NumberRange{0, 1e8},
                       assumption, kOrganicSignupsRate);
  p.sponsor_cpm = reader.per_trial(
      "sponsor_cpm", dist::lognormal_from_quantiles({0.5, 20}, {0.9, 30}),
      NumberRange::non_negative(),
      "docs/calibration.md 'Email newsletters': $10-30 per 1,000 subscribers per send (paved.com)",
      kSponsorCpm);
  p.paid_conversion = reader.per_trial(
      "paid_conversion", dist::beta_from_mean_sd(0.05, 0.02), NumberRange::probability(),
      "docs/calibration.md 'Email newsletters': free-to-paid 1.5-9% in real cases, 5-10% quoted; "
      "mean 0.05, sd 0.02",
      kPaidConversion);
  p.initial_subscribers =
      reader.per_trial("initial_subscribers", dist::constant(0), NumberRange{0, 1e9},
                       "assumption: a new list", kInitialSubscribers);
  p.signups_per_medium_article = reader.number(
      "signups_per_medium_article", p.signups_per_medium_article, NumberRange{0, 1e6}, assumption);
  p.signups_per_1000_youtube_views =
      reader.number("signups_per_1000_youtube_views", p.signups_per_1000_youtube_views,
                    NumberRange{0, 1e6}, assumption);
  p.monthly_churn = reader.number("monthly_churn", p.monthly_churn, NumberRange::probability(),
                                  "docs/calibration.md 'Email newsletters': 22.5-30% of addresses "
                                  "lost a year, 2-3% a month");
  p.sponsor_min_subscribers = reader.number(
      "sponsor_min_subscribers", p.sponsor_min_subscribers, NumberRange::non_negative(),
      "docs/calibration.md 'From the seed article': ad space sellable from 6,000+ subscribers");
  p.sends_per_month = static_cast<int>(
      reader.integer("sends_per_month", p.sends_per_month, 0, 31, "assumption: weekly"));
  p.sponsor_fill_rate = reader.number("sponsor_fill_rate", p.sponsor_fill_rate,
                                      NumberRange::probability(), assumption);
  p.recession_sponsor_multiplier =
      reader.number("recession_sponsor_multiplier", p.recession_sponsor_multiplier,
                    NumberRange::non_negative(), "docs/models.md (an assumption)");
  if (auto month =
          reader.optional_integer("paid_launch_month", 0, 100000,
                                  "docs/models.md: no paid tier unless a launch month is given"))
    p.paid_launch_month = static_cast<int>(*month);
  p.paid_price = reader.number("paid_price", p.paid_price, NumberRange::non_negative(),
                               "docs/calibration.md 'Email newsletters': average paid newsletter "
                               "$11 a month (convertkit.com, 2021)");
  p.platform_fee = reader.number("platform_fee", p.platform_fee, NumberRange::probability(),
                                 "assumption: a 10% platform fee");
  p.paid_ramp_months =
      static_cast<int>(reader.integer("paid_ramp_months", p.paid_ramp_months, 1, 1200, assumption));
  p.affiliate_per_1000_per_send =
      reader.number("affiliate_per_1000_per_send", p.affiliate_per_1000_per_send,
                    NumberRange::non_negative(), "assumption: none");
  p.recession_affiliate_multiplier = reader.number(
      "recession_affiliate_multiplier", p.recession_affiliate_multiplier,
      NumberRange::non_negative(),
      "docs/calibration.md 'Email newsletters': Amazon's affiliate cut of 21 April 2020");
  p.niche_size = reader.number("niche_size", p.niche_size, NumberRange{0, 1e10, false, true},
                               "assumption (docs/models.md 'Audience saturation')");
  p.seasonality = by_simulated_month(
      reader.monthly_curve("seasonality", kAdSeasonality, kAdSeasonalitySource), start_month);
  p.shocks = PlatformShocks::read(reader);
  p.hours_per_send =
      reader.number("hours_per_send", p.hours_per_send, NumberRange::non_negative(),
                    "docs/models.md 'Effort' (an assumption: docs/calibration.md has none)");
  return p;
}

void NewsletterState::resize(std::size_t capacity) {
  subscribers.resize(capacity);
  work_hours.resize(capacity);
  organic.resize(capacity);
  cpm.resize(capacity);
  conversion.resize(capacity);
  initial_subscribers.resize(capacity);
  for (auto* v : {&sponsored, &signups, &churned}) v->resize(capacity);
  signup_rate.resize(capacity);
  shocks.resize(capacity);
}

void NewsletterStream::simulate(const StreamBlock& block, NewsletterState& state,
                                AudienceSignals& signals, double* income,
                                const TraceColumns& trace) const {
  draw_per_trial(block, kComponent,
                 {{params.organic_signups_per_month, state.organic},
                  {params.sponsor_cpm, state.cpm},
                  {params.paid_conversion, state.conversion},
                  {params.initial_subscribers, state.initial_subscribers}});
  for (std::size_t i = 0; i < block.count; ++i)
    state.subscribers[i] = std::llround(state.initial_subscribers[i]);
  // Every month sends the same issues, sponsored or not.
  std::fill_n(state.work_hours.begin(), block.count,
              block.months * params.sends_per_month * params.hours_per_send);
  const double* medium_articles = signals.read<NewsletterStream, Signal::medium_articles>();
  const double* youtube_views = signals.read<NewsletterStream, Signal::youtube_views>();
  double* subscribers_out = signals.write<NewsletterStream, Signal::newsletter_subscribers>();
  state.shocks.reset(block.count);
  for (int month = 0; month < block.months; ++month) {
    const std::size_t row = static_cast<std::size_t>(month) * block.stride;
    double paid_ramp = 0;
    if (params.paid_launch_month && month >= *params.paid_launch_month)
      paid_ramp =
          std::min(1.0, (month - *params.paid_launch_month + 1.0) / params.paid_ramp_months);
    // Sponsored sends: Binomial(sends, fill rate), both the scenario's, drawn for every trial
    // through one table (BlockSampler::binomial_shared) and kept only for lists large enough
    // to sell.
    block.batch->binomial_shared(random::kNewsletter, month, kSponsorFills, params.sends_per_month,
                                 params.sponsor_fill_rate, state.sponsored.data());
    for (std::size_t i = 0; i < block.count; ++i)
      if (!(static_cast<double>(state.subscribers[i]) >= params.sponsor_min_subscribers))
        state.sponsored[i] = 0;
    state.shocks.step(params.shocks, block, random::kNewsletter, month, kShock, kShockSize);
    for (std::size_t i = 0; i < block.count; ++i) {
      const bool recession = block.recession(month, i);
      const double list = static_cast<double>(state.subscribers[i]);
      subscribers_out[row + i] = list;
      trace.record(0, row + i, list);
      double revenue = static_cast<double>(state.sponsored[i]) * list / 1000 * state.cpm[i] *
                       (recession ? params.recession_sponsor_multiplier : 1.0) *
                       params.seasonality[month % 12] * state.shocks.factor[i];
      revenue +=
          list * state.conversion[i] * paid_ramp * params.paid_price * (1 - params.platform_fee);
      revenue += params.affiliate_per_1000_per_send * list / 1000 * params.sends_per_month *
                 (recession ? params.recession_affiliate_multiplier : 1.0);
      income[row + i] = revenue;
      // Organic, Medium and YouTube sign-ups are independent Poisson counts, so their sum is
      // one Poisson count of the summed rate: one draw instead of three, the same distribution.
      state.signup_rate[i] =
          (state.organic[i] + params.signups_per_medium_article * medium_articles[row + i] +
           params.signups_per_1000_youtube_views * youtube_views[row + i] / 1000) *
          room_in_niche(list, params.niche_size);
    }
    block.batch->poisson(random::kNewsletter, month, kSignups, state.signup_rate.data(),
                         state.signups.data());
    block.batch->binomial(random::kNewsletter, month, kChurn, state.subscribers.data(),
                          params.monthly_churn, state.churned.data());
    step_audience(state.subscribers, state.signups, state.churned, block.count);
  }
}

}  // namespace incomesim::scenarios
