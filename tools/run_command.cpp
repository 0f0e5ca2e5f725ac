#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/random.hpp"
#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/progress.hpp"

namespace incomesim::tools {
namespace {

std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_interrupt(int) { interrupted.store(true); }

scenarios::Scenario load(const std::string& path) {
  return path.empty() ? scenarios::load_default_scenario() : scenarios::load_scenario_file(path);
}

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * page_size : 0;
}

void check_arguments(const RunArguments& arguments, const scenarios::Scenario& scenario) {
  if (arguments.trials < 1 || arguments.trials >= engine::kMaxTrials)
    throw InputError("--trials", fmt::format("{} is out of range; allowed: 1 to 2^48 - 1",
                                             arguments.trials));
  if (arguments.threads < 0)
    throw InputError("--threads", fmt::format("{} is out of range; allowed: 0 (every core) or more",
                                              arguments.threads));
  for (double p : arguments.percentiles)
    if (!(p > 0 && p < 100))
      throw InputError("--percentiles", fmt::format("{} is out of range; allowed: percentiles "
                                                    "strictly between 0 and 100",
                                                    format_number(p)));
  for (double t : arguments.thresholds)
    if (!std::isfinite(t))
      throw InputError("--threshold", fmt::format("{} is not allowed; thresholds must be finite",
                                                  format_number(t)));
  if (arguments.trace_trial && *arguments.trace_trial >= engine::kMaxTrials)
    throw InputError("--trace-trial", "trial index out of range; allowed: 0 to 2^48 - 1");
  // Refuse before allocating: the per-trial results must fit comfortably in memory.
  const std::uint64_t needed = engine::TrialResults::bytes_needed(
      scenario.model.stream_names().size(), scenario.model.horizon, arguments.trials,
      scenario.report_ranges, scenario.model.outcome_specs().size());
  const std::uint64_t available = physical_memory_bytes();
  if (available > 0 && needed > available / 10 * 7)
    throw InputError("--trials",
                     fmt::format("{} trials need {:.1f} GB for per-trial results; this machine "
                                 "has {:.1f} GB of memory. Use fewer trials.",
                                 arguments.trials, needed / 1e9, available / 1e9));
}

int print_trace(const scenarios::Scenario& scenario, std::uint64_t seed, std::uint64_t trial) {
  const auto trace = scenarios::trace_trial(scenario.model, seed, trial);
  fmt::print("# trial {} of scenario {} (seed {}), incomes in {}\n", trial, scenario.name, seed,
             scenario.currency);
  for (std::size_t c = 0; c < trace.columns.size(); ++c)
    fmt::print("{}{}", c ? "," : "", trace.columns[c]);
  fmt::print("\n");
  for (const auto& row : trace.rows) {
    fmt::print("{},{}", format_number(row[0]), row[1] != 0 ? "recession" : "normal");
    for (std::size_t c = 2; c < row.size(); ++c) fmt::print(",{}", format_number(row[c]));
    fmt::print("\n");
  }
  return kSuccess;
}

}  // namespace

int run_command(const RunArguments& arguments) {
  scenarios::Scenario scenario = load(arguments.scenario_path);
  if (arguments.horizon_months) {
    if (*arguments.horizon_months < 1 || *arguments.horizon_months > scenarios::kMaxHorizonMonths)
      throw InputError("--horizon", fmt::format("{} is out of range; allowed: 1 to {} months",
                                                *arguments.horizon_months,
                                                scenarios::kMaxHorizonMonths));
    scenario.model.horizon = *arguments.horizon_months;
    for (const auto& range : scenario.report_ranges)
      if (range.last > scenario.model.horizon)
        throw InputError("--horizon",
                         fmt::format("{} months is shorter than the scenario's [report] period "
                                     "ending in month {}; allowed: at least {}",
                                     scenario.model.horizon, range.last, range.last));
  }
  check_arguments(arguments, scenario);
  if (arguments.trace_trial) return print_trace(scenario, arguments.seed, *arguments.trace_trial);

  const int threads = arguments.threads > 0 ? arguments.threads : tbb::info::default_concurrency();
  tbb::global_control thread_limit(tbb::global_control::max_allowed_parallelism,
                                   static_cast<std::size_t>(threads));

  // The output directory is made (and checked) before the run, so a long run never ends in a
  // failure to write; the files themselves appear only at the end, whole.
  const std::filesystem::path out_dir = arguments.out_dir;
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error || !std::filesystem::is_directory(out_dir))
    throw engine::OutputError(fmt::format("cannot create the output directory {}: {}",
                                          out_dir.string(),
                                          error ? error.message() : "a file has that name"));
  if (::access(out_dir.c_str(), W_OK) != 0)
    throw engine::OutputError(fmt::format("cannot write to the output directory {}: {}",
                                          out_dir.string(), std::strerror(errno)));

  Progress progress(arguments.trials, !arguments.quiet);
  engine::RunOptions options;
  options.trials = arguments.trials;
  options.seed = arguments.seed;
  options.on_progress = [&progress](std::uint64_t done) { progress.update(done); };
  options.cancel = &interrupted;
  options.report_ranges = scenario.report_ranges;
  auto previous_handler = std::signal(SIGINT, on_interrupt);
  const auto start = std::chrono::steady_clock::now();
  engine::TrialResults results = [&] {
    try {
      return engine::run_trials(scenario.model, options);
    } catch (...) {
      std::signal(SIGINT, previous_handler);
      progress.finish();
      throw;
    }
  }();
  std::signal(SIGINT, previous_handler);
  progress.finish();

  engine::SummaryOptions summary_options;
  summary_options.percentiles = arguments.percentiles;
  summary_options.thresholds = scenario.report_thresholds;
  summary_options.thresholds.insert(summary_options.thresholds.end(), arguments.thresholds.begin(),
                                    arguments.thresholds.end());
  const engine::Summary summary =
      engine::summarise(results, summary_options, scenario.name, arguments.seed);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::filesystem::path summary_path = out_dir / "summary.csv";
  engine::write_file_atomically(summary_path, engine::summary_csv(summary));

  if (!arguments.quiet) {
    fmt::print("incomesim: {} ({})\n", scenario.name, scenario.source);
    fmt::print("{} trials, seed {}, {} months, {} threads, {:.2f} s ({:.3g} trials/s)\n",
               arguments.trials, arguments.seed, scenario.model.horizon, threads, seconds,
               arguments.trials / seconds);
    std::vector<std::string> period_names;
    for (const auto& period : results.periods()) period_names.push_back(period.name);
    print_summary_table(std::cout, summary, results.series_names(), period_names,
                        scenario.currency, summary_options.thresholds);
    if (scenario.model.household) print_household_table(std::cout, summary, scenario.currency);
    fmt::print("\nWrote {}\n", summary_path.string());
  }
  return kSuccess;
}

int validate_command(const std::string& scenario_path) {
  const scenarios::Scenario scenario = load(scenario_path);
  fmt::print("{}: valid scenario '{}', streams: ", scenario.source, scenario.name);
  const auto streams = scenario.model.stream_names();
  for (std::size_t i = 0; i < streams.size(); ++i) fmt::print("{}{}", i ? ", " : "", streams[i]);
  fmt::print("\n\n");
  std::size_t width = 0;
  for (const auto& p : scenario.parameters) width = std::max(width, p.key.size());
  for (const auto& p : scenario.parameters)
    fmt::print("  {:<{}} = {}\n  {:<{}}   ({})\n", p.key, width, p.value, "", width,
               p.given ? "given" : "default: " + p.source);
  return kSuccess;
}

}  // namespace incomesim::tools
