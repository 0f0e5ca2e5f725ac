#include "distributions/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "distributions/fit.hpp"

namespace incomesim::dist {
namespace {

// Families whose own parameters include low and high; every other family takes optional `low`
// and `high` bounds (exact truncation, families/truncated.hpp).
bool has_own_bounds(const std::string& family) {
  return family == "uniform" || family == "truncated_normal" || family == "triangular" ||
         family == "pert";
}

const std::map<std::string, std::vector<std::string>>& fields_by_family() {
  static const std::map<std::string, std::vector<std::string>> fields = [] {
    std::map<std::string, std::vector<std::string>> own = {
        {"constant", {"value"}},
        {"uniform", {"low", "high"}},
        {"normal", {"mean", "sd"}},
        {"truncated_normal", {"mean", "sd", "low", "high"}},
        {"lognormal", {"mu", "sigma", "median", "exceed", "p<percent> (e.g. p90)"}},
        {"pareto", {"scale", "shape"}},
        {"gamma", {"shape", "scale", "mean", "sd"}},
        {"beta", {"alpha", "beta", "mean", "sd"}},
        {"poisson", {"mean"}},
        {"bernoulli", {"p"}},
        {"triangular", {"low", "mode", "high"}},
        {"pert", {"low", "mode", "high"}},
        {"empirical", {"values", "weights"}},
        {"mixture", {"components", "weights"}},
        {"zero_inflated", {"p_zero", "base"}},
    };
    for (auto& [family, names] : own)
      if (!has_own_bounds(family)) names.insert(names.end(), {"low", "high"});
    return own;
  }();
  return fields;
}

// "p90" -> 0.9; nullopt when the key is not of that form.
std::optional<double> percent_key_probability(std::string_view key) {
  if (key.size() < 2 || key[0] != 'p') return std::nullopt;
  double percent = 0;
  const auto result = std::from_chars(key.data() + 1, key.data() + key.size(), percent);
  if (result.ec != std::errc() || result.ptr != key.data() + key.size()) return std::nullopt;
  return percent / 100.0;
}

// Reads the fields of one distribution table, remembering which were used.
class Fields {
 public:
  Fields(const toml::table& table, std::string key_path, std::string family)
      : table_(table), key_path_(std::move(key_path)), family_(std::move(family)) {}

  const toml::node* find(const std::string& name) const { return table_.get(name); }
  bool has(const std::string& name) const { return table_.contains(name); }

  double number(const std::string& name) {
    const toml::node* node = find(name);
    if (!node)
      throw InputError(location_of(table_), key_path_,
                       fmt::format("a {} needs the field '{}'", family_, name));
    return number_at(*node, name);
  }
  std::optional<double> optional_number(const std::string& name) {
    if (!has(name)) return std::nullopt;
    return number(name);
  }

  double number_at(const toml::node& node, const std::string& name) const {
    if (auto v = node.value_exact<double>()) return *v;
    if (auto v = node.value_exact<int64_t>()) return static_cast<double>(*v);
    throw InputError(location_of(node), key_path_ + "." + name,
                     fmt::format("expected a number, found {}", toml_type_name(node)));
  }

  std::vector<double> numbers(const std::string& name, bool required) {
    const toml::node* node = find(name);
    if (!node) {
      if (required)
        throw InputError(location_of(table_), key_path_,
                         fmt::format("a {} needs the field '{}'", family_, name));
      return {};
    }
    const toml::array* array = node->as_array();
    if (!array)
      throw InputError(
          location_of(*node), key_path_ + "." + name,
          fmt::format("expected an array of numbers, found {}", toml_type_name(*node)));
    std::vector<double> values;
    for (const toml::node& element : *array) values.push_back(number_at(element, name));
    return values;
  }

  // Checked before any field is read, so a typo is reported as a typo rather than as a missing
  // field. Lognormals also take percentile keys such as p90.
  void reject_unknown(const std::vector<std::string>& allowed) const {
    for (const auto& [key, node] : table_) {
      const std::string name(key.str());
      if (name == "dist" || std::find(allowed.begin(), allowed.end(), name) != allowed.end())
        continue;
      if (family_ == "lognormal" && percent_key_probability(name)) continue;
      throw InputError(location_of(key), key_path_ + "." + name,
                       fmt::format("'{}' is not a field of a {} distribution{}; allowed: {}", name,
                                   family_, did_you_mean(name, allowed), join(allowed)));
    }
  }

