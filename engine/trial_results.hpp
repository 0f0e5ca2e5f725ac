#pragma once
// The results of a run: for each series (every stream, the total, then any series the model
// derives from the total, such as tax and net income) and each period (the
// whole horizon, each year, each requested range) a slot holding every trial's value, then one
// slot per outcome; kept by a ResultStore chosen once (exact floats or sketches). Moments are
// kept in double, per block, and merged in block order so that they do not depend on which
// thread ran which block. Per-month sketches of every series give the bands of a fan chart.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/monthly_incomes.hpp"
#include "engine/order_statistics.hpp"
#include "engine/periods.hpp"
#include "engine/process_group.hpp"
#include "engine/quantile_sketch.hpp"
#include "engine/result_store.hpp"
#include "engine/series_layout.hpp"

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

class TrialResults;

// Every trial's value of each series in each period and of each outcome: what exact mode keeps
// and streaming mode does not. Only TrialResults::exact() makes one, and it refuses a streaming
// run, so what needs every trial's value (risk attribution, paired comparison, Sobol indices,
// rank correlations, Python's values()) takes one of these and cannot be handed sketches.
class ExactValues {
 public:
  std::span<const float> values(std::size_t series, std::size_t period) const;
  std::span<const float> outcome_values(std::size_t k) const;
  const TrialResults& results() const { return *results_; }

 private:
  friend class TrialResults;
  explicit ExactValues(const TrialResults& results) : results_(&results) {}
  const TrialResults* results_;
};

class TrialResults {
 public:
  TrialResults(SeriesLayout series, int horizon_months, std::uint64_t trials,
               const std::vector<MonthRange>& report_ranges = {},
               std::vector<OutcomeSpec> outcomes = {}, ResultsMode mode = ResultsMode::exact);

  // Bytes exact mode's per-trial values will take, checked before a run allocates them.
  static std::uint64_t bytes_needed(const SeriesLayout& series, int horizon_months,
                                    std::uint64_t trials,
                                    const std::vector<MonthRange>& report_ranges = {},
                                    std::size_t outcomes = 0);

  // Streams, the total, then the derived series.
  const SeriesLayout& series() const { return series_; }
  const std::vector<std::string>& series_names() const { return series_.names(); }
  std::size_t stream_count() const { return series_.stream_count(); }
  std::size_t total_series() const { return series_.total(); }
  const std::vector<Period>& periods() const { return periods_; }
  // A series or period by name (series_names(), periods()[k].name), or nothing.
  std::optional<std::size_t> series_index(const std::string& name) const;
  std::optional<std::size_t> period_index(const std::string& name) const;
  std::uint64_t trials() const { return trials_; }
  int horizon_months() const { return horizon_months_; }
  std::size_t slot_count() const { return series_.size() * periods_.size(); }
  // Moments kept per block: one per slot, then one per outcome (over trials where it applies).
  std::size_t moment_count() const { return slot_count() + outcomes_.size(); }
  ResultsMode mode() const { return store_->mode(); }

  // Every trial's values, for `purpose` ("risk attribution"); InputError saying that only exact
  // mode keeps them in a streaming run.
  ExactValues exact(const std::string& purpose) const;

  // One series in one period, or one outcome: its distribution and its moments.
  OrderStatistics order_statistics(std::size_t series, std::size_t period) const {
    return store_->order_statistics(slot_index(series, period));
  }
  OrderStatistics outcome_order_statistics(std::size_t k) const {
    return store_->order_statistics(slot_count() + k);
  }
  const SeriesMoments& moments(std::size_t series, std::size_t period) const {
    return moments_[slot_index(series, period)];
  }
  const SeriesMoments& outcome_moments(std::size_t k) const { return moments_[slot_count() + k]; }
  const std::vector<OutcomeSpec>& outcomes() const { return outcomes_; }

  // What a thread keeps while its blocks run: per-month sketches (when the run has bands), its
  // part of the store, and scratch for one block's per-trial values.
  struct ThreadSketches {
    std::vector<QuantileSketch> monthly;
    StoreThreadPart store;
    std::vector<double> block_values;
    std::vector<double> total_income;  // per trial of a block, one month at a time
  };
  ThreadSketches empty_thread_sketches(bool monthly_bands) const;
  // Adds a thread's sketches to `into` (exact integer merges: in any order).
  static void add_thread_sketches(ThreadSketches& into, const ThreadSketches& from);
  void merge_thread_sketches(const ThreadSketches& sketches);

  // Called by the runner for each block, from any thread; keeps only that block's trials, and
  // its moments.
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
  std::string first_non_finite() const { return store_->first_non_finite(); }

  // Merges blocks [0, blocks) of block_moments (moment_count() each) into the run's moments, in
  // order; the runner calls it wave after wave of blocks.
  void merge_block_moments(const std::vector<SeriesMoments>& block_moments, std::size_t blocks);

  // After each process of a group has stored its own blocks of trials from `first_trial` on, and
  // before `added` (every thread's sketches of them) is merged: every process gets every new
  // trial's values, and `added` becomes the sum of every process's. The runner combines block
  // moments itself, wave by wave.
  void combine_processes(const ProcessGroup& group, std::uint64_t first_trial,
                         ThreadSketches& added);

  // Room for `trials` trials in all (not fewer than now); what is kept so far is unchanged. The
  // runner then simulates the new ones (engine::add_trials).
  void grow(std::uint64_t trials);

 private:
  friend class ExactValues;
  std::size_t slot_index(std::size_t series, std::size_t period) const {
    return series * periods_.size() + period;
  }

  SeriesLayout series_;
  std::vector<Period> periods_;
  int horizon_months_;
  std::uint64_t trials_;
  std::vector<SeriesMoments> moments_;
  std::vector<OutcomeSpec> outcomes_;
  std::vector<QuantileSketch> monthly_;
  std::unique_ptr<ResultStore> store_;
};

}  // namespace incomesim::engine
