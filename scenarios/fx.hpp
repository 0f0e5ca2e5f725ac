#pragma once
// Currency conversion (docs/models.md, "Currencies"): each stream pays in its own currency and
// is converted to the reporting currency at a rate that may follow a mean-preserving geometric
// random walk.
#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct FxRate {
  std::string currency;
  double rate;                // reporting-currency units per unit at month 0
  double monthly_volatility;  // v: fx_t = fx_{t-1} exp(v Z - v^2 / 2)
  std::uint16_t purpose;      // draw coordinate, from the currency code
};

class FxTable {
 public:
  static FxTable read(const toml::table* fx, const std::string& reporting_currency,
                      const std::string& file, std::vector<ResolvedParameter>& log);

  const std::string& reporting_currency() const { return reporting_; }
  const std::vector<FxRate>& rates() const { return rates_; }
  // -1 for the reporting currency; throws InputError naming `key` if the currency is unknown.
  int index_of(const std::string& currency, const SourceLocation& where,
               const std::string& key) const;
  // Rate path of rates()[index] for a block: path[month * stride + i].
  void simulate(const StreamBlock& block, int index, double* path,
                std::vector<double>& scratch) const;

 private:
  std::string reporting_;
  std::vector<FxRate> rates_;
};

}  // namespace incomesim::scenarios
