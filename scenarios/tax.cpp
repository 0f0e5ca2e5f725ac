#include "scenarios/tax.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <type_traits>

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

int TaxParams::months_left_in_tax_year(int month) const {
  const int first = system.year_start_month();
  if (first == 0) return 12 - month % 12;
  const int calendar_month = (start_month - 1 + month) % 12 + 1;
  return (first - calendar_month + 11) % 12 + 1;
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

// One month of a tax year for one trial, in the system's currency: this month's salary, the
// year's income to date (this month's included, in minor units), the month's place in the year
// (k-th, `months_left` to the year's end by the calendar, this one included), and what payslips
// have withheld from the salary before this month.
struct PayslipMonth {
  double salary;
  YearIncome to_date;
  int k, months_left;
  TaxDue withheld_before;
  TaxDue salary_cumulative;  // the cumulative rule on the salary alone, if the rule uses it
};

// The cumulative rule: k/12 of the tax on the income to date annualised (x 12/k). For the UK's
// income tax this is PAYE's cumulative basis exactly (k/12 of the allowance and of each band).
template <class Due>
TaxDue cumulative(Due&& due, const YearIncome& to_date, int k) {
  const double annualise = 12.0 / k;
  const TaxDue annual =
      due(YearIncome{to_date.employment * annualise, to_date.self_employment * annualise});
  return {annual.income_tax / annualise, annual.contributions / annualise};
}

// What payslips have withheld from the year's salary to date, this month's included, by each
// country's rule (docs/models.md "Withholding"). Flat: the cumulative rule on the salary.
struct CumulativePayslip {
  static constexpr bool kUsesCumulative = true;
  template <class Due>
  TaxDue operator()(Due&&, const PayslipMonth& m) const {
    return m.salary_cumulative;
  }
};

// UK PAYE: income tax cumulative; Class 1 NI on the month's pay alone, on monthly thresholds
// (annual / 12), so it is not trued up month by month.
struct UkPayslip {
  static constexpr bool kUsesCumulative = true;
  const UkTables& tables;
  template <class Due>
  TaxDue operator()(Due&&, const PayslipMonth& m) const {
    const double threshold = tables.primary_threshold / 12, upper = tables.upper_limit / 12;
    const double national_insurance = tables.class1_rate * slice(m.salary, threshold, upper) +
                                      0.02 * std::max(0.0, m.salary - upper);
    return {m.salary_cumulative.income_tax, m.withheld_before.contributions + national_insurance};
  }
};

// US (IRS Pub. 15-T, percentage method): the month's wages annualised (x 12), the year's income
// tax on them, a twelfth of it; social security 6.2% until the year's wages reach the wage base,
// Medicare 1.45%, and 0.9% more on the year's wages over $200,000.
struct UsPayslip {
  static constexpr bool kUsesCumulative = false;
  const UsTables& tables;
  template <class Due>
  TaxDue operator()(Due&& due, const PayslipMonth& m) const {
    const double before = m.to_date.employment - m.salary;
    const double social_security =
        0.062 * std::clamp(tables.wage_base - before, 0.0, std::max(0.0, m.salary));
    const double additional_medicare =
        0.009 *
        std::max(0.0, m.to_date.employment - std::max(before, kUsAdditionalMedicareThreshold));
    const double fica = social_security + 0.0145 * m.salary + additional_medicare;
    // Annualised, then in minor units: twelve months of 100000 / 12 are 100,000.00.
    const double annual_wages = in_minor_units(m.salary * 12);
    return {m.withheld_before.income_tax + due(YearIncome{annual_wages, 0}).income_tax / 12,
            m.withheld_before.contributions + fica};
  }
};

// India (TDS on salary, s.192): the year's salary estimated as that to date plus this month's for
// each month left, its tax less what is deducted already, spread evenly over the months left.
struct IndiaPayslip {
  static constexpr bool kUsesCumulative = false;
  template <class Due>
  TaxDue operator()(Due&& due, const PayslipMonth& m) const {
    const double estimate = m.to_date.employment + m.salary * (m.months_left - 1);
    const double still_due = due(YearIncome{estimate, 0}).income_tax - m.withheld_before.income_tax;
    return {m.withheld_before.income_tax + still_due / m.months_left, 0.0};
  }
};

// The month-by-month withholding for one system's tables (`due`) and payslips, inlined into the
// loop over trials. In month k of a tax year, the year's withholding to date is what payslips
// have taken from the salary, plus what self-employment sets aside by the cumulative rule: k/12
// of the tax its profits add to the annualised income to date. The year's last month (or the
// horizon's) trues each of income tax and contributions up to the annual computation.
template <class Due, class Payslip>
void withhold_with(Due&& due, Payslip&& payslip, const TaxParams& params, const StreamBlock& block,
                   TaxState& state, const double* employment, const double* total,
                   const double* fx_path, double* income_tax, double* social) {
  int k = 0;  // months of the current tax year so far, this one included
  for (int month = 0; month < block.months; ++month) {
    if (params.starts_tax_year(month)) {
      for (auto* running : {&state.employment, &state.self_employment, &state.income_tax,
                            &state.social, &state.payslip_income_tax, &state.payslip_social})
        std::fill_n(running->begin(), block.count, 0.0);
      k = 0;
    }
    ++k;
    const bool last = month + 1 == block.months || params.starts_tax_year(month + 1);
    const int months_left = params.months_left_in_tax_year(month);
    const std::size_t row = static_cast<std::size_t>(month) * block.stride;
    for (std::size_t i = 0; i < block.count; ++i) {
      // Reporting currency to the system's at this month's rate, and back.
      const double rate = fx_path ? fx_path[row + i] : 1.0;
      const double salary = (employment ? employment[row + i] : 0.0) / rate;
      state.employment[i] += salary;
      state.self_employment[i] += total[row + i] / rate - salary;
      const YearIncome to_date{in_minor_units(state.employment[i]),
                               in_minor_units(state.self_employment[i])};
      TaxDue target;
      if (last) {
        target = due(to_date);
      } else {
        const bool profits = to_date.self_employment != 0;
        const TaxDue salary_alone = std::decay_t<Payslip>::kUsesCumulative || profits
                                        ? cumulative(due, YearIncome{to_date.employment, 0}, k)
                                        : TaxDue{};
        const TaxDue from_salary =
            payslip(due, PayslipMonth{salary,
                                      to_date,
                                      k,
                                      months_left,
                                      {state.payslip_income_tax[i], state.payslip_social[i]},
                                      salary_alone});
        state.payslip_income_tax[i] = from_salary.income_tax;
        state.payslip_social[i] = from_salary.contributions;
        target = from_salary;
        if (profits) {
          const TaxDue with_profits = cumulative(due, to_date, k);
          target.income_tax += with_profits.income_tax - salary_alone.income_tax;
          target.contributions += with_profits.contributions - salary_alone.contributions;
        }
      }
      income_tax[row + i] = (target.income_tax - state.income_tax[i]) * rate;
      social[row + i] = (target.contributions - state.social[i]) * rate;
      state.income_tax[i] = target.income_tax;
      state.social[i] = target.contributions;
    }
  }
}

}  // namespace

