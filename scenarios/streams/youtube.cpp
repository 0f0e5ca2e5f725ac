#include "scenarios/streams/youtube.hpp"

#include <algorithm>
#include <cmath>

#include "random/components.hpp"

namespace incomesim::scenarios {
namespace {

// Draw purposes of the YouTube stream. Never renumber.
enum YoutubeDraw : std::uint16_t {
  kVideosPerMonth = 0,      // setup month
  kSkill = 1,               // setup month
  kRpm = 2,                 // setup month
  kInitialSubscribers = 3,  // setup month
  kVideoCount = 4,
  kVideoViews = 5,
  kNewSubscribers = 6,
  kUnsubscribes = 7,
  kShock = 8,
  kShockSize = 9,
};

}  // namespace

YoutubeParams YoutubeParams::read(TableReader& reader, int start_month) {
  YoutubeParams p;
  const std::string assumption = "assumption";
  p.videos_per_month = {
      reader.required_distribution("videos_per_month", NumberRange::non_negative(), "2"),
      kVideosPerMonth};
  p.skill =
      reader.per_trial("skill", dist::lognormal(0.0, 0.5), NumberRange::non_negative(),
                       "docs/models.md: lognormal with median 1; sigma 0.5 an assumption", kSkill);
  p.rpm =
      reader.per_trial("rpm", dist::lognormal(std::log(4.0), 0.35), NumberRange::non_negative(),
                       "docs/models.md, within docs/calibration.md 'YouTube': RPM $2-12 typical "
                       "(Business Insider)",
                       kRpm);
  p.initial_subscribers =
      reader.per_trial("initial_subscribers", dist::constant(0), NumberRange{0, 1e9},
                       "assumption: a new channel", kInitialSubscribers);
  p.base_views =
      reader.number("base_views", p.base_views, NumberRange{0, 1e10},
                    "docs/calibration.md 'YouTube' derived: median views per video about "
                    "30 across YouTube");
  p.views_per_subscriber = reader.number("views_per_subscriber", p.views_per_subscriber,
                                         NumberRange{0, 1000}, assumption);
  p.views_sigma =
      reader.number("views_sigma", p.views_sigma, NumberRange::non_negative(),
                    "docs/models.md: a few videos go viral (docs/calibration.md: sigma about 3.1 "
                    "across all of YouTube, smaller for a committed channel)");
  p.views_half_life_months =
      reader.number("views_half_life_months", p.views_half_life_months, NumberRange::positive(),
                    "docs/models.md (an assumption)");
  p.subscribers_per_view = reader.number("subscribers_per_view", p.subscribers_per_view,
                                         NumberRange::probability(), assumption);
  p.monthly_unsubscribe = reader.number("monthly_unsubscribe", p.monthly_unsubscribe,
                                        NumberRange::probability(), assumption);
  p.average_view_minutes = reader.number("average_view_minutes", p.average_view_minutes,
                                         NumberRange::non_negative(), assumption);
  p.monetisation_min_subscribers = reader.number(
      "monetisation_min_subscribers", p.monetisation_min_subscribers, NumberRange::non_negative(),
      "docs/calibration.md 'YouTube': Partner Program gate, 1,000 subscribers (Jan 2018)");
  p.monetisation_min_watch_hours = reader.number(
      "monetisation_min_watch_hours", p.monetisation_min_watch_hours, NumberRange::non_negative(),
      "docs/calibration.md 'YouTube': Partner Program gate, 4,000 watch hours in 12 months");
  p.recession_views_multiplier = reader.number(
      "recession_views_multiplier", p.recession_views_multiplier, NumberRange::non_negative(),
      "docs/models.md (an assumption: more viewing in a lockdown)");
  p.recession_rpm_multiplier = reader.number(
      "recession_rpm_multiplier", p.recession_rpm_multiplier, NumberRange::non_negative(),
      "docs/calibration.md 'The 2020 recession': RPM x0.5-0.8 in Mar-Apr 2020");
  p.sponsor_per_video = reader.number("sponsor_per_video", p.sponsor_per_video,
                                      NumberRange::non_negative(), "assumption: none");
  p.sponsor_min_subscribers = reader.number("sponsor_min_subscribers", p.sponsor_min_subscribers,
                                            NumberRange::non_negative(), assumption);
  p.niche_size = reader.number("niche_size", p.niche_size, NumberRange{0, 1e10, false, true},
                               "docs/calibration.md 'Audience size and effort': about twice the "
                               "largest ML education channels (about 1M subscribers)");
  p.seasonality = by_simulated_month(
      reader.monthly_curve("seasonality", kAdSeasonality, kAdSeasonalitySource), start_month);
  p.shocks = PlatformShocks::read(reader);
  p.hours_per_video =
      reader.number("hours_per_video", p.hours_per_video, NumberRange::non_negative(),
                    "docs/models.md 'Effort' (an assumption: docs/calibration.md has none)");
  return p;
}

void YoutubeState::resize(std::size_t new_capacity) {
  capacity = new_capacity;
  for (auto* v : {&videos_per_month, &skill, &rpm, &view_pool, &work_hours}) v->resize(capacity);
  subscribers.resize(capacity);
  monetised.resize(capacity);
  for (auto* v : {&uploads, &gained, &lost}) v->resize(capacity);
  lifetime_views.resize(capacity);
  gain_rate.resize(capacity);
  initial_subscribers.resize(capacity);
  watch_hours.resize(12 * capacity);
  trailing_hours.resize(capacity);
  shocks.resize(capacity);
}

namespace {

// This month's uploads per trial and each upload's lifetime views (a sum of lognormal
// viralities, or the count itself without virality).
void draw_uploads(const YoutubeParams& params, const StreamBlock& block, YoutubeState& state,
                  const dist::Distribution& virality, int month) {
  // A rate every trial shares is drawn through a table built once (BlockSampler::poisson_shared).
  if (params.videos_per_month.same_for_every_trial())
    block.batch->poisson_shared(random::kYoutube, month, kVideoCount, state.videos_per_month[0],
                                state.uploads.data());
  else
    block.batch->poisson(random::kYoutube, month, kVideoCount, state.videos_per_month.data(),
                         state.uploads.data());
  if (params.views_sigma > 0) {
    block.batch->sums_of_draws(random::kYoutube, month, kVideoViews, virality, state.uploads.data(),
                               state.lifetime_views.data());
  } else {
    for (std::size_t i = 0; i < block.count; ++i)
      state.lifetime_views[i] = static_cast<double>(state.uploads[i]);
  }
}

// Watch hours over the trailing 12 months, this month included (summed afresh rather than kept
// as a running difference, which would drift across a threshold), slot by slot across the trials
// so that the additions run on vectors, each trial's in slot order.
void sum_trailing_watch_hours(const StreamBlock& block, YoutubeState& state) {
  double* const trailing_hours = state.trailing_hours.data();
  std::fill(trailing_hours, trailing_hours + block.count, 0.0);
  for (int slot = 0; slot < 12; ++slot) {
    const double* const hours =
        state.watch_hours.data() + static_cast<std::size_t>(slot) * state.capacity;
    for (std::size_t i = 0; i < block.count; ++i) trailing_hours[i] += hours[i];
  }
}

}  // namespace

void YoutubeStream::simulate(const StreamBlock& block, YoutubeState& state,
                             AudienceSignals& signals, double* income,
                             const TraceColumns& trace) const {
  draw_per_trial(block, kComponent,
                 {{params.videos_per_month, state.videos_per_month},
                  {params.skill, state.skill},
                  {params.rpm, state.rpm},
                  {params.initial_subscribers, state.initial_subscribers}});
  double* views = signals.write<YoutubeStream, Signal::youtube_views>();
  double* subscribers_out = signals.write<YoutubeStream, Signal::youtube_subscribers>();
  for (std::size_t i = 0; i < block.count; ++i) {
    // Capped at 1,000 a month, as Medium's articles are, because views are drawn video by video.
    state.videos_per_month[i] = std::min(state.videos_per_month[i], 1000.0);
    state.subscribers[i] = std::llround(state.initial_subscribers[i]);
    state.view_pool[i] = 0;
    state.monetised[i] = 0;
    for (int slot = 0; slot < 12; ++slot) state.watch_hours[slot * state.capacity + i] = 0;
  }
  const double release = release_rate(params.views_half_life_months);
  state.shocks.reset(block.count);
  std::fill_n(state.work_hours.begin(), block.count, 0.0);
  const dist::Distribution virality = dist::lognormal(0.0, std::max(params.views_sigma, 1e-300));
  for (int month = 0; month < block.months; ++month) {
    const std::size_t row = static_cast<std::size_t>(month) * block.stride;
    double* hours_slot =
        state.watch_hours.data() + static_cast<std::size_t>(month % 12) * state.capacity;
    draw_uploads(params, block, state, virality, month);
    for (std::size_t i = 0; i < block.count; ++i) {
      state.work_hours[i] += static_cast<double>(state.uploads[i]) * params.hours_per_video;
      const bool recession = block.recession(month, i);
      const double subscribers = static_cast<double>(state.subscribers[i]);
      subscribers_out[row + i] = subscribers;
      trace.record(1, row + i, subscribers);
      if (state.uploads[i] > 0) {
        const double expected_views =
            (params.base_views + params.views_per_subscriber * subscribers) * state.skill[i];
        state.view_pool[i] += expected_views * state.lifetime_views[i];
      }
      const double released = release * state.view_pool[i];
      state.view_pool[i] -= released;
      const double realised = released * (recession ? params.recession_views_multiplier : 1.0);
      views[row + i] = realised;
      trace.record(0, row + i, realised);
      hours_slot[i] = realised * params.average_view_minutes / 60;
    }
    state.shocks.step(params.shocks, block, random::kYoutube, month, kShock, kShockSize);
    sum_trailing_watch_hours(block, state);
    const double* const trailing_hours = state.trailing_hours.data();
    for (std::size_t i = 0; i < block.count; ++i) {
      const bool recession = block.recession(month, i);
      const double subscribers = static_cast<double>(state.subscribers[i]);
      const double realised = views[row + i];
      double revenue = 0;
      if (state.monetised[i])
        revenue = realised * state.rpm[i] * (recession ? params.recession_rpm_multiplier : 1.0) *
                  params.seasonality[month % 12] / 1000;
      if (params.sponsor_per_video > 0 && subscribers >= params.sponsor_min_subscribers)
        revenue += params.sponsor_per_video * static_cast<double>(state.uploads[i]);
      income[row + i] = revenue * state.shocks.factor[i];
      // The gate opens from the month after it is met, and stays open.
      if (!state.monetised[i] && subscribers >= params.monetisation_min_subscribers &&
          trailing_hours[i] >= params.monetisation_min_watch_hours)
        state.monetised[i] = 1;
      state.gain_rate[i] =
          realised * params.subscribers_per_view * room_in_niche(subscribers, params.niche_size);
    }
    block.batch->poisson(random::kYoutube, month, kNewSubscribers, state.gain_rate.data(),
                         state.gained.data());
    block.batch->binomial(random::kYoutube, month, kUnsubscribes, state.subscribers.data(),
                          params.monthly_unsubscribe, state.lost.data());
    step_audience(state.subscribers, state.gained, state.lost, block.count);
  }
}

}  // namespace incomesim::scenarios
