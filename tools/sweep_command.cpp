// `incomesim sweep`: a grid of --set overrides, each point a plain run on the same trials.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/sweep.hpp"
#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "report/comparison_page.hpp"
#include "report/console_tables.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int sweep_command(const std::string& path, const std::vector<std::string>& grid,
                  const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  ResearchTerminal terminal(arguments);
  std::vector<analysis::SweepAxis> axes;
  for (const auto& argument : grid) axes.push_back(analysis::parse_sweep_axis(argument));
  const auto source = scenarios::read_scenario_source(path);
  const analysis::SweepPlan plan = analysis::plan_sweep(source, axes);
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest& settings = terminal.request();
  const analysis::Sweep sweep = analysis::sweep(plan, settings, terminal.note());
  const auto out = out_dir / "sweep.csv";
  const scenarios::Scenario& first = plan.scenarios.front();
  std::vector<std::pair<std::filesystem::path, std::string>> outputs{
      {out, analysis::sweep_table(sweep).csv()}};
  if (arguments.html)
    outputs.push_back({out_dir / "sweep.html", report::sweep_page(sweep, first.name, first.currency,
                                                                  plan.horizon_months())});
  engine::write_files_atomically(outputs);
  if (!arguments.quiet) {
    std::vector<report::LabelledSummary> rows;
    for (std::size_t p = 0; p < sweep.points.size(); ++p)
      rows.push_back({sweep.points[p], &sweep.summaries[p]});
    report::print_summaries_table(std::cout, sweep.keys, rows, first.currency);
    fmt::print("\nSwept {} points of {} ({} trials each, seed {}); wrote {}{}\n",
               plan.points.size(), source.name, settings.trials, settings.seed, out.string(),
               arguments.html ? " and " + (out_dir / "sweep.html").string() : "");
  }
  return kSuccess;
}

}  // namespace incomesim::tools
