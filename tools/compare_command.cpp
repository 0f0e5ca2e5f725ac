// `incomesim compare A B`: B - A on the same trials, with paired intervals (docs/research.md).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/compare.hpp"
#include "core/input_error.hpp"
#include "engine/atomic_file.hpp"
#include "report/comparison_page.hpp"
#include "report/console_tables.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int compare_command(const std::string& path_a, const std::string& path_b,
                    const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  ResearchTerminal terminal(arguments);
  const auto source_a = scenarios::read_scenario_source(path_a);
  const auto source_b = scenarios::read_scenario_source(path_b);
  const auto a = scenarios::load_scenario_text(source_a.text, source_a.name);
  const auto b = scenarios::load_scenario_text(source_b.text, source_b.name);
  analysis::check_comparable(a, b);
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest& settings = terminal.request();
  const analysis::Comparison comparison = analysis::compare(a, b, settings, terminal.note());
  const engine::ReportTable table = analysis::comparison_table(comparison);
  const auto path = out_dir / "comparison.csv";
  std::vector<std::pair<std::filesystem::path, std::string>> outputs{{path, table.csv()}};
  if (arguments.html)
    outputs.push_back(
        {out_dir / "comparison.html", report::comparison_page(comparison, a.model.horizon)});
  engine::write_files_atomically(outputs);

  if (!arguments.quiet) {
    report::print_comparison_table(std::cout, comparison);
    fmt::print("\nWrote {}{}\n", path.string(),
               arguments.html ? " and " + (out_dir / "comparison.html").string() : "");
  }
  return kSuccess;
}

}  // namespace incomesim::tools
