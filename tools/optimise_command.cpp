// `incomesim optimise`: the plan (values of some keys) that maximises a statistic under
// constraints, or the frontier between two statistics, every plan on the same trials.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/optimise.hpp"
#include "engine/atomic_file.hpp"
#include "report/charts.hpp"
#include "report/comparison_page.hpp"
#include "report/console_tables.hpp"
#include "report/gnuplot_script.hpp"
#include "report/html_parts.hpp"
#include "report/svg_charts.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int optimise_command(const std::string& path, const analysis::OptimiseSettings& settings,
                     const ResearchArguments& arguments, bool plot) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  ResearchTerminal terminal(arguments);
  const auto source = scenarios::read_scenario_source(path);
  const analysis::OptimiseProblem problem = analysis::optimise_problem(source, settings);
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest& request = terminal.request();
  const analysis::Optimisation optimisation =
      analysis::optimise(source, problem, request, terminal.note());
  const report::ChartLabels labels{optimisation.scenario, optimisation.currency};
  std::vector<std::pair<std::filesystem::path, std::string>> outputs{
      {out_dir / "optimise.csv", analysis::optimise_table(optimisation).csv()},
      {out_dir / "optimise.svg",
       report::standalone_svg(report::frontier_svg(report::frontier_chart(optimisation), labels))}};
  if (arguments.html)
    outputs.push_back({out_dir / "optimise.html", report::optimise_page(optimisation)});
  engine::write_files_atomically(outputs);
  std::vector<std::string> charts;
  if (plot)
    charts = draw_with_gnuplot(
        [&](const std::filesystem::path& temp) {
          return report::frontier_gnuplot_job(optimisation, temp);
        },
        out_dir);
  if (!arguments.quiet) {
    report::print_optimisation(std::cout, optimisation);
    fmt::print("\nWrote {}, {}{} ({} trials a plan, seed {})\n", outputs[0].first.string(),
               outputs[1].first.string(), arguments.html ? " and " + outputs[2].first.string() : "",
               request.trials, request.seed);
  }
  if (!arguments.quiet && !charts.empty()) {
    fmt::print("Charts in {}:", out_dir.string());
    for (const auto& name : charts) fmt::print(" {}", name);
    fmt::print("\n");
  }
  return kSuccess;
}

}  // namespace incomesim::tools
