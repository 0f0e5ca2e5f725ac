#pragma once
// The `incomesim` command line (CLI11): every subcommand, its options and help, and the
// dispatch to the commands. main() and the command-line fuzzer share it.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "tools/commands.hpp"

namespace incomesim::tools {

class CommandLine {
 public:
  CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  CLI::App& app() { return app_; }
  // Runs the chosen subcommand; returns its exit status. Throws what the command throws.
  int execute();
  // The checks execute() makes before running anything (for the fuzzer); throws InputError.
  void check_arguments() const;

 private:
  // Each adds its subcommands, their options and help to `app`.
  void add_run(CLI::App& app);
  void add_inspection_commands(CLI::App& app);
  void add_comparison_commands(CLI::App& app);
  void add_research_commands(CLI::App& app);
  void add_optimise_command(CLI::App& app);

  CLI::App app_;
  RunArguments run;
  std::string validate_path;
  std::string plot_dir, report_dir;
  bool report_quiet = false;
  std::string fit_path, fit_out;
  analysis::FitOptions fit_options;
  bool fit_quiet = false;
  bool plot_quiet = false;
  ResearchArguments compare_arguments, sweep_arguments, batch_arguments, sensitivity_arguments,
      calibrate_arguments, sobol_arguments;
  std::string compare_a, compare_b;
  std::string sweep_path;
  std::vector<std::string> sweep_grid;
  std::vector<std::string> batch_inputs;
  std::string sensitivity_path, spread_text = "20%";
  std::vector<std::string> sensitivity_metrics;  // empty: the analysis's default
  std::string calibrate_path, calibrate_target, calibrate_vary, calibrate_write;
  std::vector<double> calibrate_range;
  std::string sobol_path, sobol_output = "total.horizon";
  std::string optimise_path;
  analysis::OptimiseSettings optimise_options;
  ResearchArguments optimise_arguments;
  bool optimise_plot = false;
  std::uint64_t sobol_resamples = 1000;
  CLI::App *run_app, *validate_app, *plot_app, *fit_app, *compare_app, *sweep_app, *batch_app,
      *sensitivity_app, *calibrate_app, *sobol_app, *report_app, *optimise_app;
};

}  // namespace incomesim::tools
