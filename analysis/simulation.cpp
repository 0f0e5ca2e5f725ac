#include "analysis/simulation.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "core/input_error.hpp"
#include "core/interrupt.hpp"
#include "engine/runner.hpp"
#include "random/draw_sequence.hpp"

namespace incomesim::analysis {
namespace {

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * page_size : 0;
}

}  // namespace

namespace {

std::uint64_t exact_bytes(const scenarios::Scenario& scenario, std::uint64_t trials,
                          std::size_t extra_ranges) {
  std::vector<engine::MonthRange> ranges = scenario.report_ranges;
  ranges.resize(ranges.size() + extra_ranges, engine::MonthRange{1, 1});
  return engine::TrialResults::bytes_needed(engine::series_layout_of(scenario.model),
                                            scenario.model.horizon, trials, ranges,
                                            scenario.model.outcome_specs().size());
}

}  // namespace

engine::ThreadLimit thread_limit(int threads) {
  // Checked before the limit exists: a negative count must not become a huge size_t.
  if (threads < 0)
    throw InputError("--threads",
                     fmt::format("{} is out of range; allowed: 0 (every core) or more", threads));
  return engine::ThreadLimit(threads);
}

void check_trials(const scenarios::Scenario& scenario, std::uint64_t trials,
                  std::size_t extra_ranges, engine::ResultsMode mode) {
  if (trials < 1 || trials >= random::kMaxTrials)
    throw InputError("--trials", fmt::format("{} is out of range; allowed: 1 to 2^48 - 1", trials));
  if (mode == engine::ResultsMode::streaming) return;
  // Refuse before allocating: the per-trial results must fit comfortably in memory.
  const std::uint64_t needed = exact_bytes(scenario, trials, extra_ranges);
  const std::uint64_t available = physical_memory_bytes();
  if (available > 0 && needed > available / 10 * 7)
    throw InputError("--trials",
                     fmt::format("{} trials need {:.1f} GB for per-trial results; this machine "
                                 "has {:.1f} GB of memory. Use fewer trials, or `run --mode "
                                 "streaming`, whose memory does not grow with trials (percentiles "
                                 "within 0.5%, no risk.csv)",
                                 trials, needed / 1e9, available / 1e9));
}

engine::ResultsMode choose_results_mode(const scenarios::Scenario& scenario, std::uint64_t trials,
                                        const std::string& requested) {
  if (requested == "exact") return engine::ResultsMode::exact;
  if (requested == "streaming") return engine::ResultsMode::streaming;
  return exact_bytes(scenario, trials, 0) <= kExactModeLimitBytes ? engine::ResultsMode::exact
                                                                  : engine::ResultsMode::streaming;
}

std::uint64_t exact_mode_trials(const scenarios::Scenario& scenario) {
  std::uint64_t fits = 1, too_many = random::kMaxTrials;  // bytes grow with trials
  while (too_many - fits > 1) {
    const std::uint64_t middle = fits + (too_many - fits) / 2;
    (exact_bytes(scenario, middle, 0) <= kExactModeLimitBytes ? fits : too_many) = middle;
  }
  return fits;
}

std::vector<double> report_thresholds(const scenarios::Scenario& scenario,
                                      const RunRequest& request) {
  std::vector<double> thresholds;
  for (const auto* list : {&scenario.report_thresholds, &request.thresholds})
    for (double threshold : *list)
      if (std::find(thresholds.begin(), thresholds.end(), threshold) == thresholds.end())
        thresholds.push_back(threshold);
  return thresholds;
}

namespace {

engine::RunOptions run_options(const scenarios::Scenario& scenario, const RunRequest& request,
                               std::uint64_t trials) {
  engine::RunOptions options;
  options.trials = trials;
  options.seed = request.seed;
  options.report_ranges = scenario.report_ranges;
  options.report_ranges.insert(options.report_ranges.end(), request.extra_ranges.begin(),
                               request.extra_ranges.end());
  if (request.on_progress)
    options.on_progress = [&request, trials](std::uint64_t done) {
      request.on_progress(done, trials);
    };
  options.cancel = &interrupt_requested();
  options.monthly_bands = request.monthly_bands;
  options.processes = request.processes;
  options.mode = request.mode;
  return options;
}

// Refuses results with an overflow, then summarises them.
engine::Summary checked_summary(const scenarios::Scenario& scenario, const RunRequest& request,
                                const engine::TrialResults& results) {
  // Amounts so large that income overflows (float holds up to 3.4e38) would print as inf or NaN:
  // refuse the run instead, naming where it happened.
  if (const std::string where = results.first_non_finite(); !where.empty())
    throw InputError(scenario.source,
                     fmt::format("the simulation produced an income too large to represent ({}); "
                                 "check the scenario for huge amounts or rates",
                                 where));
  engine::SummaryOptions summary_options;
  summary_options.percentiles = request.percentiles;
  summary_options.thresholds = report_thresholds(scenario, request);
  return engine::summarise(results, summary_options, scenario.name, request.seed);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

PlanCurves plan_curves(const scenarios::Scenario& scenario, const Simulation& simulation,
                       std::uint64_t seed) {
  return {scenario.model.horizon, engine::bands_table(simulation.results, scenario.name, seed),
          engine::exceedance_table(simulation.results, scenario.name, seed)};
}

Simulation simulate(const scenarios::Scenario& scenario, const RunRequest& request) {
  check_trials(scenario, request.trials, request.extra_ranges.size(), request.mode);
  const auto start = std::chrono::steady_clock::now();
  engine::TrialResults results =
      engine::run_trials(scenario.model, run_options(scenario, request, request.trials));
  engine::Summary summary = checked_summary(scenario, request, results);
  return {std::move(results), std::move(summary), seconds_since(start)};
}

void add_trials(const scenarios::Scenario& scenario, const RunRequest& request,
                std::uint64_t trials, Simulation& simulation) {
  check_trials(scenario, trials, request.extra_ranges.size(), request.mode);
  const auto start = std::chrono::steady_clock::now();
  engine::add_trials(scenario.model, run_options(scenario, request, trials), simulation.results);
  simulation.summary = checked_summary(scenario, request, simulation.results);
  simulation.seconds += seconds_since(start);
}

}  // namespace incomesim::analysis
