#pragma once
// Income tax (docs/models.md, "Income tax and net income"): a year's tax from its employment and
// self-employment income under one of the published 2020-21 or 2025-26 systems of
// docs/calibration.md, and the
// monthly withholding that makes a household's cash see tax as it accrues. Not an income stream:
// it reads the streams' incomes and writes the tax series.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

// One tax year's income in the system's currency, by kind.
struct YearIncome {
  double employment = 0;       // salary (the career stream)
  double self_employment = 0;  // every other stream: profits of a sole trader
};

// A year's tax, split as the tables are: income tax (with India's surcharge and cess) and social
// contributions (UK National Insurance, US FICA and self-employment tax).
struct TaxDue {
  double income_tax = 0;
  double contributions = 0;
  double total() const { return income_tax + contributions; }
};

enum class TaxSystemKind {
  flat,
  uk_2020,
  us_2020_single,
  india_2020_new,
  uk_2025,
  us_2025_single,
  india_2025_new
};

struct TaxSystem {
  TaxSystemKind kind = TaxSystemKind::flat;
  double flat_rate = 0;  // flat only

  // The names a scenario's `system` takes, in TaxSystemKind order.
  static const std::vector<std::string>& names();
  std::string_view name() const;
  // The currency the system's thresholds are in; empty for flat (a rate needs none).
  std::string_view currency() const;
  // The calendar month (1-12) its tax year starts in: April in the UK (6 April, taken as April)
  // and India, January in the US; 0 for flat, whose years are 12 months from the first
  // simulated month.
  int year_start_month() const;
  TaxDue due(const YearIncome& income) const;
};

// The published tables, one year's income to that year's tax (docs/calibration.md "Income tax").
TaxDue uk_2020_tax(const YearIncome& income);
TaxDue us_2020_single_tax(const YearIncome& income);
TaxDue india_2020_new_tax(const YearIncome& income);
// This year's (docs/calibration.md "Income tax, current year (2025-26)").
TaxDue uk_2025_tax(const YearIncome& income);
TaxDue us_2025_single_tax(const YearIncome& income);
TaxDue india_2025_new_tax(const YearIncome& income);

// The series a scenario with [tax] reports after the total, in this order: income tax, social
// contributions, their sum, and what is left of the total.
inline constexpr std::string_view kIncomeTaxSeries = "income_tax";
inline constexpr std::string_view kSocialSeries = "social";
inline constexpr std::string_view kTaxSeries = "tax";
inline constexpr std::string_view kNetSeries = "net";

struct TaxParams {
  TaxSystem system;
  // Index into the scenario's fx rates of the system's currency; -1 when it is the reporting
  // currency (or the system is flat).
  int currency_index = -1;
  int start_month = 1;  // the calendar month (1-12) of the first simulated month
  // Whether a tax year starts at simulated month `month` (the first always does).
  bool starts_tax_year(int month) const;
  // The months from simulated month `month` to the end of its tax year by the calendar, this one
  // included (12 in a year's first month).
  int months_left_in_tax_year(int month) const;
};

// Per-trial running sums of the current tax year, in the system's currency: its income by kind,
// what it has withheld (income tax, contributions) and, of that, what payslips took from salary.
struct TaxState {
  std::vector<double> employment, self_employment, income_tax, social, payslip_income_tax,
      payslip_social;
  void resize(std::size_t capacity) {
    for (auto* running : {&employment, &self_employment, &income_tax, &social, &payslip_income_tax,
                          &payslip_social})
      running->resize(capacity);
  }
};

struct TaxModel {
  TaxParams params;

  // Reads [tax]; `currency_index_of` resolves the system's currency against [fx] (it throws,
  // naming the key, when the scenario has no rate for it).
  template <class CurrencyIndex>
  static TaxModel read(TableReader& reader, const std::string& reporting_currency,
                       CurrencyIndex&& currency_index_of);

  // Each month's withholding, [month * stride + i] in the reporting currency, split into income
  // tax and social contributions (NI, FICA and self-employment tax), as payslips do it
  // (docs/models.md "Withholding"): salary by the country's payslip rule (UK PAYE cumulative
  // with NI per month, US wages annualised per month with FICA to the wage base, India's TDS
  // spread evenly over the year; flat cumulative), and self-employment set aside by the
  // cumulative rule, k/12 of the tax its profits add to the income to date annualised (x 12/k).
  // The year's last month (or the horizon's) trues each up to the annual computation, so each
  // year's withholding sums to it and a constant salary pays the same every month (until the
  // US wage base). Tax years follow the system's calendar (year_start_month). `employment` is
  // the career stream's income (null without one), `total` every stream's, both in the
  // reporting currency; `fx_path` converts the system's currency into it (null when they are
  // the same).
  void withhold(const StreamBlock& block, TaxState& state, const double* employment,
                const double* total, const double* fx_path, double* income_tax,
                double* social) const;

 private:
  static TaxSystem read_system(TableReader& reader);
};

template <class CurrencyIndex>
TaxModel TaxModel::read(TableReader& reader, const std::string& reporting_currency,
                        CurrencyIndex&& currency_index_of) {
  TaxModel model{{read_system(reader), -1}};
  const std::string currency(model.params.system.currency());
  if (!currency.empty() && currency != reporting_currency)
    model.params.currency_index =
        currency_index_of(currency, reader.location("system"), reader.path("system"));
  return model;
}

}  // namespace incomesim::scenarios
