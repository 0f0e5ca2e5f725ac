#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "analysis/run.hpp"
#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/csv.hpp"
#include "engine/metric_names.hpp"
#include "engine/risk.hpp"
#include "random/draw_sequence.hpp"
#include "random/philox_lanes.hpp"
#include "report/charts.hpp"
#include "report/console_tables.hpp"
#include "report/html_page.hpp"
#include "report/run_report.hpp"
#include "tools/commands.hpp"
#include "tools/mpi.hpp"
#include "tools/progress.hpp"

namespace incomesim::tools {
namespace {

int print_trace(const scenarios::Scenario& scenario, std::uint64_t seed, std::uint64_t trial) {
  fmt::print("# trial {} of scenario {} (seed {}), incomes in {}\n", trial, scenario.name, seed,
             scenario.currency);
  fmt::print("{}", trace_csv(scenario, seed, trial));
  return kSuccess;
}

// What --html and --plot draw from a run's CSV files: files of the run's directory too.
const std::vector<std::string> kDrawnFromTheCsvs{"report.html",    "fan.png",        "fan.svg",
                                                 "exceedance.png", "exceedance.svg", "risk.png",
                                                 "risk.svg"};

// The scenario of a run: the file (or the bundled default) with --set and --horizon applied.
scenarios::Scenario load_run_scenario(const RunArguments& arguments) {
  std::vector<scenarios::Override> overrides;
  for (const auto& set : arguments.overrides) overrides.push_back(scenarios::parse_override(set));
  // --horizon is an override like --set, checked by the loader with the file's own rules.
  if (arguments.horizon_months)
    overrides.push_back({"horizon_months", std::to_string(*arguments.horizon_months), "--horizon"});
  const scenarios::ScenarioSource source = scenarios::read_scenario_source(arguments.scenario_path);
  return scenarios::load_scenario_text(source.text, source.name, overrides);
}

// "total.horizon.p5 +-0.610% (target 0.500%), ...": each goal's half-width and target.
std::string describe_goals(const std::vector<analysis::PrecisionGoal>& goals,
                           const std::vector<double>& achieved) {
  std::string text;
  for (std::size_t k = 0; k < goals.size(); ++k)
    text += fmt::format("{}{} +-{} (target {})", k ? ", " : "", goals[k].statistic.metric.text(),
                        analysis::describe_width(goals[k], achieved[k]),
                        analysis::describe_width(goals[k], goals[k].half_width));
  return text;
}

// "total.horizon.p5 (+-0.610%, target 0.500%), ...": the goals a run did not meet.
std::string describe_missed_goals(const analysis::RunResult& result) {
  std::string text;
  for (std::size_t k = 0; k < result.goals.size(); ++k) {
    const auto& goal = result.goals[k];
    if (result.achieved[k] <= goal.half_width) continue;
    text += fmt::format("{}{} (+-{}, target {})", text.empty() ? "" : ", ",
                        goal.statistic.metric.text(),
                        analysis::describe_width(goal, result.achieved[k]),
                        analysis::describe_width(goal, goal.half_width));
  }
  return text;
}

// The tables of a run on the terminal, and where its files went.
void print_run(const scenarios::Scenario& scenario, const analysis::RunResult& result,
               const report::RunReport& report, int threads, const std::filesystem::path& out_dir) {
  const analysis::RunRequest& settings = result.settings;
  const analysis::Simulation& simulation = result.simulation;
  const bool streaming = settings.mode == engine::ResultsMode::streaming;
  fmt::print("incomesim: {} ({})\n", scenario.name, scenario.source);
  fmt::print(
      "{} trials, seed {}, {} months, {} threads, {:.2f} s ({} trials/s), {}, {} "
      "kernels\n",
      report::money(static_cast<double>(settings.trials)), settings.seed, scenario.model.horizon,
      threads, simulation.seconds, report::money(settings.trials / simulation.seconds),
      streaming ? "streaming mode (percentiles within 0.5%; no risk.csv)" : "exact mode",
      random::vector_target());
  report::print_summary_table(std::cout, simulation.summary, simulation.results.series_names(),
                              simulation.results.periods(), scenario.currency,
                              analysis::report_thresholds(scenario, settings));
  if (scenario.model.household)
    report::print_household_table(std::cout, simulation.summary, scenario.currency);
  auto effort_rows = scenario.model.stream_names();
  effort_rows.emplace_back(engine::kTotalSeries);
  report::print_effort_table(std::cout, simulation.summary, effort_rows, scenario.currency);
  if (report.risk) report::print_risk_table(std::cout, *report.risk, scenario.model.stream_names());
  fmt::print(
      "\nWrote summary.csv, {}bands.csv, exceedance.csv, metadata.csv and parameters.csv to "
      "{}\n",
      streaming ? "" : "risk.csv, ", out_dir.string());
}

// Writes the run's files, all or nothing, and removes what an earlier run left that they do not
// replace: the page and the charts drawn from its files (written afresh when asked for), and
// risk.csv after a streaming run.
void write_run_files(const report::RunReport& report, const std::filesystem::path& out_dir,
                     bool streaming) {
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  for (const auto& [name, text] : report::csv_files(report))
    files.push_back({out_dir / name, text});
  std::vector<std::filesystem::path> stale;
  for (const auto& name : kDrawnFromTheCsvs) stale.push_back(out_dir / name);
  if (streaming) stale.push_back(out_dir / "risk.csv");
  engine::write_files_atomically(files, stale);
}

}  // namespace

std::string trace_csv(const scenarios::Scenario& scenario, std::uint64_t seed,
                      std::uint64_t trial) {
  const auto trace = scenarios::trace_trial(scenario.model, seed, trial);
  std::string text;
  for (std::size_t c = 0; c < trace.columns.size(); ++c) {
    text += c ? "," : "";
    text += trace.columns[c];
  }
  text += "\n";
  for (const auto& row : trace.rows) {
    text += format_number(row[0]);
    text += row[1] != 0 ? ",recession" : ",normal";
    for (std::size_t c = 2; c < row.size(); ++c) {
      text += ',';  // two appends: GCC 12 warns falsely of overlap on "," + string
      text += format_number(row[c]);
    }
    text += "\n";
  }
  return text;
}

std::filesystem::path prepare_output_directory(const std::string& dir,
                                               const std::vector<std::string>& file_names) {
  // Made (and checked) before any simulation, so that a long run never ends in a failure to
  // write; the files themselves appear only at the end, whole. Locked for the rest of the
  // process: a second run into the same directory waits rather than mixing its files in.
  const std::filesystem::path out_dir = dir;
  engine::make_output_directory(out_dir);
  engine::lock_output_directory(out_dir);
  for (const auto& name : file_names) engine::check_output_file(out_dir / name);
  return out_dir;
}

int run_command(const RunArguments& arguments) {
  const scenarios::Scenario scenario = load_run_scenario(arguments);
  if (arguments.trace_trial) {
    if (*arguments.trace_trial >= random::kMaxTrials)
      throw InputError("--trace-trial", "trial index out of range; allowed: 0 to 2^48 - 1");
    return print_trace(scenario, arguments.plan.request.seed, *arguments.trace_trial);
  }
  const engine::ThreadLimit thread_limit = analysis::thread_limit(arguments.plan.request.threads);
  // Bad options and goals are refused before the output directory is made.
  analysis::check_run_plan(scenario, arguments.plan);
  const bool lead = is_lead_process();
  // Every file a run may write (its CSVs, the page, the charts), checked before it simulates.
  std::vector<std::string> run_files{"summary.csv",  "bands.csv",      "exceedance.csv",
                                     "metadata.csv", "parameters.csv", "risk.csv"};
  run_files.insert(run_files.end(), kDrawnFromTheCsvs.begin(), kDrawnFromTheCsvs.end());
  const std::filesystem::path out_dir = lead
                                            ? prepare_output_directory(arguments.out_dir, run_files)
                                            : std::filesystem::path(arguments.out_dir);
  analysis::RunPlan plan = arguments.plan;
  // Under mpirun the trials are split across the processes; the first writes the report.
  plan.request.processes = mpi_processes();
  const bool talk = lead && !arguments.quiet;
  Progress progress(talk);
  plan.request.on_progress = [&progress](std::uint64_t done, std::uint64_t total) {
    progress.update(done, total);
  };
  analysis::RunObserver observer;
  if (talk) {
    observer.note = [&](const std::string& text) { fmt::print(stderr, "incomesim: {}\n", text); };
    observer.step = [&](std::uint64_t trials, const std::vector<analysis::PrecisionGoal>& goals,
                        const std::vector<double>& achieved) {
      progress.finish();
      fmt::print(stderr, "  {} trials: {}\n", trials, describe_goals(goals, achieved));
    };
  }
  analysis::RunResult result = analysis::run(scenario, plan, observer);
  progress.finish();
  const bool reached = result.precision_reached();
  if (!lead) return reached ? kSuccess : kPrecisionNotReached;
  const report::RunReport report = report::run_report(scenario, result);
  write_run_files(report, out_dir, result.settings.mode == engine::ResultsMode::streaming);
  if (!arguments.quiet) print_run(scenario, result, report, thread_limit.threads(), out_dir);
  if (arguments.html) {
    // From the report in memory: the page `incomesim report` draws from the files just written.
    const std::filesystem::path page = out_dir / "report.html";
    engine::write_files_atomically({{page, report::html_page(report, report::run_charts(report))}});
    if (!arguments.quiet) fmt::print("Wrote {}\n", page.string());
  }
  if (arguments.plot) {
    const int status = plot_command(out_dir.string(), arguments.quiet);
    if (status != kSuccess) return status;
  }
  if (reached) return kSuccess;
  fmt::print(stderr,
             "incomesim: the precision was not reached within --max-trials {} for {}; the report "
             "uses {} trials\n",
             result.max_trials, describe_missed_goals(result), result.settings.trials);
  return kPrecisionNotReached;
}

int validate_command(const std::string& scenario_path) {
  const scenarios::ScenarioSource source = scenarios::read_scenario_source(scenario_path);
  const scenarios::Scenario scenario = scenarios::load_scenario_text(source.text, source.name);
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
