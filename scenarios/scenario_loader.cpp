#include "scenarios/scenario_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/input_error.hpp"
#include "core/plain_text.hpp"
#include "core/suggest.hpp"
#include "distributions/parse.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace incomesim::scenarios {
namespace {

const toml::table* section(const toml::table& root, const std::string& name,
                           const std::string& source) {
  const toml::node* node = root.get(name);
  if (!node) return nullptr;
  if (const toml::table* table = node->as_table()) return table;
  throw InputError(
      dist::location_of(*node, source), name,
      fmt::format("expected a table ([{}]), found {}", name, dist::toml_type_name(*node)));
}

// A stream whose section is not a table read key by key (S::read) but whatever its own
// S::read_section accepts: [[products]], an array of tables.
template <class S>
constexpr bool reads_own_section = requires(const toml::node& node, const StreamContext& context,
                                            std::string& currency) {
  S::read_section(node, context, currency);
};

// Reads stream S's section, if the scenario has one, and resolves its currency against [fx].
template <class S>
void read_stream(const toml::table& root, Scenario& scenario) {
  const std::string name(S::kName);
  const StreamContext context{scenario.source, scenario.model.horizon, scenario.model.start_month,
                              &root, &scenario.parameters};
  std::optional<S>& slot = scenario.model.stream<S>();
  if constexpr (reads_own_section<S>) {
    const toml::node* node = root.get(name);
    if (!node) return;
    std::string currency = scenario.currency;
    const SourceLocation where = dist::location_of(*node, scenario.source);
    slot = S::read_section(*node, context, currency);
    scenario.model.stream_currency.push_back(
        scenario.model.fx.index_of(currency, where, name + ".currency"));
  } else {
    const toml::table* table = section(root, name, scenario.source);
    if (!table) return;
    TableReader reader(table, name, scenario.source, scenario.parameters);
    const std::string currency =
        reader.text("currency", scenario.currency, "the scenario's currency");
    slot = S::read(reader, context);
    reader.reject_unknown_keys();
    scenario.model.stream_currency.push_back(
        scenario.model.fx.index_of(currency, reader.location("currency"), reader.path("currency")));
  }
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
  const toml::array* months = report_array(reader, table, "months", "[6, 12]");
  const toml::array* ranges = report_array(reader, table, "ranges", "[[1, 7]]");
  const std::size_t periods = (months ? months->size() : 0) + (ranges ? ranges->size() : 0);
  if (periods > kMaxReportPeriods)
    throw InputError(reader.location(months ? "months" : "ranges"),
                     reader.path(months ? "months" : "ranges"),
                     fmt::format("{} report periods (months and ranges together); allowed: at "
                                 "most {} (bands.csv already has every month)",
                                 periods, kMaxReportPeriods));
  if (months)
    for (const toml::node& element : *months) {
      const int month = report_month(element, reader.path("months"), horizon);
      scenario.report_ranges.push_back({month, month});
    }
  if (ranges)
    for (const toml::node& element : *ranges) {
      const toml::array* pair = element.as_array();
      if (!pair || pair->size() != 2)
        throw InputError(dist::location_of(element), reader.path("ranges"),
                         "expected [first, last] month pairs, e.g. ranges = [[1, 7]]");
      const int first = report_month(*pair->get(0), reader.path("ranges"), horizon);
      const int last = report_month(*pair->get(1), reader.path("ranges"), horizon);
      if (first > last)
        throw InputError(
            dist::location_of(element), reader.path("ranges"),
            fmt::format("[{}, {}]: the first month must not come after the last", first, last));
      scenario.report_ranges.push_back({first, last});
    }
  if (const toml::array* thresholds = report_array(reader, table, "thresholds", "[100, 1000]")) {
    if (thresholds->size() > kMaxReportThresholds)
      throw InputError(reader.location("thresholds"), reader.path("thresholds"),
                       fmt::format("{} thresholds; allowed: at most {}", thresholds->size(),
                                   kMaxReportThresholds));
    for (const toml::node& element : *thresholds) {
      const auto threshold = element.value<double>();
      if (!threshold || !std::isfinite(*threshold))
        throw InputError(dist::location_of(element), reader.path("thresholds"),
                         "expected finite numbers (amounts of income)");
      scenario.report_thresholds.push_back(*threshold);
    }
  }
  reader.reject_unknown_keys();
}

Scenario build(const toml::table& root, const std::string& source, const std::string& stem) {
  Scenario scenario;
  scenario.source = source;
  TableReader top(&root, "", source, scenario.parameters);
  // Without `name`, the scenario is named after its file, whose name may hold anything.
  if (!root.contains("name")) {
    if (const std::string problem = control_character_problem(stem); !problem.empty())
      throw InputError(source, "the file name " + problem +
                                   "; rename the file or give the scenario a name = \"...\"");
    if (stem.size() > kMaxStringLength)
      throw InputError(source, fmt::format("the file name is {} characters; a scenario named "
                                           "after it may have at most {} (or give it a "
                                           "name = \"...\")",
                                           stem.size(), kMaxStringLength));
  }
  scenario.name = top.text("name", stem, "the file name");
  scenario.currency = top.text("currency", "USD", "assumption");
  IncomeModel& model = scenario.model;
  model.horizon = static_cast<int>(
      top.integer("horizon_months", 36, 1, kMaxHorizonMonths, "docs/models.md default: 3 years"));
  model.start_month =
      static_cast<int>(top.integer("start_month", 1, 1, 12, "docs/models.md default: January"));
  {
    TableReader reader(section(root, "regime", source), "regime", source, scenario.parameters);
    model.regime = RegimeParams::read(reader);
    reader.reject_unknown_keys();
  }
  model.fx =
      FxTable::read(section(root, "fx", source), scenario.currency, source, scenario.parameters);
  for_each_stream_type([&]<class S>(std::type_identity<S>) { read_stream<S>(root, scenario); });
  if (const toml::table* table = section(root, "tax", source)) {
    TableReader reader(table, "tax", source, scenario.parameters);
    model.tax = TaxModel::read(
        reader, scenario.currency,
        [&](const std::string& currency, const SourceLocation& where, const std::string& key) {
          return model.fx.index_of(currency, where, key);
        });
    model.tax->params.start_month = model.start_month;
    reader.reject_unknown_keys();
  }
  if (const toml::table* table = section(root, "household", source)) {
    TableReader reader(table, "household", source, scenario.parameters);
    model.household = HouseholdModel{HouseholdParams::read(reader)};
    reader.reject_unknown_keys();
  }
  read_report(section(root, "report", source), scenario);
  model.copula = Copula::build(root.get("correlation"), model.per_trial_parameters(), source);

  // Sections are keys of the top table too: an unknown section gets the same suggestion.
  const std::vector<std::string> streams = all_stream_names();
  for (const char* name : {"regime", "fx"}) top.declare_section(name);
  for (const auto& name : streams) top.declare_section(name);
  for (const char* name : {"tax", "household", "report", "correlation"}) top.declare_section(name);
  // What `optimise` reads (analysis/optimise.hpp); a run of the plan leaves them aside.
  for (const char* name : {"decisions", "constraints"}) top.declare_section(name);
  top.reject_unknown_keys();

  if (model.stream_names().empty()) {
    std::string sections;
    std::size_t k = 0;
    for_each_stream_type([&]<class S>(std::type_identity<S>) {
      const char* brackets[2] = {"[", "]"};
      if (reads_own_section<S>) brackets[0] = "[[", brackets[1] = "]]";
      sections += fmt::format("{}{}{}{}",
                              k == 0                    ? ""
                              : k + 1 == streams.size() ? " or "
                                                        : ", ",
                              brackets[0], S::kName, brackets[1]);
      ++k;
    });
    // Located where a section would go: the end of the file (line 1 of an empty one).
    const int end_line = std::max(1, static_cast<int>(root.source().end.line));
    throw InputError(SourceLocation{source, end_line, 1}, "",
                     "the scenario has no income stream; add one of " + sections);
  }
  return scenario;
}

std::string stem_of(const std::string& source) {
  return std::filesystem::path(source).stem().string();
}

namespace {

SourceLocation location_at(std::string_view text, std::size_t offset, const std::string& source) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {source, line, column};
}

// The parser builds one nested table per part of a dotted key ([a.b.c], a.b.c = 1) by recursion,
// so a key of tens of thousands of parts overflows the stack (SIGSEGV, no message). Nesting of
// arrays and inline tables is bounded by the parser itself (TOML_MAX_NESTED_VALUES); dotted keys
// are counted here, before parsing: a run of key characters, quoted parts and dots, outside
// strings and comments.
void refuse_deep_dotted_keys(std::string_view text, const std::string& source) {
  std::size_t dots = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      i = std::min(text.find('\n', i), text.size()) - 1;
      dots = 0;
    } else if (c == '"' || c == '\'') {
      // Quoted parts and string values are skipped whole; they neither end nor lengthen a key.
      const bool triple = text.substr(i, 3) == std::string(3, c);
      std::size_t j = i + (triple ? 3 : 1);
      while (j < text.size()) {
        if (c == '"' && text[j] == '\\') {
          j += 2;
          continue;
        }
        if (triple ? text.substr(j, 3) == std::string(3, c) : text[j] == c || text[j] == '\n')
          break;
        ++j;
      }
      i = std::min(j + (triple ? 2 : 0), text.size());
    } else if (c == '.') {
      if (++dots >= kMaxKeyParts)
        throw InputError(location_at(text, i, source), "",
                         fmt::format("a dotted key of more than {} parts; allowed: at most {} "
                                     "(scenario keys have at most 4, e.g. "
                                     "products.course.price)",
                                     kMaxKeyParts, kMaxKeyParts));
    } else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' ||
                 c == ' ' || c == '\t')) {
      dots = 0;
    }
  }
}

