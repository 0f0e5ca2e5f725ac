#pragma once
// The subcommands of `incomesim`. Each returns the process exit status: 0 success, 1 failure
// that is not the user's (e.g. a disk error), 2 bad input; 128 + the signal when stopped by one
// (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/fit.hpp"
#include "analysis/optimise.hpp"
#include "analysis/run.hpp"
#include "analysis/simulation.hpp"
#include "report/gnuplot_script.hpp"

namespace incomesim::tools {

enum ExitStatus : int {
  kSuccess = 0,
  kFailure = 1,
  kBadInput = 2,
  kSomeScenariosFailed = 3,  // batch: the others were still run and written
  kPrecisionNotReached = 4,  // run --precision: the report was written at --max-trials
  kInterrupted = 130,        // 128 + SIGINT; SIGTERM gives 143 and SIGHUP 129
};

// `run`: the run request, and what only `run` has.
struct RunArguments {
  std::string scenario_path;          // empty: the bundled default
  analysis::RunPlan plan;             // the request, and any precision goals
  std::optional<int> horizon_months;  // an override of horizon_months, as --set is
  std::string out_dir = "incomesim-results";
  std::optional<std::uint64_t> trace_trial;
  std::vector<std::string> overrides;  // --set key=value
  bool quiet = false;
  bool plot = false;  // also write the charts (plot_command) into out_dir
  bool html = false;  // also write report.html (report_command) into out_dir
};

// Settings shared by the research commands: the request every simulation of the command makes
// (each command sets its own default trial count).
struct ResearchArguments {
  analysis::RunRequest request;
  std::string out_dir = "incomesim-results";
  bool quiet = false;
  // compare, sweep and batch: also write their page (comparison.html, sweep.html, batch.html);
  // the simulations then keep the monthly bands its charts draw.
  bool html = false;
};

int run_command(const RunArguments& arguments);

// One trial month by month as CSV (`run --trace-trial`): month, regime, the trace's columns.
std::string trace_csv(const scenarios::Scenario& scenario, std::uint64_t seed, std::uint64_t trial);
int validate_command(const std::string& scenario_path);
int compare_command(const std::string& a, const std::string& b, const ResearchArguments& arguments);
int sweep_command(const std::string& scenario, const std::vector<std::string>& grid,
                  const ResearchArguments& arguments);
int batch_command(const std::vector<std::string>& inputs, const ResearchArguments& arguments);
int sensitivity_command(const std::string& scenario, double spread,
                        const std::vector<std::string>& metrics,
                        const ResearchArguments& arguments);
// Sobol indices of `output` (SERIES.PERIOD or an outcome) into sobol.csv.
int sobol_command(const std::string& scenario, const std::string& output, std::uint64_t resamples,
                  const ResearchArguments& arguments);
// `plot`: also draw optimise.png through gnuplot.
int optimise_command(const std::string& scenario, const analysis::OptimiseSettings& settings,
                     const ResearchArguments& arguments, bool plot);
int calibrate_command(const std::string& scenario, const std::string& target,
                      const std::string& vary, const std::vector<double>& range,
                      const std::string& write_path, const ResearchArguments& arguments);

// Stream parameters fitted to a payout history (month,stream,item,metric,value), as a scenario
// fragment written to `out_path` (stdout when empty).
int fit_command(const std::string& history_path, const std::string& out_path,
                const analysis::FitOptions& options, bool quiet);

// report.html of a results directory (report/html_page.hpp): one self-contained file.
int report_command(const std::string& results_dir, bool quiet);

// Charts of a results directory through gnuplot, PNG and SVG; draw_charts returns the files it
// wrote (fan.png, fan.svg, ...).
std::vector<std::string> draw_charts(const std::string& results_dir);
// The charts of the job `make_job` writes for a temporary directory, drawn by gnuplot there and
// moved into `out_dir` together once every one is drawn; the files drawn.
std::vector<std::string> draw_with_gnuplot(
    const std::function<report::GnuplotJob(const std::filesystem::path&)>& make_job,
    const std::filesystem::path& out_dir);
int plot_command(const std::string& results_dir, bool quiet);

// Makes (and checks) an output directory before any simulation, and checks that none of
// `file_names` in it is anything but a regular file (engine::check_output_file); OutputError if
// it cannot.
std::filesystem::path prepare_output_directory(const std::string& dir,
                                               const std::vector<std::string>& file_names = {});

}  // namespace incomesim::tools
