#pragma once
// Household cash (docs/models.md, "Household"): savings, expenses growing with inflation, income
// after tax ([tax]); ruin is a balance below zero in any month. Not an income stream: it reads
// the total and produces per-trial outcomes.
#include <cstdint>
#include <vector>

#include "random/components.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct HouseholdParams {
  PerTrialParameter starting_savings;
  PerTrialParameter monthly_expenses;
  double expense_inflation_per_year = 0.02;

  static HouseholdParams read(TableReader& reader);
};

// Per-trial outcomes, in this order (IncomeModel::outcome_specs names them).
struct HouseholdOutcomes {
  static constexpr std::size_t kCount = 4;
  double* ruined;                     // 1 if the balance went below 0 in any month, else 0
  double* ruin_month;                 // first month (1-based) with a negative balance; NaN if none
  double* final_balance;              // balance after the last month
  double* negative_cash_flow_months;  // months where net income < expenses
};

// Block state: each trial's draws of the per-trial parameters.
struct HouseholdState {
  std::vector<double> starting_savings, monthly_expenses;
  std::vector<double> inflation;  // per month: expenses grow by this factor, the same for all
  void resize(std::size_t capacity) {
    starting_savings.resize(capacity);
    monthly_expenses.resize(capacity);
  }
};

struct HouseholdModel {
  static constexpr std::uint16_t kComponent = random::kHousehold;
  HouseholdParams params;

  std::vector<PerTrialRef> per_trial_parameters() const;
  // income: [month * stride + i], reporting currency, after tax when the scenario has [tax].
  // Also writes the balance at the end of each month to balance[month * stride + i].
  void simulate(const StreamBlock& block, HouseholdState& state, const double* income,
                const HouseholdOutcomes& out, double* balance_path) const;
};

}  // namespace incomesim::scenarios