// The text before a control character, for a message that must not echo the character itself.
std::string text_before_control(std::string_view text, std::size_t offset) {
  const std::size_t shown = std::min<std::size_t>(offset, 40);
  return std::string(text.substr(offset - shown, shown));
}

// Keys and strings are echoed in messages and repeated on every row of the CSV files: a
// megabyte-long name would make gigabytes of output, and a line break in one would end a command
// of a gnuplot script and start another. Checked after parsing and again after overrides.
void refuse_unsafe_text(const toml::node& node, const std::string& source) {
  if (const toml::table* table = node.as_table()) {
    for (const auto& [key, value] : *table) {
      if (key.length() > kMaxKeyLength)
        throw InputError(dist::location_of(key, source), "",
                         fmt::format("a key of {} characters ('{}...'); allowed: at most {}",
                                     key.length(), key.str().substr(0, 40), kMaxKeyLength));
      if (const auto control = first_control_character(key.str()))
        throw InputError(
            dist::location_of(key, source), "",
            fmt::format("the key '{}...' {}", text_before_control(key.str(), control->offset),
                        control_character_problem(key.str())));
      refuse_unsafe_text(value, source);
    }
  } else if (const toml::array* array = node.as_array()) {
    for (const toml::node& element : *array) refuse_unsafe_text(element, source);
  } else if (const auto* text = node.as_string()) {
    if (text->get().size() > kMaxStringLength)
      throw InputError(
          dist::location_of(node, source), "",
          fmt::format("a string of {} characters ('{}...'); allowed: at most {}",
                      text->get().size(), text->get().substr(0, 40), kMaxStringLength));
    if (const auto control = first_control_character(text->get()))
      throw InputError(
          dist::location_of(node, source), "",
          fmt::format("the string '{}...' {}", text_before_control(text->get(), control->offset),
                      control_character_problem(text->get())));
  }
}

}  // namespace

