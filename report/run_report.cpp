#include "report/run_report.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/csv.hpp"
#include "engine/quantile_sketch.hpp"
#include "engine/risk.hpp"
#include "engine/summary.hpp"
#include "random/philox_lanes.hpp"

namespace incomesim::report {
namespace {

using Type = engine::ReportTable::Type;

// What --precision asked for and reached: per goal, the statistic, the target half-width
// (relative: a fraction of the statistic), and the half-width of the report's interval; and the
// trials simulated in all (the run grew in place, so the report's own count).
std::vector<std::pair<std::string, std::string>> precision_metadata(
    const analysis::RunResult& result) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (result.goals.empty()) return rows;
  rows.push_back({"trials_simulated", std::to_string(result.settings.trials)});
  for (std::size_t k = 0; k < result.goals.size(); ++k) {
    const auto& goal = result.goals[k];
    const std::string key = "precision_" + std::to_string(k + 1) + "_";
    rows.push_back({key + "statistic", goal.statistic.metric.text()});
    rows.push_back({key + "half_width", engine::CsvWriter::number(goal.half_width)});
    rows.push_back({key + "relative", goal.relative ? "yes" : "no"});
    rows.push_back({key + "achieved", engine::CsvWriter::number(result.achieved[k])});
    rows.push_back({key + "reached", result.achieved[k] <= goal.half_width ? "yes" : "no"});
  }
  return rows;
}

// metadata.csv: values of several kinds in one column, so as text.
engine::ReportTable metadata_table(const scenarios::Scenario& scenario,
                                   const analysis::RunResult& result) {
  const analysis::RunRequest& settings = result.settings;
  const bool streaming = settings.mode == engine::ResultsMode::streaming;
  engine::ReportTable metadata({{"key", Type::text}, {"value", Type::text}});
  metadata.add_row({"schema_version", std::to_string(engine::kCsvSchemaVersion)});
  metadata.add_row({"scenario", scenario.name});
  metadata.add_row({"source", scenario.source});
  metadata.add_row({"currency", scenario.currency});
  metadata.add_row({"trials", std::to_string(settings.trials)});
  metadata.add_row({"seed", std::to_string(settings.seed)});
  metadata.add_row({"horizon_months", std::to_string(scenario.model.horizon)});
  metadata.add_row({"results_mode", streaming ? "streaming" : "exact"});
  // The instruction set of the vector kernels (docs/performance.md says which agree bit for bit).
  metadata.add_row({"vector_target", random::vector_target()});
  // In streaming mode every percentile (and its interval) is within this relative error.
  metadata.add_row(
      {"percentile_relative_error",
       streaming ? engine::CsvWriter::number(engine::QuantileSketch().relative_accuracy()) : "0"});
  for (const auto& [key, value] : precision_metadata(result)) metadata.add_row({key, value});
  return metadata;
}

// Every parameter with its value and where it comes from: the file, or a default's source.
engine::ReportTable parameters_table(const scenarios::Scenario& scenario) {
  engine::ReportTable parameters(
      {{"key", Type::text}, {"value", Type::text}, {"origin", Type::text}, {"source", Type::text}});
  for (const auto& p : scenario.parameters)
    parameters.add_row(
        {p.key, p.value, p.given ? "given" : "default", p.given ? scenario.source : p.source});
  return parameters;
}

}  // namespace

RunReport run_report(const scenarios::Scenario& scenario, const analysis::RunResult& result) {
  const analysis::Simulation& simulation = result.simulation;
  const analysis::RunRequest& settings = result.settings;
  const bool streaming = settings.mode == engine::ResultsMode::streaming;
  RunReport report{RunMetadata{engine::kCsvSchemaVersion, scenario.name, scenario.currency,
                               streaming ? "streaming" : "exact", settings.trials, settings.seed,
                               scenario.model.horizon},
                   metadata_table(scenario, result),
                   engine::summary_table(simulation.summary),
                   engine::bands_table(simulation.results, scenario.name, settings.seed),
                   engine::exceedance_table(simulation.results, scenario.name, settings.seed),
                   parameters_table(scenario),
                   std::nullopt,
                   std::nullopt,
                   std::nullopt};
  // The risk attribution needs every trial's values: exact mode only.
  if (!streaming)
    report.risk = engine::rows_table(
        scenario.name, settings.trials, settings.seed,
        engine::risk_attribution(simulation.results.exact("risk attribution"), {}, settings.seed));
  return report;
}

RunReport read_run_report(const std::filesystem::path& dir) {
  const ResultsDirectory results(dir);
  const auto optional_table = [&](const char* name) -> std::optional<engine::ReportTable> {
    const engine::ReportTable* table = results.table_if_present(name);
    return table ? std::optional(*table) : std::nullopt;
  };
  return {
      results.metadata(),         results.table("metadata.csv"),   results.table("summary.csv"),
      results.table("bands.csv"), results.table("exceedance.csv"), optional_table("parameters.csv"),
      optional_table("risk.csv"), optional_table("tornado.csv"),   optional_table("sobol.csv")};
}

EstimateLookup::EstimateLookup(const engine::ReportTable& rows) {
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t r = 0; r < rows.row_count(); ++r) {
    const std::string &series = rows.text(r, "series"), &period = rows.text(r, "period");
    const engine::Estimate estimate{rows.number(r, "value"), rows.number(r, "ci_low"),
                                    rows.number(r, "ci_high")};
    estimates_.emplace(std::tuple{series, period, rows.text(r, "metric")}, estimate);
    if (seen.insert({series, period}).second) series_periods_.push_back({series, period});
  }
}

std::optional<engine::Estimate> EstimateLookup::find(const std::string& series,
                                                     const std::string& metric,
                                                     const std::string& period) const {
  const auto found = estimates_.find(std::tuple{series, period, metric});
  if (found == estimates_.end() || !std::isfinite(found->second.value)) return std::nullopt;
  return found->second;
}

bool EstimateLookup::has_series(const std::string& series) const {
  return std::any_of(series_periods_.begin(), series_periods_.end(),
                     [&](const auto& entry) { return entry.first == series; });
}

std::vector<std::string> EstimateLookup::periods(const std::string& series,
                                                 const std::string& prefix) const {
  std::vector<std::string> periods;
  for (const auto& [s, period] : series_periods_)
    if (s == series && period.rfind(prefix, 0) == 0) periods.push_back(period);
  return periods;
}

std::vector<std::pair<std::string, std::string>> csv_files(const RunReport& report) {
  std::vector<std::pair<std::string, std::string>> files{
      {"summary.csv", report.summary.csv()},
      {"bands.csv", report.bands.csv()},
      {"exceedance.csv", report.exceedance.csv()},
      {"metadata.csv", report.metadata_table.csv()}};
  const std::pair<const char*, const std::optional<engine::ReportTable>*> optional[] = {
      {"parameters.csv", &report.parameters},
      {"risk.csv", &report.risk},
      {"tornado.csv", &report.tornado},
      {"sobol.csv", &report.sobol}};
  for (const auto& [name, table] : optional)
    if (*table) files.push_back({name, (*table)->csv()});
  return files;
}

}  // namespace incomesim::report
