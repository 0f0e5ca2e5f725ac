#pragma once
// A run's report as data: the tables `run` writes (summary, bands, exceedance, metadata,
// parameters, and risk in exact mode) and those `sensitivity` and `sobol` add to a run's
// directory (tornado, sobol). It is made from a run in memory (`run_report`) or read back from a
// results directory with every cell checked (`read_run_report`); the CSV files, the page, the
// charts, the console and Python all start from it, and none of them parses another's text.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "analysis/run.hpp"
#include "engine/report_table.hpp"
#include "engine/statistics.hpp"
#include "report/results_directory.hpp"

namespace incomesim::report {

struct RunReport {
  RunMetadata metadata;
  engine::ReportTable metadata_table;  // key, value: every row of metadata.csv
  engine::ReportTable summary, bands, exceedance;
  std::optional<engine::ReportTable> parameters;  // always written by `run`
  std::optional<engine::ReportTable> risk;        // exact mode only
  std::optional<engine::ReportTable> tornado;     // from `incomesim sensitivity`
  std::optional<engine::ReportTable> sobol;       // from `incomesim sobol`
};

// The report of a run: its tables, the risk attribution in exact mode (it needs every trial's
// values), and in metadata any precision goals with what they reached.
RunReport run_report(const scenarios::Scenario& scenario, const analysis::RunResult& result);

// The report of a results directory, read through ResultsDirectory (InputError on any file or
// cell that is not what incomesim writes).
RunReport read_run_report(const std::filesystem::path& dir);

// summary.csv's (or risk.csv's) estimates by (series, period, metric), found at once.
class EstimateLookup {
 public:
  explicit EstimateLookup(const engine::ReportTable& rows);
  // The estimate, if the table has it with a finite value.
  std::optional<engine::Estimate> find(const std::string& series, const std::string& metric,
                                       const std::string& period = "horizon") const;
  bool has_series(const std::string& series) const;
  // The periods of `series` in the table's order whose name starts with `prefix` ("year").
  std::vector<std::string> periods(const std::string& series, const std::string& prefix) const;

 private:
  std::map<std::tuple<std::string, std::string, std::string>, engine::Estimate> estimates_;
  std::vector<std::pair<std::string, std::string>> series_periods_;  // in order, once each
};

// The report's CSV files, name and text, in the order a run lists them.
std::vector<std::pair<std::string, std::string>> csv_files(const RunReport& report);

}  // namespace incomesim::report
