#pragma once
// Products sold to one's own audience: courses, e-books, apps (docs/models.md, "Products").
// Each [[products]] entry launches to the audience the person has then (newsletter and YouTube
// subscribers, times their reach, plus any other audience), sells a Binomial share of it, keeps
// selling a halving tail afterwards, and may also sell on a marketplace. One income series,
// "products", the sum over entries.
#include <toml++/toml.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "random/components.hpp"
#include "scenarios/platform_shocks.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct ProductParams {
  std::string name;
  double price = 0;                     // per unit, in the stream's currency
  PerTrialParameter launch_month;       // 0-based month of the first launch (rounded)
  double launches_per_year = 0;         // relaunches after the first, Poisson in each month
  double email_reach = 1;               // share of newsletter subscribers a launch reaches
  double youtube_reach = 0.1;           // share of YouTube subscribers a launch reaches
  double other_audience = 0;            // people reached besides those
  PerTrialParameter launch_conversion;  // share of the reached audience that buys
  double recession_conversion_multiplier = 0.8;
  double tail_fraction = 0.1;  // units a month after a launch, as a share of the launch's units
  double tail_half_life_months = 3;
  double marketplace_units_per_month = 0;
  double marketplace_share = 0.5;  // the seller's share of a marketplace sale
  double own_store_share = 0.95;   // the seller's share of an own-store sale (after fees)
  double refund_rate = 0.05;
  PlatformShocks marketplace_shocks;  // of marketplace revenue (off unless shock_hazard is given)
  double hours_to_build = 100;        // effort, once, for a product launched within the horizon
  double hours_per_launch = 10;       // effort per launch and relaunch

  static ProductParams read(TableReader& reader, const std::string& name, int index,
                            const StreamContext& context);
};

// Block state. Per product p and trial i: [p * capacity + i].
struct ProductsState {
  std::size_t capacity = 0;
  std::vector<double> work_hours;  // every product's, over the block's months (effort)
  std::vector<double> launch_month, conversion, tail_rate;
  // This month's, per trial.
  std::vector<double> relaunch_rate, tail_mean, marketplace_mean;
  std::vector<std::int64_t> launches, tail_units, marketplace_units;
  ShockState marketplace_shocks;  // of the product being stepped
  void resize(std::size_t new_capacity) {
    capacity = new_capacity;
    work_hours.resize(new_capacity);
  }
  // Sized for `products` entries (allocates only when a block needs more than before).
  void ensure(std::size_t products);
};

// At most this many entries: each takes 16 draw purposes of the products component, and setup
// purposes must stay below random::kCopulaScorePurposeOffset.
inline constexpr int kMaxProducts = 16;

struct ProductsStream {
  static constexpr std::string_view kName = "products";
  static constexpr std::uint16_t kComponent = random::kProducts;
  static constexpr IncomeKind kIncomeKind = IncomeKind::self_employment;
  // The audience signals it writes for the streams after it, and those it reads.
  static constexpr std::array<Signal, 0> kWrites{};
  static constexpr std::array<Signal, 2> kReads{Signal::newsletter_subscribers,
                                                Signal::youtube_subscribers};
  // Traces: units sold in the month, every product and channel together.
  static constexpr std::array<std::string_view, 1> kTraceColumns = {"units"};
  using State = ProductsState;

  std::vector<ProductParams> products;

  // [[products]]: an array of tables, each with a unique `name`. All entries share one
  // currency, returned in `currency` (which comes in as the reporting currency).
  static ProductsStream read_section(const toml::node& section, const StreamContext& context,
                                     std::string& currency);
  std::vector<NamedParameter> per_trial_parameters() const;
  // Reads the month's newsletter and YouTube subscribers from the signals.
  void simulate(const StreamBlock& block, ProductsState& state, AudienceSignals& signals,
                double* income, const TraceColumns& trace) const;
};

}  // namespace incomesim::scenarios
