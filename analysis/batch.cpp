#include "analysis/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/input_error.hpp"

namespace incomesim::analysis {

std::vector<std::string> batch_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code error;
    // A path that does not exist is a mistake in the request, refused before any run; a scenario
    // that exists but is wrong is listed with its error and the rest still run.
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
  return files;
}

std::size_t Batch::failed() const {
  return static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(),
                                                [](const BatchEntry& e) { return !e.summary; }));
}

std::set<std::string> Batch::currencies() const {
  std::set<std::string> currencies;
  for (const BatchEntry& entry : entries)
    if (entry.summary) currencies.insert(entry.currency);
  return currencies;
}

Batch batch(const std::vector<std::string>& files, const RunRequest& request, const Note& note) {
  Batch result;
  for (std::size_t k = 0; k < files.size(); ++k) {
    BatchEntry entry{files[k], std::nullopt, "", "", std::nullopt};
    try {
      const auto scenario = scenarios::load_scenario_file(files[k]);
      if (note) note(fmt::format("[{}/{}] {}", k + 1, files.size(), files[k]));
      entry.currency = scenario.currency;
      Simulation simulation = simulate(scenario, request);
      if (request.monthly_bands) entry.curves = plan_curves(scenario, simulation, request.seed);
      entry.summary = std::move(simulation.summary);
    } catch (const InputError& error) {
      entry.error = error.what();
    }
    result.entries.push_back(std::move(entry));
  }
  return result;
}

engine::ReportTable batch_table(const Batch& batch) {
  engine::ReportTable table = engine::summary_table({});
  for (const auto& entry : batch.entries)
    if (entry.summary) table.append(engine::summary_table(*entry.summary));
  return table;
}

engine::ReportTable batch_errors_table(const Batch& batch) {
  engine::ReportTable errors(
      {{"file", engine::ReportTable::Type::text}, {"error", engine::ReportTable::Type::text}});
  for (const auto& entry : batch.entries)
    if (!entry.summary) errors.add_row({entry.file, entry.error});
  return errors;
}

}  // namespace incomesim::analysis
