#pragma once
// The CSV files of a results directory read back as typed tables, for the charts, the HTML
// report and Python. A
// results directory may come from someone else, so it is untrusted input: each file must be a
// regular file of bounded size, and every cell is checked against its column (plain text, a known
// series, a period, a whole number, a finite number, a probability) and against the run's
// metadata (trials, seed, horizon). Any problem is an InputError naming the file, row and
// column, before anything is drawn or written.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/report_table.hpp"

namespace incomesim::report {

// The largest results file read back (a run of 1,200 months with every report period writes a
// summary.csv of a few MB).
inline constexpr std::uintmax_t kMaxResultsFileBytes = 64u << 20;

// metadata.csv's keys every run writes, each of its kind (validated when read back).
struct RunMetadata {
  int schema_version = 1;  // engine::kCsvSchemaVersion when this build wrote it
  std::string scenario, currency, results_mode;
  std::uint64_t trials = 0, seed = 0;
  int horizon_months = 0;
};

class ResultsDirectory {
 public:
  // Checks that `dir` is a directory and reads and validates every file a report or chart reads:
  // metadata.csv, summary.csv, bands.csv and exceedance.csv, and risk.csv, parameters.csv,
  // tornado.csv and sobol.csv where present. A command that draws only some of them still
  // refuses a directory with any file tampered.
  explicit ResultsDirectory(const std::filesystem::path& dir);

  const std::filesystem::path& path() const { return dir_; }
  const RunMetadata& metadata() const { return metadata_; }

  // One of those files as a typed table: whole numbers (months, trials, seeds, ranks) as
  // integers, amounts and probabilities as reals, everything else as text; an empty cell is
  // missing. Columns the file has beyond those checked are kept as text.
  const engine::ReportTable& table(const std::string& name) const;
  // The same, or nothing when the file is absent (risk.csv in streaming mode).
  const engine::ReportTable* table_if_present(const std::string& name) const;

 private:
  std::filesystem::path dir_;
  RunMetadata metadata_;
  std::map<std::string, engine::ReportTable> tables_;
};

}  // namespace incomesim::report
