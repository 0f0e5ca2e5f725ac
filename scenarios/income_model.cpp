#include "scenarios/income_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace incomesim::scenarios {

std::vector<std::string> all_stream_names() {
  std::vector<std::string> names;
  for_each_stream_type([&]<class S>(std::type_identity<S>) { names.emplace_back(S::kName); });
  return names;
}

std::vector<std::string> IncomeModel::stream_names() const {
  std::vector<std::string> names;
  for_each_present([&]<class S>(const S&) { names.emplace_back(S::kName); });
  return names;
}

// The tax reads one series of wages (TaxModel::withhold's `employment`): one employment stream.
static_assert([]<class... S>(StreamList<S...>) {
  return (int{S::kIncomeKind == IncomeKind::employment} + ... + 0) <= 1;
}(IncomeStreams{}));

IncomeModel::Layout IncomeModel::layout() const {
  Layout layout;
  for_each_present([&](const auto&) { ++layout.streams; });
  if (tax) layout.tax_row = layout.streams;
  if (household) layout.household_first = 0;
  layout.effort_first = household ? HouseholdOutcomes::kCount : 0;
  return layout;
}

std::vector<engine::OutcomeSpec> IncomeModel::outcome_specs() const {
  using engine::OutcomeKind;
  const Layout where = layout();
  std::vector<engine::OutcomeSpec> specs(where.outcome_count());
  if (where.household_first) {
    const std::size_t h = *where.household_first;
    specs[h] = {"household", "p_ruin", OutcomeKind::probability};
    specs[h + 1] = {"household", "ruin_month", OutcomeKind::amount};
    specs[h + 2] = {"household", "final_balance", OutcomeKind::amount};
    specs[h + 3] = {"household", "negative_cash_flow_months", OutcomeKind::amount};
  }
  auto names = stream_names();
  names.emplace_back(engine::kTotalSeries);
  for (std::size_t s = 0; s < names.size(); ++s) {
    specs[where.hours(s)] = {names[s], std::string(kHoursOutcome), OutcomeKind::amount};
    specs[where.income_per_hour(s)] = {names[s], std::string(kIncomePerHourOutcome),
                                       OutcomeKind::amount};
  }
  return specs;
}

std::vector<std::string> IncomeModel::derived_series() const {
  if (!tax) return {};
  return {std::string(kIncomeTaxSeries), std::string(kSocialSeries), std::string(kTaxSeries),
          std::string(kNetSeries)};
}

std::vector<std::string> IncomeModel::named_series() const {
  std::vector<std::string> series = stream_names();
  for (auto& name : derived_series()) series.push_back(std::move(name));
  return series;
}

std::vector<PerTrialRef> IncomeModel::per_trial_parameters() const {
  std::vector<PerTrialRef> all;
  for_each_present([&]<class S>(const S& stream) {
    for (const auto& [field, parameter] : stream.per_trial_parameters())
      all.push_back({std::string(S::kName) + "." + field, S::kComponent, parameter});
  });
  if (household) {
    const auto refs = household->per_trial_parameters();
    all.insert(all.end(), refs.begin(), refs.end());
  }
  return all;
}

IncomeModel::Workspace IncomeModel::make_workspace(std::size_t capacity, bool record_states) const {
  Workspace w;
  const std::size_t cells = capacity * static_cast<std::size_t>(horizon);
  w.in_recession.assign(cells, 0);
  w.copula_scores.assign(copula.size() * capacity, 0.0);
  w.fx_paths.assign(fx.rates().size() * cells, 0.0);
  w.signals.assign(cells);
  w.horizon_income.assign(capacity, 0.0);
  if (household || tax) w.total_income.assign(cells, 0.0);
  if (tax) w.tax.resize(capacity);
  if (household) {
    w.household_balance.assign(cells, 0.0);
    w.household.resize(capacity);
  }
  for_each_present([&]<class S>(const S&) {
    w.state<S>().resize(capacity);
    if (record_states)
      for (std::size_t c = 0; c < S::kTraceColumns.size(); ++c)
        w.trace_columns.emplace_back(cells, 0.0);
  });
  for (auto& column : w.trace_columns) w.trace_pointers.push_back(column.data());
  return w;
}

