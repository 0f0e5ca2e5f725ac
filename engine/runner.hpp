#pragma once
// The parallel trial runner. Trials are cut into blocks of a fixed size that never depends on
// the thread count; blocks run in parallel (oneTBB), each trial's results go to slots indexed by
// trial, and per-block moments are merged in block order. Hence the same seed gives the same
// bits at any thread count and in any block execution order.
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/interrupt.hpp"
#include "engine/monthly_incomes.hpp"
#include "engine/parallel.hpp"
#include "engine/trial_results.hpp"
#include "random/draw_keys.hpp"

namespace incomesim::engine {

struct BlockContext {
  random::DrawKeys keys;  // the run's seed, or a pick-freeze run's keys
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

// A model may also write series it derives from the total (e.g. tax and net income) after its
// streams' rows; they are reported after the total and are not part of it.
template <class M>
std::vector<std::string> derived_series_of(const M& model) {
  if constexpr (requires { model.derived_series(); })
    return model.derived_series();
  else
    return {};
}

// Where `model`'s series lie: its streams, the total, its derived series.
template <class M>
SeriesLayout series_layout_of(const M& model) {
  return SeriesLayout(model.stream_names(), derived_series_of(model));
}

// A block's monthly incomes for `model`: a row per stream and per derived series (its series
// layout's income rows) and its outcomes, for up to `capacity` trials.
template <class M>
MonthlyIncomes make_monthly_incomes(const M& model, std::size_t capacity) {
  return MonthlyIncomes(series_layout_of(model).income_rows(), model.horizon_months(), capacity,
                        model.outcome_specs().size());
}

inline constexpr std::size_t kDefaultBlockSize = 1024;

struct RunOptions {
  std::uint64_t trials = 0;
  std::uint64_t seed = 0;
  // Pick-freeze sensitivity: the draws this rule names come from its replicate seed (null: none).
  const random::ReplicateRule* replicate = nullptr;
  std::size_t block_size = kDefaultBlockSize;
  std::vector<MonthRange> report_ranges;  // months to report besides the horizon and years
  bool monthly_bands = false;  // per-month quantile sketches of every series (fan charts)
  ResultsMode mode = ResultsMode::exact;  // per-trial slots, or sketches (TrialResults)
  // Called (from any thread) with the number of trials finished so far; may be empty.
  std::function<void(std::uint64_t)> on_progress;
  // When set to true the run stops early and throws RunCancelled.
  const std::atomic<bool>* cancel = nullptr;
  // Split the run across these processes (MPI ranks); null: this process runs every block.
  const ProcessGroup* processes = nullptr;
  // Test hook: run blocks in this order instead of letting oneTBB choose (sequentially).
  std::vector<std::size_t> block_order_for_testing;
};

using RunCancelled = incomesim::Interrupted;

// Blocks run in waves of this many; each wave's per-block moments are merged (in block order)
// before the next starts, so their memory does not grow with the number of trials.
inline constexpr std::size_t kBlocksPerWave = 4096;

// Simulates trials [first_trial, results.trials()) into `results`, whose trials before
// first_trial (a multiple of the block size) are already there. Blocks are numbered from trial 0
// and their moments merged in block order after those before, so adding trials in steps gives
// the same bits as one run of the final count.
template <BlockModel M>
void simulate_trials(const M& model, const RunOptions& options, TrialResults& results,
                     std::uint64_t first_trial) {
  const std::size_t block_size = options.block_size;
  const std::uint64_t trials = results.trials();
  const auto first_block = static_cast<std::size_t>(first_trial / block_size);
  const auto blocks = static_cast<std::size_t>((trials + block_size - 1) / block_size);
  const std::size_t moments_per_block = results.moment_count();
  std::vector<SeriesMoments> block_moments(std::min(blocks - first_block, kBlocksPerWave) *
                                           moments_per_block);

  struct ThreadState {
    typename M::Workspace workspace;
    MonthlyIncomes incomes;
    TrialResults::ThreadSketches sketches;
  };
  tbb::enumerable_thread_specific<ThreadState> thread_states([&] {
    return ThreadState{model.make_workspace(block_size), make_monthly_incomes(model, block_size),
                       results.empty_thread_sketches(options.monthly_bands)};
  });
  std::atomic<std::uint64_t> finished{first_trial};

  std::size_t wave_start = first_block;  // first block of the current wave
  auto run_block = [&](std::size_t block) {
    if (options.cancel && options.cancel->load(std::memory_order_relaxed)) return;
    ThreadState& state = thread_states.local();
    const std::uint64_t first = block * block_size;
    const std::size_t count =
        static_cast<std::size_t>(std::min<std::uint64_t>(block_size, trials - first));
    state.incomes.reset(count);
    model.simulate_block(
        state.workspace,
        BlockContext{random::DrawKeys(options.seed, options.replicate), first, count},
        state.incomes);
    results.store_block(first, state.incomes,
                        &block_moments[(block - wave_start) * moments_per_block], state.sketches);
    const std::uint64_t done = finished.fetch_add(count) + count;
    if (options.on_progress) options.on_progress(done);
  };

  const ProcessGroup* group =
      options.processes && options.processes->size() > 1 ? options.processes : nullptr;
  for (; wave_start < blocks; wave_start += kBlocksPerWave) {
    const std::size_t wave_end = std::min(blocks, wave_start + kBlocksPerWave);
    std::fill(block_moments.begin(), block_moments.end(), SeriesMoments{});
    if (!options.block_order_for_testing.empty()) {
      for (std::size_t block : options.block_order_for_testing)
        if (block >= wave_start && block < wave_end) run_block(block);
    } else if (group) {
      // Blocks dealt round-robin: block k to process k mod size. Each process fills only its
      // blocks' moments; the OR gives every process all of them (ProcessGroup).
      const auto ranks = static_cast<std::size_t>(group->size());
      const auto rank = static_cast<std::size_t>(group->rank());
      const std::size_t first_mine = wave_start + (rank + ranks - wave_start % ranks) % ranks;
      const std::size_t mine =
          first_mine < wave_end ? (wave_end - first_mine + ranks - 1) / ranks : 0;
      parallel_for_each_index(mine, [&](std::size_t k) { run_block(first_mine + k * ranks); });
      group->or_bytes(block_moments.data(), block_moments.size() * sizeof(SeriesMoments));
    } else {
      // Which thread runs which block, and when, does not matter: every result is indexed by
      // trial or by block.
      parallel_for_each_index(wave_end - wave_start,
                              [&](std::size_t k) { run_block(wave_start + k); });
    }
    results.merge_block_moments(block_moments, wave_end - wave_start);
  }
  if (options.cancel && options.cancel->load()) throw RunCancelled();
  // Exact integer merges: the order threads are visited in does not matter. Starting from the
  // empty set, so that the results have every sketch even where no thread ran a block (an MPI
  // rank with none, whose sketches must still line up with the others').
  TrialResults::ThreadSketches added = results.empty_thread_sketches(options.monthly_bands);
  for (const ThreadState& state : thread_states)
    TrialResults::add_thread_sketches(added, state.sketches);
  if (group) results.combine_processes(*group, first_trial, added);
  results.merge_thread_sketches(added);
}

template <BlockModel M>
TrialResults run_trials(const M& model, const RunOptions& options) {
  TrialResults results(series_layout_of(model), model.horizon_months(), options.trials,
                       options.report_ranges, model.outcome_specs(), options.mode);
  simulate_trials(model, options, results, 0);
  return results;
}

// Grows `results` (a run of `model` with the same options but fewer trials, a whole number of
// blocks) to options.trials, simulating only the new trials: the results are bit for bit those
// of run_trials(model, options). Progress counts the trials of the whole run.
template <BlockModel M>
void add_trials(const M& model, const RunOptions& options, TrialResults& results) {
  const std::uint64_t first_trial = results.trials();
  if (first_trial % options.block_size != 0 || options.trials < first_trial)
    throw std::logic_error("add_trials: results must hold whole blocks, fewer than the target");
  results.grow(options.trials);
  simulate_trials(model, options, results, first_trial);
}

}  // namespace incomesim::engine