toml::table parse_toml(std::string_view text, const std::string& source) {
  // A UTF-8 byte-order mark is legal at the start of a file; TOML parsers may not accept it.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  refuse_deep_dotted_keys(text, source);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw InputError(
        SourceLocation{source, static_cast<int>(begin.line), static_cast<int>(begin.column)}, "",
        fmt::format("not valid TOML: {}", error.description()));
  }
  refuse_unsafe_text(root, source);
  return root;
}

// The entry of an array of tables whose `name` is `name`, or null (const when `entries` is).
template <class Array>
auto named_entry(Array& entries, const std::string& name) -> decltype(entries.front().as_table()) {
  for (auto& element : entries)
    if (auto* entry = element.as_table())
      if (const toml::node* given = entry->get("name"))
        if (given->value<std::string>() == name) return entry;
  return nullptr;
}

// The override's value as the one key `value` of a table: exactly one TOML value, its text
// checked as a file's is. `where` names the override in messages.
toml::table override_value(const Override& change, const std::string& where,
                           const std::string& source) {
  toml::table value_holder;
  const auto not_a_value = [&](const std::string& why) {
    return InputError(SourceLocation{source, 0, 0}, change.key,
                      fmt::format("{}: '{}' is not a TOML value (a number, a \"string\" or an "
                                  "inline table){}",
                                  where, change.value, why));
  };
  try {
    refuse_deep_dotted_keys(change.value, change.origin);
    value_holder = toml::parse("value = " + change.value, std::string_view(change.origin));
  } catch (const toml::parse_error& error) {
    throw not_a_value(fmt::format(": {}", error.description()));
  }
  // "1\nother = 2" parses as two keys: a value is one TOML value and nothing else.
  if (value_holder.size() != 1) throw not_a_value(" but more than one");
  refuse_unsafe_text(value_holder, change.origin);
  return value_holder;
}

