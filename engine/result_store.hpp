#pragma once
// Where a run keeps each trial's value of every result slot (a series in a period, or an
// outcome): one interface, two stores, chosen once per run.
//   ExactStore:  one float per trial and slot, at the trial's index (exact percentiles, and the
//                per-trial values risk attribution and paired comparisons need).
//   SketchStore: one quantile sketch per slot, filled per thread and merged exactly (memory
//                independent of the number of trials; percentiles within the sketch's error).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/order_statistics.hpp"
#include "engine/process_group.hpp"
#include "engine/quantile_sketch.hpp"

namespace incomesim::engine {

enum class ResultsMode { exact, streaming };

// What a store knows of a slot: how to name it in a message, and whether NaN means "does not
// apply" (outcomes such as the month of ruin) rather than an overflow.
struct SlotInfo {
  std::string description;  // "career in horizon", "household final_balance"
  bool may_be_missing = false;
};

// A thread's part of the store while its blocks run, merged into the store once at the end.
struct StoreThreadPart {
  std::vector<QuantileSketch> sketches;         // SketchStore: one per slot
  std::uint64_t non_finite_trial = UINT64_MAX;  // the lowest trial met with an overflow
  std::string non_finite;                       // ... and which slot, as text
};

class ResultStore {
 public:
  virtual ~ResultStore() = default;
  virtual ResultsMode mode() const = 0;

  // Sizes a thread's part for this store.
  virtual void prepare(StoreThreadPart& part) const = 0;
  // Trials first_trial .. first_trial + count - 1 of one slot, from any thread (each trial is
  // kept by exactly one).
  virtual void keep(std::size_t slot, std::uint64_t first_trial, const double* values,
                    std::size_t count, StoreThreadPart& part) = 0;
  virtual void merge(const StoreThreadPart& part) = 0;
  // After each process of a group has kept its own trials from `first_trial` on, into the store
  // (exact) or into `part` (sketches, not yet merged): every process holds all of them. Trials
  // before `first_trial` were combined by an earlier call and are left alone.
  virtual void combine_processes(const ProcessGroup& group, std::uint64_t first_trial,
                                 StoreThreadPart& part) = 0;
  // Room for `trials` trials in all (at least as many as now), the values kept so far unchanged:
  // a run grows in place (a --precision run adds trials rather than starting again).
  virtual void grow(std::uint64_t trials) = 0;

  // The values of a slot, NaN (not applicable) left out.
  virtual OrderStatistics order_statistics(std::size_t slot) const = 0;
  // A slot's value per trial, or null where the store keeps none (streaming).
  virtual const float* values(std::size_t slot) const = 0;
  // The first overflow (a value float cannot hold; for outcomes, an infinity) as
  // "<slot> of trial <t>", or empty.
  virtual std::string first_non_finite() const = 0;
};

std::unique_ptr<ResultStore> make_result_store(ResultsMode mode, std::vector<SlotInfo> slots,
                                               std::uint64_t trials);

// Adds `from` to `into` (sketch by sketch, and the lowest overflow): exact, so in any order.
void merge_parts(StoreThreadPart& into, const StoreThreadPart& from);

// Every process's sketches, merged in place (exact integer counts, so in any order).
void merge_across_processes(std::vector<QuantileSketch>& sketches, const ProcessGroup& group);

// Bytes an exact store of this many slots and trials takes, checked before a run allocates.
std::uint64_t exact_store_bytes(std::size_t slots, std::uint64_t trials);

}  // namespace incomesim::engine
