#include "scenarios/household.hpp"

#include <cmath>
#include <limits>

#include "core/input_error.hpp"
#include "random/components.hpp"

namespace incomesim::scenarios {
namespace {

// Draw purposes of the household. Never renumber.
enum HouseholdDraw : std::uint16_t { kStartingSavings = 0, kMonthlyExpenses = 1 };

}  // namespace

HouseholdParams HouseholdParams::read(TableReader& reader) {
  HouseholdParams p;
  p.starting_savings = reader.per_trial("starting_savings", dist::constant(0), NumberRange::any(),
                                        "assumption: no savings", kStartingSavings);
  p.monthly_expenses = {
      reader.required_distribution("monthly_expenses", NumberRange::non_negative(), "2500"),
      kMonthlyExpenses};
  p.expense_inflation_per_year =
      reader.number("expense_inflation_per_year", p.expense_inflation_per_year,
                    NumberRange{-0.5, 10}, "assumption: 2% a year");
  if (reader.has("tax_rate"))
    throw InputError(reader.location("tax_rate"), reader.path("tax_rate"),
                     "the household's flat tax rate was replaced by a [tax] section; write "
                     "[tax] system = \"flat\" with rate = the same number, or a country's system "
                     "(\"uk-2020\", \"us-2020-single\", \"india-2020-new\")");
  return p;
}

std::vector<PerTrialRef> HouseholdModel::per_trial_parameters() const {
  return {{"household.starting_savings", kComponent, &params.starting_savings},
          {"household.monthly_expenses", kComponent, &params.monthly_expenses}};
}

void HouseholdModel::simulate(const StreamBlock& block, HouseholdState& state, const double* income,
                              const HouseholdOutcomes& out, double* balance_path) const {
  draw_per_trial(block, kComponent,
                 {{params.starting_savings, state.starting_savings},
                  {params.monthly_expenses, state.monthly_expenses}});
  // One pow per month rather than per trial and month (it is the same for every trial).
  state.inflation.resize(static_cast<std::size_t>(block.months));
  for (int month = 0; month < block.months; ++month)
    state.inflation[month] = std::pow(1 + params.expense_inflation_per_year, month / 12.0);
  // Month by month across the block's trials (each month's row is contiguous, so the loop runs
  // on vectors), each trial's balance accumulated in month order, in the outcome arrays.
  double* const balance = out.final_balance;
  double* const ruin_month = out.ruin_month;
  double* const negative_months = out.negative_cash_flow_months;
  for (std::size_t i = 0; i < block.count; ++i) {
    balance[i] = state.starting_savings[i];
    ruin_month[i] = std::numeric_limits<double>::quiet_NaN();
    negative_months[i] = 0;
  }
  for (int month = 0; month < block.months; ++month) {
    const std::size_t row = static_cast<std::size_t>(month) * block.stride;
    const double inflation = state.inflation[static_cast<std::size_t>(month)];
    const double ruined_by = month + 1;
    for (std::size_t i = 0; i < block.count; ++i) {
      const double spent = state.monthly_expenses[i] * inflation;
      const double net = income[row + i] - spent;
      balance[i] += net;
      balance_path[row + i] = balance[i];
      negative_months[i] += net < 0 ? 1.0 : 0.0;
      if (balance[i] < 0 && std::isnan(ruin_month[i])) ruin_month[i] = ruined_by;
    }
  }
  for (std::size_t i = 0; i < block.count; ++i)
    out.ruined[i] = std::isnan(ruin_month[i]) ? 0.0 : 1.0;
}

}  // namespace incomesim::scenarios
