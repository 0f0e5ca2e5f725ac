#include <fmt/format.h>
#include <fmt/ostream.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/csv.hpp"
#include "engine/metric_names.hpp"
#include "engine/risk.hpp"
#include "random/draw_sequence.hpp"
#include "random/philox_lanes.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/mpi.hpp"
#include "tools/simulation.hpp"
#include "tools/statistic_spec.hpp"

namespace incomesim::tools {
namespace {

void check_arguments(const RunArguments& arguments) {
  // Each adds rows for every series and period: bounded like the scenario's own lists.
  if (arguments.request.percentiles.size() > 99)
    throw InputError("--percentiles", fmt::format("{} percentiles; allowed: at most 99",
                                                  arguments.request.percentiles.size()));
  if (arguments.request.thresholds.size() > scenarios::kMaxReportThresholds)
    throw InputError("--threshold", fmt::format("{} thresholds; allowed: at most {}",
                                                arguments.request.thresholds.size(),
                                                scenarios::kMaxReportThresholds));
  for (double p : arguments.request.percentiles)
    if (!(p > 0 && p < 100))
      throw InputError("--percentiles", fmt::format("{} is out of range; allowed: percentiles "
                                                    "strictly between 0 and 100",
                                                    format_number(p)));
  for (double t : arguments.request.thresholds)
    if (!std::isfinite(t))
      throw InputError("--threshold", fmt::format("{} is not allowed; thresholds must be finite",
                                                  format_number(t)));
  if (arguments.trace_trial && *arguments.trace_trial >= random::kMaxTrials)
    throw InputError("--trace-trial", "trial index out of range; allowed: 0 to 2^48 - 1");
}

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

// A --precision goal: a statistic whose 95% half-width must fall to `half_width`, relative to
// the statistic's value or absolute.
struct PrecisionGoal {
  StatisticSpec statistic;
  double half_width;
  bool relative;
  std::string text;  // as given, for messages and metadata
};

// The narrowest relative half-width a percentile's interval can have in streaming mode: the
// interval reaches the edges of the sketch's buckets, v / (1 - a) above a value v (a = 0.5%:
// 0.503%), however many trials run.
double streaming_resolution() {
  const double a = engine::QuantileSketch().relative_accuracy();
  return a / (1 - a);
}

// Whether a goal can be met only with per-trial results: the expected shortfall (a sketch keeps no
// tail variance) or a percentile to a relative half-width within the sketch's resolution.
bool needs_exact_mode(const PrecisionGoal& goal) {
  return goal.statistic.metric.metric == engine::metric::shortfall(0.05) ||
         (goal.statistic.percent && goal.relative && goal.half_width <= streaming_resolution());
}

std::vector<PrecisionGoal> precision_goals(const RunArguments& arguments,
                                           const scenarios::Scenario& scenario,
                                           engine::ResultsMode mode) {
  const StatisticSyntax syntax{"--precision", "W or 'STAT:W'",
                               "'total.horizon p10:0.5%' or 'household p_ruin:0.002'"};
  // A percentile is reported, and so checkable, only when it is among --percentiles.
  auto require_reported = [&](double percent, const char* option) {
    const auto& reported = arguments.request.percentiles;
    if (std::find(reported.begin(), reported.end(), percent) == reported.end())
      throw InputError(option, fmt::format("P{} is not among --percentiles; add it there",
                                           format_number(percent)));
  };
  std::vector<PrecisionGoal> goals;
  for (const auto& text : arguments.precision) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos) {
      // A bare W: the checked percentiles of the total over the horizon, relative.
      const double width = parse_fraction("--precision", text);
      for (double percent : arguments.precision_percentiles) {
        require_reported(percent, "--precision-percentiles");
        const std::string name = "total.horizon p" + format_number(percent);
        goals.push_back({parse_statistic(name, syntax, scenario.model.horizon,
                                         scenario.model.stream_names(), false),
                         width, true, name + ":" + text});
      }
      continue;
    }
    const std::string width_text = text.substr(colon + 1);
    const bool relative = !width_text.empty() && width_text.back() == '%';
    PrecisionGoal goal{
        parse_statistic(text.substr(0, colon), syntax, scenario.model.horizon,
                        scenario.model.stream_names(), scenario.model.household.has_value()),
        parse_fraction("--precision", width_text), relative, text};
    if (goal.statistic.percent) require_reported(*goal.statistic.percent, "--precision");
    if (mode == engine::ResultsMode::streaming &&
        goal.statistic.metric.metric == engine::metric::shortfall(0.05))
      throw InputError("--precision",
                       fmt::format("'{}': the expected shortfall has no interval in streaming mode "
                                   "(a sketch keeps no tail variance); use --mode exact",
                                   text));
    goals.push_back(goal);
  }
  for (const auto& goal : goals) {
    if (!(goal.half_width > 0) || !std::isfinite(goal.half_width) ||
        (goal.relative && goal.half_width >= 1))
      throw InputError("--precision",
                       fmt::format("'{}': the half-width is out of range; allowed: a relative "
                                   "half-width such as 0.5% (below 100%), or a finite absolute "
                                   "one > 0",
                                   goal.text));
    if (mode == engine::ResultsMode::streaming && goal.statistic.percent && goal.relative &&
        goal.half_width <= streaming_resolution())
      throw InputError(
          "--precision",
          fmt::format("'{}': streaming mode knows a percentile only to within {:.1f}% (its "
                      "intervals are at least +-{:.3f}% wide however many trials run); allowed: "
                      "a half-width above {:.3f}%, or --mode exact",
                      goal.text, 100 * engine::QuantileSketch().relative_accuracy(),
                      100 * streaming_resolution(), 100 * streaming_resolution()));
  }
  return goals;
}

