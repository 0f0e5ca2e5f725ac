#include "scenarios/table_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "distributions/parse.hpp"

namespace incomesim::scenarios {

bool NumberRange::contains(double x) const {
  if (std::isnan(x)) return false;
  const bool above_min = min_inclusive ? x >= min : x > min;
  const bool below_max = max_inclusive ? x <= max : x < max;
  return above_min && below_max;
}

std::string NumberRange::describe() const {
  const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  if (has_min && has_max)
    return fmt::format("a number in {}{}, {}{}", min_inclusive ? "[" : "(", format_number(min),
                       format_number(max), max_inclusive ? "]" : ")");
  if (has_min) return fmt::format("a number {} {}", min_inclusive ? ">=" : ">", format_number(min));
  if (has_max) return fmt::format("a number {} {}", max_inclusive ? "<=" : "<", format_number(max));
  return "a finite number";
}

TableReader::TableReader(const toml::table* table, std::string prefix, std::string file,
                         std::vector<ResolvedParameter>& log)
    : table_(table), prefix_(std::move(prefix)), file_(std::move(file)), log_(log) {}

SourceLocation TableReader::location(const std::string& key) const {
  if (table_) {
    if (const toml::node* node = table_->get(key)) return dist::location_of(*node);
    return dist::location_of(*table_, file_);
  }
  return SourceLocation{file_, 0, 0};
}

const toml::node* TableReader::find(const std::string& key) {
  known_keys_.push_back(key);
  return table_ ? table_->get(key) : nullptr;
}

void TableReader::record(const std::string& key, std::string value, bool given,
                         const std::string& source, ParameterKind kind) {
  log_.push_back({path(key), std::move(value), given, given ? "given" : source, kind});
}

std::array<double, 12> TableReader::monthly_curve(const std::string& key,
                                                  const std::array<double, 12>& default_curve,
                                                  const std::string& source) {
  const auto text_of = [](const std::array<double, 12>& curve) {
    std::string text;
    for (double factor : curve) text += (text.empty() ? "" : ", ") + fmt::format("{:.3g}", factor);
    return "[" + text + "]";
  };
  const toml::node* node = find(key);
  if (!node) {
    record(key, text_of(default_curve), false, source, ParameterKind::text);
    return default_curve;
  }
  const std::string allowed =
      "allowed: \"none\" or 12 numbers >= 0, January to December, not all 0";
  if (node->value<std::string>() == "none") {
    record(key, "none", true, "", ParameterKind::text);
    std::array<double, 12> flat;
    flat.fill(1.0);
    return flat;
  }
  const toml::array* array = node->as_array();
  if (!array || array->size() != 12)
    throw InputError(location(key), path(key),
                     array ? fmt::format("{} numbers given; {}", array->size(), allowed)
                           : fmt::format("expected an array, found {}; {}",
                                         dist::toml_type_name(*node), allowed));
  std::array<double, 12> curve;
  double largest = 0;
  for (std::size_t m = 0; m < 12; ++m) {
    const toml::node& element = *array->get(m);
    const auto value = element.value<double>();
    if (!value || !std::isfinite(*value) || *value < 0)
      throw InputError(
          dist::location_of(element), fmt::format("{}[{}]", path(key), m),
          fmt::format("{} is not allowed; {}",
                      value ? format_number(*value) : dist::toml_type_name(element), allowed));
    curve[m] = *value;
    largest = std::max(largest, *value);
  }
  if (!(largest > 0)) throw InputError(location(key), path(key), "every factor is 0; " + allowed);
  // Scaled by the largest factor first, so that the sum neither overflows ([1e308, 1e308, ...]
  // summed to inf and made every factor 0) nor is so small that 12 / sum does ([1e-308, 0, ...]).
  double sum = 0;
  for (double& factor : curve) sum += factor /= largest;
  for (double& factor : curve) factor *= 12 / sum;
  record(key, text_of(curve), true, "", ParameterKind::text);
  return curve;
}

double TableReader::number(const std::string& key, double default_value, NumberRange range,
                           const std::string& source) {
  const toml::node* node = find(key);
  if (!node) {
    record(key, format_number(default_value), false, source, ParameterKind::number);
    return default_value;
  }
  double value;
  if (auto v = node->value_exact<double>()) {
    value = *v;
  } else if (auto i = node->value_exact<std::int64_t>()) {
    value = static_cast<double>(*i);
  } else {
    throw InputError(
        location(key), path(key),
        fmt::format("expected {}, found {}", range.describe(), dist::toml_type_name(*node)));
  }
  if (!std::isfinite(value) || !range.contains(value))
    throw InputError(
        location(key), path(key),
        fmt::format("{} is out of range; allowed: {}", format_number(value), range.describe()));
  record(key, format_number(value), true, source, ParameterKind::number);
  return value;
}

double TableReader::required_number(const std::string& key, NumberRange range,
                                    const std::string& example) {
  if (!has(key))
    throw InputError(location(key), path(key),
                     fmt::format("required key is missing; give {}, e.g. {} = {}", range.describe(),
                                 key, example));
  return number(key, 0, range, "");
}

std::int64_t TableReader::integer(const std::string& key, std::int64_t default_value,
                                  std::int64_t min, std::int64_t max, const std::string& source) {
  const toml::node* node = find(key);
  if (!node) {
    record(key, std::to_string(default_value), false, source, ParameterKind::integer);
    return default_value;
  }
  const auto value = node->value_exact<std::int64_t>();
  if (!value) {
    std::string found = dist::toml_type_name(*node);
    if (auto v = node->value_exact<double>()) found = "the number " + format_number(*v);
    throw InputError(
        location(key), path(key),
        fmt::format("expected a whole number from {} to {}, found {}", min, max, found));
  }
  if (*value < min || *value > max)
    throw InputError(
        location(key), path(key),
        fmt::format("{} is out of range; allowed: a whole number from {} to {}", *value, min, max));
  record(key, std::to_string(*value), true, source, ParameterKind::integer);
  return *value;
}

std::optional<std::int64_t> TableReader::optional_integer(const std::string& key, std::int64_t min,
                                                          std::int64_t max,
                                                          const std::string& absent_meaning) {
  if (!has(key)) {
    known_keys_.push_back(key);
    record(key, "none", false, absent_meaning, ParameterKind::integer);
    return std::nullopt;
  }
  return integer(key, 0, min, max, "");
}

std::string TableReader::choice(const std::string& key, const std::string& default_value,
                                const std::vector<std::string>& allowed,
                                const std::string& source) {
  std::string value = text(key, default_value, source);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
    throw InputError(location(key), path(key),
                     fmt::format("'{}' is not allowed{}; allowed: {}", value,
                                 did_you_mean(value, allowed), quoted_list(allowed)));
  return value;
}

std::string TableReader::text(const std::string& key, const std::string& default_value,
                              const std::string& source) {
  const toml::node* node = find(key);
  if (!node) {
    record(key, '"' + default_value + '"', false, source, ParameterKind::text);
    return default_value;
  }
  const auto value = node->value_exact<std::string>();
  if (!value)
    throw InputError(location(key), path(key),
                     fmt::format("expected a string, found {}", dist::toml_type_name(*node)));
  record(key, '"' + *value + '"', true, source, ParameterKind::text);
  return *value;
}

dist::Distribution TableReader::distribution(const std::string& key,
                                             const dist::Distribution& default_value,
                                             NumberRange support_range, const std::string& source) {
  const toml::node* node = find(key);
  if (!node) {
    record(key, dist::describe(default_value), false, source, ParameterKind::distribution);
    return default_value;
  }
  dist::Distribution value = parse_checked(*node, key, support_range);
  record(key, dist::describe(value), true, source, ParameterKind::distribution);
  return value;
}

dist::Distribution TableReader::required_distribution(const std::string& key,
                                                      NumberRange support_range,
                                                      const std::string& example) {
  const toml::node* node = find(key);
  if (!node)
    throw InputError(location(key), path(key),
                     fmt::format("required key is missing; give a number or a distribution, "
                                 "e.g. {} = {}",
                                 key, example));
  dist::Distribution value = parse_checked(*node, key, support_range);
  record(key, dist::describe(value), true, "", ParameterKind::distribution);
  return value;
}

dist::Distribution TableReader::parse_checked(const toml::node& node, const std::string& key,
                                              NumberRange support_range) {
  dist::Distribution value = dist::parse_distribution(node, path(key));
  const auto [low, high] = dist::support(value);
  if (support_range.contains(low) && support_range.contains(high)) return value;
  // A normal salary has mass below 0 of about 1e-15: take it, clamped into the range (which
  // moves a draw with that probability). Refuse what would change the model visibly.
  const NumberRange& r = support_range;
  const double min = r.min_inclusive ? r.min : std::nextafter(r.min, INFINITY);
  const double max = r.max_inclusive ? r.max : std::nextafter(r.max, -INFINITY);
  dist::Distribution bounded = dist::clamped(value, min, max);
  const double outside = std::get<dist::Truncated>(bounded.family()).mass_outside();
  if (outside < kNegligibleMass) return bounded;
  std::string fix;
  if (!r.contains(low)) fix = fmt::format("low = {}", format_number(r.min));
  if (!r.contains(high))
    fix += fmt::format("{}high = {}", fix.empty() ? "" : " and ", format_number(r.max));
  throw InputError(
      location(key), path(key),
      fmt::format("{} takes values from {} to {}, {:.3g} of its probability outside the allowed "
                  "range; allowed: values that are {} (mass outside below {:g}); add {} to the "
                  "distribution to truncate it there",
                  dist::describe(value), format_number(low), format_number(high), outside,
                  support_range.describe().substr(2), kNegligibleMass, fix));
}

void TableReader::reject_unknown_keys() const {
  if (!table_) return;
  for (const auto& [key, node] : *table_) {
    const std::string name(key.str());
    if (std::find(known_keys_.begin(), known_keys_.end(), name) != known_keys_.end()) continue;
    throw InputError(dist::location_of(key), path(name),
                     fmt::format("unknown key{}; allowed here: {}", did_you_mean(name, known_keys_),
                                 quoted_list(known_keys_)));
  }
}

}  // namespace incomesim::scenarios
