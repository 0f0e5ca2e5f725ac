// `incomesim batch`: many scenarios on the same trials; failures listed, the rest still run.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/batch.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "report/comparison_page.hpp"
#include "report/console_tables.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int batch_command(const std::vector<std::string>& inputs, const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  ResearchTerminal terminal(arguments);
  const std::vector<std::string> files = analysis::batch_files(inputs);
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest& settings = terminal.request();
  const analysis::Batch result = analysis::batch(files, settings, terminal.note());
  // Every failure on the terminal, even with --quiet: the exit status alone would not say which.
  for (const auto& entry : result.entries)
    if (!entry.summary) fmt::print(stderr, "incomesim: {}\n", entry.error);
  const std::size_t failed = result.failed();
  std::vector<std::pair<std::filesystem::path, std::string>> outputs{
      {out_dir / "batch.csv", analysis::batch_table(result).csv()}};
  if (failed)
    outputs.push_back({out_dir / "batch-errors.csv", analysis::batch_errors_table(result).csv()});
  if (arguments.html) outputs.push_back({out_dir / "batch.html", report::batch_page(result)});
  engine::write_files_atomically(outputs);
  if (!arguments.quiet) {
    report::print_batch_table(std::cout, result);
    fmt::print("\nRan {} of {} scenarios ({} trials each, seed {}); wrote {}{}{}\n",
               files.size() - failed, files.size(), settings.trials, settings.seed,
               (out_dir / "batch.csv").string(),
               failed ? ", " + (out_dir / "batch-errors.csv").string() : "",
               arguments.html ? ", " + (out_dir / "batch.html").string() : "");
  }
  return failed ? kSomeScenariosFailed : kSuccess;
}

}  // namespace incomesim::tools
