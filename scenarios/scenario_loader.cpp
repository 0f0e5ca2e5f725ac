#include "scenarios/scenario_loader.hpp"

#include <cmath>
#include <fstream>
#include <optional>
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

// Reads one stream's section with its reader, then resolves its currency against [fx].
template <class Stream, class Params>
void read_stream(const toml::table& root, const char* name, Scenario& scenario,
                 std::optional<Stream>& slot) {
  const toml::table* table = section(root, name, scenario.source);
  if (!table) return;
  TableReader reader(table, name, scenario.source, scenario.parameters);
  slot = Stream{Params::read(reader, scenario.currency)};
  reader.reject_unknown_keys();
  scenario.model.stream_currency.push_back(scenario.model.fx.index_of(
      slot->params.currency, reader.location("currency"), reader.path("currency")));
}

// A whole month number within the horizon, or an InputError at the element.
int report_month(const toml::node& element, const std::string& key, int horizon) {
  const auto month = element.value_exact<std::int64_t>();
  if (!month || *month < 1 || *month > horizon)
    throw InputError(dist::location_of(element), key,
                     fmt::format("expected whole months from 1 to horizon_months ({})", horizon));
  return static_cast<int>(*month);
}

const toml::array* report_array(const TableReader& reader, const toml::table* table,
                                const char* key, const char* example) {
  const toml::node* node = table ? table->get(key) : nullptr;
  if (!node) return nullptr;
  if (const toml::array* array = node->as_array()) return array;
  throw InputError(reader.location(key), reader.path(key),
                   fmt::format("expected an array, e.g. {} = {}, found {}", key, example,
                               dist::toml_type_name(*node)));
}

void read_report(const toml::table* table, Scenario& scenario) {
  TableReader reader(table, "report", scenario.source, scenario.parameters);
  const int horizon = scenario.model.horizon;
  for (const char* key : {"months", "ranges", "thresholds"}) reader.declare_section(key);
  if (const toml::array* months = report_array(reader, table, "months", "[6, 12]"))
    for (const toml::node& element : *months) {
      const int month = report_month(element, reader.path("months"), horizon);
      scenario.report_ranges.push_back({month, month});
    }
  if (const toml::array* ranges = report_array(reader, table, "ranges", "[[1, 7]]"))
    for (const toml::node& element : *ranges) {
      const toml::array* pair = element.as_array();
      if (!pair || pair->size() != 2)
        throw InputError(dist::location_of(element), reader.path("ranges"),
                         "expected [first, last] month pairs, e.g. ranges = [[1, 7]]");
      const int first = report_month(*pair->get(0), reader.path("ranges"), horizon);
      const int last = report_month(*pair->get(1), reader.path("ranges"), horizon);
      if (first > last)
        throw InputError(dist::location_of(element), reader.path("ranges"),
                         fmt::format("[{}, {}]: the first month must not come after the last",
                                     first, last));
      scenario.report_ranges.push_back({first, last});
    }
  if (const toml::array* thresholds =
          report_array(reader, table, "thresholds", "[100, 1000]"))
    for (const toml::node& element : *thresholds) {
      const auto threshold = element.value<double>();
      if (!threshold || !std::isfinite(*threshold))
        throw InputError(dist::location_of(element), reader.path("thresholds"),
                         "expected finite numbers (amounts of income)");
      scenario.report_thresholds.push_back(*threshold);
    }
  reader.reject_unknown_keys();
}

Scenario build(const toml::table& root, const std::string& source, const std::string& stem) {
  Scenario scenario;
  scenario.source = source;
  TableReader top(&root, "", source, scenario.parameters);
  scenario.name = top.text("name", stem, "the file name");
  scenario.currency = top.text("currency", "USD", "assumption");
  IncomeModel& model = scenario.model;
  model.horizon = static_cast<int>(
      top.integer("horizon_months", 36, 1, kMaxHorizonMonths, "MODEL.md default: 3 years"));
  {
    TableReader reader(section(root, "regime", source), "regime", source, scenario.parameters);
    model.regime = RegimeParams::read(reader);
    reader.reject_unknown_keys();
  }
  model.fx = FxTable::read(section(root, "fx", source), scenario.currency, source,
                           scenario.parameters);
  read_stream<CareerStream, CareerParams>(root, "career", scenario, model.career);
  read_stream<ConsultingStream, ConsultingParams>(root, "consulting", scenario, model.consulting);
  read_stream<MediumStream, MediumParams>(root, "medium", scenario, model.medium);
  read_stream<YoutubeStream, YoutubeParams>(root, "youtube", scenario, model.youtube);
  read_stream<NewsletterStream, NewsletterParams>(root, "newsletter", scenario, model.newsletter);
  if (const toml::table* table = section(root, "household", source)) {
    TableReader reader(table, "household", source, scenario.parameters);
    model.household = HouseholdModel{HouseholdParams::read(reader)};
    reader.reject_unknown_keys();
  }
  read_report(section(root, "report", source), scenario);
  model.copula = Copula::build(root.get("correlation"), model.per_trial_parameters(), source);

  // Sections are keys of the top table too: an unknown section gets the same suggestion.
  for (const char* name : {"regime", "fx", "career", "consulting", "medium", "youtube",
                           "newsletter", "household", "report", "correlation"})
    top.declare_section(name);
  top.reject_unknown_keys();

  if (model.stream_names().empty())
    throw InputError(SourceLocation{source, 0, 0}, "",
                     "the scenario has no income stream; add one of [career], [consulting], "
                     "[medium], [youtube] or [newsletter]");
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
