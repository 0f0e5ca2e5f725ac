// `incomesim sobol`: Sobol indices of one output (analysis/sobol.hpp) into sobol.csv.
#include <fmt/format.h>

#include <string>

#include "analysis/sobol.hpp"
#include "engine/atomic_file.hpp"
#include "tools/commands.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {
namespace {

std::string interval(const engine::Estimate& e) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", e.value, e.ci_low, e.ci_high);
}

}  // namespace

int sobol_command(const std::string& path, const std::string& output_text, std::uint64_t resamples,
                  const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  ResearchTerminal terminal(arguments);
  const auto source = scenarios::read_scenario_source(path);
  const auto scenario = scenarios::load_scenario_text(source.text, source.name);
  const analysis::SobolPlan plan{output_text, resamples};
  analysis::check_sobol_plan(scenario, plan, arguments.request);
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::SobolResult result =
      analysis::sobol(scenario, plan, terminal.request(), terminal.note());
  if (!arguments.quiet) {
    fmt::print(
        "\nSobol indices of {} ({}, {} trials, {} model runs; 95% bootstrap intervals)\n"
        "  {:<44} {:<26} {}\n",
        result.output, result.scenario, result.trials, result.model_runs, "input",
        "first order [95% CI]", "total effect [95% CI]");
    for (const auto& row : result.rows)
      fmt::print("  {:<44} {:<26} {}\n", row.input, interval(row.indices.first_order),
                 interval(row.indices.total));
    const double sum = result.group_first_order_sum();
    fmt::print(
        "The groups' first-order indices sum to {:.3f}: 1 minus that ({:.3f}) is the share "
        "of interactions between groups, up to sampling error.\n",
        sum, 1 - sum);
  }
  const auto sobol_path = out_dir / "sobol.csv";
  engine::write_files_atomically({{sobol_path, analysis::sobol_table(result).csv()}});
  if (!arguments.quiet) fmt::print("\nWrote {}\n", sobol_path.string());
  return kSuccess;
}

}  // namespace incomesim::tools
