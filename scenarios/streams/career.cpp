#include "scenarios/streams/career.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/number_format.hpp"
#include "random/components.hpp"
#include "random/draw_sequence.hpp"

namespace incomesim::scenarios {

namespace {

// Draw purposes within a (trial, month) of the career stream. Never renumber.
enum CareerDraw : std::uint16_t {
  kSalary = 0,               // setup month
  kInitialUnemployment = 1,  // setup month
  kLayoff = 2,
  kUnemploymentDuration = 3,
  kRaise = 4,
  kRaiseFreeze = 5,
  kRehire = 6,
};

}  // namespace

CareerParams CareerParams::read(TableReader& reader) {
  CareerParams p;
  p.start_employed = reader.choice("start", "employed", {"employed", "unemployed"},
                                   "docs/models.md default") == "employed";
  p.salary = {reader.required_distribution("salary", NumberRange::non_negative(),
                                           "{ dist = \"lognormal\", median = 68750, sigma = 0.1 }"),
              kSalary};
  p.annual_raise =
      reader.distribution("annual_raise", dist::normal(0.03, 0.01), NumberRange{-1, INFINITY},
                          "docs/calibration.md 'Salaried career': US salary increase budgets 2.9% "
                          "in 2020 (WorldatWork); "
                          "sd 0.01 an assumption");
  p.recession_raise_freeze = reader.number("recession_raise_freeze", p.recession_raise_freeze,
                                           NumberRange::probability(), "assumption");
  p.layoff_hazard =
      reader.number("layoff_hazard", p.layoff_hazard, NumberRange::probability(),
                    "docs/calibration.md 'Salaried career' derived: tech layoff hazard "
                    "0.3-0.5% a month (an assumption)");
  p.recession_layoff_multiplier = reader.number(
      "recession_layoff_multiplier", p.recession_layoff_multiplier, NumberRange::non_negative(),
      "docs/calibration.md 'Salaried career' derived: about 3x in a recession (an assumption)");
  if (p.layoff_hazard * p.recession_layoff_multiplier > 1)
    throw InputError(
        reader.location("recession_layoff_multiplier"), reader.path("recession_layoff_multiplier"),
        fmt::format("layoff_hazard x recession_layoff_multiplier = {} x {} = {} is "
                    "a monthly probability above 1; allowed: a product <= 1",
                    format_number(p.layoff_hazard), format_number(p.recession_layoff_multiplier),
                    format_number(p.layoff_hazard * p.recession_layoff_multiplier)));
  p.severance_months = reader.number("severance_months", p.severance_months,
                                     NumberRange::non_negative(), "assumption");
  p.unemployment_months = reader.distribution(
      "unemployment_months", dist::lognormal(std::log(2.3), 0.7), NumberRange::non_negative(),
      "docs/calibration.md 'Salaried career': median unemployment 9.1-9.7 weeks in 2019-2020 "
      "(BLS); "
      "sigma 0.7 an assumption");
  p.recession_unemployment_multiplier =
      reader.number("recession_unemployment_multiplier", p.recession_unemployment_multiplier,
                    NumberRange::positive(),
                    "docs/calibration.md 'Salaried career': median duration 9.7 -> 16.5 weeks, "
                    "2020 -> 2021 (BLS)");
  p.rehire_salary_change = reader.distribution("rehire_salary_change", dist::lognormal(0.0, 0.1),
                                               NumberRange::non_negative(), "assumption");
  p.unemployment_benefit = reader.number("unemployment_benefit", p.unemployment_benefit,
                                         NumberRange::non_negative(), "assumption: none");
  p.hours_per_month = reader.number("hours_per_month", p.hours_per_month, NumberRange{0, 744},
                                    "docs/models.md 'Effort': a full-time month (assumption)");
  return p;
}

void CareerState::resize(std::size_t capacity) {
  work_hours.resize(capacity);
  salary.resize(capacity);
  months_in_job.resize(capacity);
  unemployed_months_left.resize(capacity);
  layoff_uniform.resize(capacity);
}

namespace {

std::int32_t unemployment_spell(double months) {
  // ceil(D) months out of work; a spell of D <= 0 means re-employed at once.
  return months > 0 ? static_cast<std::int32_t>(std::min(std::ceil(months), 1e6)) : 0;
}

// Employment this month (traced, with its hours), then the anniversary raises of the employed,
// each frozen with the recession's chance.
void give_raises(const CareerParams& params, const StreamBlock& block, CareerState& state,
                 int month, const TraceColumns& trace) {
  constexpr std::uint16_t component = CareerStream::kComponent;
  const dist::Distribution standard_uniform = dist::uniform(0, 1);  // sample = the first uniform
  state.raising.clear();
  state.freezing.clear();
  for (std::size_t i = 0; i < block.count; ++i) {
    const bool employed = state.unemployed_months_left[i] == 0;
    trace.record(0, static_cast<std::size_t>(month) * block.stride + i,
                 employed ? state.salary[i] : 0.0);
    if (employed) state.work_hours[i] += params.hours_per_month;
    if (!employed || state.months_in_job[i] == 0 || state.months_in_job[i] % 12 != 0) continue;
    state.raising.push_back(static_cast<std::uint32_t>(i));
    if (block.recession(month, i) && params.recession_raise_freeze > 0)
      state.freezing.push_back(static_cast<std::uint32_t>(i));
  }
  state.raise.resize(state.raising.size());
  state.freeze_uniform.resize(state.freezing.size());
  block.batch->sample_listed(params.annual_raise, component, month, kRaise, state.raising,
                             state.raise.data());
  block.batch->sample_listed(standard_uniform, component, month, kRaiseFreeze, state.freezing,
                             state.freeze_uniform.data());
  // freezing is a subsequence of raising (both ascending): walk them together.
  for (std::size_t t = 0, f = 0; t < state.raising.size(); ++t) {
    const std::uint32_t i = state.raising[t];
    double raise = state.raise[t];
    if (f < state.freezing.size() && state.freezing[f] == i) {
      if (state.freeze_uniform[f] < params.recession_raise_freeze) raise = 0;
      ++f;
    }
    state.salary[i] *= 1 + raise;
  }
}

// This month's pay (salary, or the benefit while out of work), layoffs with their severance
// and spells; the trials whose spell ends this month are listed in state.rehiring.
void pay_and_lay_off(const CareerParams& params, const StreamBlock& block, CareerState& state,
                     int month, double* paid) {
  state.laid_off.clear();
  state.rehiring.clear();
  for (std::size_t i = 0; i < block.count; ++i) {
    if (state.unemployed_months_left[i] > 0) {
      paid[i] = params.unemployment_benefit;
      if (--state.unemployed_months_left[i] == 0)
        state.rehiring.push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    const double salary = state.salary[i];
    paid[i] = salary / 12;
    ++state.months_in_job[i];
    const bool recession = block.recession(month, i);
    const double hazard =
        params.layoff_hazard * (recession ? params.recession_layoff_multiplier : 1.0);
    if (hazard <= 0 || state.layoff_uniform[i] >= hazard) continue;
    paid[i] += params.severance_months * salary / 12;
    state.laid_off.push_back(static_cast<std::uint32_t>(i));
  }
  state.spell.resize(state.laid_off.size());
  block.batch->sample_listed(params.unemployment_months, CareerStream::kComponent, month,
                             kUnemploymentDuration, state.laid_off, state.spell.data());
  for (std::size_t t = 0; t < state.laid_off.size(); ++t) {
    const std::uint32_t i = state.laid_off[t];
    const double duration =
        state.spell[t] *
        (block.recession(month, i) ? params.recession_unemployment_multiplier : 1.0);
    state.unemployed_months_left[i] = unemployment_spell(duration);
    if (state.unemployed_months_left[i] == 0) state.rehiring.push_back(i);
  }
}

}  // namespace

void CareerStream::simulate(const StreamBlock& block, CareerState& state, AudienceSignals&,
                            double* income, const TraceColumns& trace) const {
  params.salary.draw_all(block, kComponent, state.salary.data());
  for (std::size_t i = 0; i < block.count; ++i) {
    state.months_in_job[i] = 0;
    state.unemployed_months_left[i] = 0;
    state.work_hours[i] = 0;
  }
  if (!params.start_employed) {
    state.spell.resize(block.count);
    block.batch->sample_all(params.unemployment_months, kComponent, random::kSetupMonth,
                            kInitialUnemployment, state.spell.data());
    for (std::size_t i = 0; i < block.count; ++i)
      state.unemployed_months_left[i] = std::max(1, unemployment_spell(state.spell[i]));
  }
  // Each kind of event is drawn for all the trials it happens to in the month at once (the same
  // draw addresses as one trial at a time), in the order a trial meets them: a raise (and its
  // recession freeze), pay, a layoff and its spell, a rehire.
  for (int month = 0; month < block.months; ++month) {
    double* paid = income + static_cast<std::size_t>(month) * block.stride;
    if (params.layoff_hazard > 0)
      block.batch->uniforms(kComponent, month, kLayoff, state.layoff_uniform.data());

    give_raises(params, block, state, month, trace);
    pay_and_lay_off(params, block, state, month, paid);
    state.salary_change.resize(state.rehiring.size());
    block.batch->sample_listed(params.rehire_salary_change, kComponent, month, kRehire,
                               state.rehiring, state.salary_change.data());
    for (std::size_t t = 0; t < state.rehiring.size(); ++t) {
      const std::uint32_t i = state.rehiring[t];
      state.salary[i] *= state.salary_change[t];
      state.months_in_job[i] = 0;
    }
  }
}

}  // namespace incomesim::scenarios
