#include "engine/trial_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/input_error.hpp"
#include "engine/metric_names.hpp"

namespace incomesim::engine {

ExactValues TrialResults::exact(const std::string& purpose) const {
  if (mode() != ResultsMode::exact)
    throw InputError("mode",
                     fmt::format("{} needs every trial's value, which only exact mode keeps; this "
                                 "run used streaming mode (run with --mode exact, or mode='exact' "
                                 "in Python)",
                                 purpose));
  return ExactValues(*this);
}

std::span<const float> ExactValues::values(std::size_t series, std::size_t period) const {
  return {results_->store_->values(results_->slot_index(series, period)), results_->trials()};
}

std::span<const float> ExactValues::outcome_values(std::size_t k) const {
  return {results_->store_->values(results_->slot_count() + k), results_->trials()};
}

std::optional<std::size_t> TrialResults::series_index(const std::string& name) const {
  return series_.find(name);
}

std::optional<std::size_t> TrialResults::period_index(const std::string& name) const {
  for (std::size_t p = 0; p < periods_.size(); ++p)
    if (periods_[p].name == name) return p;
  return std::nullopt;
}

void SeriesMoments::add(double x) {
  const double delta = x - mean();
  ++count;
  sum += x;
  sum_squared_deviations += delta * (x - mean());
}

void SeriesMoments::merge(const SeriesMoments& other) {
  if (other.count == 0) return;
  if (count == 0) {
    *this = other;
    return;
  }
  const double n_a = static_cast<double>(count), n_b = static_cast<double>(other.count);
  const double n = n_a + n_b;
  const double delta = other.mean() - mean();
  sum += other.sum;
  sum_squared_deviations += other.sum_squared_deviations + delta * delta * (n_a * n_b / n);
  count += other.count;
}

double SeriesMoments::variance() const {
  return count > 1 ? sum_squared_deviations / static_cast<double>(count - 1) : 0.0;
}

TrialResults::TrialResults(SeriesLayout series, int horizon_months, std::uint64_t trials,
                           const std::vector<MonthRange>& report_ranges,
                           std::vector<OutcomeSpec> outcomes, ResultsMode mode)
    : series_(std::move(series)),
      periods_(periods_for(horizon_months, report_ranges)),
      horizon_months_(horizon_months),
      trials_(trials),
      outcomes_(std::move(outcomes)) {
  moments_.assign(moment_count(), SeriesMoments{});
  std::vector<SlotInfo> slots;
  for (const auto& series : series_.names())
    for (const auto& period : periods_) slots.push_back({series + " in " + period.name, false});
  for (const auto& outcome : outcomes_)
    slots.push_back({outcome.group + " " + outcome.name, true});  // NaN: does not apply
  store_ = make_result_store(mode, std::move(slots), trials_);
}

std::uint64_t TrialResults::bytes_needed(const SeriesLayout& series, int horizon_months,
                                         std::uint64_t trials,
                                         const std::vector<MonthRange>& report_ranges,
                                         std::size_t outcomes) {
  return exact_store_bytes(
      series.size() * periods_for(horizon_months, report_ranges).size() + outcomes, trials);
}

TrialResults::ThreadSketches TrialResults::empty_thread_sketches(bool monthly_bands) const {
  ThreadSketches sketches;
  if (monthly_bands)
    sketches.monthly.resize(series_.size() * static_cast<std::size_t>(horizon_months_));
  store_->prepare(sketches.store);
  return sketches;
}

void TrialResults::add_thread_sketches(ThreadSketches& into, const ThreadSketches& from) {
  if (into.monthly.size() < from.monthly.size()) into.monthly.resize(from.monthly.size());
  for (std::size_t k = 0; k < from.monthly.size(); ++k) into.monthly[k].merge(from.monthly[k]);
  merge_parts(into.store, from.store);
}

void TrialResults::merge_thread_sketches(const ThreadSketches& sketches) {
  if (monthly_.empty()) monthly_.resize(sketches.monthly.size());
  for (std::size_t k = 0; k < sketches.monthly.size(); ++k) monthly_[k].merge(sketches.monthly[k]);
  store_->merge(sketches.store);
}

void TrialResults::store_block(std::uint64_t first_trial, const MonthlyIncomes& incomes,
                               SeriesMoments* block_moments, ThreadSketches& sketches) {
  // Rows of `incomes`: the streams, then the derived series (series_.income_row); the total is
  // summed here.
  const std::size_t streams = series_.stream_count();
  const std::size_t total = series_.total();
  const std::size_t series = series_.size();
  const std::size_t count = incomes.trial_count();
  // One period at a time: each series' per-trial sums, then into the store.
  std::vector<double>& sums = sketches.block_values;
  sums.resize(series * count);
  double* total_sums = sums.data() + total * count;
  for (std::size_t p = 0; p < periods_.size(); ++p) {
    const Period& period = periods_[p];
    std::fill(total_sums, total_sums + count, 0.0);
    for (std::size_t s = 0; s < streams; ++s) {
      // Month rows added across the trials (vectorisable), each trial's in month order.
      double* stream_sums = sums.data() + s * count;
      std::fill(stream_sums, stream_sums + count, 0.0);
      for (int month = period.first_month; month < period.end_month; ++month) {
        const double* row = incomes.row(series_.income_row(s), month);
        for (std::size_t i = 0; i < count; ++i) stream_sums[i] += row[i];
      }
      for (std::size_t i = 0; i < count; ++i) total_sums[i] += stream_sums[i];
    }
    for (std::size_t s = series_.first_derived(); s < series; ++s) {
      double* derived_sums = sums.data() + s * count;
      std::fill(derived_sums, derived_sums + count, 0.0);
      for (int month = period.first_month; month < period.end_month; ++month) {
        const double* row = incomes.row(series_.income_row(s), month);
        for (std::size_t i = 0; i < count; ++i) derived_sums[i] += row[i];
      }
    }
    for (std::size_t s = 0; s < series; ++s) {
      const std::size_t slot = slot_index(s, p);
      const double* values = sums.data() + s * count;
      for (std::size_t i = 0; i < count; ++i) block_moments[slot].add(values[i]);
      store_->keep(slot, first_trial, values, count, sketches.store);
    }
  }
  for (std::size_t k = 0; k < outcomes_.size(); ++k) {
    const double* values = incomes.outcome(k);
    for (std::size_t i = 0; i < count; ++i)
      if (!std::isnan(values[i])) block_moments[slot_count() + k].add(values[i]);
    store_->keep(slot_count() + k, first_trial, values, count, sketches.store);
  }
  if (sketches.monthly.empty()) return;
  std::vector<QuantileSketch>& monthly = sketches.monthly;
  const std::size_t months = static_cast<std::size_t>(horizon_months_);
  std::vector<double>& total_income = sketches.total_income;
  total_income.resize(count);
  for (int month = 0; month < horizon_months_; ++month) {
    std::fill(total_income.begin(), total_income.end(), 0.0);
    for (std::size_t s = 0; s < streams; ++s) {
      const double* values = incomes.row(series_.income_row(s), month);
      monthly[s * months + month].add(values, count);
      for (std::size_t i = 0; i < count; ++i) total_income[i] += values[i];
    }
    monthly[total * months + month].add(total_income.data(), count);
    for (std::size_t s = series_.first_derived(); s < series; ++s)
      monthly[s * months + month].add(incomes.row(series_.income_row(s), month), count);
  }
}

void TrialResults::merge_block_moments(const std::vector<SeriesMoments>& block_moments,
                                       std::size_t blocks) {
  for (std::size_t block = 0; block < blocks; ++block)
    for (std::size_t k = 0; k < moment_count(); ++k)
      moments_[k].merge(block_moments[block * moment_count() + k]);
}

void TrialResults::combine_processes(const ProcessGroup& group, std::uint64_t first_trial,
                                     ThreadSketches& added) {
  store_->combine_processes(group, first_trial, added.store);
  merge_across_processes(added.monthly, group);
}

void TrialResults::grow(std::uint64_t trials) {
  assert(trials >= trials_);
  store_->grow(trials);
  trials_ = trials;
}

}  // namespace incomesim::engine
