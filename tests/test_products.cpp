// The products stream (docs/models.md, "Products") against closed forms. Scenarios are built so
// that each quantity has a known distribution: a list that neither grows nor shrinks (no
// sign-ups, no churn), a constant conversion, prices and shares of 1 where they would only
// scale. Statistical tolerances are 5 standard errors of the estimate, the standard error from
// the closed-form variance (seeds fixed): a pass is repeatable and a wrong mechanism fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "engine/statistics.hpp"
#include "scenarios/bundled_scenarios.hpp"
#include "scenarios/scenario_loader.hpp"
#include "test_support.hpp"

namespace {

using namespace incomesim;
using test_support::Block;
using test_support::scenario_from;

constexpr std::size_t kTrials = 20000;

// A list of `subscribers` that stays that size, and one product on top of it.
std::string fixed_list(int subscribers, const std::string& product, int horizon = 8,
                       const std::string& regime = "p_enter = 0") {
  return "horizon_months = " + std::to_string(horizon) + "\n[regime]\n" + regime +
         "\n[newsletter]\ninitial_subscribers = " + std::to_string(subscribers) +
         "\norganic_signups_per_month = 0\nmonthly_churn = 0\nsignups_per_medium_article = 0\n"
         "[[products]]\nname = \"course\"\n" +
         product;
}

// Income of the products stream (the last row: these scenarios have no [tax]) in `month`.
std::vector<double> products_income(const Block& block, int month) {
  std::vector<double> values(block.n);
  const std::size_t products = block.incomes.rows() - 1;
  for (std::size_t i = 0; i < block.n; ++i) values[i] = block.income(products, month, i);
  return values;
}

// Checks a sample mean against a closed-form mean and variance, within 5 standard errors.
void expect_mean(const std::vector<double>& values, double mean, double variance,
                 const std::string& what) {
  const auto sample = test_support::mean_and_error(values);
  EXPECT_NEAR(sample.mean, mean, 5 * std::sqrt(variance / static_cast<double>(values.size())))
      << what;
}

// Price 1, every share 1 and no refunds: income is the number of units.
const std::string kUnitsAsIncome =
    "price = 1\nown_store_share = 1\nrefund_rate = 0\nyoutube_reach = 0\n";

// Launch units ~ Binomial(A, c): mean A c, variance A c (1 - c); here A = 10,000, c = 0.02.
TEST(Products, LaunchSellsAudienceTimesConversion) {
  const auto scenario = scenario_from(fixed_list(
      10000, kUnitsAsIncome + "launch_month = 2\nlaunch_conversion = 0.02\ntail_fraction = 0\n"));
  const Block block(scenario.model, kTrials, 11);
  for (int month : {0, 1, 3}) {
    const auto quiet = products_income(block, month);
    EXPECT_EQ(*std::max_element(quiet.begin(), quiet.end()), 0) << "no sales outside the launch";
  }
  const auto launch = products_income(block, 2);
  expect_mean(launch, 200, 196, "launch units");
  // The variance too: a Poisson or a fixed count would have another (SE of s^2 ~ s^2 sqrt(2/n)).
  double squares = 0;
  const double mean = test_support::mean_and_error(launch).mean;
  for (double v : launch) squares += (v - mean) * (v - mean);
  EXPECT_NEAR(squares / (kTrials - 1), 196, 5 * 196 * std::sqrt(2.0 / kTrials));
}

// After a launch of L units, month k after it sells Poisson(f L 0.5^((k - 1) / h)): with
// f = 0.5, h = 2 and E[L] = 200, months 1 and 3 after the launch expect 100 and 50. Variance:
// E[Var | L] + Var(E | L) = mean + (f 0.5^((k-1)/h))^2 Var(L).
TEST(Products, TailHalvesEveryHalfLife) {
  const auto scenario = scenario_from(fixed_list(
      10000, kUnitsAsIncome + "launch_month = 0\nlaunch_conversion = 0.02\ntail_fraction = 0.5\n"
                              "tail_half_life_months = 2\n"));
  const Block block(scenario.model, kTrials, 12);
  expect_mean(products_income(block, 1), 100, 100 + 0.25 * 196, "one month after the launch");
  expect_mean(products_income(block, 3), 50, 50 + 0.0625 * 196, "three months after");
  expect_mean(products_income(block, 5), 25, 25 + 0.015625 * 196, "five months after");
}

// Marketplace units ~ Poisson(u) a month from the launch month on, each paying
// price x marketplace_share x (1 - refund_rate): here 10 x 0.5 x 0.9 = 4.5 per unit, u = 30.
TEST(Products, MarketplaceSalesPayTheMarketplaceShareOnceOnSale) {
  const auto scenario = scenario_from(R"(
    horizon_months = 10
    [career]
    salary = 1
    [[products]]
    name = "ebook"
    price = 10
    launch_month = 6
    marketplace_units_per_month = 30
    marketplace_share = 0.5
    refund_rate = 0.1
  )");
  const Block block(scenario.model, kTrials, 13);
  for (int month = 0; month < 6; ++month) {
    const auto before = products_income(block, month);
    EXPECT_EQ(*std::max_element(before.begin(), before.end()), 0) << "month " << month;
  }
  for (int month : {6, 9})
    expect_mean(products_income(block, month), 135, 4.5 * 4.5 * 30, "marketplace");
}

// A marketplace shock at hazard 1 with a constant factor 0.5 multiplies month t's marketplace
// revenue by exactly 0.5^(t + 1), trial by trial: the shocks' draws have their own coordinates, so
// the units sold are those of the same run without shocks (common random numbers).
TEST(Products, MarketplaceShocksMultiplyMarketplaceRevenue) {
  const std::string plan = R"(
    horizon_months = 6
    [career]
    salary = 1
    [[products]]
    name = "ebook"
    price = 10
    marketplace_units_per_month = 30
  )";
  const auto plain = scenario_from(plan);
  const auto shocked = scenario_from(plan + "shock_hazard = 1\nshock_size = 0.5\n");
  const Block a(plain.model, 2000, 5), b(shocked.model, 2000, 5);
  double sold = 0;
  for (int month = 0; month < 6; ++month) {
    const auto before = products_income(a, month), after = products_income(b, month);
    for (std::size_t i = 0; i < before.size(); ++i)
      ASSERT_EQ(after[i], before[i] * std::pow(0.5, month + 1)) << month << " " << i;
    sold += std::accumulate(before.begin(), before.end(), 0.0);
  }
  EXPECT_GT(sold, 0);
  EXPECT_NE(test_support::load_error(
                "[[products]]\nname = \"a\"\nprice = 5\nother_audience = 100\nshock_hazard = 0.1\n")
                .find("plan.toml:5:16: products.a.shock_hazard: a product's platform shocks act on "
                      "its marketplace sales, and it has none"),
            std::string::npos);
}

