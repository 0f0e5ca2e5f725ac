// `incomesim batch`: many scenarios on the same trials; failures listed, the rest still run.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int batch_command(const std::vector<std::string>& inputs, const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code error;
    // A path that does not exist is a mistake on the command line, refused before any run; a
    // scenario that exists but is wrong is listed in batch-errors.csv and the rest still run.
    if (!std::filesystem::exists(input, error))
      throw InputError(input, "not found; allowed: scenario files (.toml) or directories of them");
    if (std::filesystem::is_directory(input, error)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::directory_iterator(input))
        if (entry.path().extension() == ".toml") found.push_back(entry.path().string());
      if (found.empty()) throw InputError(input, "the directory holds no .toml scenario files");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);
    }
  }
  if (files.empty()) throw InputError("batch", "give at least one scenario file or directory");
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest settings = arguments.request;
  engine::ReportTable results = engine::summary_table({});
  engine::ReportTable errors(
      {{"file", engine::ReportTable::Type::text}, {"error", engine::ReportTable::Type::text}});
  std::size_t failed = 0;
  for (std::size_t k = 0; k < files.size(); ++k) {
    try {
      const auto scenario = scenarios::load_scenario_file(files[k]);
      note(arguments, fmt::format("[{}/{}] {}", k + 1, files.size(), files[k]));
      results.append(engine::summary_table(analysis::simulate(scenario, settings).summary));
    } catch (const InputError& error) {
      ++failed;
      fmt::print(stderr, "incomesim: {}\n", error.what());
      errors.add_row({files[k], std::string(error.what())});
    }
  }
  std::vector<std::pair<std::filesystem::path, std::string>> outputs{
      {out_dir / "batch.csv", results.csv()}};
  if (failed) outputs.push_back({out_dir / "batch-errors.csv", errors.csv()});
  engine::write_files_atomically(outputs);
  if (!arguments.quiet)
    fmt::print("Ran {} of {} scenarios ({} trials each, seed {}); wrote {}{}\n",
               files.size() - failed, files.size(), settings.trials, settings.seed,
               (out_dir / "batch.csv").string(),
               failed ? " and " + (out_dir / "batch-errors.csv").string() : "");
  return failed ? kSomeScenariosFailed : kSuccess;
}

}  // namespace incomesim::tools
