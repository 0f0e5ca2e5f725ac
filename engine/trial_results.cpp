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
                           std::vector<OutcomeSpec> outcomes, ResultsMode mode)
    : series_names_(std::move(stream_names)),
      periods_(periods_for(horizon_months, report_ranges)),
      horizon_months_(horizon_months),
      trials_(trials),
      outcomes_(std::move(outcomes)),
      mode_(mode) {
  series_names_.push_back("total");
  moments_.assign(moment_count(), SeriesMoments{});
  if (streaming()) {
    sketches_.resize(moment_count());
  } else {
    slots_.assign(slot_count() * trials_, 0.0f);
    outcome_slots_.assign(outcomes_.size() * trials_, 0.0f);
  }
}

std::uint64_t TrialResults::bytes_needed(std::size_t streams, int horizon_months,
                                         std::uint64_t trials,
                                         const std::vector<MonthRange>& report_ranges,
                                         std::size_t outcomes) {
  const std::uint64_t slots =
      (streams + 1) * periods_for(horizon_months, report_ranges).size() + outcomes;
  return slots * trials * sizeof(float);
}

TrialResults::ThreadSketches TrialResults::empty_thread_sketches(bool monthly_bands) const {
  ThreadSketches sketches;
  if (monthly_bands)
    sketches.monthly.resize(series_names_.size() * static_cast<std::size_t>(horizon_months_));
  if (streaming()) sketches.series.resize(moment_count());
  return sketches;
}

void TrialResults::merge_thread_sketches(const ThreadSketches& sketches) {
  if (monthly_.empty()) monthly_.resize(sketches.monthly.size());
  for (std::size_t k = 0; k < sketches.monthly.size(); ++k) monthly_[k].merge(sketches.monthly[k]);
  for (std::size_t k = 0; k < sketches.series.size(); ++k) sketches_[k].merge(sketches.series[k]);
  if (sketches.non_finite_trial < non_finite_trial_) {
    non_finite_trial_ = sketches.non_finite_trial;
    non_finite_ = sketches.non_finite;
  }
}

void TrialResults::store_block(std::uint64_t first_trial, const MonthlyIncomes& incomes,
                               SeriesMoments* block_moments, ThreadSketches& sketches) {
  const std::size_t streams = incomes.streams();
  const std::size_t total = streams;  // the total is the last series
  const std::size_t count = incomes.trial_count();
  auto note_non_finite = [&](std::uint64_t trial, const std::string& what) {
    if (trial < sketches.non_finite_trial) {
      sketches.non_finite_trial = trial;
      sketches.non_finite = what + " of trial " + std::to_string(trial);
    }
  };
  // A trial's value of a slot: into its slot (exact) or the slot's sketch (streaming).
  auto keep = [&](std::size_t slot, std::uint64_t trial, double value) {
    block_moments[slot].add(value);
    if (!streaming()) {
      slots_[slot * trials_ + trial] = static_cast<float>(value);
      return;
    }
    // As exact mode's check after the run: a value float cannot hold is an overflow.
    if (!std::isfinite(static_cast<float>(value)))
      note_non_finite(trial, series_names_[slot / periods_.size()] + " in " +
                                 periods_[slot % periods_.size()].name);
    sketches.series[slot].add(value);
  };
  for (std::size_t p = 0; p < periods_.size(); ++p) {
    const Period& period = periods_[p];
    for (std::size_t i = 0; i < count; ++i) {
      double total_income = 0;
      for (std::size_t s = 0; s < streams; ++s) {
        double sum = 0;
        for (int month = period.first_month; month < period.end_month; ++month)
          sum += incomes.row(s, month)[i];
        total_income += sum;
        keep(slot_index(s, p), first_trial + i, sum);
      }
      keep(slot_index(total, p), first_trial + i, total_income);
    }
  }
  for (std::size_t k = 0; k < outcomes_.size(); ++k)
    for (std::size_t i = 0; i < count; ++i) {
      const double value = incomes.outcome(k)[i];
      if (!std::isnan(value)) block_moments[slot_count() + k].add(value);  // NaN: not applicable
      if (streaming()) {
        if (std::isinf(value))
          note_non_finite(first_trial + i, outcomes_[k].group + " " + outcomes_[k].name);
        sketches.series[slot_count() + k].add(value);
      } else {
        outcome_slots_[k * trials_ + first_trial + i] = static_cast<float>(value);
      }
    }
  if (sketches.monthly.empty()) return;
  std::vector<QuantileSketch>& monthly = sketches.monthly;
  const std::size_t months = static_cast<std::size_t>(horizon_months_);
  for (int month = 0; month < horizon_months_; ++month) {
    for (std::size_t i = 0; i < count; ++i) {
      double total_income = 0;
      for (std::size_t s = 0; s < streams; ++s) {
        const double value = incomes.row(s, month)[i];
        monthly[s * months + month].add(value);
        total_income += value;
      }
      monthly[total * months + month].add(total_income);
    }
  }
}

std::string TrialResults::first_non_finite() const {
  if (streaming()) return non_finite_;
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
    for (std::size_t k = 0; k < moment_count(); ++k)
      moments_[k].merge(block_moments[block * moment_count() + k]);
}

void TrialResults::combine_processes(const ProcessGroup& group) {
  group.or_bytes(slots_.data(), slots_.size() * sizeof(float));
  group.or_bytes(outcome_slots_.data(), outcome_slots_.size() * sizeof(float));
  // Sketches: every process's, merged (exact integer counts, so in any order).
  std::vector<std::uint64_t> words;
  for (const auto* list : {&monthly_, &sketches_})
    for (const auto& sketch : *list) sketch.append_words(words);
  const std::vector<std::uint64_t> all = group.all_gather(words);
  const QuantileSketch empty;
  std::vector<QuantileSketch> monthly(monthly_.size()), sketches(sketches_.size());
  const std::uint64_t* cursor = all.data();
  for (int process = 0; process < group.size(); ++process)
    for (auto* list : {&monthly, &sketches})
      for (auto& sketch : *list)
        sketch.merge(QuantileSketch::from_words(cursor, empty.relative_accuracy()));
  monthly_ = std::move(monthly);
  sketches_ = std::move(sketches);
  // The lowest trial with a non-finite value, as text: every process's, the first non-empty.
  std::vector<std::uint64_t> mine{non_finite_trial_};
  const std::vector<std::uint64_t> trials = group.all_gather(mine);
  // Only the count matters to the caller (a run with any is refused); keep the local text, or
  // name the lowest trial when another process met it.
  const std::uint64_t lowest = *std::min_element(trials.begin(), trials.end());
  if (lowest < non_finite_trial_) {
    non_finite_trial_ = lowest;
    non_finite_ = "a value of trial " + std::to_string(lowest);
  }
}

}  // namespace incomesim::engine