// Sets one dotted key, creating tables on the way; a value that is not a table on the way is
// an error naming the override.
void apply_override(toml::table& root, const Override& change, const std::string& source) {
  const std::string where = change.origin == "--set"
                                ? fmt::format("--set {}={}", change.key, change.value)
                                : fmt::format("{} {}", change.origin, change.value);
  if (static_cast<std::size_t>(std::count(change.key.begin(), change.key.end(), '.')) >=
      kMaxKeyParts)
    throw InputError(SourceLocation{source, 0, 0}, change.key.substr(0, 40) + "...",
                     fmt::format("{}: a key of more than {} parts; allowed: at most {}",
                                 change.origin, kMaxKeyParts, kMaxKeyParts));
  toml::table value_holder = override_value(change, where, source);
  toml::table* table = &root;
  std::string path;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = change.key.find('.', start);
    const std::string part = change.key.substr(start, dot == std::string::npos ? dot : dot - start);
    if (part.empty())
      throw InputError(SourceLocation{source, 0, 0}, change.key,
                       fmt::format("{}: the key has an empty part", where));
    path += (path.empty() ? "" : ".") + part;
    if (dot == std::string::npos) {
      table->insert_or_assign(part, std::move(*value_holder.get("value")));
      return;
    }
    toml::node* next = table->get(part);
    if (next && next->is_array_of_tables()) {
      // An entry of an array of tables, by its name: products.course.price.
      const std::size_t name_end = change.key.find('.', dot + 1);
      const std::string name =
          change.key.substr(dot + 1, name_end == std::string::npos ? name_end : name_end - dot - 1);
      toml::table* entry = named_entry(*next->as_array(), name);
      if (!entry) {
        std::vector<std::string> names;
        for (auto& element : *next->as_array())
          if (auto text = element.as_table()->get("name"))
            if (auto value = text->value<std::string>()) names.push_back(*value);
        throw InputError(
            SourceLocation{source, 0, 0}, change.key,
            fmt::format("{}: {} has no entry named '{}'{}; allowed: {}.NAME.key "
                        "with NAME one of {}",
                        where, path, name, did_you_mean(name, names), path, quoted_list(names)));
      }
      if (name_end == std::string::npos)
        throw InputError(
            SourceLocation{source, 0, 0}, change.key,
            fmt::format("{}: set a key of the entry, e.g. {}.{}.price=49", where, path, name));
      path += "." + name;
      table = entry;
      start = name_end + 1;
      continue;
    }
    if (!next) {
      table->insert_or_assign(part, toml::table{});
      next = table->get(part);
    } else if (!next->is_table()) {
      throw InputError(SourceLocation{source, 0, 0}, change.key,
                       fmt::format("{}: {} is {}, not a table, so it has no field '{}'; set {} "
                                   "itself, e.g. {}={{ dist = \"lognormal\", median = 10, "
                                   "sigma = 1 }}",
                                   where, path, dist::toml_type_name(*next),
                                   change.key.substr(dot + 1), path, path));
    }
    table = next->as_table();
    start = dot + 1;
  }
}

void collect_numeric_leaves(const toml::table& table, const std::string& prefix,
                            std::vector<NumericLeaf>& leaves);

// Entries of an array of tables that have a name (e.g. [[products]]), as "path.NAME".
void collect_named_entries(const toml::array& entries, const std::string& path,
                           std::vector<NumericLeaf>& leaves) {
  for (const toml::node& element : entries)
    if (const toml::table* entry = element.as_table())
      if (const toml::node* name = entry->get("name"))
        if (const auto text = name->value<std::string>())
          collect_numeric_leaves(*entry, path + "." + *text, leaves);
}

void collect_numeric_leaves(const toml::table& table, const std::string& prefix,
                            std::vector<NumericLeaf>& leaves) {
  for (const auto& [key, node] : table) {
    const std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (path == "report" || path == "decisions" || path == "constraints") continue;
    if (auto v = node.value_exact<double>()) {
      leaves.push_back({path, *v});
    } else if (auto i = node.value_exact<std::int64_t>()) {
      leaves.push_back({path, static_cast<double>(*i)});
    } else if (const toml::table* sub = node.as_table()) {
      collect_numeric_leaves(*sub, path, leaves);
    } else if (const toml::array* entries = node.as_array();
               entries && entries->is_array_of_tables()) {
      collect_named_entries(*entries, path, leaves);
    }
  }
}

