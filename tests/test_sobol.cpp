// Variance-based sensitivity: the pick-freeze keys (which draws come from the replicate), the
// model's independent inputs, the estimator against closed forms, and `incomesim sobol` end to
// end on a scenario whose variance shares are worked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numbers>

#include "cli_support.hpp"
#include "distributions/block_sampler.hpp"
#include "engine/csv.hpp"
#include "engine/sobol.hpp"
#include "random/draw_keys.hpp"
#include "random/draw_sequence.hpp"
#include "scenarios/random_inputs.hpp"
#include "test_support.hpp"

namespace incomesim {
namespace {

// The addresses a rule names come from the replicate seed and every other address from the
// seed, through every path of the batched draws: first blocks (uniforms), later blocks of listed
// trials (gamma's rejection runs past the first block) and several blocks per trial (sums).
TEST(DrawKeys, NamedAddressesComeFromTheReplicateAndTheRestFromTheSeed) {
  const std::size_t n = 200;
  for (bool everything_else : {false, true}) {
    SCOPED_TRACE(everything_else ? "everything else" : "listed");
    const random::ReplicateRule rule{99, {{3, 5}}, everything_else};
    dist::BlockSampler draws(n);
    draws.start(random::DrawKeys(42, &rule), 1000, n);
    auto seed_of = [&](std::uint16_t month, std::uint16_t purpose) -> std::uint64_t {
      const bool listed = month == random::kSetupMonth && purpose == 5;
      return listed != everything_else ? 99 : 42;
    };
    struct Address {
      std::uint16_t month, purpose;
    };
    for (const Address a :
         {Address{random::kSetupMonth, 5}, Address{random::kSetupMonth, 6}, Address{7, 5}}) {
      std::vector<double> u(n), g(n), sums(n);
      draws.uniforms(3, a.month, a.purpose, u.data());
      const dist::Distribution gamma = dist::gamma(0.3, 1);
      draws.sample_all(gamma, 3, a.month, a.purpose, g.data());
      const std::vector<std::int64_t> counts(n, 9);
      const dist::Distribution normal = dist::normal(0, 1);
      draws.sums_of_draws(3, a.month, a.purpose, normal, counts.data(), sums.data());
      for (std::size_t i = 0; i < n; ++i) {
        const random::DrawAddress address{1000 + i, 3, a.month, a.purpose};
        random::DrawSequence own(seed_of(a.month, a.purpose), address);
        ASSERT_EQ(u[i], own.uniform()) << a.month << " " << a.purpose << " " << i;
        random::DrawSequence again(seed_of(a.month, a.purpose), address);
        ASSERT_EQ(g[i], dist::sample(gamma, again)) << i;
      }
      // The sums' draws: a plain sampler keyed by the expected seed gives the same.
      dist::BlockSampler plain(n);
      plain.start(seed_of(a.month, a.purpose), 1000, n);
      std::vector<double> expected(n);
      plain.sums_of_draws(3, a.month, a.purpose, normal, counts.data(), expected.data());
      ASSERT_EQ(sums, expected);
    }
  }
}

const char* const kTiedScenario = R"(
name = "tied"
currency = "USD"
horizon_months = 24
[career]
salary = { dist = "lognormal", median = 90000, sigma = 0.2 }
[medium]
articles_per_week = { dist = "gamma", mean = 1, sd = 0.5 }
skill = { dist = "lognormal", median = 1, sigma = 0.8 }
[youtube]
videos_per_month = 2
skill = { dist = "lognormal", median = 1, sigma = 1 }
rpm = 4
[household]
starting_savings = 20000
monthly_expenses = 3000
[[correlation]]
a = "medium.skill"
b = "youtube.skill"
rho = 0.6
)";

// A run whose rule takes every draw from the replicate is the plain run with the replicate's
// seed, bit for bit; a rule naming Medium's parameters leaves the career (which reads nothing of
// Medium) unchanged trial by trial and changes Medium's income.
TEST(DrawKeys, WholeRunsShareExactlyWhatTheRuleSays) {
  const auto scenario = test_support::scenario_from(kTiedScenario);
  const std::uint64_t trials = 3000;
  auto run_with = [&](std::uint64_t seed, const random::ReplicateRule* rule) {
    engine::RunOptions options;
    options.trials = trials;
    options.seed = seed;
    options.replicate = rule;
    return engine::run_trials(scenario.model, options);
  };
  const auto plain = run_with(5, nullptr);
  const auto replicate = run_with(77, nullptr);
  const random::ReplicateRule everything{77, {}, true};
  const auto all_replicated = run_with(5, &everything);
  const auto streams = plain.series_names().size();
  for (std::size_t s = 0; s < streams; ++s)
    for (std::size_t p = 0; p < plain.periods().size(); ++p)
      for (std::uint64_t i = 0; i < trials; ++i)
        ASSERT_EQ(all_replicated.exact("test").values(s, p)[i],
                  replicate.exact("test").values(s, p)[i])
            << s << " " << i;

  const auto inputs = scenarios::random_inputs(scenario.model);
  const auto medium = std::find_if(inputs.groups.begin(), inputs.groups.end(), [](const auto& g) {
    return g.name == "medium+youtube parameters";
  });
  ASSERT_NE(medium, inputs.groups.end());
  const random::ReplicateRule medium_rule{77, medium->addresses, false};
  const auto frozen = run_with(5, &medium_rule);
  std::uint64_t medium_changed = 0;
  for (std::uint64_t i = 0; i < trials; ++i) {
    ASSERT_EQ(frozen.exact("test").values(0, 0)[i], plain.exact("test").values(0, 0)[i])
        << "career, trial " << i;
    medium_changed += frozen.exact("test").values(1, 0)[i] != plain.exact("test").values(1, 0)[i];
  }
  // Skill is a continuous lognormal: every trial whose Medium pays anything pays a different
  // amount; only trials with no payout at all (a few, at 1 article a week) can agree.
  EXPECT_GT(medium_changed, trials * 9 / 10);
}

// Parameters the copula ties form one input, and so do their streams; constant parameters draw
// nothing and are left out; luck is everything but the parameters' addresses.
TEST(RandomInputs, TiedParametersAndStreamsAreOneInputEach) {
  const auto scenario = test_support::scenario_from(kTiedScenario);
  const auto inputs = scenarios::random_inputs(scenario.model);
  std::vector<std::string> parameters, groups;
  for (const auto& input : inputs.parameters) parameters.push_back(input.name);
  for (const auto& input : inputs.groups) groups.push_back(input.name);
  EXPECT_EQ(parameters, (std::vector<std::string>{"career.salary", "medium.articles_per_week",
                                                  "medium.skill+youtube.skill"}));
  EXPECT_EQ(groups,
            (std::vector<std::string>{"career parameters", "medium+youtube parameters", "luck"}));
  const auto& luck = inputs.groups.back();
  EXPECT_TRUE(luck.everything_else);
  // Every parameter's setup draw and copula score, constants included (they draw nothing, so
  // it does not matter that luck leaves them to the seed).
  EXPECT_EQ(luck.addresses.size(), 2 * scenario.model.per_trial_parameters().size());
  for (const auto& input : inputs.parameters) EXPECT_FALSE(input.everything_else);
}

// f = X1 + X2 + X1 X2 with independent standard normals: V = 3, S1 = S2 = 1/3 and
// ST1 = ST2 = 2/3 (the product's variance is shared by both); X3 is not used, so its indices are
// exactly 0. Each estimate is within 4 standard errors, the standard error taken from its own
// 95% bootstrap interval (width / 3.92): a wrong estimator is off by far more at n = 20,000.
TEST(PickFreeze, ClosedFormIndicesOfAProductModel) {
  const std::size_t n = 20000;
  std::vector<double> a[3], b[3];
  for (int k = 0; k < 3; ++k) {
    a[k].resize(n);
    b[k].resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      random::DrawSequence sa(11, {i, 1, 0, static_cast<std::uint16_t>(k)});
      random::DrawSequence sb(11, {i, 2, 0, static_cast<std::uint16_t>(k)});
      const double u1 = sa.uniform(), u2 = sa.uniform(), v1 = sb.uniform(), v2 = sb.uniform();
      a[k][i] = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
      b[k][i] = std::sqrt(-2 * std::log(v1)) * std::cos(2 * std::numbers::pi * v2);
    }
  }
  auto f = [](double x1, double x2, double) { return x1 + x2 + x1 * x2 + 100; };
  std::vector<double> fa(n), fb(n), mixed[3];
  for (std::size_t i = 0; i < n; ++i) {
    fa[i] = f(a[0][i], a[1][i], a[2][i]);
    fb[i] = f(b[0][i], b[1][i], b[2][i]);
  }
  for (int k = 0; k < 3; ++k) {
    mixed[k].resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      double x[3] = {a[0][i], a[1][i], a[2][i]};
      x[k] = b[k][i];
      mixed[k][i] = f(x[0], x[1], x[2]);
    }
  }
  engine::PickFreeze estimator(fa, fb, {});
  for (int k = 0; k < 3; ++k) estimator.add_group(mixed[k]);
  // f + 1 = (1 + X1)(1 + X2), so E[(f + 1)^k] = E[(1 + X)^k]^2 gives the fourth central
  // moment 57; the variance over the 2n values of f_A and f_B has sd sqrt((57 - 9) / 2n): 4 sds.
  EXPECT_NEAR(estimator.variance(), 3, 4 * std::sqrt((57.0 - 9.0) / (2 * n)));
  const double first[] = {1.0 / 3, 1.0 / 3, 0}, total[] = {2.0 / 3, 2.0 / 3, 0};
  for (std::size_t k = 0; k < 3; ++k) {
    const auto indices = estimator.indices(k, 3);
    auto check = [](const engine::Estimate& e, double expected) {
      ASSERT_LE(e.ci_low, e.value);
      ASSERT_GE(e.ci_high, e.value);
      const double se = (e.ci_high - e.ci_low) / 3.92;
      EXPECT_NEAR(e.value, expected, 4 * se + 1e-15)
          << "interval " << e.ci_low << ", " << e.ci_high;
    };
    check(indices.first_order, first[k]);
    check(indices.total, total[k]);
  }
  EXPECT_EQ(estimator.indices(2, 3).first_order.value, 0.0);
  EXPECT_EQ(estimator.indices(2, 3).total.value, 0.0);
}