  const toml::table& table() const { return table_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& family() const { return family_; }

 private:
  static std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
  }
  const toml::table& table_;
  std::string key_path_;
  std::string family_;
};

Distribution parse_lognormal(Fields& fields) {
  std::vector<QuantilePoint> points;
  if (auto median = fields.optional_number("median")) points.push_back({0.5, *median, "median"});
  if (const toml::node* exceed = fields.find("exceed")) {
    const toml::array* pair = exceed->as_array();
    if (!pair || pair->size() != 2)
      throw InputError(location_of(*exceed), fields.key_path() + ".exceed",
                       "expected [threshold, probability], e.g. exceed = [100, 0.13] for "
                       "P(X > 100) = 0.13");
    const double threshold = fields.number_at(*pair->get(0), "exceed");
    const double probability = fields.number_at(*pair->get(1), "exceed");
    if (!(probability > 0 && probability < 1))
      throw InvalidParameter("exceed", fmt::format("exceedance probability {} is out of range; "
                                                   "allowed: strictly between 0 and 1",
                                                   format_number(probability)));
    points.push_back({1 - probability, threshold, "exceed"});
  }
  for (const auto& [key, node] : fields.table()) {
    const std::string name(key.str());
    if (auto probability = percent_key_probability(name)) {
      if (!(*probability > 0 && *probability < 1))
        throw InputError(location_of(node), fields.key_path() + "." + name,
                         fmt::format("'{}' is not a percentile; allowed: p1 to p99.9 (strictly "
                                     "between p0 and p100)",
                                     name));
      points.push_back({*probability, fields.number_at(node, name), name});
    }
  }
  const auto mu = fields.optional_number("mu");
  const auto sigma = fields.optional_number("sigma");
  if (mu) {
    if (!sigma || !points.empty())
      throw InputError(location_of(fields.table()), fields.key_path(),
                       "a lognormal given by mu needs sigma and nothing else (or use median, "
                       "exceed or percentiles instead of mu)");
    return lognormal(*mu, *sigma);
  }
  if (sigma) {
    if (points.size() != 1)
      throw InputError(location_of(fields.table()), fields.key_path(),
                       fmt::format("a lognormal given by sigma needs exactly one of median or a "
                                   "percentile such as p90; found {}",
                                   points.size()));
    return lognormal_from_quantile_and_sigma(points[0], *sigma);
  }
  if (points.size() != 2)
    throw InputError(location_of(fields.table()), fields.key_path(),
                     fmt::format("a lognormal needs (mu, sigma), (median, sigma), two quantiles "
                                 "such as p50 and p90, or median and exceed = [x, P(X > x)]; "
                                 "found {} quantile statement(s)",
                                 points.size()));
  if (fields.has("exceed") && fields.has("median"))
    return lognormal_from_median_and_exceedance(points[0].value, points[1].value,
                                                1 - points[1].probability);
  return lognormal_from_quantiles(points[0], points[1]);
}

Distribution parse_family(Fields& fields) {
  const std::string& family = fields.family();
  auto either = [&fields](const char* a, const char* b) { return fields.has(a) || fields.has(b); };
  if (family == "constant") return constant(fields.number("value"));
  if (family == "uniform") return uniform(fields.number("low"), fields.number("high"));
  if (family == "normal") return normal(fields.number("mean"), fields.number("sd"));
  if (family == "truncated_normal") {
    const double mean = fields.number("mean"), sd = fields.number("sd");
    const double low = fields.optional_number("low").value_or(-INFINITY);
    const double high = fields.optional_number("high").value_or(INFINITY);
    return truncated_normal(mean, sd, low, high);
  }
  if (family == "lognormal") return parse_lognormal(fields);
  if (family == "pareto") return pareto(fields.number("scale"), fields.number("shape"));
  if (family == "gamma") {
    if (either("mean", "sd")) return gamma_from_mean_sd(fields.number("mean"), fields.number("sd"));
    return gamma(fields.number("shape"), fields.number("scale"));
  }
  if (family == "beta") {
    if (either("mean", "sd")) return beta_from_mean_sd(fields.number("mean"), fields.number("sd"));
    return beta(fields.number("alpha"), fields.number("beta"));
  }
  if (family == "poisson") return poisson(fields.number("mean"));
  if (family == "bernoulli") return bernoulli(fields.number("p"));
  if (family == "triangular")
    return triangular(fields.number("low"), fields.number("mode"), fields.number("high"));
  if (family == "pert")
    return pert(fields.number("low"), fields.number("mode"), fields.number("high"));
  if (family == "empirical")
    return empirical(fields.numbers("values", true), fields.numbers("weights", false));
  if (family == "mixture") {
    const toml::node* node = fields.find("components");
    const toml::array* array = node ? node->as_array() : nullptr;
    if (!array)
      throw InputError(location_of(node ? *node : fields.table()),
                       fields.key_path() + ".components",
                       "a mixture needs components = [ {dist = ...}, ... ]");
    std::vector<Distribution> components;
    for (std::size_t i = 0; i < array->size(); ++i)
      components.push_back(parse_distribution(
          *array->get(i), fmt::format("{}.components[{}]", fields.key_path(), i)));
    std::vector<double> weights = fields.numbers("weights", false);
    if (weights.empty()) weights.assign(components.size(), 1.0);
    return mixture(std::move(components), std::move(weights));
  }
  if (family == "zero_inflated") {
    const double p_zero = fields.number("p_zero");
    const toml::node* base = fields.find("base");
    if (!base)
      throw InputError(location_of(fields.table()), fields.key_path(),
                       "a zero_inflated needs the field 'base' (a distribution)");
    return zero_inflated(p_zero, parse_distribution(*base, fields.key_path() + ".base"));
  }
  throw std::logic_error("family without a parser: " + family);
}

}  // namespace

const std::vector<std::string>& family_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& [name, fields] : fields_by_family()) list.push_back(name);
    return list;
  }();
  return names;
}

