#include "engine/trial_results.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace incomesim::engine {

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

std::vector<Period> periods_for(int horizon_months, const std::vector<MonthRange>& ranges) {
  std::vector<Period> periods{{"horizon", 0, horizon_months}};
  for (int year = 0; year * 12 < horizon_months; ++year)
    periods.push_back({"year" + std::to_string(year + 1), year * 12,
                       std::min(horizon_months, (year + 1) * 12)});
  for (const MonthRange& range : ranges) {
    assert(1 <= range.first && range.first <= range.last && range.last <= horizon_months);
    periods.push_back({range.first == range.last
                           ? "month" + std::to_string(range.first)
                           : "months" + std::to_string(range.first) + "-" +
                                 std::to_string(range.last),
                       range.first - 1, range.last});
  }
  return periods;
}

TrialResults::TrialResults(std::vector<std::string> stream_names, int horizon_months,
                           std::uint64_t trials, const std::vector<MonthRange>& report_ranges,
                           std::vector<OutcomeSpec> outcomes)
    : series_names_(std::move(stream_names)),
      periods_(periods_for(horizon_months, report_ranges)),
      horizon_months_(horizon_months),
      trials_(trials),
      outcomes_(std::move(outcomes)) {
  series_names_.push_back("total");
  slots_.assign(slot_count() * trials_, 0.0f);
  moments_.assign(slot_count(), SeriesMoments{});
  outcome_slots_.assign(outcomes_.size() * trials_, 0.0f);
}

std::uint64_t TrialResults::bytes_needed(std::size_t streams, int horizon_months,
                                         std::uint64_t trials,
                                         const std::vector<MonthRange>& report_ranges,
                                         std::size_t outcomes) {
  const std::uint64_t slots =
      (streams + 1) * periods_for(horizon_months, report_ranges).size() + outcomes;
  return slots * trials * sizeof(float);
}

std::vector<QuantileSketch> TrialResults::empty_monthly_sketches() const {
  return std::vector<QuantileSketch>(series_names_.size() * static_cast<std::size_t>(horizon_months_));
}

void TrialResults::merge_monthly(const std::vector<QuantileSketch>& sketches) {
  if (monthly_.empty()) monthly_ = empty_monthly_sketches();
  for (std::size_t k = 0; k < sketches.size(); ++k) monthly_[k].merge(sketches[k]);
}

void TrialResults::store_block(std::uint64_t first_trial, const MonthlyIncomes& incomes,
                               SeriesMoments* block_moments,
                               std::vector<QuantileSketch>* monthly) {
  const std::size_t streams = incomes.streams();
  const std::size_t total = streams;  // the total is the last series
  const std::size_t count = incomes.trial_count();
  for (std::size_t p = 0; p < periods_.size(); ++p) {
    const Period& period = periods_[p];
    for (std::size_t i = 0; i < count; ++i) {
      double total_income = 0;
      for (std::size_t s = 0; s < streams; ++s) {
        double sum = 0;
        for (int month = period.first_month; month < period.end_month; ++month)
          sum += incomes.row(s, month)[i];
        total_income += sum;
        slots_[slot_index(s, p) * trials_ + first_trial + i] = static_cast<float>(sum);
        block_moments[slot_index(s, p)].add(sum);
      }
      slots_[slot_index(total, p) * trials_ + first_trial + i] = static_cast<float>(total_income);
      block_moments[slot_index(total, p)].add(total_income);
    }
  }
  for (std::size_t k = 0; k < outcomes_.size(); ++k)
    for (std::size_t i = 0; i < count; ++i)
      outcome_slots_[k * trials_ + first_trial + i] = static_cast<float>(incomes.outcome(k)[i]);
  if (!monthly) return;
  const std::size_t months = static_cast<std::size_t>(horizon_months_);
  for (int month = 0; month < horizon_months_; ++month) {
    for (std::size_t i = 0; i < count; ++i) {
      double total_income = 0;
      for (std::size_t s = 0; s < streams; ++s) {
        const double value = incomes.row(s, month)[i];
        (*monthly)[s * months + month].add(value);
        total_income += value;
      }
      (*monthly)[total * months + month].add(total_income);
    }
  }
}

std::string TrialResults::first_non_finite() const {
  for (std::size_t s = 0; s < series_names_.size(); ++s)
    for (std::size_t p = 0; p < periods_.size(); ++p) {
      const float* v = values(s, p);
      for (std::uint64_t i = 0; i < trials_; ++i)
        if (!std::isfinite(v[i]))
          return series_names_[s] + " in " + periods_[p].name + " of trial " + std::to_string(i);
    }
  // Outcomes may be NaN where they do not apply (no ruin, no ruin month); infinity is overflow.
  for (std::size_t k = 0; k < outcomes_.size(); ++k) {
    const float* v = outcome_values(k);
    for (std::uint64_t i = 0; i < trials_; ++i)
      if (std::isinf(v[i]))
        return outcomes_[k].group + " " + outcomes_[k].name + " of trial " + std::to_string(i);
  }
  return "";
}

void TrialResults::merge_block_moments(const std::vector<SeriesMoments>& block_moments,
                                       std::size_t blocks) {
  for (std::size_t block = 0; block < blocks; ++block)
    for (std::size_t slot = 0; slot < slot_count(); ++slot)
      moments_[slot].merge(block_moments[block * slot_count() + slot]);
}

void TrialResults::combine_processes(const ProcessGroup& group,
                                     std::vector<SeriesMoments>& block_moments) {
  static_assert(sizeof(SeriesMoments) == 24, "moments are sent as bytes, without padding");
  group.or_bytes(slots_.data(), slots_.size() * sizeof(float));
  group.or_bytes(outcome_slots_.data(), outcome_slots_.size() * sizeof(float));
  group.or_bytes(block_moments.data(), block_moments.size() * sizeof(SeriesMoments));
  if (monthly_.empty()) return;
  std::vector<std::uint64_t> words;
  for (const auto& sketch : monthly_) sketch.append_words(words);
  const std::vector<std::uint64_t> all = group.all_gather(words);
  const double accuracy = monthly_.front().relative_accuracy();
  std::vector<QuantileSketch> merged = empty_monthly_sketches();
  const std::uint64_t* cursor = all.data();
  for (int process = 0; process < group.size(); ++process)
    for (auto& sketch : merged) sketch.merge(QuantileSketch::from_words(cursor, accuracy));
  monthly_ = std::move(merged);
}

}  // namespace incomesim::engine