// A scenario whose shares are worked by hand. Over 12 months with no recession, raise or layoff,
// the career pays the salary S ~ N(60000, 6000); one engagement covers the horizon at a day rate
// R ~ N(500, 50) (drawn per engagement: luck) for 10 days a month, paying 120 R; the household
// spends 12 E, E ~ N(2500, 400), from constant savings. So
//   total        = S + 120 R:           V = 3.6e7 + 3.6e7, shares career 1/2, luck 1/2;
//   final balance = c + S + 120 R - 12 E: V = 3.6e7 + 3.6e7 + 2.304e7,
//                   shares 0.3788 / 0.3788 / 0.2424 (career, luck, household).
// With [[correlation]] rho_s = 0.5 between S and E (Pearson r = 2 sin(pi/12) on normal
// marginals), career and household are one input: its share of the final balance is
// (3.6e7 + 2.304e7 - 2 r 6000 4800) / V', luck 3.6e7 / V'.
const char* const kAdditiveScenario = R"(
name = "sobol-additive"
currency = "GBP"
horizon_months = 12
[regime]
p_enter = 0
[career]
salary = { dist = "normal", mean = 60000, sd = 6000 }
layoff_hazard = 0
annual_raise = 0
[consulting]
start = "engaged"
engagement_months = 1000
day_rate = { dist = "normal", mean = 500, sd = 50 }
days_per_month = 10
[household]
starting_savings = 10000
monthly_expenses = { dist = "normal", mean = 2500, sd = 400 }
expense_inflation_per_year = 0
)";

