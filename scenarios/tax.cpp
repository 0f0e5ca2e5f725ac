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

// UK 2020/21 (HMRC rates and allowances). Bands are of taxable income, after the allowance.
constexpr double kUkAllowance = 12'500, kUkTaperStart = 100'000;
constexpr std::array<Band, 3> kUkIncomeTax{{{37'500, 0.20}, {150'000, 0.40}, {kUnbounded, 0.45}}};
constexpr double kUkPrimaryThreshold = 9'500, kUkUpperEarningsLimit = 50'000;
constexpr double kUkClass2Weekly = 3.05, kUkSmallProfitsThreshold = 6'475;

// US 2020, single filer (IRS Rev. Proc. 2019-44; SSA 2020 wage base).
constexpr double kUsStandardDeduction = 12'400;
constexpr std::array<Band, 7> kUsIncomeTax{{{9'875, 0.10},
                                            {40'125, 0.12},
                                            {85'525, 0.22},
                                            {163'300, 0.24},
                                            {207'350, 0.32},
                                            {518'400, 0.35},
                                            {kUnbounded, 0.37}}};
constexpr double kUsWageBase = 137'700, kUsAdditionalMedicareThreshold = 200'000;
constexpr double kUsSelfEmploymentShare = 0.9235;  // net earnings from self-employment
constexpr double kUsSelfEmploymentMinimum = 400;   // below this, no self-employment tax

// India FY 2020-21, new regime of s.115BAC (Finance Act 2020).
constexpr std::array<Band, 7> kIndiaIncomeTax{{{250'000, 0.0},
                                               {500'000, 0.05},
                                               {750'000, 0.10},
                                               {1'000'000, 0.15},
                                               {1'250'000, 0.20},
                                               {1'500'000, 0.25},
                                               {kUnbounded, 0.30}}};
constexpr double kIndiaRebateLimit = 500'000, kIndiaMaxRebate = 12'500;  // s.87A
constexpr double kIndiaCess = 0.04;  // health and education cess, on tax and surcharge
// Surcharge on the tax of incomes above each threshold, with marginal relief.
constexpr std::array<Band, 4> kIndiaSurcharge{
    {{5'000'000, 0.10}, {10'000'000, 0.15}, {20'000'000, 0.25}, {50'000'000, 0.37}}};

}  // namespace

TaxDue uk_2020_tax(const YearIncome& income) {
  const double employment = std::max(0.0, income.employment);
  const double profits = std::max(0.0, income.self_employment);
  const double total = employment + profits;
  // The allowance falls by £1 for every £2 of income over £100,000.
  const double allowance = std::max(0.0, kUkAllowance - std::max(0.0, total - kUkTaperStart) / 2);
  TaxDue due;
  due.income_tax = banded(std::max(0.0, total - allowance), kUkIncomeTax);
  // Employee Class 1 on earnings and Class 4 on profits share thresholds and rates: 12% and 9%
  // between the thresholds, 2% above; Class 2 is a flat weekly amount above small profits.
  const double class1 = 0.12 * slice(employment, kUkPrimaryThreshold, kUkUpperEarningsLimit) +
                        0.02 * std::max(0.0, employment - kUkUpperEarningsLimit);
  const double class4 = 0.09 * slice(profits, kUkPrimaryThreshold, kUkUpperEarningsLimit) +
                        0.02 * std::max(0.0, profits - kUkUpperEarningsLimit);
  const double class2 = profits >= kUkSmallProfitsThreshold ? 52 * kUkClass2Weekly : 0.0;
  due.contributions = class1 + class2 + class4;
  return due;
}

TaxDue us_2020_single_tax(const YearIncome& income) {
  const double wages = std::max(0.0, income.employment);
  const double profits = std::max(0.0, income.self_employment);
  double net_earnings = kUsSelfEmploymentShare * profits;
  if (net_earnings < kUsSelfEmploymentMinimum) net_earnings = 0;
  // Social security stops at the wage base, counting wages first; Medicare does not stop, and
  // adds 0.9% on wages and self-employment earnings together above $200,000.
  const double fica = 0.062 * std::min(wages, kUsWageBase) + 0.0145 * wages;
  const double self_employment_tax =
      0.124 * std::min(net_earnings, std::max(0.0, kUsWageBase - wages)) + 0.029 * net_earnings;
  const double additional_medicare =
      0.009 * std::max(0.0, wages + net_earnings - kUsAdditionalMedicareThreshold);
  // Half the self-employment tax is deducted from income.
  const double adjusted_gross = wages + profits - self_employment_tax / 2;
  TaxDue due;
  due.income_tax = banded(std::max(0.0, adjusted_gross - kUsStandardDeduction), kUsIncomeTax);
  due.contributions = fica + self_employment_tax + additional_medicare;
  return due;
}

TaxDue india_2020_new_tax(const YearIncome& income) {
  // No social contributions and no distinction between salary and professional income.
  const double total = std::max(0.0, income.employment) + std::max(0.0, income.self_employment);
  double tax = banded(total, kIndiaIncomeTax);
  if (total <= kIndiaRebateLimit) tax = std::max(0.0, tax - kIndiaMaxRebate);
  // Surcharge at the rate of the highest threshold passed; marginal relief keeps the tax with
  // surcharge from exceeding the tax at that threshold plus the income above it.
  double with_surcharge = tax;
  double previous_rate = 0;
  for (const Band& threshold : kIndiaSurcharge) {
    if (total <= threshold.top) break;
    const double at_threshold = banded(threshold.top, kIndiaIncomeTax) * (1 + previous_rate);
    with_surcharge = std::min(tax * (1 + threshold.rate), at_threshold + (total - threshold.top));
    previous_rate = threshold.rate;
  }
  return {with_surcharge * (1 + kIndiaCess), 0.0};
}

const std::vector<std::string>& TaxSystem::names() {
  static const std::vector<std::string> kNames{"flat", "uk-2020", "us-2020-single",
                                               "india-2020-new"};
  return kNames;
}

std::string_view TaxSystem::name() const { return names()[static_cast<std::size_t>(kind)]; }

std::string_view TaxSystem::currency() const {
  switch (kind) {
    case TaxSystemKind::uk_2020:
      return "GBP";
    case TaxSystemKind::us_2020_single:
      return "USD";
    case TaxSystemKind::india_2020_new:
      return "INR";
    case TaxSystemKind::flat:
      break;
  }
  return "";
}

int TaxSystem::year_start_month() const {
  switch (kind) {
    case TaxSystemKind::uk_2020:
    case TaxSystemKind::india_2020_new:
      return 4;
    case TaxSystemKind::us_2020_single:
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
    case TaxSystemKind::flat:
      break;
  }
  const TaxSystem& flat = params.system;
  withhold_with([&](const YearIncome& income) { return flat.due(income); }, params, block, state,
                employment, total, fx_path, tax);
}

}  // namespace incomesim::scenarios