// With conversion 1 every reached person buys: units = the audience, exactly, and revenue is
// units x price x own_store_share x (1 - refund_rate) to the last bit of that product.
TEST(Products, OwnStoreShareAndRefundsScaleRevenueExactly) {
  const auto scenario = scenario_from(R"(
    horizon_months = 3
    [career]
    salary = 1
    [[products]]
    name = "app"
    price = 20
    launch_month = 1
    other_audience = 1000
    launch_conversion = 1
    own_store_share = 0.9
    refund_rate = 0.1
    tail_fraction = 0
  )");
  const auto trace = scenarios::trace_trial(scenario.model, 1, 5);
  EXPECT_EQ(test_support::traced(trace, 1, "products_units"), 1000);
  EXPECT_DOUBLE_EQ(test_support::traced(trace, 1, "products"), 1000 * (20 * 0.9 * (1 - 0.1)));
  EXPECT_EQ(test_support::traced(trace, 0, "products"), 0);
  EXPECT_EQ(test_support::traced(trace, 2, "products"), 0);
}

// In a recession that never ends, conversion is c x m: mean A c m = 10,000 x 0.02 x 0.8 = 160.
TEST(Products, RecessionMultipliesConversion) {
  const auto scenario = scenario_from(fixed_list(
      10000, kUnitsAsIncome + "launch_month = 0\nlaunch_conversion = 0.02\ntail_fraction = 0\n", 2,
      "start = \"recession\"\np_exit = 0"));
  const Block block(scenario.model, kTrials, 14);
  expect_mean(products_income(block, 0), 160, 160 * (1 - 0.016), "recession launch");
}

