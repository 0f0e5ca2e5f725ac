// End-to-end throughput of the runner on the bundled default scenario (regime + career, 36
// months): trials per second and nanoseconds per trial-month, at 1 and 2 threads. Only the
// simulation is timed here; BM_Summary times the report built from its results.
#include <benchmark/benchmark.h>

#include <tbb/global_control.h>

#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"

namespace {

using namespace incomesim;

void BM_RunDefaultScenario(benchmark::State& state) {
  const auto scenario = scenarios::load_default_scenario();
  const auto threads = static_cast<std::size_t>(state.range(0));
  const auto trials = static_cast<std::uint64_t>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  engine::RunOptions options;
  options.trials = trials;
  options.seed = 1;
  for (auto _ : state) {
    auto results = engine::run_trials(scenario.model, options);
    benchmark::DoNotOptimize(results.values(0, 0));
  }
  const double trial_months = static_cast<double>(trials) * scenario.model.horizon;
  state.counters["trials_per_s"] = benchmark::Counter(
      static_cast<double>(trials), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["ns_per_trial_month"] = benchmark::Counter(
      trial_months * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                               benchmark::Counter::kInvert);
}
BENCHMARK(BM_RunDefaultScenario)
    ->Args({1, 1000000})
    ->Args({2, 1000000})
    ->ArgNames({"threads", "trials"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_Summary(benchmark::State& state) {
  const auto scenario = scenarios::load_default_scenario();
  engine::RunOptions options;
  options.trials = static_cast<std::uint64_t>(state.range(0));
  options.seed = 1;
  const auto results = engine::run_trials(scenario.model, options);
  for (auto _ : state) {
    auto summary = engine::summarise(results, {}, scenario.name, 1);
    benchmark::DoNotOptimize(summary.rows.data());
  }
}
BENCHMARK(BM_Summary)->Arg(1000000)->ArgName("trials")->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