toml::table parse_with_overrides(std::string_view text, const std::string& source,
                                 const std::vector<Override>& overrides) {
  toml::table root = parse_toml(text, source);
  for (const auto& change : overrides) apply_override(root, change, source);
  // Each override's value was checked as it was parsed; its key was not.
  if (!overrides.empty()) refuse_unsafe_text(root, source);
  return root;
}

}  // namespace

Scenario load_scenario_file(const std::filesystem::path& path,
                            const std::vector<Override>& overrides) {
  const ScenarioSource source = read_scenario_source(path.string());
  return load_scenario_text(source.text, source.name, overrides);
}

Scenario load_scenario_text(std::string_view text, const std::string& source_name,
                            const std::vector<Override>& overrides) {
  return build(parse_with_overrides(text, source_name, overrides), source_name,
               stem_of(source_name));
}

std::string scenario_toml(std::string_view text, const std::string& source_name,
                          const std::vector<Override>& overrides) {
  std::ostringstream out;
  out << parse_with_overrides(text, source_name, overrides) << "\n";
  return out.str();
}

namespace {

// The value node of a dotted key in a parsed file, through named entries of arrays of tables
// (products.course.price), or null.
const toml::node* find_value(const toml::table& root, const std::string& key) {
  const toml::table* table = &root;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? dot : dot - start);
    const toml::node* next = table->get(part);
    if (!next || dot == std::string::npos) return next;
    if (next->is_array_of_tables()) {
      const std::size_t name_end = key.find('.', dot + 1);
      if (name_end == std::string::npos) return nullptr;
      const toml::table* entry =
          named_entry(*next->as_array(), key.substr(dot + 1, name_end - dot - 1));
      if (!entry) return nullptr;
      table = entry;
      start = name_end + 1;
      continue;
    }
    if (!next->is_table()) return nullptr;
    table = next->as_table();
    start = dot + 1;
  }
}

// The byte offset of a 1-based line and column (counted in characters, as toml++ counts them).
std::optional<std::size_t> byte_offset(std::string_view text, const toml::source_position& at) {
  std::size_t offset = 0;
  for (toml::source_index line = 1; line < at.line; ++line) {
    offset = text.find('\n', offset);
    if (offset == std::string_view::npos) return std::nullopt;
    ++offset;
  }
  for (toml::source_index column = 1; column < at.column; ++column) {
    if (offset >= text.size() || text[offset] == '\n') return std::nullopt;
    ++offset;  // past one character: its first byte, then any continuation bytes
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80)
      ++offset;
  }
  return offset;
}

}  // namespace

std::optional<std::string> with_value_replaced(std::string_view text,
                                               const std::string& source_name,
                                               const std::string& key, const std::string& value) {
  const toml::table root = parse_toml(text, source_name);
  const toml::node* node = find_value(root, key);
  if (!node || !node->is_value()) return std::nullopt;
  // parse_toml skips a byte-order mark; the positions count from after it.
  const std::size_t skipped = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const std::string_view body = text.substr(skipped);
  const auto begin = byte_offset(body, node->source().begin);
  const auto end = byte_offset(body, node->source().end);
  if (!begin || !end || *end < *begin) return std::nullopt;
  std::string edited(text);
  edited.replace(skipped + *begin, *end - *begin, value);
  // The result must say what was meant: the key holds the new value and nothing else moved.
  const toml::table check = parse_toml(edited, source_name);
  const toml::table expected = parse_with_overrides(text, source_name, {{key, value, "--set"}});
  if (check != expected) return std::nullopt;
  return edited;
}

std::vector<NumericLeaf> numeric_leaves(std::string_view text, const std::string& source_name,
                                        const std::vector<Override>& overrides) {
  const toml::table root = parse_with_overrides(text, source_name, overrides);
  std::vector<NumericLeaf> leaves;
  collect_numeric_leaves(root, "", leaves);
  return leaves;
}

