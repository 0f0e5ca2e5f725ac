#include "scenarios/streams/consulting.hpp"

#include <algorithm>
#include <cmath>

#include "distributions/fit.hpp"
#include "random/components.hpp"

namespace incomesim::scenarios {
namespace {

// Draw purposes within a (trial, month) of the consulting stream. Never renumber.
enum ConsultingDraw : std::uint16_t { kSpellLength = 0, kDayRate = 1, kDaysPerMonth = 2 };

}  // namespace

ConsultingParams ConsultingParams::read(TableReader& reader) {
  ConsultingParams p;
  p.start_engaged =
      reader.choice("start", "bench", {"bench", "engaged"}, "docs/models.md default") == "engaged";
  p.engagement_months = reader.distribution(
      "engagement_months", dist::lognormal(std::log(4.0), 0.5), NumberRange::non_negative(),
      "docs/calibration.md 'Contracting': average contract length 19 weeks (contractoruk.com); "
      "median 4 months, sigma 0.5 an assumption");
  p.gap_months = reader.distribution(
      "gap_months", dist::lognormal(0.0, 0.5), NumberRange::non_negative(),
      "docs/calibration.md 'Contracting': about 80% utilisation in normal times (IPSE, 2.6 of 13 "
      "weeks unworked in Q4 2019); median 1 month, sigma 0.5 an assumption");
  p.day_rate = reader.distribution(
      "day_rate", dist::lognormal_from_quantiles({0.5, 525}, {0.9, 700}),
      NumberRange::non_negative(),
      "docs/calibration.md 'From the seed article': UK contract ML median day rate 525, P90 700 "
      "(ITJobsWatch 2020)");
  p.days_per_month =
      reader.distribution("days_per_month", dist::constant(19), NumberRange{0, 31},
                          "docs/models.md: a full-time contractor works about 19 days");
  p.recession_gap_multiplier = reader.number(
      "recession_gap_multiplier", p.recession_gap_multiplier, NumberRange::positive(),
      "docs/calibration.md 'Contracting': utilisation 58-67% in 2020 (IPSE); with the engagement "
      "multiplier it gives about 0.6 (an assumption)");
  p.recession_engagement_multiplier = reader.number(
      "recession_engagement_multiplier", p.recession_engagement_multiplier, NumberRange::positive(),
      "docs/calibration.md 'Contracting': extensions shorter in a downturn (itnews.com.au, 2009); "
      "0.8 an assumption");
  p.recession_rate_multiplier =
      reader.number("recession_rate_multiplier", p.recession_rate_multiplier,
                    NumberRange::non_negative(), "docs/models.md default (an assumption)");
  p.hours_per_day = reader.number("hours_per_day", p.hours_per_day, NumberRange{0, 24},
                                  "docs/models.md 'Effort': a working day");
  return p;
}

void ConsultingState::resize(std::size_t capacity) {
  engaged.resize(capacity);
  months_left.resize(capacity);
  monthly_fee.resize(capacity);
  days.resize(capacity);
  work_hours.resize(capacity);
}

std::int32_t spell_months(double months) {
  return static_cast<std::int32_t>(std::clamp(std::round(months), 1.0, 1e6));
}

void ConsultingStream::simulate(const StreamBlock& block, ConsultingState& state, AudienceSignals&,
                                double* income, const TraceColumns& trace) const {
  for (std::size_t i = 0; i < block.count; ++i) {
    // The first month starts a spell of the `start` kind: begin as if the other kind just ended.
    state.engaged[i] = params.start_engaged ? 0 : 1;
    state.months_left[i] = 0;
    state.monthly_fee[i] = 0;
    state.days[i] = 0;
    state.work_hours[i] = 0;
  }
  for (int month = 0; month < block.months; ++month) {
    double* paid = income + static_cast<std::size_t>(month) * block.stride;
    // The trials whose spell ends start the other kind this month; every draw of a kind is made
    // for all of them at once (the same addresses as one trial at a time).
    state.starting_engagement.clear();
    state.starting_gap.clear();
    for (std::size_t i = 0; i < block.count; ++i) {
      if (state.months_left[i] != 0) continue;
      state.engaged[i] ^= 1;
      (state.engaged[i] ? state.starting_engagement : state.starting_gap)
          .push_back(static_cast<std::uint32_t>(i));
    }
    const auto& engaging = state.starting_engagement;
    state.engagement_months.resize(engaging.size());
    state.day_rate.resize(engaging.size());
    state.days_per_month.resize(engaging.size());
    state.gap_months.resize(state.starting_gap.size());
    block.batch->sample_listed(params.engagement_months, kComponent, month, kSpellLength, engaging,
                               state.engagement_months.data());
    block.batch->sample_listed(params.day_rate, kComponent, month, kDayRate, engaging,
                               state.day_rate.data());
    block.batch->sample_listed(params.days_per_month, kComponent, month, kDaysPerMonth, engaging,
                               state.days_per_month.data());
    block.batch->sample_listed(params.gap_months, kComponent, month, kSpellLength,
                               state.starting_gap, state.gap_months.data());
    // A spell's length (and an engagement's terms) depend on the regime of its first month.
    for (std::size_t t = 0; t < engaging.size(); ++t) {
      const std::uint32_t i = engaging[t];
      const bool recession = block.recession(month, i);
      state.months_left[i] = spell_months(
          state.engagement_months[t] * (recession ? params.recession_engagement_multiplier : 1.0));
      state.monthly_fee[i] = state.day_rate[t] *
                             (recession ? params.recession_rate_multiplier : 1.0) *
                             state.days_per_month[t];
      state.days[i] = state.days_per_month[t];
    }
    for (std::size_t t = 0; t < state.starting_gap.size(); ++t) {
      const std::uint32_t i = state.starting_gap[t];
      const bool recession = block.recession(month, i);
      state.months_left[i] =
          spell_months(state.gap_months[t] * (recession ? params.recession_gap_multiplier : 1.0));
      state.monthly_fee[i] = 0;
    }
    for (std::size_t i = 0; i < block.count; ++i) {
      paid[i] = state.engaged[i] ? state.monthly_fee[i] : 0.0;
      if (state.engaged[i]) state.work_hours[i] += state.days[i] * params.hours_per_day;
      trace.record(0, static_cast<std::size_t>(month) * block.stride + i, state.engaged[i]);
      --state.months_left[i];
    }
  }
}

}  // namespace incomesim::scenarios
