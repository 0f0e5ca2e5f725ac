// `incomesim sensitivity`: every numeric parameter moved by +-spread (tornado.csv), and the rank
// correlation of each per-trial parameter with the total (per-trial-correlations.csv).
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/sensitivity.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "report/console_tables.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int sensitivity_command(const std::string& path, double spread,
                        const std::vector<std::string>& metric_texts,
                        const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  ResearchTerminal terminal(arguments);
  const analysis::SensitivityPlan plan{spread, metric_texts};
  const auto source = scenarios::read_scenario_source(path);
  analysis::check_sensitivity_plan(source, plan);
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::Sensitivity result =
      analysis::sensitivity(source, plan, terminal.request(), terminal.note());
  if (!arguments.quiet)
    for (std::size_t m = 0; m < result.metrics.size(); ++m) {
      const auto varied = analysis::ranked_effects(result, m);
      fmt::print("\n{} (base {}): the 10 largest effects of +-{}%\n", result.metrics[m].text(),
                 report::money(result.base_values[m]), format_number(100 * spread));
      for (std::size_t rank = 0; rank < std::min<std::size_t>(10, varied.size()); ++rank)
        fmt::print("  {:>2}. {:<48} {:>12} -> {:>12}\n", rank + 1, varied[rank]->key,
                   report::money(varied[rank]->at_low[m]), report::money(varied[rank]->at_high[m]));
    }
  const auto tornado_path = out_dir / "tornado.csv";
  const auto correlation_path = out_dir / "per-trial-correlations.csv";
  engine::write_files_atomically({{tornado_path, analysis::tornado_table(result).csv()},
                                  {correlation_path, analysis::correlations_table(result).csv()}});
  if (!arguments.quiet)
    fmt::print("\nWrote {} and {}\n", tornado_path.string(), correlation_path.string());
  return kSuccess;
}

}  // namespace incomesim::tools
