#pragma once
// Reads one table of a scenario file: each key with its default, its allowed range and the
// source of the default; records what was resolved (for `incomesim validate`) and rejects keys
// it was not asked for, with a did-you-mean suggestion.
#include <toml++/toml.h>

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "distributions/distribution.hpp"
#include "scenarios/stream_common.hpp"

namespace incomesim::scenarios {

enum class ParameterKind { number, integer, text, distribution };

struct ResolvedParameter {
  std::string key;     // full path, e.g. "career.salary"
  std::string value;   // as text
  bool given;          // false when the default was used
  std::string source;  // where the default comes from (docs/calibration.md row, or "assumption")
  ParameterKind kind;
};

// A distribution whose probability outside a key's allowed range is below this is taken and
// clamped into the range; above it, refused (assumption: a one-in-a-billion draw moved to the
// boundary changes no reported figure at any practical trial count).
inline constexpr double kNegligibleMass = 1e-9;

struct NumberRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_inclusive = true;
  bool max_inclusive = true;

  static NumberRange positive() {
    return {0, std::numeric_limits<double>::infinity(), false, true};
  }
  static NumberRange non_negative() { return {0, std::numeric_limits<double>::infinity()}; }
  static NumberRange probability() { return {0, 1}; }
  static NumberRange any() { return {}; }
  bool contains(double x) const;
  std::string describe() const;  // e.g. "a number in [0, 1]"
};

class TableReader {
 public:
  // `table` may be null (section absent): every key then takes its default.
  TableReader(const toml::table* table, std::string prefix, std::string file,
              std::vector<ResolvedParameter>& log);

  double number(const std::string& key, double default_value, NumberRange range,
                const std::string& source);
  double required_number(const std::string& key, NumberRange range, const std::string& example);
  std::int64_t integer(const std::string& key, std::int64_t default_value, std::int64_t min,
                       std::int64_t max, const std::string& source);
  // Absent means "none" (recorded with `absent_meaning`).
  std::optional<std::int64_t> optional_integer(const std::string& key, std::int64_t min,
                                               std::int64_t max, const std::string& absent_meaning);
  std::string choice(const std::string& key, const std::string& default_value,
                     const std::vector<std::string>& allowed, const std::string& source);
  std::string text(const std::string& key, const std::string& default_value,
                   const std::string& source);
  // A distribution whose support must lie within [min_support, max_support].
  dist::Distribution distribution(const std::string& key, const dist::Distribution& default_value,
                                  NumberRange support_range, const std::string& source);

  // A per-trial parameter (drawn once per trial, may join the copula); `purpose` is its draw
  // coordinate within the stream.
  PerTrialParameter per_trial(const std::string& key, const dist::Distribution& default_value,
                              NumberRange support_range, const std::string& source,
                              std::uint16_t purpose) {
    return {distribution(key, default_value, support_range, source), purpose};
  }

  // The same without a default: the key must be given.
  dist::Distribution required_distribution(const std::string& key, NumberRange support_range,
                                           const std::string& example);

  // A monthly curve, January to December: absent gives `default_curve`, "none" gives 1 in every
  // month, and 12 non-negative numbers give their shape, rescaled to mean 1 (so that the curve
  // moves income between months, not the year's level).
  std::array<double, 12> monthly_curve(const std::string& key,
                                       const std::array<double, 12>& default_curve,
                                       const std::string& source);

  // A sub-table read by another reader: known here, so not reported as unknown.
  void declare_section(const std::string& key) { known_keys_.push_back(key); }

  bool has(const std::string& key) const { return table_ && table_->contains(key); }
  // Throws for the first key that was never asked for.
  void reject_unknown_keys() const;

  std::string path(const std::string& key) const {
    return prefix_.empty() ? key : prefix_ + "." + key;
  }
  SourceLocation location(const std::string& key) const;

 private:
  const toml::node* find(const std::string& key);
  dist::Distribution parse_checked(const toml::node& node, const std::string& key,
                                   NumberRange support_range);
  void record(const std::string& key, std::string value, bool given, const std::string& source,
              ParameterKind kind);

  const toml::table* table_;
  std::string prefix_;
  std::string file_;
  std::vector<ResolvedParameter>& log_;
  std::vector<std::string> known_keys_;
};

// What a stream's read sees of the scenario around its own section.
struct StreamContext {
  std::string source;  // the file, for messages
  int horizon_months;
  int start_month = 1;      // calendar month (1-12) of the first simulated month
  const toml::table* root;  // the whole scenario, e.g. to see which other streams it has
  std::vector<ResolvedParameter>* log;
  bool has_section(std::string_view name) const { return root && root->contains(name); }
};

}  // namespace incomesim::scenarios
