#include "report/results_directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "core/input_error.hpp"
#include "core/plain_text.hpp"
#include "engine/csv.hpp"
#include "engine/metric_names.hpp"
#include "engine/report_table.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/stream_list.hpp"
#include "scenarios/tax.hpp"

namespace incomesim::report {
namespace {

namespace fs = std::filesystem;
using CsvRows = std::vector<std::vector<std::string>>;

constexpr std::size_t kMaxTextCell = 4096;  // a path (PATH_MAX) is the longest text written

// The bytes of a results file: a regular file (a FIFO would block, /dev/zero never end) of at
// most kMaxResultsFileBytes, ending with a line break (else truncated), holding no control
// character but line ends (NUL bytes, escapes).
std::string read_bounded(const fs::path& path) {
  std::error_code error;
  const auto status = fs::status(path, error);
  if (!fs::exists(status))
    throw InputError(path.string(),
                     "cannot read it; expected a results directory written by "
                     "`incomesim run --out DIR`");
  if (!fs::is_regular_file(status))
    throw InputError(path.string(),
                     "is not a regular file (a directory, pipe, device or socket); expected a "
                     "CSV file written by incomesim");
  const auto too_large = [&](std::uintmax_t bytes) {
    return InputError(path.string(), fmt::format("is {} bytes; a results file may be at most {} "
                                                 "bytes (64 MiB)",
                                                 bytes, kMaxResultsFileBytes));
  };
  if (const auto bytes = fs::file_size(path, error); !error && bytes > kMaxResultsFileBytes)
    throw too_large(bytes);
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(path.string(), "cannot open it for reading");
  std::string text(kMaxResultsFileBytes + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (file.bad()) throw InputError(path.string(), "cannot read it");
  text.resize(static_cast<std::size_t>(file.gcount()));
  if (text.size() > kMaxResultsFileBytes) throw too_large(text.size());
  if (text.empty()) throw InputError(path.string(), "is empty; expected a CSV header");
  for (std::size_t i = 0, line = 1, line_start = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\n' && byte != '\r') || byte == 0x7F)
      throw InputError(
          SourceLocation{path.string(), static_cast<int>(line),
                         static_cast<int>(i - line_start + 1)},
          "",
          fmt::format("holds {}; a results file is plain text", describe_control_character(byte)));
    if (byte == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  if (text.back() != '\n')
    throw InputError(path.string(),
                     "ends in the middle of a row (truncated?); every file incomesim writes ends "
                     "with a line break");
  return text;
}

// What a column's cells may hold.
enum class Kind {
  text,             // plain text (control characters are refused for the whole file)
  scenario,         // the scenario's name, as in metadata.csv
  series,           // a stream, total, tax, net or household
  period,           // horizon, yearN, monthN, monthsA-B
  metric,           // letters, digits and _ . + - (p2.5, p_above_200000, total.horizon.p10)
  month,            // 1 .. horizon_months
  trials_of_run,    // metadata's trials
  seed_of_run,      // metadata's seed
  whole,            // a whole number >= 0
  rank,             // a whole number >= 1, or empty
  number,           // a finite number
  number_or_empty,  // a finite number or nothing
  probability,      // a number in [0, 1]
  origin,           // given or default
};

struct Rule {
  const char* column;
  Kind kind;
};

const std::map<std::string, std::vector<Rule>>& rules_by_file() {
  static const std::vector<Rule> kSummaryColumns{
      {"scenario", Kind::scenario},       {"series", Kind::series},
      {"period", Kind::period},           {"metric", Kind::metric},
      {"value", Kind::number_or_empty},   {"ci_low", Kind::number_or_empty},
      {"ci_high", Kind::number_or_empty}, {"trials", Kind::trials_of_run},
      {"seed", Kind::seed_of_run}};
  static const std::map<std::string, std::vector<Rule>> kRules{
      {"metadata.csv", {{"key", Kind::metric}, {"value", Kind::text}}},
      {"summary.csv", kSummaryColumns},
      {"bands.csv",
       {{"scenario", Kind::scenario},
        {"series", Kind::series},
        {"month", Kind::month},
        {"p5", Kind::number},
        {"p25", Kind::number},
        {"p50", Kind::number},
        {"p75", Kind::number},
        {"p95", Kind::number},
        {"relative_error", Kind::probability},
        {"trials", Kind::trials_of_run},
        {"seed", Kind::seed_of_run}}},
      {"exceedance.csv",
       {{"scenario", Kind::scenario},
        {"series", Kind::series},
        {"income", Kind::number},
        {"p_exceed", Kind::probability},
        {"trials", Kind::trials_of_run},
        {"seed", Kind::seed_of_run}}},
      {"risk.csv", kSummaryColumns},  // the same columns (docs/csv-schema.md)
      {"parameters.csv",
       {{"key", Kind::text},
        {"value", Kind::text},
        {"origin", Kind::origin},
        {"source", Kind::text}}},
      // Written by `sensitivity` and `sobol`, possibly with other trials and seeds than the run.
      {"tornado.csv",
       {{"parameter", Kind::text},
        {"metric", Kind::metric},
        {"result_base", Kind::number_or_empty},
        {"result_low", Kind::number_or_empty},
        {"result_high", Kind::number_or_empty},
        {"rank", Kind::rank}}},
      {"sobol.csv",
       {{"output", Kind::metric},
        {"input", Kind::text},
        {"first_order", Kind::number_or_empty},
        {"first_order_ci_low", Kind::number_or_empty},
        {"first_order_ci_high", Kind::number_or_empty},
        {"total_effect", Kind::number_or_empty},
        {"total_effect_ci_low", Kind::number_or_empty},
        {"total_effect_ci_high", Kind::number_or_empty},
        {"trials", Kind::whole},
        {"seed", Kind::whole}}},
  };
  return kRules;
}

const std::set<std::string>& known_series() {
  static const std::set<std::string> kSeries = [] {
    std::set<std::string> names;
    for (const auto& name : scenarios::all_stream_names()) names.insert(name);
    for (const std::string_view name :
         {std::string_view(engine::kTotalSeries), scenarios::kIncomeTaxSeries,
          scenarios::kSocialSeries, scenarios::kTaxSeries, scenarios::kNetSeries,
          std::string_view("household")})
      names.emplace(name);
    return names;
  }();
  return kSeries;
}

std::optional<std::uint64_t> whole_number(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> finite_number(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

// The cell shown in a message: at most 40 characters.
std::string shown(const std::string& cell) {
  return cell.size() > 40 ? cell.substr(0, 40) + "..." : cell;
}

// The problem with a cell of a kind that names something, or empty.
std::string name_problem(const std::string& cell, Kind kind, const RunMetadata* run) {
  switch (kind) {
    case Kind::text:
      return "";
    case Kind::scenario:
      return run && cell != run->scenario
                 ? fmt::format("'{}' is not the scenario of metadata.csv ('{}')", shown(cell),
                               shown(run->scenario))
                 : "";
    case Kind::series: {
      if (known_series().count(cell)) return "";
      std::string allowed;
      for (const auto& name : known_series()) allowed += (allowed.empty() ? "" : ", ") + name;
      return fmt::format("'{}' is not a series; allowed: {}", shown(cell), allowed);
    }
    case Kind::period: {
      static const std::regex kPeriod(
          "horizon|year[1-9][0-9]{0,3}|month[1-9][0-9]{0,3}|"
          "months[1-9][0-9]{0,3}-[1-9][0-9]{0,3}");
      return std::regex_match(cell, kPeriod)
                 ? ""
                 : fmt::format("'{}' is not a period; allowed: horizon, yearN, monthN, monthsA-B",
                               shown(cell));
    }
    case Kind::metric:
      return !cell.empty() && cell.size() <= 128 &&
                     cell.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789_.+-[]") == std::string::npos
                 ? ""
                 : fmt::format(
                       "'{}' is not a metric name (letters, digits and _ . + - [ ], at "
                       "most 128)",
                       shown(cell));
    case Kind::origin:
      return cell == "given" || cell == "default"
                 ? ""
                 : fmt::format("'{}' is not an origin; allowed: given, default", shown(cell));
    default:
      return "";
  }
}

// The problem with a cell of a kind that holds a number, or empty.
std::string number_problem(const std::string& cell, Kind kind, const RunMetadata* run) {
  switch (kind) {
    case Kind::month: {
      const auto month = whole_number(cell);
      const int horizon = run ? run->horizon_months : scenarios::kMaxHorizonMonths;
      return month && *month >= 1 && *month <= static_cast<std::uint64_t>(horizon)
                 ? ""
                 : fmt::format("'{}' is not a month from 1 to horizon_months ({})", shown(cell),
                               horizon);
    }
    case Kind::trials_of_run:
    case Kind::seed_of_run: {
      const bool trials = kind == Kind::trials_of_run;
      const auto value = whole_number(cell);
      const std::uint64_t expected = run ? (trials ? run->trials : run->seed) : 0;
      if (!value) return fmt::format("'{}' is not a whole number", shown(cell));
      return run && *value != expected ? fmt::format("{} is not the run's {} in metadata.csv ({})",
                                                     cell, trials ? "trials" : "seed", expected)
                                       : "";
    }
    case Kind::whole:
      return whole_number(cell) ? "" : fmt::format("'{}' is not a whole number", shown(cell));
    case Kind::rank: {
      const auto value = whole_number(cell);
      return cell.empty() || (value && *value >= 1)
                 ? ""
                 : fmt::format("'{}' is not a rank (1, 2, ...) or empty", shown(cell));
    }
    case Kind::number:
    case Kind::number_or_empty:
      if (cell.empty() && kind == Kind::number_or_empty) return "";
      return finite_number(cell) ? ""
                                 : fmt::format("'{}' is not a finite number{}", shown(cell),
                                               kind == Kind::number ? "" : " or empty");
    case Kind::probability: {
      const auto value = finite_number(cell);
      return value && *value >= 0 && *value <= 1
                 ? ""
                 : fmt::format("'{}' is not a probability (a number from 0 to 1)", shown(cell));
    }
    default:
      return "";
  }
}

// The problem with one cell, or empty.
std::string cell_problem(const std::string& cell, Kind kind, const RunMetadata* run) {
  if (cell.size() > kMaxTextCell)
    return fmt::format("a cell of {} characters; allowed: at most {}", cell.size(), kMaxTextCell);
  // A quoted cell may hold a line break; names and labels never do.
  if (const auto control = first_control_character(cell))
    return fmt::format("'{}...' {}",
                       one_line(cell.substr(0, std::min<std::size_t>(control->offset, 40))),
                       control_character_problem(cell));
  switch (kind) {
    case Kind::month:
    case Kind::trials_of_run:
    case Kind::seed_of_run:
    case Kind::whole:
    case Kind::rank:
    case Kind::number:
    case Kind::number_or_empty:
    case Kind::probability:
      return number_problem(cell, kind, run);
    default:
      return name_problem(cell, kind, run);
  }
}

// The index of the column headed `name`; an InputError naming the file when there is none.
std::size_t column_index(const CsvRows& rows, const std::string& name,
                         const std::filesystem::path& path) {
  for (std::size_t c = 0; c < rows.front().size(); ++c)
    if (rows.front()[c] == name) return c;
  throw InputError(path.string(),
                   fmt::format("has no column '{}'; is it a results directory written by this "
                               "version of incomesim?",
                               name));
}

// Summary and risk rows whose metric is a share of trials hold probabilities.
bool is_probability_metric(const std::string& metric) {
  return metric == "p_zero" || metric == "p_ruin" || metric.rfind("p_above_", 0) == 0;
}

// A row of bands.csv: its bands rise from p5 to p95, and it is the only row of its series and
// month (`seen` holds those before it).
void check_band_row(const std::vector<std::string>& row,
                    const std::map<std::string, std::size_t>& named, const SourceLocation& where,
                    std::set<std::pair<std::string, std::string>>& seen) {
  double previous = -INFINITY;
  for (const char* band : {"p5", "p25", "p50", "p75", "p95"}) {
    const std::size_t c = named.at(band);
    const double value = *finite_number(row[c]);
    if (value < previous)
      throw InputError(
          SourceLocation{where.file, where.line, static_cast<int>(c + 1)}, band,
          fmt::format("{} is below the band before it; bands rise from p5 to p95", row[c]));
    previous = value;
  }
  const std::size_t c_series = named.at("series"), c_month = named.at("month");
  if (!seen.insert({row[c_series], row[c_month]}).second)
    throw InputError(where, "",
                     fmt::format("a second row for {} in month {}", row[c_series], row[c_month]));
}

// The streams' shares of the total's mean, variance and shortfall (risk.csv: each share's sum
// over the streams, and whether any stream left it empty) add up to 1, to rounding.
void check_shares_sum_to_one(const std::map<std::string, std::pair<double, bool>>& shares,
                             const std::string& file) {
  for (const auto& [metric, sum_and_missing] : shares) {
    const auto [sum, missing] = sum_and_missing;
    if (!missing && std::abs(sum - 1) > 1e-6)
      throw InputError(SourceLocation{file, 0, 0}, metric,
                       fmt::format("sums to {:.6g} over the streams; each stream's share of the "
                                   "total, they sum to 1 (edited?)",
                                   sum));
  }
}

CsvRows read_validated(const fs::path& path, const std::vector<Rule>& rules,
                       const RunMetadata* run) {
  CsvRows rows = engine::parse_csv_strict(read_bounded(path), path.string());
  // Schema 1 (before metadata.csv recorded it) called the series column "stream".
  if (run && run->schema_version == 1)
    for (auto& name : rows.front())
      if (name == "stream") name = "series";
  const std::string file = path.string();
  std::vector<std::size_t> columns;
  std::map<std::string, std::size_t> named;  // a ruled column's index, found once
  for (const Rule& rule : rules) {
    columns.push_back(column_index(rows, rule.column, path));
    named[rule.column] = columns.back();
  }
  const std::size_t width = rows.front().size();
  const std::string name = path.filename().string();
  std::set<std::pair<std::string, std::string>> band_rows;  // (series, month) of bands.csv
  // risk.csv: each share summed over the streams, and whether any stream left it empty.
  std::map<std::string, std::pair<double, bool>> shares;
  bool has_total = false;  // bands.csv and exceedance.csv: the charts' series
  for (std::size_t r = 1; r < rows.size(); ++r) {
    auto& row = rows[r];
    const int line = static_cast<int>(r + 1);
    if (row.size() != width)
      throw InputError(
          SourceLocation{file, line, 0}, "",
          fmt::format("{} fields; the header has {} (truncated or edited?)", row.size(), width));
    for (auto& cell : row) cell = engine::CsvWriter::untext(cell);
    for (std::size_t k = 0; k < rules.size(); ++k) {
      const std::string& cell = row[columns[k]];
      Kind kind = rules[k].kind;
      // Shares of trials and their intervals are probabilities.
      if ((name == "summary.csv" || name == "risk.csv") && kind == Kind::number_or_empty &&
          is_probability_metric(row[named.at("metric")]) && !cell.empty())
        kind = Kind::probability;
      if (const std::string problem = cell_problem(cell, kind, run); !problem.empty())
        throw InputError(SourceLocation{file, line, static_cast<int>(columns[k] + 1)},
                         rules[k].column, problem);
    }
    if (name == "risk.csv") {
      const std::string& metric = row[named.at("metric")];
      if (row[named.at("series")] != "total" && metric.rfind("share_of_", 0) == 0) {
        const std::string& cell = row[named.at("value")];
        auto& [sum, missing] = shares[metric];
        if (cell.empty())
          missing = true;
        else
          sum += *finite_number(cell);
      }
    }
    if (name == "bands.csv" || name == "exceedance.csv")
      has_total = has_total || row[named.at("series")] == "total";
    if (name == "bands.csv") check_band_row(row, named, SourceLocation{file, line, 0}, band_rows);
  }
  if ((name == "bands.csv" || name == "exceedance.csv") && !has_total)
    throw InputError(file, "has no rows for the total; every run writes them");
  check_shares_sum_to_one(shares, file);
  return rows;
}

// What a column of each kind holds once checked.
engine::ReportTable::Type column_type(Kind kind) {
  switch (kind) {
    case Kind::month:
    case Kind::trials_of_run:
    case Kind::seed_of_run:
    case Kind::whole:
    case Kind::rank:
      return engine::ReportTable::Type::integer;
    case Kind::number:
    case Kind::number_or_empty:
    case Kind::probability:
      return engine::ReportTable::Type::real;
    default:
      return engine::ReportTable::Type::text;
  }
}

// Checked rows (header first) as a typed table: each cell parsed by its column's kind.
engine::ReportTable typed_table(const CsvRows& rows, const std::vector<Rule>& rules) {
  std::vector<engine::ReportTable::Column> columns;
  for (const auto& name : rows.front()) {
    const auto rule =
        std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return name == r.column; });
    columns.push_back(
        {name, rule == rules.end() ? engine::ReportTable::Type::text : column_type(rule->kind)});
  }
  engine::ReportTable table(columns);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::vector<engine::ReportTable::Cell> cells;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& cell = rows[r][c];
      if (columns[c].type == engine::ReportTable::Type::text)
        cells.emplace_back(cell);
      else if (cell.empty())
        cells.emplace_back(std::monostate{});
      else if (columns[c].type == engine::ReportTable::Type::integer)
        cells.emplace_back(*whole_number(cell));  // checked: a whole number
      else
        cells.emplace_back(*finite_number(cell));  // checked: a finite number
    }
    table.add_row(std::move(cells));
  }
  return table;
}

// metadata.csv's schema_version: 1 when absent (written before it was recorded), refused when
// newer than this build reads.
int read_schema_version(const std::map<std::string, std::pair<std::string, int>>& values,
                        const fs::path& path) {
  const auto found = values.find("schema_version");
  if (found == values.end()) return 1;
  const auto version = whole_number(found->second.first);
  if (!version || *version < 1 || *version > static_cast<std::uint64_t>(engine::kCsvSchemaVersion))
    throw InputError(SourceLocation{path.string(), found->second.second, 2}, "schema_version",
                     fmt::format("'{}' is not a layout this incomesim reads; allowed: 1 to {} "
                                 "(docs/csv-schema.md); a newer incomesim wrote it?",
                                 shown(found->second.first), engine::kCsvSchemaVersion));
  return static_cast<int>(*version);
}

}  // namespace

ResultsDirectory::ResultsDirectory(const fs::path& dir) : dir_(dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error))
    throw InputError(dir.string(), "is not a results directory (run `incomesim run --out DIR`)");
  const fs::path path = dir / "metadata.csv";
  const CsvRows metadata_rows = read_validated(path, rules_by_file().at("metadata.csv"), nullptr);
  tables_.emplace("metadata.csv", typed_table(metadata_rows, rules_by_file().at("metadata.csv")));
  std::map<std::string, std::pair<std::string, int>> values;  // key -> (value, line)
  for (std::size_t r = 1; r < metadata_rows.size(); ++r)
    values[metadata_rows[r][0]] = {metadata_rows[r][1], static_cast<int>(r + 1)};
  auto value = [&](const char* key, Kind kind) -> const std::string& {
    const auto found = values.find(key);
    if (found == values.end())
      throw InputError(path.string(),
                       fmt::format("has no row '{}'; every run writes scenario, currency, trials, "
                                   "seed, horizon_months and results_mode (truncated or edited?)",
                                   key));
    if (const std::string problem = cell_problem(found->second.first, kind, nullptr);
        !problem.empty())
      throw InputError(SourceLocation{path.string(), found->second.second, 2}, key, problem);
    return found->second.first;
  };
  metadata_.schema_version = read_schema_version(values, path);
  metadata_.scenario = value("scenario", Kind::text);
  metadata_.currency = value("currency", Kind::text);
  for (const char* key : {"scenario", "currency"}) {
    const std::string& text = values[key].first;
    if (text.empty() || text.size() > scenarios::kMaxStringLength)
      throw InputError(
          SourceLocation{path.string(), values[key].second, 2}, key,
          fmt::format("{} characters; allowed: 1 to {}", text.size(), scenarios::kMaxStringLength));
  }
  const auto trials = whole_number(value("trials", Kind::whole));
  if (*trials == 0)
    throw InputError(SourceLocation{path.string(), values["trials"].second, 2}, "trials",
                     "0; a run has at least 1 trial");
  metadata_.trials = *trials;
  metadata_.seed = *whole_number(value("seed", Kind::whole));
  const auto horizon = whole_number(value("horizon_months", Kind::whole));
  if (*horizon < 1 || *horizon > static_cast<std::uint64_t>(scenarios::kMaxHorizonMonths))
    throw InputError(SourceLocation{path.string(), values["horizon_months"].second, 2},
                     "horizon_months",
                     fmt::format("{} is not from 1 to {}", *horizon, scenarios::kMaxHorizonMonths));
  metadata_.horizon_months = static_cast<int>(*horizon);
  metadata_.results_mode = value("results_mode", Kind::text);
  if (metadata_.results_mode != "exact" && metadata_.results_mode != "streaming")
    throw InputError(SourceLocation{path.string(), values["results_mode"].second, 2},
                     "results_mode",
                     fmt::format("'{}' is not a mode; allowed: exact, streaming",
                                 metadata_.results_mode.substr(0, 40)));
  const auto read = [&](const std::string& name) {
    const std::vector<Rule>& rules = rules_by_file().at(name);
    tables_.emplace(name, typed_table(read_validated(dir / name, rules, &metadata_), rules));
  };
  for (const char* name : {"summary.csv", "bands.csv", "exceedance.csv"}) read(name);
  for (const char* name : {"risk.csv", "parameters.csv", "tornado.csv", "sobol.csv"})
    if (fs::exists(fs::symlink_status(dir / name, error))) read(name);
}

const engine::ReportTable& ResultsDirectory::table(const std::string& name) const {
  return tables_.at(name);
}

const engine::ReportTable* ResultsDirectory::table_if_present(const std::string& name) const {
  const auto found = tables_.find(name);
  return found == tables_.end() ? nullptr : &found->second;
}

}  // namespace incomesim::report
