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
  std::vector<ResolvedParameter> parameters;  // every key with its value and where it came from
  std::vector<engine::MonthRange> report_ranges;  // [report] months and ranges
  std::vector<double> report_thresholds;      // [report] thresholds: P(income > x) to report
};

inline constexpr int kMaxHorizonMonths = 1200;

Scenario load_scenario_file(const std::filesystem::path& path);
// `source_name` stands for the file in messages.
Scenario load_scenario_text(std::string_view text, const std::string& source_name);

// The bundled default scenario (the seed article's author, mid-2020).
const std::string& default_scenario_name();
Scenario load_default_scenario();

}  // namespace incomesim::scenarios
