#include "tools/cli.hpp"

#include <cstdlib>

#include "analysis/optimise.hpp"
#include "analysis/statistic.hpp"
#include "core/input_error.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/mpi.hpp"

namespace incomesim::tools {

namespace {

constexpr const char* kDescription =
    "incomesim: Monte Carlo simulation of a machine-learning practitioner's income streams.\n"
    "It turns a scenario file (TOML) into the distribution of income: percentiles with\n"
    "confidence intervals, P(income = 0), P(income > threshold), expected shortfall.";

constexpr const char* kRunExample =
    "Examples:\n"
    "  incomesim run                                  # the bundled default scenario\n"
    "  incomesim run my-plan.toml --trials 1000000 --seed 7 --out results\n"
    "  incomesim run my-plan.toml --threshold 150000 --percentiles 5,50,95\n"
    "  incomesim run my-plan.toml --set medium.articles_per_week=4\n"
    "  incomesim run my-plan.toml --precision 0.5%    # add trials until P5/P50/P95 are that "
    "tight\n"
    "  incomesim run my-plan.toml --trace-trial 42    # one trial, month by month";

// Counts and seeds: CLI11 would turn "-1" into 2^64 - 1 silently.
const CLI::Validator kWholeNumber(
    [](std::string& text) -> std::string {
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return "";
      return "'" + text.substr(0, 40) + "' is not allowed; allowed: a whole number, 0 or more";
    },
    "WHOLE NUMBER");

// Options every research command takes.
void add_research_options(CLI::App* app, ResearchArguments& arguments,
                          std::uint64_t default_trials) {
  arguments.request.trials = default_trials;
  app->add_option("--trials,-n", arguments.request.trials, "Trials per simulation")
      ->check(kWholeNumber)
      ->capture_default_str();
  app->add_option("--seed,-s", arguments.request.seed, "Seed shared by every simulation")
      ->check(kWholeNumber)
      ->capture_default_str();
  app->add_option("--threads,-t", arguments.request.threads, "Worker threads (0: every core)")
      ->check(kWholeNumber)
      ->capture_default_str();
  app->add_option("--out,-o", arguments.out_dir, "Output directory")->capture_default_str();
  app->add_flag("--quiet,-q", arguments.quiet, "No progress and no table on the terminal");
}

// --html for the commands that compare plans: `page` is the file it writes.
void add_page_flag(CLI::App* app, ResearchArguments& arguments, const std::string& page) {
  app->add_flag("--html", arguments.html,
                "Also write " + page +
                    ": one self-contained page with the plans side by side and their charts");
}

}  // namespace

CommandLine::CommandLine() : app_(kDescription, "incomesim") {
  CLI::App& app = app_;
  app.require_subcommand(1);
  app.footer(
      "Run 'incomesim COMMAND --help' for a command's options. Exit status: 0 success, "
      "1 failure, 2 bad input, 3 some scenarios of a batch failed, 4 --precision not reached, "
      "130 interrupted (Ctrl-C), 143 terminated (SIGTERM).");

  add_run(app);
  add_inspection_commands(app);
  add_comparison_commands(app);
  add_research_commands(app);
  add_optimise_command(app);
}

// `run`: a simulation, its report and charts.
namespace {

// --precision and what bounds it: a run that grows until its intervals are narrow enough.
void add_precision_options(CLI::App& app, analysis::RunPlan& plan) {
  app.add_option("--precision", plan.precision,
                 "Grow the run (from 10,240 trials, in place) until 95% CI half-widths are "
                 "below these: W (relative, the --precision-percentiles of the total, e.g. "
                 "0.5%) or 'STAT:W' (e.g. 'total.horizon.p10:0.5%', "
                 "'household.p_ruin:0.002', 'medium.year1.mean:1%', 'total.horizon.es:1%'; W "
                 "with % is relative, without it absolute); repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--precision-percentiles", plan.precision_percentiles,
                 "Percentiles --precision checks")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--max-trials", plan.max_trials, "Cap on trials for --precision")
      ->check(kWholeNumber)
      ->capture_default_str();
}

}  // namespace

void CommandLine::add_run(CLI::App& app) {
  run_app = app.add_subcommand("run", "Simulate a scenario and write summary.csv");
  run_app->footer(kRunExample);
  run_app->add_option("scenario", run.scenario_path,
                      "Scenario file (TOML); default: the bundled alake-2020.toml");
  run_app->add_option("--trials,-n", run.plan.request.trials, "Number of trials")
      ->check(kWholeNumber)
      ->capture_default_str();
  run_app
      ->add_option("--seed,-s", run.plan.request.seed, "Seed: the same seed gives the same report")
      ->check(kWholeNumber)
      ->capture_default_str();
  run_app->add_option("--threads,-t", run.plan.request.threads, "Worker threads (0: every core)")
      ->check(kWholeNumber)
      ->capture_default_str();
  run_app->add_option("--horizon", run.horizon_months, "Months to simulate (overrides the file)");
  run_app
      ->add_option("--mode", run.plan.mode,
                   "exact: keep every trial's results (exact percentiles, risk.csv); "
                   "streaming: sketches only, memory independent of trials, percentiles "
                   "within 0.5%, no risk.csv; auto: exact up to 2 GB of results")
      ->check(CLI::IsMember({"auto", "exact", "streaming"}))
      ->capture_default_str();
  run_app->add_option("--out,-o", run.out_dir, "Output directory")->capture_default_str();
  run_app
      ->add_option("--percentiles", run.plan.request.percentiles,
                   "Percentiles to report, e.g. 5,50,95")
      ->delimiter(',')
      ->capture_default_str();
  run_app
      ->add_option("--threshold", run.plan.request.thresholds,
                   "Report P(income > X); repeat or separate with commas")
      ->delimiter(',');
  run_app
      ->add_option("--trace-trial", run.trace_trial,
                   "Print trial K month by month (CSV on stdout) instead of running")
      ->check(kWholeNumber);
  run_app->add_option("--set", run.overrides,
                      "Change a scenario key for this run: key=value (repeatable)");
  add_precision_options(*run_app, run.plan);
  run_app->add_flag("--quiet,-q", run.quiet, "No progress and no table on the terminal");
  run_app->add_flag("--plot", run.plot, "Also draw the charts (as `incomesim plot OUT`)");
  run_app->add_flag("--html", run.html,
                    "Also write report.html, one self-contained page (as `incomesim report OUT`)");
}

// `validate`, `plot`, `report` and `fit`: a scenario or a results directory read, or a history
// fitted.
void CommandLine::add_inspection_commands(CLI::App& app) {
  validate_app =
      app.add_subcommand("validate", "Check a scenario file and print every resolved parameter");
  validate_app->footer("Example:\n  incomesim validate scenarios/examples/alake-2020.toml");
  validate_app->add_option("scenario", validate_path,
                           "Scenario file (TOML); default: the bundled alake-2020.toml");

  plot_app = app.add_subcommand(
      "plot", "Draw charts (PNG and SVG, through gnuplot) of a results directory");
  plot_app->add_option("results_dir", plot_dir, "Directory written by `incomesim run --out`")
      ->required();
  plot_app->add_flag("--quiet,-q", plot_quiet, "Do not list the charts written");
  plot_app->footer(
      "Writes fan.png/svg (monthly bands), exceedance.png/svg, risk.png/svg and, "
      "after `incomesim sensitivity --out` or `incomesim sobol --out` into the same directory, "
      "tornado.png/svg or sobol.png/svg. Example:\n  incomesim run --out results && incomesim plot "
      "results");

  report_app = app.add_subcommand(
      "report",
      "Write report.html (one self-contained page: charts, tables, sources) of a results "
      "directory");
  report_app->add_option("results_dir", report_dir, "Directory written by `incomesim run --out`")
      ->required();
  report_app->add_flag("--quiet,-q", report_quiet, "Do not print where the report was written");
  report_app->footer(
      "Opens offline in any browser and prints. Example:\n  incomesim run --out results && "
      "incomesim report results");

  fit_app = app.add_subcommand(
      "fit", "Fit Medium and newsletter parameters to your own payout history (a CSV)");
  fit_app->add_option("history", fit_path, "CSV with columns month,stream,item,metric,value")
      ->required();
  fit_app->add_option("--out,-o", fit_out,
                      "Write the scenario fragment to this file (default: print it)");
  fit_app->add_option("--as-of", fit_options.as_of,
                      "The month Medium's earnings are to date, as the history names months "
                      "(default: its last month)");
  fit_app->add_option("--payout-half-life", fit_options.payout_half_life_months,
                      "Medium's payout half-life in months, to scale earnings to date to "
                      "lifetime (default: the stream's, 2)");
  fit_app->add_flag("--quiet,-q", fit_quiet, "Do not print the fitted summary");
  fit_app->footer(
      "month: 1, 2, ... or a date (2024-01), one form throughout. Rows: medium,<article>,earnings "
      "(each article's earnings to date, in the month it was published); newsletter,-,"
      "subscribers (at the start of the month), signups, unsubscribes. Example:\n  incomesim fit "
      "docs/examples/history-synthetic.csv --out fitted.toml");
}

// `compare`, `sweep` and `batch`: several scenarios on the same trials.
void CommandLine::add_comparison_commands(CLI::App& app) {
  compare_app = app.add_subcommand(
      "compare", "Run two scenarios on the same seed and trials; report B - A with intervals");
  compare_app->add_option("a", compare_a, "Scenario A")->required();
  compare_app->add_option("b", compare_b, "Scenario B")->required();
  add_research_options(compare_app, compare_arguments, 100000);
  add_page_flag(compare_app, compare_arguments, "comparison.html");
  compare_app->footer(
      "Writes comparison.csv (and comparison.html with --html). Example:\n  incomesim compare "
      "plan.toml "
      "plan-with-youtube.toml --trials 200000");

  sweep_app = app.add_subcommand(
      "sweep", "Run a grid over scenario keys on common random numbers; one tidy CSV");
  sweep_app->add_option("scenario", sweep_path, "Scenario file")->required();
  sweep_app->add_option("--set", sweep_grid, "key=v1,v2,... (repeat for a grid)")->required();
  add_research_options(sweep_app, sweep_arguments, 20000);
  add_page_flag(sweep_app, sweep_arguments, "sweep.html");
  sweep_app->footer(
      "Writes sweep.csv with a column per swept key (and sweep.html with --html). Example:\n  "
      "incomesim sweep "
      "plan.toml --set medium.articles_per_week=1,2,3,4 "
      "--set medium.earnings_per_article.median=10,19");

  batch_app = app.add_subcommand("batch",
                                 "Run many scenarios (files or directories of .toml) into one CSV");
  batch_app->add_option("inputs", batch_inputs, "Scenario files or directories")->required();
  add_research_options(batch_app, batch_arguments, 20000);
  add_page_flag(batch_app, batch_arguments, "batch.html");
  batch_app->footer(
      "Writes batch.csv (batch-errors.csv if some failed, exit status 3; batch.html with "
      "--html). "
      "Example:\n  incomesim batch scenarios/examples --out batch-results");
}

// `sensitivity`, `sobol` and `calibrate`: one scenario's parameters varied.
void CommandLine::add_research_commands(CLI::App& app) {
  sensitivity_app = app.add_subcommand(
      "sensitivity", "Move every numeric parameter down and up; rank the effects (tornado)");
  sensitivity_app->add_option("scenario", sensitivity_path, "Scenario file (default: bundled)");
  sensitivity_app->add_option("--spread", spread_text, "Relative change, e.g. 20%")
      ->capture_default_str();
  sensitivity_app->add_option(
      "--metric", sensitivity_metrics,
      "SERIES.PERIOD.STAT of summary.csv (repeatable; default: P10 and P50 of net "
      "income over the horizon with [tax], else of the total)");
  add_research_options(sensitivity_app, sensitivity_arguments, 10000);
  sensitivity_app->footer(
      "Writes tornado.csv and per-trial-correlations.csv. Example:\n  "
      "incomesim sensitivity plan.toml --spread 10% --metric "
      "total.horizon.p10");

  sobol_app = app.add_subcommand(
      "sobol", "Share out an output's variance among parameters, streams and luck (Sobol indices)");
  sobol_app->add_option("scenario", sobol_path, "Scenario file (default: bundled)");
  sobol_app
      ->add_option("--output", sobol_output,
                   "SERIES.PERIOD (periods: horizon, year2, month12, months1-7) or an outcome "
                   "such as household.final_balance")
      ->capture_default_str();
  sobol_app->add_option("--resamples", sobol_resamples, "Bootstrap resamples for the intervals")
      ->check(kWholeNumber)
      ->capture_default_str();
  add_research_options(sobol_app, sobol_arguments, 10000);
  sobol_app->footer(
      "Writes sobol.csv: first-order and total indices with 95% bootstrap intervals, for each "
      "per-trial parameter, each stream's parameters and luck; costs (inputs + 2) runs of "
      "--trials. Example:\n  incomesim sobol scenarios/examples/creator-leap.toml --output "
      "total.year2 --trials 20000");

  calibrate_app = app.add_subcommand(
      "calibrate", "Find the value of one key that makes a statistic hit a target");
  calibrate_app->add_option("scenario", calibrate_path, "Scenario file")->required();
  calibrate_app
      ->add_option("--target", calibrate_target,
                   "SERIES.PERIOD.STAT=VALUE, e.g. 'medium.month12.p_above_100=0.057'")
      ->required();
  calibrate_app->add_option("--vary", calibrate_vary, "The key to solve for")->required();
  calibrate_app->add_option("--range", calibrate_range, "LOW,HIGH bracket (default: x/10, 10x)")
      ->delimiter(',');
  calibrate_app->add_option("--write", calibrate_write, "Write the calibrated scenario here");
  add_research_options(calibrate_app, calibrate_arguments, 100000);
  calibrate_app->footer(
      "Example:\n  incomesim calibrate scenarios/examples/medium-population-2020.toml "
      "--target 'medium.month12.p_above_100=0.057' --vary medium.earnings_per_article.median "
      "--range 2,8 --trials 200000");
}

// `optimise`: the plan that maximises a statistic, or a frontier.
void CommandLine::add_optimise_command(CLI::App& app) {
  optimise_app = app.add_subcommand(
      "optimise",
      "Find the values of some keys (hours, output rates) that maximise a statistic "
      "under constraints, with the plans that tie; or trace a frontier");
  optimise_app->alias("optimize");
  optimise_app->add_option("scenario", optimise_path, "Scenario file")->required();
  optimise_app->add_option("--decide", optimise_options.decisions,
                           "KEY=LOW:HIGH[:STEP] (repeatable; also [decisions] in the scenario)");
  optimise_app->add_option("--maximise,--maximize", optimise_options.objective,
                           "SERIES.PERIOD.STAT to maximise (default: net.horizon.p10 with [tax], "
                           "else total.horizon.p10; household.p_ruin is minimised)");
  optimise_app->add_option("--frontier", optimise_options.frontier,
                           "A second statistic: evaluate every plan and trace the frontier");
  optimise_app->add_option("--max-side-hours", optimise_options.max_side_hours,
                           "Mean hours a week on every stream but career, at most");
  optimise_app->add_option("--constraint", optimise_options.constraints,
                           "'STATISTIC <= VALUE' or '>=' (repeatable), e.g. 'household.p_ruin <= "
                           "0.02'");
  optimise_app->add_option("--set", optimise_options.overrides,
                           "key=value on every plan (repeatable), e.g. regime.start=\"normal\"");
  optimise_app
      ->add_option("--grid", optimise_options.grid,
                   "Values of a decision without a step, ends included")
      ->capture_default_str();
  optimise_app
      ->add_option("--max-plans", optimise_options.max_plans,
                   "Plans to simulate at most (every plan when the lattice holds no "
                   "more)")
      ->check(kWholeNumber)
      ->capture_default_str();
  add_research_options(optimise_app, optimise_arguments, 20000);
  optimise_app->add_flag("--plot", optimise_plot, "Also draw optimise.png through gnuplot");
  optimise_app->add_flag("--html", optimise_arguments.html,
                         "Also write optimise.html: the plans' chart and the table of the best "
                         "and its ties");
  optimise_app->footer(
      "Writes optimise.csv (every plan evaluated) and optimise.svg (optimise.png with --plot, "
      "optimise.html with --html). Example:\n  incomesim optimise plan.toml --decide "
      "medium.articles_per_week=0:4:1 "
      "--decide youtube.videos_per_month=0:4:1 --max-side-hours 10 --maximise net.horizon.p10");
}

void CommandLine::check_arguments() const {
  // A bare half-width is checked here; a statistic needs the scenario (run_command).
  for (const auto& goal : run.plan.precision)
    if (goal.find(':') == std::string::npos) analysis::parse_fraction("--precision", goal);
  // calibrate writes one file, --write; an --out would be ignored.
  if (*calibrate_app && calibrate_app->count("--out") > 0)
    throw InputError("--out",
                     "calibrate writes no report directory; allowed: --write FILE for "
                     "the calibrated scenario");
  // --precision chooses the trial count itself; a --trials beside it would be ignored.
  if (!run.plan.precision.empty() && run_app->count("--trials") > 0)
    throw InputError("--trials",
                     "not allowed with --precision, which adds trials from 10,240 "
                     "until the precision is reached; cap them with --max-trials");
  if (*sensitivity_app) analysis::parse_fraction("--spread", spread_text);
  for (const auto& set : run.overrides) scenarios::parse_override(set);
  for (const auto& set : sweep_grid) scenarios::parse_override(set);
  for (const auto& set : optimise_options.overrides) scenarios::parse_override(set);
  for (const auto& decision : optimise_options.decisions) analysis::parse_decision(decision);
}

int CommandLine::execute() {
  check_arguments();
  if (mpi_processes() && !*run_app)
    throw InputError("mpirun",
                     "only `incomesim run` is split across MPI processes; start "
                     "other commands without mpirun");
  if (*run_app) {
    return run_command(run);
  }
  if (*validate_app) return validate_command(validate_path);
  if (*plot_app) return plot_command(plot_dir, plot_quiet);
  if (*report_app) return report_command(report_dir, report_quiet);
  if (*fit_app) return fit_command(fit_path, fit_out, fit_options, fit_quiet);
  if (*compare_app) return compare_command(compare_a, compare_b, compare_arguments);
  if (*sweep_app) return sweep_command(sweep_path, sweep_grid, sweep_arguments);
  if (*batch_app) return batch_command(batch_inputs, batch_arguments);
  if (*sensitivity_app)
    return sensitivity_command(sensitivity_path, analysis::parse_fraction("--spread", spread_text),
                               sensitivity_metrics, sensitivity_arguments);
  if (*sobol_app) return sobol_command(sobol_path, sobol_output, sobol_resamples, sobol_arguments);
  if (*optimise_app)
    return optimise_command(optimise_path, optimise_options, optimise_arguments, optimise_plot);
  if (*calibrate_app)
    return calibrate_command(calibrate_path, calibrate_target, calibrate_vary, calibrate_range,
                             calibrate_write, calibrate_arguments);
  return kFailure;
}

}  // namespace incomesim::tools