Override parse_override(const std::string& argument) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == argument.size())
    throw InputError("--set", fmt::format("'{}' is not of the form key=value, e.g. "
                                          "medium.articles_per_week=3",
                                          argument));
  // A line break would let the value's text after it pass for more TOML (or be dropped).
  if (argument.find_first_of("\r\n") != std::string::npos)
    throw InputError(
        "--set",
        fmt::format("'{}...' holds a line break; allowed: key=value on one "
                    "line",
                    argument.substr(0, std::min<std::size_t>(40, argument.find_first_of("\r\n")))));
  if (equals > kMaxKeyParts * (kMaxKeyLength + 1) ||
      argument.size() - equals > 4 * kMaxStringLength)
    throw InputError(
        "--set", fmt::format("'{}...' is {} characters long; allowed: a key of at most "
                             "{} parts of {} characters and a value of at most {}",
                             argument.substr(0, 40), argument.size(), kMaxKeyParts, kMaxKeyLength,
                             4 * kMaxStringLength));
  return {argument.substr(0, equals), argument.substr(equals + 1)};
}

ScenarioSource read_scenario_source(const std::string& path) {
  if (path.empty())
    return {std::string(bundled_scenario_text(default_scenario_name())),
            "<bundled>/" + default_scenario_name()};
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) throw InputError(path, "scenario file not found");
  if (std::filesystem::is_directory(status))
    throw InputError(path, "is a directory; expected a scenario file (.toml)");
  // A FIFO with no writer would block forever and a device such as /dev/zero never ends.
  if (!std::filesystem::is_regular_file(status))
    throw InputError(path,
                     "is not a regular file (a pipe, device or socket); expected a "
                     "scenario file (.toml)");
  const auto too_large = [&](std::uintmax_t bytes) {
    return InputError(path, fmt::format("is {} bytes; a scenario file may be at most {} bytes "
                                        "(1 MiB; the bundled ones are under 10 KiB)",
                                        bytes, kMaxScenarioBytes));
  };
  if (const auto bytes = std::filesystem::file_size(path, error);
      !error && bytes > kMaxScenarioBytes)
    throw too_large(bytes);
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(path, "cannot open the scenario file for reading");
  // Read at most one byte past the limit: the file may have grown since it was measured.
  std::string content(kMaxScenarioBytes + 1, '\0');
  file.read(content.data(), static_cast<std::streamsize>(content.size()));
  if (file.bad()) throw InputError(path, "cannot read the scenario file");
  content.resize(static_cast<std::size_t>(file.gcount()));
  if (content.size() > kMaxScenarioBytes) throw too_large(content.size());
  return {std::move(content), path};
}

ScenarioSource scenario_source_from_text(std::string text, std::string name) {
  if (name.size() > kMaxStringLength)
    throw InputError("name", fmt::format("'{}...' is {} characters; allowed: at most {}",
                                         name.substr(0, 40), name.size(), kMaxStringLength));
  if (const auto control = first_control_character(name))
    throw InputError("name", fmt::format("'{}...' {}", text_before_control(name, control->offset),
                                         control_character_problem(name)));
  if (text.size() > kMaxScenarioBytes)
    throw InputError(name, fmt::format("the text is {} bytes; a scenario may be at most {} bytes "
                                       "(1 MiB; the bundled ones are under 10 KiB)",
                                       text.size(), kMaxScenarioBytes));
  return {std::move(text), std::move(name)};
}

std::vector<std::pair<std::string, std::vector<double>>> per_trial_values(const IncomeModel& model,
                                                                          std::uint64_t seed,
                                                                          std::uint64_t trials) {
  const auto refs = model.per_trial_parameters();
  std::vector<std::pair<std::string, std::vector<double>>> values;
  for (const auto& ref : refs) values.push_back({ref.key, std::vector<double>(trials)});
  const std::size_t block_size = engine::kDefaultBlockSize;
  std::vector<double> scores(model.copula.size() * block_size);
  for (std::uint64_t first = 0; first < trials; first += block_size) {
    const std::size_t count =
        static_cast<std::size_t>(std::min<std::uint64_t>(block_size, trials - first));
    StreamBlock block{
        seed, first, count, 0, block_size, nullptr, model.copula.view(scores.data(), block_size)};
    if (!model.copula.empty()) model.copula.normal_scores(block, scores.data());
    for (std::size_t k = 0; k < refs.size(); ++k)
      refs[k].parameter->draw_all(block, refs[k].component, values[k].second.data() + first);
  }
  return values;
}

const std::string& default_scenario_name() {
  static const std::string name = "alake-2020.toml";
  return name;
}

Scenario load_default_scenario() {
  const ScenarioSource source = read_scenario_source("");
  return load_scenario_text(source.text, source.name);
}

}  // namespace incomesim::scenarios