void IncomeModel::simulate_block(Workspace& w, const engine::BlockContext& context,
                                 engine::MonthlyIncomes& out) const {
  const std::size_t stride = out.capacity();
  const std::size_t cells = stride * static_cast<std::size_t>(horizon);
  w.draws.start(context.keys, context.first_trial, context.trial_count);
  simulate_regime(regime, w.draws, horizon, stride, w.in_recession.data(), w.per_trial_scratch);
  StreamBlock block{context.keys,
                    context.first_trial,
                    context.trial_count,
                    horizon,
                    stride,
                    w.in_recession.data(),
                    copula.view(w.copula_scores.data(), stride),
                    &w.draws};
  if (!copula.empty()) copula.normal_scores(block, w.copula_scores.data());
  for (std::size_t c = 0; c < fx.rates().size(); ++c)
    fx.simulate(block, static_cast<int>(c), w.fx_paths.data() + c * cells, w.per_trial_scratch);

  std::size_t stream = 0;
  std::size_t trace_column = 0;
  // The employment stream's income (the career's), which the tax treats as wages.
  const double* employment = nullptr;
  for_each_present([&]<class S>(const S& income_stream) {
    if constexpr (S::kIncomeKind == IncomeKind::employment) employment = out.row(stream, 0);
    const TraceColumns trace{w.trace_pointers.empty() ? nullptr
                                                      : w.trace_pointers.data() + trace_column};
    if (trace.active()) trace_column += S::kTraceColumns.size();
    income_stream.simulate(block, w.state<S>(), w.signals, out.row(stream++, 0), trace);
  });

  // Into the reporting currency.
  for (std::size_t s = 0; s < stream; ++s) {
    if (stream_currency[s] < 0) continue;
    const double* path = w.fx_paths.data() + static_cast<std::size_t>(stream_currency[s]) * cells;
    double* income = out.row(s, 0);
    for (int month = 0; month < horizon; ++month)
      for (std::size_t i = 0; i < context.trial_count; ++i)
        income[month * stride + i] *= path[month * stride + i];
  }

  const Layout where = layout();
  record_effort(w, out, where);
  if (!household && !tax) return;
  double* total = w.total_income.data();
  std::fill(total, total + cells, 0.0);
  for (std::size_t s = 0; s < stream; ++s) {
    const double* income = out.row(s, 0);
    for (std::size_t cell = 0; cell < cells; ++cell) total[cell] += income[cell];
  }
  const double* kept = total;  // what the household receives: net of tax when there is one
  if (tax) {
    double* income_tax = out.row(*where.tax_row, 0);
    double* social = out.row(*where.tax_row + 1, 0);
    double* withheld = out.row(*where.tax_row + 2, 0);
    double* net = out.row(*where.tax_row + 3, 0);
    const int currency = tax->params.currency_index;
    tax->withhold(
        block, w.tax, employment, total,
        currency < 0 ? nullptr : w.fx_paths.data() + static_cast<std::size_t>(currency) * cells,
        income_tax, social);
    for (std::size_t cell = 0; cell < cells; ++cell) {
      withheld[cell] = income_tax[cell] + social[cell];
      net[cell] = total[cell] - withheld[cell];
    }
    kept = net;
  }
  if (household) {
    const std::size_t h = *where.household_first;
    household->simulate(
        block, w.household, kept,
        {out.outcome(h), out.outcome(h + 1), out.outcome(h + 2), out.outcome(h + 3)},
        w.household_balance.data());
  }
}

void IncomeModel::record_effort(Workspace& w, engine::MonthlyIncomes& out,
                                const Layout& layout) const {
  constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();
  const std::size_t count = out.trial_count();
  double* total_hours = out.outcome(layout.hours(layout.streams));
  double* total_per_hour = out.outcome(layout.income_per_hour(layout.streams));
  std::fill_n(total_hours, count, 0.0);
  std::fill_n(total_per_hour, count, 0.0);  // the total's income until divided
  std::size_t s = 0;
  for_each_present([&]<class S>(const S&) {
    const double* work_hours = w.state<S>().work_hours.data();
    double* hours = out.outcome(layout.hours(s));
    double* per_hour = out.outcome(layout.income_per_hour(s));
    double* income = w.horizon_income.data();
    std::fill_n(income, count, 0.0);
    for (int month = 0; month < horizon; ++month) {
      const double* row = out.row(s, month);
      for (std::size_t i = 0; i < count; ++i) income[i] += row[i];
    }
    for (std::size_t i = 0; i < count; ++i) {
      hours[i] = work_hours[i];
      per_hour[i] = work_hours[i] > 0 ? income[i] / work_hours[i] : kNotApplicable;
      total_hours[i] += work_hours[i];
      total_per_hour[i] += income[i];
    }
    ++s;
  });
  for (std::size_t i = 0; i < count; ++i)
    total_per_hour[i] = total_hours[i] > 0 ? total_per_hour[i] / total_hours[i] : kNotApplicable;
}

TrialTrace trace_trial(const IncomeModel& model, std::uint64_t seed, std::uint64_t trial) {
  const engine::SeriesLayout series = engine::series_layout_of(model);
  IncomeModel::Workspace w = model.make_workspace(1, true);
  engine::MonthlyIncomes incomes = engine::make_monthly_incomes(model, 1);
  incomes.reset(1);
  model.simulate_block(w, {seed, trial, 1}, incomes);

  TrialTrace trace;
  trace.columns = {"month", "regime"};
  for (const auto& rate : model.fx.rates()) trace.columns.push_back("fx_" + rate.currency);
  model.for_each_present([&]<class S>(const S&) {
    for (const auto column : S::kTraceColumns)
      trace.columns.push_back(std::string(S::kName) + "_" + std::string(column));
  });
  trace.columns.insert(trace.columns.end(), series.names().begin(), series.names().end());
  if (model.household) trace.columns.push_back("household_balance");
  const std::size_t cells = static_cast<std::size_t>(model.horizon);
  for (int month = 0; month < model.horizon; ++month) {
    std::vector<double> row{static_cast<double>(month), static_cast<double>(w.in_recession[month])};
    for (std::size_t c = 0; c < model.fx.rates().size(); ++c)
      row.push_back(w.fx_paths[c * cells + month]);
    for (const auto& column : w.trace_columns) row.push_back(column[month]);
    double total = 0;
    for (std::size_t s = 0; s < series.size(); ++s) {
      if (s == series.total()) {
        row.push_back(total);
        continue;
      }
      const double income = incomes.row(series.income_row(s), month)[0];
      row.push_back(income);
      if (s < series.stream_count()) total += income;
    }
    if (model.household) row.push_back(w.household_balance[month]);
    trace.rows.push_back(std::move(row));
  }
  return trace;
}

}  // namespace incomesim::scenarios
