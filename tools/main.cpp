// incomesim: the command line. It only wires things together: parse arguments, call a command,
// turn errors into one message and an exit status.
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/input_error.hpp"
#include "engine/atomic_file.hpp"
#include "engine/runner.hpp"
#include "tools/commands.hpp"

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
    "  incomesim run my-plan.toml --trace-trial 42    # one trial, month by month";

}  // namespace

int main(int argc, char** argv) {
  using namespace incomesim;
  CLI::App app{kDescription, "incomesim"};
  app.require_subcommand(1);
  app.footer("Run 'incomesim COMMAND --help' for a command's options. Exit status: 0 success, "
             "1 failure, 2 bad input, 130 interrupted.");

  tools::RunArguments run;
  CLI::App* run_app = app.add_subcommand("run", "Simulate a scenario and write summary.csv");
  run_app->footer(kRunExample);
  run_app->add_option("scenario", run.scenario_path,
                      "Scenario file (TOML); default: the bundled alake-2020.toml");
  run_app->add_option("--trials,-n", run.trials, "Number of trials")->capture_default_str();
  run_app->add_option("--seed,-s", run.seed, "Seed: the same seed gives the same report")
      ->capture_default_str();
  run_app->add_option("--threads,-t", run.threads, "Worker threads (0: every core)")
      ->capture_default_str();
  run_app->add_option("--horizon", run.horizon_months, "Months to simulate (overrides the file)");
  run_app->add_option("--out,-o", run.out_dir, "Output directory")->capture_default_str();
  run_app->add_option("--percentiles", run.percentiles, "Percentiles to report, e.g. 5,50,95")
      ->delimiter(',')
      ->capture_default_str();
  run_app->add_option("--threshold", run.thresholds,
                      "Report P(income > X); repeat or separate with commas")
      ->delimiter(',');
  run_app->add_option("--trace-trial", run.trace_trial,
                      "Print trial K month by month (CSV on stdout) instead of running");
  run_app->add_flag("--quiet,-q", run.quiet, "No progress and no table on the terminal");

  std::string validate_path;
  CLI::App* validate_app = app.add_subcommand(
      "validate", "Check a scenario file and print every resolved parameter");
  validate_app->footer("Example:\n  incomesim validate scenarios/examples/alake-2020.toml");
  validate_app->add_option("scenario", validate_path,
                           "Scenario file (TOML); default: the bundled alake-2020.toml");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "incomesim: " << e.what() << "\n";
    return tools::kBadInput;
  }

  try {
    if (*run_app) return tools::run_command(run);
    if (*validate_app) return tools::validate_command(validate_path);
  } catch (const InputError& e) {
    std::cerr << "incomesim: " << e.what() << "\n";
    return tools::kBadInput;
  } catch (const engine::RunCancelled&) {
    std::cerr << "incomesim: interrupted; no output written\n";
    return tools::kInterrupted;
  } catch (const engine::OutputError& e) {
    std::cerr << "incomesim: " << e.what() << "\n";
    return tools::kFailure;
  } catch (const std::bad_alloc&) {
    std::cerr << "incomesim: out of memory; use fewer trials\n";
    return tools::kFailure;
  } catch (const std::exception& e) {
    std::cerr << "incomesim: internal error: " << e.what() << "\n";
    return tools::kFailure;
  }
  return tools::kFailure;
}