class SobolCommand : public test_cli::Cli {
 protected:
  // Row by input name: first_order, its interval, total_effect, its interval.
  std::map<std::string, std::vector<double>> indices(const std::string& arguments) {
    const auto outcome = incomesim("sobol " + arguments + " -q --out " + (dir_ / "out").string());
    EXPECT_EQ(outcome.status, 0) << outcome.err;
    const auto rows =
        engine::parse_csv_strict(test_cli::read_file(dir_ / "out" / "sobol.csv"), "sobol.csv");
    std::map<std::string, std::vector<double>> by_input;
    for (std::size_t r = 1; r < rows.size(); ++r)
      for (std::size_t c = 4; c <= 9; ++c) by_input[rows[r][1]].push_back(std::stod(rows[r][c]));
    return by_input;
  }
  // Within 4 standard errors of the closed form, the standard error from the 95% interval.
  static void expect_share(const std::vector<double>& row, double expected) {
    ASSERT_EQ(row.size(), 6u);
    EXPECT_NEAR(row[0], expected, 4 * (row[2] - row[1]) / 3.92) << "first order";
    EXPECT_NEAR(row[3], expected, 4 * (row[5] - row[4]) / 3.92) << "total effect";
  }
};

TEST_F(SobolCommand, SharesOfAnAdditiveScenarioMatchTheClosedForm) {
  const auto path = write("additive.toml", kAdditiveScenario).string();
  auto total = indices(path + " -n 20000");
  expect_share(total["career.salary"], 0.5);
  expect_share(total["career parameters"], 0.5);
  expect_share(total["luck"], 0.5);
  // The household's expenses do not enter the total: exactly no share.
  EXPECT_EQ(total["household parameters"][0], 0.0);
  EXPECT_EQ(total["household parameters"][3], 0.0);

  auto balance = indices(path + " -n 20000 --output household.final_balance");
  const double v = 3.6e7 + 3.6e7 + 2.304e7;
  expect_share(balance["career parameters"], 3.6e7 / v);
  expect_share(balance["luck"], 3.6e7 / v);
  expect_share(balance["household parameters"], 2.304e7 / v);

  const auto tied = write("tied.toml", std::string(kAdditiveScenario) +
                                           "[[correlation]]\na = \"career.salary\"\n"
                                           "b = \"household.monthly_expenses\"\nrho = 0.5\n");
  auto correlated = indices(tied.string() + " -n 20000 --output household.final_balance");
  const double r = 2 * std::sin(std::numbers::pi * 0.5 / 6);
  const double v_tied = v - 2 * r * 6000 * 12 * 400;
  expect_share(correlated["career+household parameters"],
               (v - 3.6e7 - 2 * r * 6000 * 4800) / v_tied);
  expect_share(correlated["career.salary+household.monthly_expenses"],
               (v - 3.6e7 - 2 * r * 6000 * 4800) / v_tied);
  expect_share(correlated["luck"], 3.6e7 / v_tied);
  EXPECT_EQ(correlated.count("career.salary"), 0u);  // never on its own: it is tied
}

