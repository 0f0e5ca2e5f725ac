#include "scenarios/scenario_loader.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "distributions/parse.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace incomesim::scenarios {
namespace {

const toml::table* section(const toml::table& root, const std::string& name,
                           const std::string& source) {
  const toml::node* node = root.get(name);
  if (!node) return nullptr;
  if (const toml::table* table = node->as_table()) return table;
  SourceLocation where = dist::location_of(*node);
  if (where.file.empty()) where.file = source;
  throw InputError(where, name,
                   fmt::format("expected a table ([{}]), found {}", name,
                               dist::toml_type_name(*node)));
}

Scenario build(const toml::table& root, const std::string& source, const std::string& stem) {
  Scenario scenario;
  scenario.source = source;
  TableReader top(&root, "", source, scenario.parameters);
  scenario.name = top.text("name", stem, "the file name");
  scenario.currency = top.text("currency", "USD", "assumption");
  scenario.model.horizon = static_cast<int>(
      top.integer("horizon_months", 36, 1, kMaxHorizonMonths, "MODEL.md default: 3 years"));

  {
    TableReader reader(section(root, "regime", source), "regime", source, scenario.parameters);
    scenario.model.regime = RegimeParams::read(reader);
    reader.reject_unknown_keys();
  }
  if (const toml::table* table = section(root, "career", source)) {
    TableReader reader(table, "career", source, scenario.parameters);
    scenario.model.career = CareerStream{CareerParams::read(reader)};
    reader.reject_unknown_keys();
  }
  // Sections are keys of the top table too: an unknown section gets the same suggestion.
  for (const char* name : {"regime", "career"}) top.declare_section(name);
  top.reject_unknown_keys();

  if (scenario.model.stream_names().empty())
    throw InputError(SourceLocation{source, 0, 0}, "",
                     "the scenario has no income stream; add one, e.g. [career] with "
                     "salary = 60000");
  return scenario;
}

std::string stem_of(const std::string& source) {
  return std::filesystem::path(source).stem().string();
}

Scenario parse_and_build(std::string_view text, const std::string& source) {
  // A UTF-8 byte-order mark is legal at the start of a file; TOML parsers may not accept it.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw InputError(SourceLocation{source, static_cast<int>(begin.line),
                                    static_cast<int>(begin.column)},
                     "", fmt::format("not valid TOML: {}", error.description()));
  }
  return build(root, source, stem_of(source));
}

}  // namespace

Scenario load_scenario_file(const std::filesystem::path& path) {
  const std::string source = path.string();
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw InputError(source, "scenario file not found");
  if (std::filesystem::is_directory(path, error))
    throw InputError(source, "is a directory; expected a scenario file (.toml)");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(source, "cannot open the scenario file for reading");
  std::ostringstream content;
  content << file.rdbuf();
  return parse_and_build(content.str(), source);
}

Scenario load_scenario_text(std::string_view text, const std::string& source_name) {
  return parse_and_build(text, source_name);
}

const std::string& default_scenario_name() {
  static const std::string name = "alake-2020.toml";
  return name;
}

Scenario load_default_scenario() {
  return load_scenario_text(bundled_scenario_text(default_scenario_name()),
                            "<bundled>/" + default_scenario_name());
}

}  // namespace incomesim::scenarios
