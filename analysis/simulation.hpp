#pragma once
// One simulation of a scenario, as every analysis runs it: check it fits in memory, run the
// trials (reporting progress to a callback, stopping on the interrupt flag), summarise; and grow
// one in place.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/parallel.hpp"
#include "engine/summary.hpp"
#include "engine/trial_results.hpp"
#include "scenarios/scenario_loader.hpp"

namespace incomesim::analysis {

// Everything one simulation needs besides the scenario, with every default in one place. The
// command line and Python fill it; simulate() turns it into the engine's run and summary options.
struct RunRequest {
  std::uint64_t trials = 100000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: every core
  std::vector<double> percentiles = engine::kDefaultPercentiles;
  std::vector<double> thresholds;                   // besides the scenario's [report] thresholds
  std::vector<engine::MonthRange> extra_ranges;     // besides the scenario's [report] periods
  bool monthly_bands = false;                       // per-month sketches for fan charts (bands.csv)
  const engine::ProcessGroup* processes = nullptr;  // MPI ranks sharing the run, if any
  engine::ResultsMode mode = engine::ResultsMode::exact;
  // Called (from any thread) with the trials finished so far and the trials the simulation is
  // running to (a --precision run raises it step by step); may be empty.
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;
};

// A line of progress between the simulations of an analysis ("B: plan (the same trials and
// seed)"); may be empty.
using Note = std::function<void(const std::string&)>;

struct Simulation {
  engine::TrialResults results;
  engine::Summary summary;
  double seconds = 0;
};

// What a page draws of one plan besides its summary: every series' month-by-month bands (empty
// unless the request asked for monthly_bands) and its exceedance curve over the horizon. The
// comparison analyses keep it only when the request asks for monthly bands, which is how a caller
// says it will draw the plans.
struct PlanCurves {
  int horizon_months = 0;
  engine::ReportTable bands, exceedance;
};
PlanCurves plan_curves(const scenarios::Scenario& scenario, const Simulation& simulation,
                       std::uint64_t seed);

// Above this, `run --mode auto` keeps sketches instead of per-trial results (docs/performance.md):
// 2 GiB of per-trial floats, about 8.1 million trials of the default scenario (264 bytes each).
inline constexpr std::uint64_t kExactModeLimitBytes = std::uint64_t{2} << 30;

// Throws InputError when the trial count is out of range or, in exact mode, would not fit in
// memory (the message suggests streaming mode). Streaming mode's memory does not grow with trials.
void check_trials(const scenarios::Scenario& scenario, std::uint64_t trials,
                  std::size_t extra_ranges = 0,
                  engine::ResultsMode mode = engine::ResultsMode::exact);

// The mode for `run --mode MODE` ("auto", "exact" or "streaming"): auto is exact up to
// kExactModeLimitBytes of per-trial results, streaming above.
engine::ResultsMode choose_results_mode(const scenarios::Scenario& scenario, std::uint64_t trials,
                                        const std::string& requested);

// The most trials whose per-trial results fit kExactModeLimitBytes (what auto mode keeps exact).
std::uint64_t exact_mode_trials(const scenarios::Scenario& scenario);

// The worker threads of a command for the object's lifetime (0: every core); a negative count
// is an InputError naming --threads.
engine::ThreadLimit thread_limit(int threads);

// The thresholds of P(> x) a simulation reports: the scenario's [report] thresholds, then the
// request's, each once (a threshold given both ways would otherwise repeat its rows).
std::vector<double> report_thresholds(const scenarios::Scenario& scenario,
                                      const RunRequest& request);

// Throws Interrupted (core/interrupt.hpp) when a stop signal arrives while it runs.
Simulation simulate(const scenarios::Scenario& scenario, const RunRequest& request);

// Adds trials to `simulation` (of `scenario` and `request`, holding a whole number of blocks of
// engine::kDefaultBlockSize) until it holds `trials`, and summarises again: the same, bit for
// bit, as simulate() with request.trials = trials. `seconds` adds this step's time.
void add_trials(const scenarios::Scenario& scenario, const RunRequest& request,
                std::uint64_t trials, Simulation& simulation);

}  // namespace incomesim::analysis
