#include "scenarios/tax.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "core/input_error.hpp"
#include "core/suggest.hpp"

namespace incomesim::scenarios {
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// A rate applied to the part of an amount from the previous band's top up to `top`.
struct Band {
  double top;
  double rate;
};

double banded(double amount, std::span<const Band> bands) {
  double due = 0, bottom = 0;
  for (const Band& band : bands) {
    if (amount <= bottom) break;
    due += band.rate * (std::min(amount, band.top) - bottom);
    bottom = band.top;
  }
  return due;
}

// The part of `amount` between `low` and `high`.
double slice(double amount, double low, double high) { return std::clamp(amount, low, high) - low; }

// A UK year's tables (HMRC rates and allowances). Bands are of taxable income, after the
// allowance; employee Class 1 on earnings and Class 4 on profits each have a rate between the
// primary threshold and the upper limit and 2% above; Class 2 is a flat weekly amount once
// profits reach the small profits threshold (none from April 2024).
struct UkTables {
  double allowance, taper_start;
  std::array<Band, 3> income_tax;
  double primary_threshold, upper_limit, class1_rate, class4_rate;
  double class2_weekly, small_profits;
};
constexpr UkTables kUk2020{12'500, 100'000, {{{37'500, 0.20}, {150'000, 0.40}, {kUnbounded, 0.45}}},
                           9'500,  50'000,  0.12,
                           0.09,   3.05,    6'475};
constexpr UkTables kUk2025{12'570, 100'000, {{{37'700, 0.20}, {125'140, 0.40}, {kUnbounded, 0.45}}},
                           12'570, 50'270,  0.08,
                           0.06,   0,       0};

// A US single filer's year (IRS revenue procedure; the SSA wage base).
struct UsTables {
  double standard_deduction;
  std::array<Band, 7> income_tax;
  double wage_base;
};
constexpr UsTables kUs2020{12'400,
                           {{{9'875, 0.10},
                             {40'125, 0.12},
                             {85'525, 0.22},
                             {163'300, 0.24},
                             {207'350, 0.32},
                             {518'400, 0.35},
                             {kUnbounded, 0.37}}},
                           137'700};  // Rev. Proc. 2019-44
constexpr UsTables kUs2025{15'750,
                           {{{11'925, 0.10},
                             {48'475, 0.12},
                             {103'350, 0.22},
                             {197'300, 0.24},
                             {250'525, 0.32},
                             {626'350, 0.35},
                             {kUnbounded, 0.37}}},
                           176'100};  // Rev. Proc. 2024-40; OBBBA s.70102 (the deduction)
constexpr double kUsAdditionalMedicareThreshold = 200'000;
constexpr double kUsSelfEmploymentShare = 0.9235;  // net earnings from self-employment
constexpr double kUsSelfEmploymentMinimum = 400;   // below this, no self-employment tax

// India's new regime (s.115BAC) for one year: slabs, the s.87A rebate up to a taxable income
// (with marginal relief above it from FY 2025-26), the standard deduction on salary, and the
// surcharge on the tax of incomes above each threshold, with marginal relief.
struct IndiaTables {
  std::array<Band, 7> slabs;
  double rebate_limit, max_rebate;
  bool rebate_marginal_relief;
  double salary_deduction;
  std::array<Band, 4> surcharge;
};
constexpr IndiaTables kIndia2020{{{{250'000, 0.0},
                                   {500'000, 0.05},
                                   {750'000, 0.10},
                                   {1'000'000, 0.15},
                                   {1'250'000, 0.20},
                                   {1'500'000, 0.25},
                                   {kUnbounded, 0.30}}},
                                 500'000,
                                 12'500,
                                 false,
                                 0,
                                 {{{5'000'000, 0.10},
                                   {10'000'000, 0.15},
                                   {20'000'000, 0.25},
                                   {50'000'000, 0.37}}}};  // Finance Act 2020
constexpr IndiaTables kIndia2025{{{{400'000, 0.0},
                                   {800'000, 0.05},
                                   {1'200'000, 0.10},
                                   {1'600'000, 0.15},
                                   {2'000'000, 0.20},
                                   {2'400'000, 0.25},
                                   {kUnbounded, 0.30}}},
                                 1'200'000,
                                 60'000,
                                 true,
                                 75'000,
                                 {{{5'000'000, 0.10},
                                   {10'000'000, 0.15},
                                   {20'000'000, 0.25},
                                   {kUnbounded, 0.25}}}};  // Finance Act 2025: capped at 25%
constexpr double kIndiaCess = 0.04;  // health and education cess, on tax and surcharge

TaxDue uk_tax(const YearIncome& income, const UkTables& t) {
  const double employment = std::max(0.0, income.employment);
  const double profits = std::max(0.0, income.self_employment);
  const double total = employment + profits;
  // The allowance falls by 1 for every 2 of income over the taper's start.
  const double allowance = std::max(0.0, t.allowance - std::max(0.0, total - t.taper_start) / 2);
  TaxDue due;
  due.income_tax = banded(std::max(0.0, total - allowance), t.income_tax);
  const double class1 = t.class1_rate * slice(employment, t.primary_threshold, t.upper_limit) +
                        0.02 * std::max(0.0, employment - t.upper_limit);
  const double class4 = t.class4_rate * slice(profits, t.primary_threshold, t.upper_limit) +
                        0.02 * std::max(0.0, profits - t.upper_limit);
  const double class2 =
      t.class2_weekly > 0 && profits >= t.small_profits ? 52 * t.class2_weekly : 0.0;
  due.contributions = class1 + class2 + class4;
  return due;
}

TaxDue us_single_tax(const YearIncome& income, const UsTables& t) {
  const double wages = std::max(0.0, income.employment);
  const double profits = std::max(0.0, income.self_employment);
  double net_earnings = kUsSelfEmploymentShare * profits;
  if (net_earnings < kUsSelfEmploymentMinimum) net_earnings = 0;
  // Social security stops at the wage base, counting wages first; Medicare does not stop, and
  // adds 0.9% on wages and self-employment earnings together above $200,000.
  const double fica = 0.062 * std::min(wages, t.wage_base) + 0.0145 * wages;
  const double self_employment_tax =
      0.124 * std::min(net_earnings, std::max(0.0, t.wage_base - wages)) + 0.029 * net_earnings;
  const double additional_medicare =
      0.009 * std::max(0.0, wages + net_earnings - kUsAdditionalMedicareThreshold);
  // Half the self-employment tax is deducted from income.
  const double adjusted_gross = wages + profits - self_employment_tax / 2;
  TaxDue due;
  due.income_tax = banded(std::max(0.0, adjusted_gross - t.standard_deduction), t.income_tax);
  due.contributions = fica + self_employment_tax + additional_medicare;
  return due;
}

TaxDue india_new_tax(const YearIncome& income, const IndiaTables& t) {
  // No social contributions; salary and professional income share the slabs, the salary after
  // its standard deduction.
  const double total = std::max(0.0, std::max(0.0, income.employment) - t.salary_deduction) +
                       std::max(0.0, income.self_employment);
  double tax = banded(total, t.slabs);
  if (total <= t.rebate_limit)
    tax = std::max(0.0, tax - t.max_rebate);
  else if (t.rebate_marginal_relief)
    tax = std::min(tax, total - t.rebate_limit);  // no more tax than the income above the limit
  // Surcharge at the rate of the highest threshold passed; marginal relief keeps the tax with
  // surcharge from exceeding the tax at that threshold plus the income above it.
  double with_surcharge = tax;
  double previous_rate = 0;
  for (const Band& threshold : t.surcharge) {
    if (total <= threshold.top) break;
    const double at_threshold = banded(threshold.top, t.slabs) * (1 + previous_rate);
    with_surcharge = std::min(tax * (1 + threshold.rate), at_threshold + (total - threshold.top));
    previous_rate = threshold.rate;
  }
  return {with_surcharge * (1 + kIndiaCess), 0.0};
}

}  // namespace

TaxDue uk_2020_tax(const YearIncome& income) { return uk_tax(income, kUk2020); }
TaxDue uk_2025_tax(const YearIncome& income) { return uk_tax(income, kUk2025); }
TaxDue us_2020_single_tax(const YearIncome& income) { return us_single_tax(income, kUs2020); }
TaxDue us_2025_single_tax(const YearIncome& income) { return us_single_tax(income, kUs2025); }
TaxDue india_2020_new_tax(const YearIncome& income) { return india_new_tax(income, kIndia2020); }
TaxDue india_2025_new_tax(const YearIncome& income) { return india_new_tax(income, kIndia2025); }

const std::vector<std::string>& TaxSystem::names() {
  static const std::vector<std::string> kNames{"flat",           "uk-2020", "us-2020-single",
                                               "india-2020-new", "uk-2025", "us-2025-single",
                                               "india-2025-new"};
  return kNames;
}

std::string_view TaxSystem::name() const { return names()[static_cast<std::size_t>(kind)]; }

std::string_view TaxSystem::currency() const {
  switch (kind) {
    case TaxSystemKind::uk_2020:
    case TaxSystemKind::uk_2025:
      return "GBP";
    case TaxSystemKind::us_2020_single:
    case TaxSystemKind::us_2025_single:
      return "USD";
    case TaxSystemKind::india_2020_new:
    case TaxSystemKind::india_2025_new:
      return "INR";
    case TaxSystemKind::flat:
      break;
  }
  return "";
}

int TaxSystem::year_start_month() const {
  switch (kind) {
    case TaxSystemKind::uk_2020:
    case TaxSystemKind::uk_2025:
    case TaxSystemKind::india_2020_new:
    case TaxSystemKind::india_2025_new:
      return 4;
    case TaxSystemKind::us_2020_single:
    case TaxSystemKind::us_2025_single:
      return 1;
    case TaxSystemKind::flat:
      break;
  }
  return 0;
}

bool TaxParams::starts_tax_year(int month) const {
  const int first = system.year_start_month();
  if (month == 0) return true;
  if (first == 0) return month % 12 == 0;
  return (start_month - 1 + month) % 12 + 1 == first;
}

TaxDue TaxSystem::due(const YearIncome& income) const {
  switch (kind) {
    case TaxSystemKind::uk_2020:
      return uk_2020_tax(income);
    case TaxSystemKind::us_2020_single:
      return us_2020_single_tax(income);
    case TaxSystemKind::india_2020_new:
      return india_2020_new_tax(income);
    case TaxSystemKind::uk_2025:
      return uk_2025_tax(income);
    case TaxSystemKind::us_2025_single:
      return us_2025_single_tax(income);
    case TaxSystemKind::india_2025_new:
      return india_2025_new_tax(income);
    case TaxSystemKind::flat:
      break;
  }
  return {flat_rate * std::max(0.0, income.employment + income.self_employment), 0.0};
}

TaxSystem TaxModel::read_system(TableReader& reader) {
  const auto& names = TaxSystem::names();
  if (!reader.has("system"))
    throw InputError(reader.location("system"), reader.path("system"),
                     fmt::format("required key is missing; give one of {}, e.g. system = "
                                 "\"uk-2020\" (or system = \"flat\" with rate = 0.3)",
                                 quoted_list(names)));
  const std::string name = reader.choice("system", "", names, "");
  TaxSystem system;
  system.kind =
      static_cast<TaxSystemKind>(std::find(names.begin(), names.end(), name) - names.begin());
  if (system.kind == TaxSystemKind::flat) {
    system.flat_rate = reader.required_number("rate", NumberRange::probability(), "0.3");
  } else if (reader.has("rate")) {
    throw InputError(reader.location("rate"), reader.path("rate"),
                     fmt::format("a rate applies to system = \"flat\" only; \"{}\" follows its "
                                 "published tables (remove rate, or use system = \"flat\")",
                                 name));
  }
  return system;
}

namespace {

// An amount of money in the currency's minor unit (pence, cents, paise: a hundredth in every
// system here), as a payslip or a tax return states it. Thresholds are tested on these amounts:
// twelve payments of 500000/12 add up to 500000.00000000006 in floating point, which would miss
// India's rebate for incomes of at most 500,000.
double in_minor_units(double amount) { return std::round(amount * 100) / 100; }

// The month-by-month withholding for one system's tables, `due` inlined into the loop over trials.
template <class Due>
void withhold_with(Due&& due, const TaxParams& params, const StreamBlock& block, TaxState& state,
                   const double* employment, const double* total, const double* fx_path,
                   double* tax) {
  int k = 0;  // months of the current tax year so far, this one included
  for (int month = 0; month < block.months; ++month) {
    if (params.starts_tax_year(month)) {
      std::fill_n(state.employment.begin(), block.count, 0.0);
      std::fill_n(state.self_employment.begin(), block.count, 0.0);
      std::fill_n(state.withheld.begin(), block.count, 0.0);
      k = 0;
    }
    ++k;
    const bool last = month + 1 == block.months || params.starts_tax_year(month + 1);
    const double annualise = 12.0 / k;
    const std::size_t row = static_cast<std::size_t>(month) * block.stride;
    for (std::size_t i = 0; i < block.count; ++i) {
      // Reporting currency to the system's at this month's rate, and back.
      const double rate = fx_path ? fx_path[row + i] : 1.0;
      const double salary = employment ? employment[row + i] : 0.0;
      state.employment[i] += salary / rate;
      state.self_employment[i] += (total[row + i] - salary) / rate;
      const YearIncome to_date_income{in_minor_units(state.employment[i]),
                                      in_minor_units(state.self_employment[i])};
      const double to_date = last ? due(to_date_income).total()
                                  : due(YearIncome{to_date_income.employment * annualise,
                                                   to_date_income.self_employment * annualise})
                                            .total() /
                                        annualise;
      tax[row + i] = (to_date - state.withheld[i]) * rate;
      state.withheld[i] = to_date;
    }
  }
}

}  // namespace

void TaxModel::withhold(const StreamBlock& block, TaxState& state, const double* employment,
                        const double* total, const double* fx_path, double* tax) const {
  switch (params.system.kind) {
    case TaxSystemKind::uk_2020:
      return withhold_with(uk_2020_tax, params, block, state, employment, total, fx_path, tax);
    case TaxSystemKind::us_2020_single:
      return withhold_with(us_2020_single_tax, params, block, state, employment, total, fx_path,
                           tax);
    case TaxSystemKind::india_2020_new:
      return withhold_with(india_2020_new_tax, params, block, state, employment, total, fx_path,
                           tax);
    case TaxSystemKind::uk_2025:
      return withhold_with(uk_2025_tax, params, block, state, employment, total, fx_path, tax);
    case TaxSystemKind::us_2025_single:
      return withhold_with(us_2025_single_tax, params, block, state, employment, total, fx_path,
                           tax);
    case TaxSystemKind::india_2025_new:
      return withhold_with(india_2025_new_tax, params, block, state, employment, total, fx_path,
                           tax);
    case TaxSystemKind::flat:
      break;
  }
  const TaxSystem& flat = params.system;
  withhold_with([&](const YearIncome& income) { return flat.due(income); }, params, block, state,
                employment, total, fx_path, tax);
}

}  // namespace incomesim::scenarios
