#pragma once
// Per-trial results of a run: for each series (every stream, then the total) and each period
// (the whole horizon, then each year), one float per trial, stored at the trial's index. Floats
// are ample for percentiles of money; moments are kept in double, per block, and merged in block
// order so that they do not depend on which thread ran which block.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/monthly_incomes.hpp"
#include "engine/process_group.hpp"
#include "engine/quantile_sketch.hpp"

namespace incomesim::engine {

struct SeriesMoments {
  std::uint64_t count = 0;
  double sum = 0;  // kept (rather than a running mean) so that equal values give an exact mean
  double sum_squared_deviations = 0;  // M2 of Welford / Chan et al.

  void add(double x);
  void merge(const SeriesMoments& other);
  double mean() const { return count ? sum / static_cast<double>(count) : 0.0; }
  double variance() const;  // sample variance (n - 1)
};

struct Period {
  std::string name;   // "horizon", "year1", ...
  int first_month;    // inclusive
  int end_month;      // exclusive
};

// Months first..last, 1-based and inclusive, to report as a period of their own.
struct MonthRange {
  int first;
  int last;
};

// The horizon, each year, then each requested range: "month6" for {6, 6}, "months1-7" for
// {1, 7}. Ranges must lie within the horizon.
std::vector<Period> periods_for(int horizon_months, const std::vector<MonthRange>& ranges = {});

// A per-trial outcome a model reports besides income, e.g. ("household", "p_ruin").
enum class OutcomeKind {
  probability,  // 0 or 1 per trial: reported as a share with its Wilson interval
  amount,       // a number per trial, NaN where it does not apply: reported like an income
};
struct OutcomeSpec {
  std::string group;
  std::string name;
  OutcomeKind kind;
};

class TrialResults {
 public:
  TrialResults(std::vector<std::string> stream_names, int horizon_months, std::uint64_t trials,
               const std::vector<MonthRange>& report_ranges = {},
               std::vector<OutcomeSpec> outcomes = {});

  // Bytes the per-trial slots will take, checked before a run allocates them.
  static std::uint64_t bytes_needed(std::size_t streams, int horizon_months, std::uint64_t trials,
                                    const std::vector<MonthRange>& report_ranges = {},
                                    std::size_t outcomes = 0);

  const std::vector<std::string>& series_names() const { return series_names_; }
  const std::vector<Period>& periods() const { return periods_; }
  std::uint64_t trials() const { return trials_; }
  int horizon_months() const { return horizon_months_; }
  std::size_t slot_count() const { return series_names_.size() * periods_.size(); }

  // Values of one series in one period, indexed by trial.
  const float* values(std::size_t series, std::size_t period) const {
    return slots_.data() + slot_index(series, period) * trials_;
  }
  const SeriesMoments& moments(std::size_t series, std::size_t period) const {
    return moments_[slot_index(series, period)];
  }
  const std::vector<OutcomeSpec>& outcomes() const { return outcomes_; }
  const float* outcome_values(std::size_t k) const { return outcome_slots_.data() + k * trials_; }

  // Called by the runner for each block, from any thread; writes only that block's trials, and
  // adds each month's values to the thread's sketches when it has any (see monthly_sketches).
  void store_block(std::uint64_t first_trial, const MonthlyIncomes& incomes,
                   SeriesMoments* block_moments, std::vector<QuantileSketch>* monthly);

  // Per-month distributions of each series: [series * horizon + month]. Empty unless the run
  // asked for them. Sketch merging is exact, so these do not depend on the thread count.
  std::vector<QuantileSketch> empty_monthly_sketches() const;
  void merge_monthly(const std::vector<QuantileSketch>& sketches);
  bool has_monthly() const { return !monthly_.empty(); }
  const QuantileSketch& monthly(std::size_t series, int month) const {
    return monthly_[series * static_cast<std::size_t>(horizon_months_) + month];
  }
  // The first (series, period, trial) whose value is not finite, or outcome that is infinite, as
  // text; empty when there is none.
  std::string first_non_finite() const;

  void merge_block_moments(const std::vector<SeriesMoments>& block_moments, std::size_t blocks);

  // After each process of a group has stored its own blocks: every process gets every block's
  // slots and moments (exact: see ProcessGroup), and the sum of every process's monthly sketches.
  void combine_processes(const ProcessGroup& group, std::vector<SeriesMoments>& block_moments);

 private:
  std::size_t slot_index(std::size_t series, std::size_t period) const {
    return series * periods_.size() + period;
  }

  std::vector<std::string> series_names_;
  std::vector<Period> periods_;
  int horizon_months_;
  std::uint64_t trials_;
  std::vector<float> slots_;
  std::vector<SeriesMoments> moments_;
  std::vector<OutcomeSpec> outcomes_;
  std::vector<float> outcome_slots_;
  std::vector<QuantileSketch> monthly_;
};

}  // namespace incomesim::engine
