#include "scenarios/streams/products.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "core/suggest.hpp"
#include "distributions/fit.hpp"
#include "distributions/parse.hpp"

namespace incomesim::scenarios {
namespace {

// Draw purposes of one product, from p * kPurposesPerProduct for product p. Never renumber.
enum ProductDraw : std::uint16_t {
  kLaunchConversion = 0,  // setup month
  kLaunchMonth = 1,       // setup month
  kRelaunches = 2,
  kLaunchUnits = 3,
  kTailUnits = 4,
  kMarketplaceUnits = 5,
  kMarketplaceShock = 6,
  kMarketplaceShockSize = 7,
};
constexpr std::uint16_t kPurposesPerProduct = 16;

std::uint16_t product_purpose(std::size_t product, ProductDraw draw) {
  return static_cast<std::uint16_t>(product * kPurposesPerProduct + draw);
}

bool is_valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

}  // namespace

ProductParams ProductParams::read(TableReader& reader, const std::string& name, int index,
                                  const StreamContext& context) {
  ProductParams p;
  const auto purpose = [index](ProductDraw draw) {
    return product_purpose(static_cast<std::size_t>(index), draw);
  };
  const std::string assumption = "assumption";
  p.name = reader.text("name", name, "given");
  p.price = reader.required_number("price", NumberRange::non_negative(), "49");
  p.launch_month =
      reader.per_trial("launch_month", dist::constant(0), NumberRange::non_negative(),
                       "assumption: on sale from the first month", purpose(kLaunchMonth));
  const double earliest_launch = dist::support(p.launch_month.distribution).first;
  if (std::round(earliest_launch) >= context.horizon_months)
    throw InputError(reader.location("launch_month"), reader.path("launch_month"),
                     fmt::format("{} is past the horizon: the product would never be on sale; "
                                 "allowed: a 0-based month below horizon_months ({})",
                                 format_number(earliest_launch), context.horizon_months));
  p.launches_per_year = reader.number("launches_per_year", p.launches_per_year, NumberRange{0, 365},
                                      "assumption: launched once");
  p.email_reach = reader.number("email_reach", p.email_reach, NumberRange::probability(),
                                "assumption: a launch goes to the whole list");
  p.youtube_reach = reader.number("youtube_reach", p.youtube_reach, NumberRange::probability(),
                                  "assumption: a video reaches a tenth of the subscribers");
  p.other_audience =
      reader.number("other_audience", p.other_audience, NumberRange{0, 1e10}, "assumption: none");
  p.launch_conversion = reader.per_trial(
      "launch_conversion", dist::beta_from_mean_sd(0.02, 0.01), NumberRange::probability(),
      "docs/calibration.md 'Products' derived: a launch converts "
      "about 1-3% of a list (createandsell.co: "
      "2% of 10,000 bought in a year); sd 0.01 an assumption",
      purpose(kLaunchConversion));
  p.recession_conversion_multiplier =
      reader.number("recession_conversion_multiplier", p.recession_conversion_multiplier,
                    NumberRange::non_negative(), "docs/models.md (an assumption)");
  p.tail_fraction =
      reader.number("tail_fraction", p.tail_fraction, NumberRange::probability(), assumption);
  p.tail_half_life_months = reader.number("tail_half_life_months", p.tail_half_life_months,
                                          NumberRange::positive(), assumption);
  p.marketplace_units_per_month =
      reader.number("marketplace_units_per_month", p.marketplace_units_per_month,
                    NumberRange{0, 1e9}, "assumption: no marketplace");
  p.marketplace_share = reader.number(
      "marketplace_share", p.marketplace_share, NumberRange::probability(),
      "docs/calibration.md 'Products': Udemy instructor share of organic sales, 50% (2020)");
  p.own_store_share = reader.number(
      "own_store_share", p.own_store_share, NumberRange::probability(),
      "docs/calibration.md 'Products' derived: own-store sales keep 90-97% after fees");
  p.refund_rate =
      reader.number("refund_rate", p.refund_rate, NumberRange::probability(), assumption);
  p.marketplace_shocks = PlatformShocks::read(reader);
  if (p.marketplace_shocks.hazard > 0 && p.marketplace_units_per_month == 0)
    throw InputError(reader.location("shock_hazard"), reader.path("shock_hazard"),
                     "a product's platform shocks act on its marketplace sales, and it has none; "
                     "give marketplace_units_per_month > 0 or remove shock_hazard");
  p.hours_to_build =
      reader.number("hours_to_build", p.hours_to_build, NumberRange::non_negative(),
                    "docs/models.md 'Effort' (an assumption: docs/calibration.md has none)");
  p.hours_per_launch =
      reader.number("hours_per_launch", p.hours_per_launch, NumberRange::non_negative(),
                    "docs/models.md 'Effort' (an assumption: docs/calibration.md has none)");

  const bool reaches_list = p.email_reach > 0 && context.has_section("newsletter");
  const bool reaches_channel = p.youtube_reach > 0 && context.has_section("youtube");
  if (!reaches_list && !reaches_channel && p.other_audience == 0 &&
      p.marketplace_units_per_month == 0)
    throw InputError(reader.location("name"), reader.path("name"),
                     fmt::format("product '{}' has no one to sell to: no audience source and no "
                                 "marketplace sales; allowed: email_reach > 0 with a "
                                 "[newsletter], youtube_reach > 0 with a [youtube], "
                                 "other_audience > 0, or marketplace_units_per_month > 0",
                                 name));
  return p;
}

ProductsStream ProductsStream::read_section(const toml::node& section, const StreamContext& context,
                                            std::string& currency) {
  const toml::array* entries = section.as_array();
  if (!entries || !entries->is_array_of_tables() || entries->empty())
    throw InputError(dist::location_of(section, context.source), "products",
                     "expected [[products]] entries, each a table with a name and a price, e.g. "
                     "[[products]] name = \"course\" price = 49");
  if (entries->size() > static_cast<std::size_t>(kMaxProducts))
    throw InputError(
        dist::location_of(section, context.source), "products",
        fmt::format("{} products; allowed: at most {}", entries->size(), kMaxProducts));
  ProductsStream stream;
  std::string first_currency;
  for (std::size_t k = 0; k < entries->size(); ++k) {
    const toml::table& entry = *entries->get(k)->as_table();
    const toml::node* name_node = entry.get("name");
    const auto name = name_node ? name_node->value<std::string>() : std::optional<std::string>();
    const std::string where = fmt::format("products[{}].name", k);
    if (!name || !is_valid_name(*name))
      throw InputError(
          dist::location_of(name_node ? *name_node : static_cast<const toml::node&>(entry),
                            context.source),
          where,
          "expected a name of 1 to 64 letters, digits, '_' or '-', e.g. name = "
          "\"course\"");
    for (const auto& earlier : stream.products)
      if (earlier.name == *name)
        throw InputError(dist::location_of(*name_node, context.source), where,
                         fmt::format("'{}' names an earlier product too; allowed: a name no "
                                     "other product has",
                                     *name));
    TableReader reader(&entry, "products." + *name, context.source, *context.log);
    const std::string entry_currency = reader.text("currency", currency, "the scenario's currency");
    if (k == 0) first_currency = entry_currency;
    if (entry_currency != first_currency)
      throw InputError(reader.location("currency"), reader.path("currency"),
                       fmt::format("'{}' differs from the first product's '{}'; allowed: one "
                                   "currency for every product",
                                   entry_currency, first_currency));
    stream.products.push_back(ProductParams::read(reader, *name, static_cast<int>(k), context));
    reader.reject_unknown_keys();
  }
  currency = first_currency;
  return stream;
}

std::vector<NamedParameter> ProductsStream::per_trial_parameters() const {
  std::vector<NamedParameter> all;
  for (const auto& product : products) {
    all.push_back({product.name + ".launch_month", &product.launch_month});
    all.push_back({product.name + ".launch_conversion", &product.launch_conversion});
  }
  return all;
}

void ProductsState::ensure(std::size_t products) {
  const std::size_t per_product = products * capacity;
  for (auto* v : {&launch_month, &conversion, &tail_rate})
    if (v->size() < per_product) v->resize(per_product);
  for (auto* v : {&relaunch_rate, &tail_mean, &marketplace_mean})
    if (v->size() < capacity) v->resize(capacity);
  for (auto* v : {&launches, &tail_units, &marketplace_units})
    if (v->size() < capacity) v->resize(capacity);
  if (marketplace_shocks.factor.size() < capacity) marketplace_shocks.resize(capacity);
}

namespace {

// This month's launches of product p in each trial: the first at the trial's launch month,
// relaunches after it; each launch adds its hours.
void draw_launches(const ProductParams& product, std::size_t p, const StreamBlock& block,
                   ProductsState& state, const double* launch_month, int month) {
  const std::size_t n = block.count;
  if (product.launches_per_year > 0) {
    for (std::size_t i = 0; i < n; ++i)
      state.relaunch_rate[i] = month > launch_month[i] ? product.launches_per_year / 12 : 0;
    block.batch->poisson(ProductsStream::kComponent, month, product_purpose(p, kRelaunches),
                         state.relaunch_rate.data(), state.launches.data());
  } else {
    std::fill(state.launches.begin(), state.launches.begin() + n, 0);
  }
  for (std::size_t i = 0; i < n; ++i) {
    state.launches[i] += month == launch_month[i];
    state.work_hours[i] += static_cast<double>(state.launches[i]) * product.hours_per_launch;
  }
}

// This month's units of product p from the tail of earlier launches (at each trial's tail
// rate) and from the marketplace once on sale, with the marketplace's shocks.
void draw_tail_and_marketplace_units(const ProductParams& product, std::size_t p,
                                     const StreamBlock& block, ProductsState& state,
                                     const double* launch_month, const double* tail_rate,
                                     int month) {
  const std::size_t n = block.count;
  constexpr std::uint16_t component = ProductsStream::kComponent;
  if (product.tail_fraction > 0) {
    std::copy(tail_rate, tail_rate + n, state.tail_mean.begin());
    block.batch->poisson(component, month, product_purpose(p, kTailUnits), state.tail_mean.data(),
                         state.tail_units.data());
  } else {
    std::fill(state.tail_units.begin(), state.tail_units.begin() + n, 0);
  }
  state.marketplace_shocks.step(product.marketplace_shocks, block, component, month,
                                product_purpose(p, kMarketplaceShock),
                                product_purpose(p, kMarketplaceShockSize));
  if (product.marketplace_units_per_month > 0) {
    for (std::size_t i = 0; i < n; ++i)
      state.marketplace_mean[i] =
          month >= launch_month[i] ? product.marketplace_units_per_month : 0;
    block.batch->poisson(component, month, product_purpose(p, kMarketplaceUnits),
                         state.marketplace_mean.data(), state.marketplace_units.data());
  } else {
    std::fill(state.marketplace_units.begin(), state.marketplace_units.begin() + n, 0);
  }
}

}  // namespace

void ProductsStream::simulate(const StreamBlock& block, ProductsState& state,
                              AudienceSignals& signals, double* income,
                              const TraceColumns& trace) const {
  const std::size_t n = block.count;
  state.ensure(products.size());
  for (int month = 0; month < block.months; ++month) {
    const std::size_t row = static_cast<std::size_t>(month) * block.stride;
    std::fill(income + row, income + row + n, 0.0);
    if (trace.active()) std::fill(trace.columns[0] + row, trace.columns[0] + row + n, 0.0);
  }
  const double* list = signals.read<ProductsStream, Signal::newsletter_subscribers>();
  const double* channel = signals.read<ProductsStream, Signal::youtube_subscribers>();
  std::fill_n(state.work_hours.begin(), n, 0.0);

  for (std::size_t p = 0; p < products.size(); ++p) {
    const ProductParams& product = products[p];
    double* launch_month = state.launch_month.data() + p * state.capacity;
    double* conversion = state.conversion.data() + p * state.capacity;
    double* tail_rate = state.tail_rate.data() + p * state.capacity;
    product.launch_month.draw_all(block, kComponent, launch_month);
    product.launch_conversion.draw_all(block, kComponent, conversion);
    for (std::size_t i = 0; i < n; ++i) {
      launch_month[i] = std::round(std::clamp(launch_month[i], 0.0, 1e6));
      tail_rate[i] = 0;
      // Built only if it goes on sale within the horizon.
      if (launch_month[i] < block.months) state.work_hours[i] += product.hours_to_build;
    }
    const double tail_decay = std::pow(0.5, 1.0 / product.tail_half_life_months);
    const double own_store_revenue =
        product.price * product.own_store_share * (1 - product.refund_rate);
    const double marketplace_revenue =
        product.price * product.marketplace_share * (1 - product.refund_rate);
    state.marketplace_shocks.reset(n);

    for (int month = 0; month < block.months; ++month) {
      const std::size_t row = static_cast<std::size_t>(month) * block.stride;
      draw_launches(product, p, block, state, launch_month, month);
      draw_tail_and_marketplace_units(product, p, block, state, launch_month, tail_rate, month);
      for (std::size_t i = 0; i < n; ++i) {
        std::int64_t launch_units = 0;
        if (state.launches[i] > 0) {
          // Launches are rare events (a month or a few per trial), so each is drawn on its own.
          const double audience =
              std::round(list[row + i] * product.email_reach +
                         channel[row + i] * product.youtube_reach + product.other_audience);
          const double buying = std::clamp(
              conversion[i] *
                  (block.recession(month, i) ? product.recession_conversion_multiplier : 1.0),
              0.0, 1.0);
          auto source = block.draws(i, kComponent, month, product_purpose(p, kLaunchUnits));
          launch_units = dist::sample_binomial(
              static_cast<std::int64_t>(static_cast<double>(state.launches[i]) * audience), buying,
              source);
        }
        const double own_store_units = static_cast<double>(launch_units + state.tail_units[i]);
        income[row + i] += own_store_units * own_store_revenue +
                           static_cast<double>(state.marketplace_units[i]) * marketplace_revenue *
                               state.marketplace_shocks.factor[i];
        if (trace.active())
          trace.columns[0][row + i] +=
              own_store_units + static_cast<double>(state.marketplace_units[i]);
        tail_rate[i] =
            tail_rate[i] * tail_decay + product.tail_fraction * static_cast<double>(launch_units);
      }
    }
  }
}

}  // namespace incomesim::scenarios