void TaxModel::withhold(const StreamBlock& block, TaxState& state, const double* employment,
                        const double* total, const double* fx_path, double* income_tax,
                        double* social) const {
  const auto run = [&](auto&& due, auto&& payslip) {
    withhold_with(due, payslip, params, block, state, employment, total, fx_path, income_tax,
                  social);
  };
  switch (params.system.kind) {
    // The tables' functions as lambdas, so that each is inlined into its loop.
    case TaxSystemKind::uk_2020:
      return run([](const YearIncome& y) { return uk_tax(y, kUk2020); }, UkPayslip{kUk2020});
    case TaxSystemKind::us_2020_single:
      return run([](const YearIncome& y) { return us_single_tax(y, kUs2020); }, UsPayslip{kUs2020});
    case TaxSystemKind::india_2020_new:
      return run([](const YearIncome& y) { return india_new_tax(y, kIndia2020); }, IndiaPayslip{});
    case TaxSystemKind::uk_2025:
      return run([](const YearIncome& y) { return uk_tax(y, kUk2025); }, UkPayslip{kUk2025});
    case TaxSystemKind::us_2025_single:
      return run([](const YearIncome& y) { return us_single_tax(y, kUs2025); }, UsPayslip{kUs2025});
    case TaxSystemKind::india_2025_new:
      return run([](const YearIncome& y) { return india_new_tax(y, kIndia2025); }, IndiaPayslip{});
    case TaxSystemKind::flat:
      break;
  }
  const TaxSystem& flat = params.system;
  run([&](const YearIncome& income) { return flat.due(income); }, CumulativePayslip{});
}

}  // namespace incomesim::scenarios