// Relaunches: K ~ Poisson(launches_per_year / 12) a month after the first launch, units given K
// ~ Binomial(K A, c). With 12 a year: E = A c = 200, Var = E[K] A c (1 - c) + Var(K) (A c)^2.
TEST(Products, RelaunchesArePoissonInEachMonthAfterTheFirst) {
  const auto scenario = scenario_from(fixed_list(
      10000, kUnitsAsIncome + "launch_month = 1\nlaunches_per_year = 12\nlaunch_conversion = 0.02\n"
                              "tail_fraction = 0\n"));
  const Block block(scenario.model, kTrials, 15);
  const auto before = products_income(block, 0);
  EXPECT_EQ(*std::max_element(before.begin(), before.end()), 0);
  expect_mean(products_income(block, 1), 200, 196, "the first launch");
  expect_mean(products_income(block, 4), 200, 196 + 200.0 * 200, "a month of relaunches");
}

// The funnel: the same product sells in proportion to the list it reaches (5,000 against
// 10,000 subscribers: 100 against 200 units expected), and YouTube subscribers count at their
// reach.
TEST(Products, ABiggerAudienceSellsMore) {
  const std::string product =
      kUnitsAsIncome + "launch_month = 0\nlaunch_conversion = 0.02\ntail_fraction = 0\n";
  const Block small(scenario_from(fixed_list(5000, product)).model, kTrials, 16);
  const Block large(scenario_from(fixed_list(10000, product)).model, kTrials, 16);
  expect_mean(products_income(small, 0), 100, 98, "5,000 subscribers");
  expect_mean(products_income(large, 0), 200, 196, "10,000 subscribers");

  const auto with_channel = scenario_from(R"(
    horizon_months = 2
    [regime]
    p_enter = 0
    [youtube]
    videos_per_month = 0
    initial_subscribers = 20000
    monthly_unsubscribe = 0
    [[products]]
    name = "course"
    price = 1
    own_store_share = 1
    refund_rate = 0
    launch_month = 0
    youtube_reach = 0.25
    launch_conversion = 0.02
  )");
  const Block channel(with_channel.model, kTrials, 17);
  expect_mean(products_income(channel, 0), 100, 98, "20,000 subscribers at reach 0.25");
}

// Adding products changes no other stream's draws (common random numbers across plans).
TEST(Products, AddingProductsLeavesEveryOtherStreamUnchanged) {
  const std::string base(scenarios::bundled_scenario_text("alake-2020.toml"));
  const auto without = scenarios::load_scenario_text(base, "a.toml");
  const auto with = scenarios::load_scenario_text(
      base + "\n[[products]]\nname = \"course\"\nprice = 99\nlaunch_month = 6\n", "b.toml");
  const Block a(without.model, 2048, 3), b(with.model, 2048, 3);
  const std::size_t streams = without.model.stream_names().size();
  ASSERT_EQ(with.model.stream_names().size(), streams + 1);
  for (std::size_t s = 0; s < streams; ++s)
    for (int month = 0; month < a.horizon; ++month)
      for (std::size_t i = 0; i < a.n; ++i)
        ASSERT_EQ(a.income(s, month, i), b.income(s, month, i)) << s << " " << month << " " << i;
}

using test_support::load_error;

const std::string kList = "[newsletter]\ninitial_subscribers = 100\n";