// The same seed gives the same sobol.csv, bit for bit, at one and at two threads.
TEST_F(SobolCommand, SameReportAtAnyThreadCount) {
  const std::string base = "sobol " + std::string(INCOMESIM_EXAMPLES_DIR) +
                           "/creator-leap.toml -n 3000 -q --output total.year[2] --out ";
  ASSERT_EQ(incomesim(base + (dir_ / "one").string() + " -t 1").status, 0);
  ASSERT_EQ(incomesim(base + (dir_ / "two").string() + " -t 2").status, 0);
  const auto one = test_cli::read_file(dir_ / "one" / "sobol.csv");
  EXPECT_GT(one.size(), 200u);
  EXPECT_EQ(one, test_cli::read_file(dir_ / "two" / "sobol.csv"));
}

TEST_F(SobolCommand, BadArgumentsGetOneMessageAndExitTwo) {
  const auto path = write("additive.toml", kAdditiveScenario).string();
  const std::string out = " --out " + (dir_ / "bad").string();
  test_cli::expect_bad_input(incomesim("sobol " + path + " --output total.decade" + out),
                             "--output: 'total.decade' is not a series and period");
  test_cli::expect_bad_input(incomesim("sobol " + path + " --output medium.horizon" + out),
                             "--output: 'medium' is not a series of this scenario");
  test_cli::expect_bad_input(incomesim("sobol " + path + " --output total.month[13]" + out),
                             "--output: month 13 is outside the horizon");
  test_cli::expect_bad_input(incomesim("sobol " + path + " -n 50" + out),
                             "--trials: 50 is too few for Sobol indices");
  test_cli::expect_bad_input(incomesim("sobol " + path + " --resamples 10" + out),
                             "--resamples: 10 is out of range");
  // Undefined in some trials: consulting income per hour where a trial has no engagement.
  const auto idle = write("idle.toml", R"(
name = "idle"
currency = "GBP"
horizon_months = 12
[consulting]
start = "bench"
gap_months = { dist = "uniform", low = 1, high = 30 }
)");
  test_cli::expect_bad_input(
      incomesim("sobol " + idle.string() + " -n 1000 -q --output consulting.income_per_hour" + out),
      "--output: consulting.income_per_hour has no finite value in");
  // A constant output has no variance to share out.
  const auto constant = write("constant.toml", R"(
name = "constant"
currency = "GBP"
horizon_months = 12
[regime]
p_enter = 0
[career]
salary = 50000
layoff_hazard = 0
)");
  test_cli::expect_bad_input(incomesim("sobol " + constant.string() + " -n 1000 -q" + out),
                             "--output: total.horizon is the same in every trial");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "bad" / "sobol.csv"));
}

}  // namespace
}  // namespace incomesim