static SourceLocation location_of(const toml::source_region& region) {
  SourceLocation where;
  if (region.path) where.file = *region.path;
  where.line = static_cast<int>(region.begin.line);
  where.column = static_cast<int>(region.begin.column);
  return where;
}

SourceLocation location_of(const toml::node& node) { return location_of(node.source()); }
SourceLocation location_of(const toml::key& key) { return location_of(key.source()); }

SourceLocation location_of(const toml::node& node, const std::string& file) {
  SourceLocation where = location_of(node);
  if (where.file.empty()) where.file = file;
  return where;
}

SourceLocation location_of(const toml::key& key, const std::string& file) {
  SourceLocation where = location_of(key);
  if (where.file.empty()) where.file = file;
  return where;
}

std::string toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "nothing";
  }
}

Distribution parse_distribution(const toml::node& node, const std::string& key_path) {
  if (auto v = node.value_exact<double>()) {
    try {
      return constant(*v);
    } catch (const InvalidParameter& error) {
      throw InputError(location_of(node), key_path, error.what());
    }
  }
  if (auto v = node.value_exact<int64_t>()) return constant(static_cast<double>(*v));
  const toml::table* table = node.as_table();
  if (!table)
    throw InputError(location_of(node), key_path,
                     fmt::format("expected a number or a distribution such as {{ dist = "
                                 "\"lognormal\", median = 19, sigma = 1.5 }}; found {}",
                                 toml_type_name(node)));
  const toml::node* dist_node = table->get("dist");
  if (!dist_node)
    throw InputError(
        location_of(node), key_path,
        "a distribution table needs dist = \"<family>\"; families: " + quoted_list(family_names()));
  const auto family = dist_node->value<std::string>();
  if (!family || !fields_by_family().count(*family))
    throw InputError(location_of(*dist_node), key_path + ".dist",
                     fmt::format("unknown distribution {}{}; allowed: {}",
                                 family ? "'" + *family + "'" : toml_type_name(*dist_node),
                                 family ? did_you_mean(*family, family_names()) : "",
                                 quoted_list(family_names())));
  Fields fields(*table, key_path, *family);
  fields.reject_unknown(fields_by_family().at(*family));
  try {
    Distribution value = parse_family(fields);
    if (!has_own_bounds(*family) && (fields.has("low") || fields.has("high")))
      value = truncated(std::move(value), fields.optional_number("low").value_or(-INFINITY),
                        fields.optional_number("high").value_or(INFINITY));
    return value;
  } catch (const InvalidParameter& error) {
    const toml::node* field = table->get(error.field());
    throw InputError(location_of(field ? *field : node), key_path + "." + error.field(),
                     error.what());
  }
}

}  // namespace incomesim::dist
