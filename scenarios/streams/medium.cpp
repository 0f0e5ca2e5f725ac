#include "scenarios/streams/medium.hpp"

#include <algorithm>
#include <cmath>

#include "distributions/fit.hpp"
#include "random/components.hpp"

namespace incomesim::scenarios {
namespace {

// Draw purposes of the Medium stream. Never renumber.
enum MediumDraw : std::uint16_t {
  kArticlesPerWeek = 0,  // setup month
  kSkill = 1,            // setup month
  kBacklog = 2,          // setup month
  kArticleCount = 3,
  kArticleEarnings = 4,
  kShock = 5,
  kShockSize = 6,
};

constexpr double kWeeksPerMonth = 52.0 / 12.0;

}  // namespace

MediumParams MediumParams::read(TableReader& reader) {
  MediumParams p;
  p.articles_per_week = {
      reader.required_distribution("articles_per_week", NumberRange::non_negative(), "2.5"),
      kArticlesPerWeek};
  p.skill =
      reader.per_trial("skill", dist::lognormal(0.0, 0.5), NumberRange::non_negative(),
                       "docs/models.md: lognormal with median 1; sigma 0.5 an assumption", kSkill);
  p.initial_backlog =
      reader.per_trial("initial_backlog", dist::constant(0), NumberRange::non_negative(),
                       "assumption: no unpaid earlier articles", kBacklog);
  p.earnings_per_article = reader.distribution(
      "earnings_per_article", dist::lognormal_from_median_and_exceedance(19, 100, 0.13),
      NumberRange::non_negative(),
      "docs/calibration.md 'Medium Partner Program' derived: median $19, P(> $100) = 0.13 (about "
      "13% "
      "of articles earn $100+, coachtony.medium.com)");
  p.earnings_growth_per_year = reader.number("earnings_growth_per_year", p.earnings_growth_per_year,
                                             NumberRange{-1, 10}, "assumption: no growth");
  p.payout_half_life_months =
      reader.number("payout_half_life_months", p.payout_half_life_months, NumberRange::positive(),
                    "docs/models.md (an assumption)");
  p.recession_multiplier = reader.number(
      "recession_multiplier", p.recession_multiplier, NumberRange::non_negative(),
      "docs/calibration.md 'Medium Partner Program' derived: over-$100 share 8.3% -> 5.7%, Feb -> "
      "Jun 2020");
  p.shocks = PlatformShocks::read(reader);
  p.hours_per_article =
      reader.number("hours_per_article", p.hours_per_article, NumberRange::non_negative(),
                    "docs/calibration.md 'Audience size and effort': 3 h 20 min per blog post "
                    "(Orbit Media 2017)");
  return p;
}

void MediumState::resize(std::size_t capacity) {
  pool.resize(capacity);
  work_hours.resize(capacity);
  articles_per_month.resize(capacity);
  skill.resize(capacity);
  published.resize(capacity);
  lifetime_earnings.resize(capacity);
  shocks.resize(capacity);
}

void MediumStream::simulate(const StreamBlock& block, MediumState& state, AudienceSignals& signals,
                            double* income, const TraceColumns& trace) const {
  draw_per_trial(block, kComponent,
                 {{params.articles_per_week, state.articles_per_month},
                  {params.skill, state.skill},
                  {params.initial_backlog, state.pool}});
  // Capped at 1,000 a week: articles are drawn one by one, so an absurd rate (or the far tail of
  // a heavy-tailed one) must not make a run loop for ever; no writer publishes more.
  for (std::size_t i = 0; i < block.count; ++i)
    state.articles_per_month[i] = std::min(state.articles_per_month[i], 1000.0) * kWeeksPerMonth;
  double* articles = signals.write<MediumStream, Signal::medium_articles>();
  const double release = release_rate(params.payout_half_life_months);
  state.shocks.reset(block.count);
  std::fill_n(state.work_hours.begin(), block.count, 0.0);
  for (int month = 0; month < block.months; ++month) {
    const std::size_t row = static_cast<std::size_t>(month) * block.stride;
    const double growth = std::pow(1 + params.earnings_growth_per_year, month / 12.0);
    // A rate every trial shares is drawn through a table built once (BlockSampler::poisson_shared).
    if (params.articles_per_week.same_for_every_trial())
      block.batch->poisson_shared(random::kMedium, month, kArticleCount,
                                  state.articles_per_month[0], state.published.data());
    else
      block.batch->poisson(random::kMedium, month, kArticleCount, state.articles_per_month.data(),
                           state.published.data());
    block.batch->sums_of_draws(random::kMedium, month, kArticleEarnings,
                               params.earnings_per_article, state.published.data(),
                               state.lifetime_earnings.data());
    state.shocks.step(params.shocks, block, random::kMedium, month, kShock, kShockSize);
    for (std::size_t i = 0; i < block.count; ++i) {
      articles[row + i] = static_cast<double>(state.published[i]);
      state.work_hours[i] += articles[row + i] * params.hours_per_article;
      trace.record(0, row + i, articles[row + i]);
      state.pool[i] += state.lifetime_earnings[i] * state.skill[i] * growth;
      const double released = release * state.pool[i];
      state.pool[i] -= released;
      income[row + i] = released * (block.recession(month, i) ? params.recession_multiplier : 1.0) *
                        state.shocks.factor[i];
    }
  }
}

}  // namespace incomesim::scenarios
