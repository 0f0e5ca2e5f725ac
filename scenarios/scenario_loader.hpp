#pragma once
// Scenario files (TOML, docs/scenario-format.md) into models. Every problem is an InputError
// naming file:line:column and the key.
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/income_model.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct Scenario {
  std::string name;
  std::string source;    // file path, or the bundled name
  std::string currency;  // reporting currency
  IncomeModel model;
  std::vector<ResolvedParameter> parameters;      // every key with its value and where it came from
  std::vector<engine::MonthRange> report_ranges;  // [report] months and ranges
  std::vector<double> report_thresholds;          // [report] thresholds: P(income > x) to report
};

inline constexpr int kMaxHorizonMonths = 1200;
// Bounds on input: a scenario file's size, the parts of a dotted key, a key's and a string's
// length. Far above any real scenario; they keep hostile input from exhausting memory, the stack
// or the disk (a name is repeated on every CSV row).
inline constexpr std::uintmax_t kMaxScenarioBytes = 1 << 20;
inline constexpr std::size_t kMaxKeyParts = 32;
inline constexpr std::size_t kMaxKeyLength = 128;
inline constexpr std::size_t kMaxStringLength = 256;
// Report periods ([report] months and ranges together) and thresholds each add rows for every
// series, and a period per-trial storage or a sketch: bounded so that a small file cannot ask for
// gigabytes. bands.csv already has every month.
inline constexpr std::size_t kMaxReportPeriods = 240;
inline constexpr std::size_t kMaxReportThresholds = 100;

// A change to one key of a scenario, as on the command line: `medium.articles_per_week=3`,
// `medium.earnings_per_article.median=10` (a field of an inline distribution), or a whole TOML
// value such as `youtube.skill={ dist = "lognormal", median = 1, sigma = 0.3 }`.
struct Override {
  std::string key;               // dotted path
  std::string value;             // TOML value text
  std::string origin = "--set";  // the option it came from, for messages
};
// Parses "key=value"; throws InputError naming the argument when it is not of that form.
Override parse_override(const std::string& argument);

Scenario load_scenario_file(const std::filesystem::path& path,
                            const std::vector<Override>& overrides = {});
// `source_name` stands for the file in messages.
Scenario load_scenario_text(std::string_view text, const std::string& source_name,
                            const std::vector<Override>& overrides = {});
// The scenario's TOML after overrides, e.g. to write a calibrated file.
// The file's text with one key's value replaced in place (its comments, order and formatting
// kept), `value` being TOML text; nothing when the key has no value in the file to replace (a
// default, or a table) or the edit would not read back as exactly that change.
std::optional<std::string> with_value_replaced(std::string_view text,
                                               const std::string& source_name,
                                               const std::string& key, const std::string& value);

std::string scenario_toml(std::string_view text, const std::string& source_name,
                          const std::vector<Override>& overrides);
// A bundled scenario's name or a file path: the text and how messages should name it.
struct ScenarioSource {
  std::string text;
  std::string name;
};
ScenarioSource read_scenario_source(const std::string& path_or_empty);
// Text given in memory (Python's load(text=...)) under `name`, checked as a file would be: at
// most kMaxScenarioBytes, a name of plain text of at most kMaxStringLength. InputError otherwise.
ScenarioSource scenario_source_from_text(std::string text, std::string name);

// Every number a scenario file gives, as a dotted key that an Override can set: section keys
// ("career.layoff_hazard") and fields of inline distributions ("medium.skill.median"). Arrays
// ([[correlation]], mixture components) and [report] are left out.
struct NumericLeaf {
  std::string key;
  double value;
};
std::vector<NumericLeaf> numeric_leaves(std::string_view text, const std::string& source_name,
                                        const std::vector<Override>& overrides = {});

// The value of every per-trial parameter in trials [0, trials) of a run with this seed, exactly
// as the run draws them (copula included), by key ("medium.skill", ...).
std::vector<std::pair<std::string, std::vector<double>>> per_trial_values(const IncomeModel& model,
                                                                          std::uint64_t seed,
                                                                          std::uint64_t trials);

// The bundled default scenario (the seed article's author, mid-2020).
const std::string& default_scenario_name();
Scenario load_default_scenario();

}  // namespace incomesim::scenarios
