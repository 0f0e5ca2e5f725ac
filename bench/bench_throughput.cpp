// End-to-end throughput of the runner: trials per second and nanoseconds per trial-month, at 1
// and 2 threads, for the career alone (regime + career, as in the first release) and for the
// bundled default scenario (all five streams, fx, household); BM_RunOnTarget/<target> runs the
// default scenario on 2 threads with the vector kernels of one instruction set (AVX3, AVX2).
// Only the simulation is timed; BM_Summary times the report built from its results.
#include <benchmark/benchmark.h>
#include <hwy/targets.h>
#include <tbb/global_control.h>

#include <string>

#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"

namespace {

using namespace incomesim;

// The default scenario's regime and salaried job, nothing else.
constexpr const char* kCareerScenario = R"(
  name = "career-only"
  currency = "GBP"
  horizon_months = 36
  [regime]
  start = "recession"
  p_enter = 0.01
  p_exit = 0.111
  [career]
  salary = { dist = "uniform", low = 57500, high = 68750 }
  layoff_hazard = 0.004
  unemployment_months = { dist = "lognormal", median = 2.3, sigma = 0.7 }
)";

scenarios::Scenario scenario_for(std::int64_t which) {
  return which == 0 ? scenarios::load_scenario_text(kCareerScenario, "career-only")
                    : scenarios::load_default_scenario();
}

void BM_Run(benchmark::State& state) {
  const auto scenario = scenario_for(state.range(0));
  const auto threads = static_cast<std::size_t>(state.range(1));
  const auto trials = static_cast<std::uint64_t>(state.range(2));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  engine::RunOptions options;
  options.trials = trials;
  options.seed = 1;
  options.report_ranges = scenario.report_ranges;
  for (auto _ : state) {
    auto results = engine::run_trials(scenario.model, options);
    benchmark::DoNotOptimize(results.exact("the benchmark").values(0, 0).data());
  }
  state.SetLabel(scenario.name);
  const double trial_months = static_cast<double>(trials) * scenario.model.horizon;
  state.counters["trials_per_s"] = benchmark::Counter(
      static_cast<double>(trials), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["ns_per_trial_month"] =
      benchmark::Counter(trial_months * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                                  benchmark::Counter::kInvert);
}
BENCHMARK(BM_Run)
    ->Args({0, 1, 1000000})
    ->Args({0, 2, 1000000})
    ->Args({1, 1, 100000})
    ->Args({1, 2, 100000})
    ->ArgNames({"default_scenario", "threads", "trials"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_Summary(benchmark::State& state) {
  const auto scenario = scenarios::load_default_scenario();
  engine::RunOptions options;
  options.trials = static_cast<std::uint64_t>(state.range(0));
  options.seed = 1;
  options.report_ranges = scenario.report_ranges;
  const auto results = engine::run_trials(scenario.model, options);
  for (auto _ : state) {
    auto summary = engine::summarise(results, {}, scenario.name, 1);
    benchmark::DoNotOptimize(summary.rows.data());
  }
}
BENCHMARK(BM_Summary)->Arg(100000)->ArgName("trials")->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    const std::string name = std::string("BM_RunOnTarget/") + hwy::TargetName(target);
    benchmark::RegisterBenchmark(name.c_str(),
                                 [target](benchmark::State& state) {
                                   hwy::SetSupportedTargetsForTest(target);
                                   BM_Run(state);
                                   hwy::SetSupportedTargetsForTest(0);
                                 })
        ->Args({1, 2, 100000})
        ->ArgNames({"default_scenario", "threads", "trials"})
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