TEST(Products, BadInputGetsALocatedMessage) {
  EXPECT_EQ(load_error(kList + "[[products]]\nname = \"course\"\nprice = -5\n"),
            "plan.toml:5:9: products.course.price: -5 is out of range; allowed: a number >= 0");
  EXPECT_EQ(load_error(kList + "[[products]]\nname = \"course\"\nprice = 5\nrefund_rate = 1.5\n"),
            "plan.toml:6:15: products.course.refund_rate: 1.5 is out of range; allowed: a number "
            "in [0, 1]");
  EXPECT_NE(load_error(kList + "[[products]]\nname = \"c\"\nprice = 5\nlaunch_conversion = "
                               "{ dist = \"uniform\", low = 0, high = 2 }\n")
                .find("products.c.launch_conversion"),
            std::string::npos);
  EXPECT_EQ(load_error("horizon_months = 12\n" + kList +
                       "[[products]]\nname = \"course\"\nprice = 5\nlaunch_month = 12\n"),
            "plan.toml:7:16: products.course.launch_month: 12 is past the horizon: the product "
            "would never be on sale; allowed: a 0-based month below horizon_months (12)");
  EXPECT_EQ(load_error("[career]\nsalary = 1\n[[products]]\nname = \"course\"\nprice = 5\n"),
            "plan.toml:4:8: products.course.name: product 'course' has no one to sell to: no "
            "audience source and no marketplace sales; allowed: email_reach > 0 with a "
            "[newsletter], youtube_reach > 0 with a [youtube], other_audience > 0, or "
            "marketplace_units_per_month > 0");
  EXPECT_EQ(load_error(kList + "[[products]]\nname = \"a\"\nprice = 5\n[[products]]\nname = "
                               "\"a\"\nprice = 6\n"),
            "plan.toml:7:8: products[1].name: 'a' names an earlier product too; allowed: a name "
            "no other product has");
  EXPECT_EQ(load_error(kList + "[products]\nname = \"a\"\nprice = 5\n"),
            "plan.toml:3:1: products: expected [[products]] entries, each a table with a name "
            "and a price, e.g. [[products]] name = \"course\" price = 49");
  EXPECT_EQ(load_error(kList + "[[products]]\nname = \"a\"\nprice = 5\nprise = 6\n"),
            "plan.toml:6:1: products.a.prise: unknown key (did you mean 'price'?); allowed here: "
            "'currency', 'name', 'price', 'launch_month', 'launches_per_year', 'email_reach', "
            "'youtube_reach', 'other_audience', 'launch_conversion', "
            "'recession_conversion_multiplier', 'tail_fraction', 'tail_half_life_months', "
            "'marketplace_units_per_month', 'marketplace_share', 'own_store_share', "
            "'refund_rate', 'shock_hazard', 'shock_size', 'shock_recession_multiplier', "
            "'hours_to_build' or 'hours_per_launch'");
}

// --set (and so sweep, sensitivity and calibrate) reaches an entry by its name.
TEST(Products, OverridesReachAnEntryByName) {
  const std::string text = kList +
                           "[[products]]\nname = \"a\"\nprice = 5\n[[products]]\nname = "
                           "\"b\"\nprice = 6\n";
  const auto scenario =
      scenarios::load_scenario_text(text, "plan.toml", {{"products.b.price", "9"}});
  const auto& products = scenario.model.stream<scenarios::ProductsStream>()->products;
  EXPECT_EQ(products.at(0).price, 5);
  EXPECT_EQ(products.at(1).price, 9);
  std::vector<std::string> leaves;
  for (const auto& leaf : scenarios::numeric_leaves(text, "plan.toml")) leaves.push_back(leaf.key);
  EXPECT_NE(std::find(leaves.begin(), leaves.end(), "products.b.price"), leaves.end());
  EXPECT_EQ(load_error(text, {{"products.c.price", "1"}}),
            "plan.toml: products.c.price: --set products.c.price=1: products has no entry named "
            "'c' (did you mean 'a'?); allowed: products.NAME.key with NAME one of 'a' or 'b'");
}

// A product's per-trial parameters can be correlated like any other (the copula's own map).
TEST(Products, ConversionCanBeCorrelatedWithOtherParameters) {
  const auto scenario = scenario_from(R"(
    [newsletter]
    paid_conversion = { dist = "beta", mean = 0.05, sd = 0.02 }
    [[products]]
    name = "course"
    price = 99
    [[correlation]]
    a = "products.course.launch_conversion"
    b = "newsletter.paid_conversion"
    rho = 0.8
  )");
  ASSERT_EQ(scenario.model.copula.size(), 2u);
  // The draws a run makes realise the rank correlation: Spearman's rho within 5 standard errors
  // of its Fisher transform (about sqrt(1.06 / (n - 3)); Fieller, Hartley & Pearson 1957).
  const std::uint64_t n = 20000;
  const auto values = scenarios::per_trial_values(scenario.model, 4, n);
  const std::vector<double>* conversion = nullptr;
  const std::vector<double>* paid = nullptr;
  for (const auto& [key, draws] : values) {
    if (key == "products.course.launch_conversion") conversion = &draws;
    if (key == "newsletter.paid_conversion") paid = &draws;
  }
  ASSERT_TRUE(conversion && paid);
  const double rho = engine::spearman(*conversion, *paid);
  EXPECT_NEAR(std::atanh(rho), std::atanh(0.8), 5 * std::sqrt(1.06 / (n - 3)));
}

}  // namespace
