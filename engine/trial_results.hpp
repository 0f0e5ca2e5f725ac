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

// How per-trial results are kept. Exact: one float per trial for every series and period (exact
// percentiles, and the per-trial values the risk attribution and paired comparisons need).
// Streaming: a quantile sketch per series and period instead (QuantileSketch's relative error,
// memory independent of the number of trials); moments stay exact in both.
enum class ResultsMode { exact, streaming };

class TrialResults {
 public:
  TrialResults(std::vector<std::string> stream_names, int horizon_months, std::uint64_t trials,
               const std::vector<MonthRange>& report_ranges = {},
               std::vector<OutcomeSpec> outcomes = {}, ResultsMode mode = ResultsMode::exact);

  // Bytes the per-trial slots will take, checked before a run allocates them.
  static std::uint64_t bytes_needed(std::size_t streams, int horizon_months, std::uint64_t trials,
                                    const std::vector<MonthRange>& report_ranges = {},
                                    std::size_t outcomes = 0);

  const std::vector<std::string>& series_names() const { return series_names_; }
  const std::vector<Period>& periods() const { return periods_; }
  std::uint64_t trials() const { return trials_; }
  int horizon_months() const { return horizon_months_; }
  std::size_t slot_count() const { return series_names_.size() * periods_.size(); }
  // Moments kept per block: one per slot, then one per outcome (over trials where it applies).
  std::size_t moment_count() const { return slot_count() + outcomes_.size(); }
  ResultsMode mode() const { return mode_; }
  bool streaming() const { return mode_ == ResultsMode::streaming; }

  // Values of one series in one period, indexed by trial (exact mode only).
  const float* values(std::size_t series, std::size_t period) const {
    return slots_.data() + slot_index(series, period) * trials_;
  }
  // The distribution of one series in one period (streaming mode only).
  const QuantileSketch& sketch(std::size_t series, std::size_t period) const {
    return sketches_[slot_index(series, period)];
  }
  const QuantileSketch& outcome_sketch(std::size_t k) const { return sketches_[slot_count() + k]; }
  const SeriesMoments& outcome_moments(std::size_t k) const { return moments_[slot_count() + k]; }
  const SeriesMoments& moments(std::size_t series, std::size_t period) const {
    return moments_[slot_index(series, period)];
  }
  const std::vector<OutcomeSpec>& outcomes() const { return outcomes_; }
  const float* outcome_values(std::size_t k) const { return outcome_slots_.data() + k * trials_; }

  // Where a thread keeps what it adds for its blocks: per-month sketches (when the run has
  // bands) and, in streaming mode, the per-series sketches.
  struct ThreadSketches {
    std::vector<QuantileSketch> monthly;
    std::vector<QuantileSketch> series;
    std::uint64_t non_finite_trial = UINT64_MAX;  // streaming: lowest trial with one, and what
    std::string non_finite;
  };
  ThreadSketches empty_thread_sketches(bool monthly_bands) const;
  void merge_thread_sketches(const ThreadSketches& sketches);

  // Called by the runner for each block, from any thread; writes only that block's trials (exact
  // mode) or adds them to the thread's sketches (streaming mode), and its moments.
  void store_block(std::uint64_t first_trial, const MonthlyIncomes& incomes,
                   SeriesMoments* block_moments, ThreadSketches& sketches);

  // Per-month distributions of each series: [series * horizon + month]. Empty unless the run
  // asked for them. Sketch merging is exact, so these do not depend on the thread count.
  bool has_monthly() const { return !monthly_.empty(); }
  const QuantileSketch& monthly(std::size_t series, int month) const {
    return monthly_[series * static_cast<std::size_t>(horizon_months_) + month];
  }
  // The first (series, period, trial) whose value is not finite, or outcome that is infinite, as
  // text; empty when there is none.
  std::string first_non_finite() const;

  // Merges blocks [0, blocks) of block_moments (moment_count() each) into the run's moments, in
  // order; the runner calls it wave after wave of blocks.
  void merge_block_moments(const std::vector<SeriesMoments>& block_moments, std::size_t blocks);

  // After each process of a group has stored its own blocks: every process gets every block's
  // slots (exact: see ProcessGroup), and the sum of every process's sketches. The runner
  // combines block moments itself, wave by wave.
  void combine_processes(const ProcessGroup& group);

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
  ResultsMode mode_;
  std::vector<QuantileSketch> sketches_;  // streaming: [slot], then one per outcome
  // Streaming: the non-finite value of the lowest trial met (there are no slots to scan).
  std::uint64_t non_finite_trial_ = UINT64_MAX;
  std::string non_finite_;
};

}  // namespace incomesim::engine
