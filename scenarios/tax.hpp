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

// The series a scenario with [tax] reports after the total, in this order.
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
};

// Per-trial running sums of the current tax year, in the system's currency.
struct TaxState {
  std::vector<double> employment, self_employment, withheld;
  void resize(std::size_t capacity) {
    employment.resize(capacity);
    self_employment.resize(capacity);
    withheld.resize(capacity);
  }
};

struct TaxModel {
  TaxParams params;

  // Reads [tax]; `currency_index_of` resolves the system's currency against [fx] (it throws,
  // naming the key, when the scenario has no rate for it).
  template <class CurrencyIndex>
  static TaxModel read(TableReader& reader, const std::string& reporting_currency,
                       CurrencyIndex&& currency_index_of);

  // Each month's withholding, [month * stride + i] in the reporting currency, as payslips do it:
  // in the k-th month of a tax year (counted from the first simulated month in a partial first
  // year), the year's tax to date is k/12 of the tax on the income to date annualised (x 12/k),
  // which is UK PAYE's cumulative rule with k/12 of the allowance and bands, and the month
  // withholds that less what the year has withheld; the year's last month (or the horizon's)
  // trues the year up to the tax on its actual income. So a constant salary pays the same every
  // month, and each year's withholding sums to the annual computation. Tax years follow the
  // system's calendar (year_start_month). `employment` is the career stream's income (null
  // without one), `total` every stream's, both in the reporting currency; `fx_path` converts the
  // system's currency into it (null when they are the same).
  void withhold(const StreamBlock& block, TaxState& state, const double* employment,
                const double* total, const double* fx_path, double* tax) const;

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