// The goal's 95% half-width in this summary, relative or absolute as the goal is; infinite while
// the statistic has no interval.
double achieved_half_width(const engine::Summary& summary, const PrecisionGoal& goal) {
  const MetricName& name = goal.statistic.metric;
  const engine::Estimate& e = summary.find(name.stream, name.period, name.metric).estimate;
  const double half = std::max(e.value - e.ci_low, e.ci_high - e.value);
  if (!std::isfinite(half)) return INFINITY;
  if (!goal.relative) return half;
  return e.value != 0 ? half / std::abs(e.value) : (half > 0 ? INFINITY : 0);
}

std::string describe_width(const PrecisionGoal& goal, double width) {
  return goal.relative ? fmt::format("{:.3f}%", 100 * width) : fmt::format("{:.4g}", width);
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

RunReport run_report(const scenarios::Scenario& scenario, const Simulation& simulation,
                     const RunRequest& settings,
                     const std::vector<std::pair<std::string, std::string>>& extra_metadata) {
  const bool streaming = settings.mode == engine::ResultsMode::streaming;
  RunReport report;
  // The risk attribution needs every trial's values: exact mode only.
  if (!streaming) report.risk = engine::risk_attribution(simulation.results, {}, settings.seed);
  // Values of several kinds in one column: as text.
  engine::ReportTable metadata(
      {{"key", engine::ReportTable::Type::text}, {"value", engine::ReportTable::Type::text}});
  metadata.add_row({"scenario", scenario.name});
  metadata.add_row({"source", scenario.source});
  metadata.add_row({"currency", scenario.currency});
  metadata.add_row({"trials", std::to_string(settings.trials)});
  metadata.add_row({"seed", std::to_string(settings.seed)});
  metadata.add_row({"horizon_months", std::to_string(scenario.model.horizon)});
  metadata.add_row({"results_mode", streaming ? "streaming" : "exact"});
  // The instruction set of the vector kernels (docs/performance.md says which agree bit for bit).
  metadata.add_row({"vector_target", random::vector_target()});
  // In streaming mode every percentile (and its interval) is within this relative error.
  metadata.add_row(
      {"percentile_relative_error",
       streaming ? engine::CsvWriter::number(engine::QuantileSketch().relative_accuracy()) : "0"});
  for (const auto& [key, value] : extra_metadata) metadata.add_row({key, value});
  report.files = {
      {"summary.csv", engine::summary_table(simulation.summary).csv()},
      {"bands.csv", engine::bands_table(simulation.results, scenario.name, settings.seed).csv()},
      {"exceedance.csv",
       engine::exceedance_table(simulation.results, scenario.name, settings.seed).csv()},
      {"metadata.csv", metadata.csv()}};
  // Every parameter with its value and where it comes from: the file, or a default's source.
  engine::ReportTable parameters({{"key", engine::ReportTable::Type::text},
                                  {"value", engine::ReportTable::Type::text},
                                  {"origin", engine::ReportTable::Type::text},
                                  {"source", engine::ReportTable::Type::text}});
  for (const auto& p : scenario.parameters)
    parameters.add_row(
        {p.key, p.value, p.given ? "given" : "default", p.given ? scenario.source : p.source});
  report.files.push_back({"parameters.csv", parameters.csv()});
  if (!streaming)
    report.files.push_back(
        {"risk.csv",
         engine::rows_table(scenario.name, settings.trials, settings.seed, report.risk).csv()});
  return report;
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
  std::vector<scenarios::Override> overrides;
  for (const auto& set : arguments.overrides) overrides.push_back(scenarios::parse_override(set));
  // --horizon is an override like --set, checked by the loader with the file's own rules.
  if (arguments.horizon_months)
    overrides.push_back({"horizon_months", std::to_string(*arguments.horizon_months), "--horizon"});
  const scenarios::ScenarioSource source = scenarios::read_scenario_source(arguments.scenario_path);
  const scenarios::Scenario scenario =
      scenarios::load_scenario_text(source.text, source.name, overrides);
  check_arguments(arguments);
  if (arguments.trace_trial)
    return print_trace(scenario, arguments.request.seed, *arguments.trace_trial);
  const bool adaptive = !arguments.precision.empty();
  std::uint64_t max_trials = arguments.max_trials;
  engine::ResultsMode mode = choose_results_mode(
      scenario, adaptive ? max_trials : arguments.request.trials, arguments.mode);
  // Auto mode picks streaming for a --max-trials too large to keep; goals a sketch cannot meet
  // keep exact mode instead, with the trials capped at what exact mode keeps.
  if (adaptive && arguments.mode == "auto" && mode == engine::ResultsMode::streaming) {
    const auto wanted = precision_goals(arguments, scenario, engine::ResultsMode::exact);
    if (std::any_of(wanted.begin(), wanted.end(), needs_exact_mode)) {
      mode = engine::ResultsMode::exact;
      max_trials = std::min(max_trials, exact_mode_trials(scenario));
      if (!arguments.quiet)
        fmt::print(stderr,
                   "incomesim: the --precision goals need exact mode (streaming knows a "
                   "percentile to within {:.1f}%); at most {} trials fit in it\n",
                   100 * engine::QuantileSketch().relative_accuracy(), max_trials);
    }
  }
  const std::vector<PrecisionGoal> goals = precision_goals(arguments, scenario, mode);
  check_trials(scenario, adaptive ? max_trials : arguments.request.trials, 0, mode);
  const bool streaming = mode == engine::ResultsMode::streaming;

  const engine::ThreadLimit thread_limit = tools::thread_limit(arguments.request.threads);
  const int threads = thread_limit.threads();
  const bool lead = is_lead_process();
  // Every file a run may write (its CSVs, the page, the charts), checked before it simulates.
  std::vector<std::string> run_files{"summary.csv",  "bands.csv",      "exceedance.csv",
                                     "metadata.csv", "parameters.csv", "risk.csv"};
  run_files.insert(run_files.end(), kDrawnFromTheCsvs.begin(), kDrawnFromTheCsvs.end());
  const std::filesystem::path out_dir = lead
                                            ? prepare_output_directory(arguments.out_dir, run_files)
                                            : std::filesystem::path(arguments.out_dir);

  RunRequest settings = arguments.request;
  for (const auto& goal : goals) add_report_needs(goal.statistic, scenario, settings);
  settings.progress = !arguments.quiet;
  settings.monthly_bands = true;
  settings.mode = mode;
  // Under mpirun the trials are split across the processes; the first writes the report.
  settings.processes = mpi_processes();
  if (!lead) settings.progress = false;
  std::optional<Simulation> simulation;
  bool precision_reached = true;
  std::vector<double> achieved(goals.size(), INFINITY);
  if (adaptive) {
    // Double the trials from 10,000 until the intervals are narrow enough or the cap is hit. The
    // first trials of a larger run are those of the smaller one (common random numbers), so the
    // same seed and precision always stop at the same count, with the same report.
    settings.trials = std::min<std::uint64_t>(10000, max_trials);
    for (;;) {
      simulation = simulate(scenario, settings);
      precision_reached = true;
      std::string progress;
      for (std::size_t k = 0; k < goals.size(); ++k) {
        achieved[k] = achieved_half_width(simulation->summary, goals[k]);
        precision_reached = precision_reached && achieved[k] <= goals[k].half_width;
        progress += fmt::format(
            "{}{} +-{} (target {})", k ? ", " : "", goals[k].statistic.metric.text(),
            describe_width(goals[k], achieved[k]), describe_width(goals[k], goals[k].half_width));
      }
      if (!arguments.quiet) fmt::print(stderr, "  {} trials: {}\n", settings.trials, progress);
      // An absolute goal on a percentile is checked against the sketch's resolution once the
      // percentile's size is known, rather than after running to --max-trials.
      if (mode == engine::ResultsMode::streaming)
        for (const auto& goal : goals) {
          if (!goal.statistic.percent || goal.relative) continue;
          const MetricName& name = goal.statistic.metric;
          const double value = std::abs(
              simulation->summary.find(name.stream, name.period, name.metric).estimate.value);
          if (goal.half_width < streaming_resolution() * value)
            throw InputError(
                "--precision",
                fmt::format("'{}': streaming mode knows this percentile ({}) only to within "
                            "+-{:.4g} ({:.3f}%) however many trials run; allowed: a half-width "
                            "above that, or --mode exact",
                            goal.text, format_number(value), streaming_resolution() * value,
                            100 * streaming_resolution()));
        }
      if (precision_reached || settings.trials >= max_trials) break;
      settings.trials = std::min(max_trials, 2 * settings.trials);
    }
  } else {
    simulation = simulate(scenario, settings);
  }

  if (!lead) return precision_reached ? kSuccess : kPrecisionNotReached;
  // What --precision asked for and reached: per goal, the statistic, the target half-width
  // (relative: a fraction of the statistic), and the half-width of the report's interval.
  std::vector<std::pair<std::string, std::string>> precision_metadata;
  for (std::size_t k = 0; k < goals.size(); ++k) {
    const std::string key = "precision_" + std::to_string(k + 1) + "_";
    precision_metadata.push_back({key + "statistic", goals[k].statistic.metric.text()});
    precision_metadata.push_back(
        {key + "half_width", engine::CsvWriter::number(goals[k].half_width)});
    precision_metadata.push_back({key + "relative", goals[k].relative ? "yes" : "no"});
    precision_metadata.push_back({key + "achieved", engine::CsvWriter::number(achieved[k])});
    precision_metadata.push_back(
        {key + "reached", achieved[k] <= goals[k].half_width ? "yes" : "no"});
  }
  const RunReport report = run_report(scenario, *simulation, settings, precision_metadata);
  const auto& risk = report.risk;
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  for (const auto& [name, text] : report.files) files.push_back({out_dir / name, text});
  // What an earlier run left that this one's CSVs do not replace would not describe it: the
  // page and the charts drawn from its files (written afresh below when asked for), and risk.csv
  // after a streaming run.
  std::vector<std::filesystem::path> stale;
  for (const auto& name : kDrawnFromTheCsvs) stale.push_back(out_dir / name);
  if (streaming) stale.push_back(out_dir / "risk.csv");
  engine::write_files_atomically(files, stale);

  if (!arguments.quiet) {
    fmt::print("incomesim: {} ({})\n", scenario.name, scenario.source);
    fmt::print(
        "{} trials, seed {}, {} months, {} threads, {:.2f} s ({:.3g} trials/s), {}, {} "
        "kernels\n",
        settings.trials, arguments.request.seed, scenario.model.horizon, threads,
        simulation->seconds, settings.trials / simulation->seconds,
        streaming ? "streaming mode (percentiles within 0.5%; no risk.csv)" : "exact mode",
        random::vector_target());
    print_summary_table(std::cout, simulation->summary, simulation->results.series_names(),
                        simulation->results.periods(), scenario.currency,
                        report_thresholds(scenario, arguments.request));
    if (scenario.model.household)
      print_household_table(std::cout, simulation->summary, scenario.currency);
    auto effort_rows = scenario.model.stream_names();
    effort_rows.emplace_back(engine::kTotalSeries);
    print_effort_table(std::cout, simulation->summary, effort_rows, scenario.currency);
    if (!streaming) print_risk_table(std::cout, risk, scenario.model.stream_names());
    fmt::print(
        "\nWrote summary.csv, {}bands.csv, exceedance.csv, metadata.csv and parameters.csv to "
        "{}\n",
        streaming ? "" : "risk.csv, ", out_dir.string());
  }
  if (arguments.html) {
    const int status = report_command(out_dir.string(), arguments.quiet);
    if (status != kSuccess) return status;
  }
  if (arguments.plot) {
    const int status = plot_command(out_dir.string(), arguments.quiet);
    if (status != kSuccess) return status;
  }
  if (!precision_reached) {
    std::string missed;
    for (std::size_t k = 0; k < goals.size(); ++k)
      if (!(achieved[k] <= goals[k].half_width))
        missed += fmt::format(
            "{}{} (+-{}, target {})", missed.empty() ? "" : ", ", goals[k].statistic.metric.text(),
            describe_width(goals[k], achieved[k]), describe_width(goals[k], goals[k].half_width));
    fmt::print(stderr,
               "incomesim: the precision was not reached within --max-trials {} for {}; the "
               "report uses {} trials\n",
               max_trials, missed, settings.trials);
    return kPrecisionNotReached;
  }
  return kSuccess;
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
