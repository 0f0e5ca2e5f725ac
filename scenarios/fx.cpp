#include "scenarios/fx.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/suggest.hpp"
#include "core/vector_math.hpp"
#include "distributions/parse.hpp"
#include "random/components.hpp"

namespace incomesim::scenarios {
FxTable FxTable::read(const toml::table* fx, const std::string& reporting_currency,
                      const std::string& file, std::vector<ResolvedParameter>& log) {
  FxTable table;
  table.reporting_ = reporting_currency;
  if (!fx) return table;
  for (const auto& [key, node] : *fx) {
    const std::string code(key.str());
    const std::string path = "fx." + code;
    if (code == reporting_currency)
      throw InputError(dist::location_of(key), path,
                       fmt::format("'{}' is the reporting currency (rate 1 by definition); "
                                   "remove it from [fx]",
                                   code));
    FxRate rate{code, 0, 0, random::currency_purpose(code)};
    if (node.is_table()) {
      TableReader reader(node.as_table(), path, file, log);
      rate.rate = reader.required_number("rate", NumberRange::positive(), "0.8");
      rate.monthly_volatility =
          reader.number("monthly_volatility", 0, NumberRange{0, 1}, "assumption: a fixed rate");
      reader.reject_unknown_keys();
    } else {
      const toml::table single{{"rate", node}};  // `USD = 0.8` is short for `USD = { rate = 0.8 }`
      TableReader reader(&single, path, file, log);
      try {
        rate.rate = reader.required_number("rate", NumberRange::positive(), "0.8");
      } catch (const InputError& error) {
        // The copy in `single` has lost the value's place in the file: locate it by the key.
        throw InputError(dist::location_of(key), path, error.problem());
      }
      rate.monthly_volatility =
          reader.number("monthly_volatility", 0, NumberRange{0, 1}, "assumption: a fixed rate");
    }
    for (const auto& other : table.rates_)
      if (other.purpose == rate.purpose)
        throw InputError(dist::location_of(key), path,
                         fmt::format("'{}' and '{}' share a random-number coordinate; rename one "
                                     "(e.g. use its ISO code)",
                                     other.currency, code));
    table.rates_.push_back(rate);
  }
  return table;
}

int FxTable::index_of(const std::string& currency, const SourceLocation& where,
                      const std::string& key) const {
  if (currency == reporting_) return -1;
  std::vector<std::string> known{reporting_};
  for (std::size_t k = 0; k < rates_.size(); ++k) {
    if (rates_[k].currency == currency) return static_cast<int>(k);
    known.push_back(rates_[k].currency);
  }
  throw InputError(
      where, key,
      fmt::format("no exchange rate for '{}'{}; add it to [fx] (e.g. {} = {{ rate = "
                  "0.8 }}) or use one of {}",
                  currency, did_you_mean(currency, known), currency, quoted_list(known)));
}

void FxTable::simulate(const StreamBlock& block, int index, double* path,
                       std::vector<double>& scratch) const {
  const FxRate& fx = rates_[static_cast<std::size_t>(index)];
  const double v = fx.monthly_volatility;
  std::fill(path, path + block.count, fx.rate);
  scratch.resize(block.count);
  for (int month = 1; month < block.months; ++month) {
    const double* before = path + static_cast<std::size_t>(month - 1) * block.stride;
    double* now = path + static_cast<std::size_t>(month) * block.stride;
    if (!(v > 0)) {
      std::copy(before, before + block.count, now);
      continue;
    }
    // Mean-preserving lognormal steps: exp(v z - v^2 / 2), every trial's z at once.
    block.batch->normals(random::kFx, month, fx.purpose, scratch.data());
    for (std::size_t i = 0; i < block.count; ++i) scratch[i] = v * scratch[i] - v * v / 2;
    vector_math::exp_in_place(scratch.data(), block.count);
    for (std::size_t i = 0; i < block.count; ++i) now[i] = before[i] * scratch[i];
  }
}

}  // namespace incomesim::scenarios
