#pragma once
// The CSV files of a results directory as the charts and the HTML report read them back. A
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

namespace incomesim::tools {

using CsvRows = std::vector<std::vector<std::string>>;

// The largest results file read back (a run of 1,200 months with every report period writes a
// summary.csv of a few MB).
inline constexpr std::uintmax_t kMaxResultsFileBytes = 64u << 20;

// metadata.csv, validated: the keys every run writes, each of its kind.
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
  const CsvRows& metadata_rows() const { return metadata_rows_; }

  // The validated rows of one of those files, header first.
  const CsvRows& read(const std::string& name) const;
  // The same, or nothing when the file is absent (risk.csv in streaming mode).
  const CsvRows* read_if_present(const std::string& name) const;

 private:
  std::filesystem::path dir_;
  CsvRows metadata_rows_;
  RunMetadata metadata_;
  std::map<std::string, CsvRows> files_;
};

// The index of the column headed `name`; an InputError naming the file when there is none.
std::size_t column_index(const CsvRows& rows, const std::string& name,
                         const std::filesystem::path& path);

}  // namespace incomesim::tools
