#pragma once
// The parallel trial runner. Trials are cut into blocks of a fixed size that never depends on
// the thread count; blocks run in parallel (oneTBB), each trial's results go to slots indexed by
// trial, and per-block moments are merged in block order. Hence the same seed gives the same
// bits at any thread count and in any block execution order.
#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <tbb/enumerable_thread_specific.h>


#include "engine/monthly_incomes.hpp"
#include "engine/parallel.hpp"
#include "engine/trial_results.hpp"

namespace incomesim::engine {

struct BlockContext {
  std::uint64_t seed;
  std::uint64_t first_trial;
  std::size_t trial_count;
};

// A model steps a block of trials through all months and writes each stream's monthly income
// (reporting currency) into a MonthlyIncomes. It never allocates in simulate_block: whatever it
// needs lives in its Workspace, made once per thread.
template <class M>
concept BlockModel = requires(const M& model, typename M::Workspace& workspace,
                              const BlockContext& context, MonthlyIncomes& out) {
  { model.stream_names() } -> std::convertible_to<std::vector<std::string>>;
  { model.outcome_specs() } -> std::convertible_to<std::vector<OutcomeSpec>>;
  { model.horizon_months() } -> std::convertible_to<int>;
  { model.make_workspace(std::size_t{}) } -> std::same_as<typename M::Workspace>;
  model.simulate_block(workspace, context, out);
};

inline constexpr std::size_t kDefaultBlockSize = 1024;

struct RunOptions {
  std::uint64_t trials = 0;
  std::uint64_t seed = 0;
  std::size_t block_size = kDefaultBlockSize;
  std::vector<MonthRange> report_ranges;  // months to report besides the horizon and years
  bool monthly_bands = false;  // per-month quantile sketches of every series (fan charts)
  // Called (from any thread) with the number of trials finished so far; may be empty.
  std::function<void(std::uint64_t)> on_progress;
  // When set to true the run stops early and throws RunCancelled.
  const std::atomic<bool>* cancel = nullptr;
  // Split the run across these processes (MPI ranks); null: this process runs every block.
  const ProcessGroup* processes = nullptr;
  // Test hook: run blocks in this order instead of letting oneTBB choose (sequentially).
  std::vector<std::size_t> block_order_for_testing;
};

struct RunCancelled : std::exception {
  const char* what() const noexcept override { return "run cancelled"; }
};

template <BlockModel M>
TrialResults run_trials(const M& model, const RunOptions& options) {
  const std::vector<std::string> streams = model.stream_names();
  const int horizon = model.horizon_months();
  const std::vector<OutcomeSpec> outcomes = model.outcome_specs();
  TrialResults results(streams, horizon, options.trials, options.report_ranges, outcomes);
  const std::size_t block_size = options.block_size;
  const std::size_t blocks = static_cast<std::size_t>((options.trials + block_size - 1) / block_size);
  std::vector<SeriesMoments> block_moments(blocks * results.slot_count());

  struct ThreadState {
    typename M::Workspace workspace;
    MonthlyIncomes incomes;
    std::vector<QuantileSketch> monthly;
  };
  tbb::enumerable_thread_specific<ThreadState> thread_states([&] {
    return ThreadState{model.make_workspace(block_size),
                       MonthlyIncomes(streams.size(), horizon, block_size, outcomes.size()),
                       options.monthly_bands ? results.empty_monthly_sketches()
                                             : std::vector<QuantileSketch>{}};
  });
  std::atomic<std::uint64_t> finished{0};

  auto run_block = [&](std::size_t block) {
    if (options.cancel && options.cancel->load(std::memory_order_relaxed)) return;
    ThreadState& state = thread_states.local();
    const std::uint64_t first = block * block_size;
    const std::size_t count =
        static_cast<std::size_t>(std::min<std::uint64_t>(block_size, options.trials - first));
    state.incomes.reset(count);
    model.simulate_block(state.workspace, BlockContext{options.seed, first, count}, state.incomes);
    results.store_block(first, state.incomes, &block_moments[block * results.slot_count()],
                        options.monthly_bands ? &state.monthly : nullptr);
    const std::uint64_t done = finished.fetch_add(count) + count;
    if (options.on_progress) options.on_progress(done);
  };

  if (!options.block_order_for_testing.empty()) {
    for (std::size_t block : options.block_order_for_testing) run_block(block);
  } else if (options.processes && options.processes->size() > 1) {
    // Blocks dealt round-robin: block k to process k mod size.
    const auto ranks = static_cast<std::size_t>(options.processes->size());
    const auto rank = static_cast<std::size_t>(options.processes->rank());
    parallel_for_each_index((blocks + ranks - 1 - rank) / ranks,
                            [&](std::size_t k) { run_block(rank + k * ranks); });
  } else {
    // Which thread runs which block, and when, does not matter: every result is indexed by
    // trial or by block.
    parallel_for_each_index(blocks, run_block);
  }
  if (options.cancel && options.cancel->load()) throw RunCancelled();
  if (options.monthly_bands) {
    // Exact integer merges: the order threads are visited in does not matter.
    results.merge_monthly(results.empty_monthly_sketches());
    for (const ThreadState& state : thread_states) results.merge_monthly(state.monthly);
  }
  if (options.processes && options.processes->size() > 1)
    results.combine_processes(*options.processes, block_moments);
  results.merge_block_moments(block_moments, blocks);
  return results;
}

}  // namespace incomesim::engine
