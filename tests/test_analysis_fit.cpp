// The fitting analysis (analysis/fit.hpp) as functions, on a history whose maximum-likelihood
// estimates are worked by hand: ten articles earning e^1 ... e^10 and two earning nothing in
// months 1 to 6, and a newsletter of two months.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "analysis/fit.hpp"
#include "core/input_error.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scratch_directory.hpp"

namespace {

using namespace incomesim;

std::string hand_history() {
  std::string text = "month,stream,item,metric,value\n";
  for (int k = 1; k <= 10; ++k)
    text += std::to_string(1 + (k - 1) % 6) + ",medium,a" + std::to_string(k) + ",earnings," +
            fmt::format("{:.17g}", std::exp(k)) + "\n";
  text += "3,medium,z1,earnings,0\n6,medium,z2,earnings,0\n";
  text +=
      "1,newsletter,,subscribers,100\n1,newsletter,,signups,15\n1,newsletter,,unsubscribes,5\n"
      "2,newsletter,,subscribers,110\n2,newsletter,,signups,20\n2,newsletter,,unsubscribes,4\n";
  return text;
}

std::string message_of(const std::function<void()>& work) {
  try {
    work();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

// Earnings to date e^1 ... e^10 as of month 6 (the history's last): article k, published in month
// m = 1 + (k - 1) % 6, has been paid for 7 - m months, so with the default half-life of 2 months
// its lifetime earnings are e^k / (1 - 0.5^((7 - m) / 2)). Their logs (worked in Python from
// those ten values): mean 5.90251061944297, variance (divisor n) 8.606318657690569. As lifetime
// earnings outright (a history of old articles, here as of month 1000) the logs are 1..10: mu 5.5,
// sigma^2 8.25. 2 of 12 earned nothing; 12 articles over 6 months is 2 a month, 2 x 12 / 52 a
// week; churn 9 of 210 subscriber-months; sign-ups 17.5 a month; the list after month 2 is
// 110 + 20 - 4.
TEST(FitAnalysis, EstimatesWorkedByHand) {
  const auto history = analysis::parse_payout_history(hand_history(), "h.csv");
  const auto fit = analysis::fit_history(history, "h.csv");
  ASSERT_TRUE(fit.medium && fit.newsletter);
  EXPECT_NEAR(fit.medium->earnings.mu.value, 5.90251061944297, 1e-12);
  EXPECT_NEAR(fit.medium->earnings.sigma.value, std::sqrt(8.606318657690569), 1e-12);
  EXPECT_NEAR(fit.medium->earnings.mu.standard_error, std::sqrt(8.606318657690569 / 10), 1e-12);
  EXPECT_EQ(fit.medium->payout.as_of, 6);
  EXPECT_NEAR(fit.medium->largest_scale, 1 / (1 - std::sqrt(0.5)), 1e-12);  // month 6, paid once
  const auto matured = analysis::fit_history(history, "h.csv", {"1000", std::nullopt});
  EXPECT_NEAR(matured.medium->earnings.mu.value, 5.5, 1e-12);
  EXPECT_NEAR(matured.medium->earnings.sigma.value, std::sqrt(8.25), 1e-12);
  // A half-life of 1 month as of month 6: article k's share is 1 - 0.5^(7 - m); the logs' mean is
  // 5.5 - mean(log share) = 5.5 + 0.14719631911013525 (worked the same way).
  const auto quick = analysis::fit_history(history, "h.csv", {"", 1.0});
  EXPECT_NEAR(quick.medium->earnings.mu.value, 5.5 + 0.14719631911013525, 1e-12);
  EXPECT_EQ(fit.medium->articles, 12u);
  EXPECT_EQ(fit.medium->earning_nothing, 2u);
  EXPECT_NEAR(fit.medium->zero_share.value, 2.0 / 12, 1e-15);
  EXPECT_NEAR(fit.medium->articles_per_week.value, 2 * 12.0 / 52, 1e-12);
  EXPECT_NEAR(fit.newsletter->churn.value, 9.0 / 210, 1e-15);
  EXPECT_NEAR(fit.newsletter->signups.value, 17.5, 1e-12);
  EXPECT_EQ(fit.newsletter->list_at_end, 126);
  const std::string table = analysis::fit_table(fit).csv();
  EXPECT_EQ(table.rfind("stream,parameter,value,ci_low,ci_high\n", 0), 0u) << table;
  EXPECT_NE(table.find("\nnewsletter,initial_subscribers,126,,\n"), std::string::npos) << table;
  EXPECT_NE(table.find("\nnewsletter,monthly_churn,0.04285714285714286,"), std::string::npos)
      << table;
}

// Months given as dates (YYYY-MM, or YYYY-MM-DD whose day is ignored) fit exactly as the same
// history numbered from 1: here the numbered months 1 to 6 are 2023-11 to 2024-04, across a new
// year. A history names its months one way, and a date that is not one is refused.
TEST(FitAnalysis, DatedMonthsFitAsNumberedOnes) {
  const char* const dates[] = {"",           "2023-11", "2023-12-31", "2024-01",
                               "2024-02-01", "2024-03", "2024-04"};
  std::string dated;
  std::istringstream numbered(hand_history());
  for (std::string line; std::getline(numbered, line);) {
    const std::size_t comma = line.find(',');
    const std::string month = line.substr(0, comma);
    dated += (month == "month" ? month : dates[std::stoi(month)]) + line.substr(comma) + "\n";
  }
  const auto by_number =
      analysis::fit_history(analysis::parse_payout_history(hand_history(), "h.csv"), "h.csv");
  const auto by_date =
      analysis::fit_history(analysis::parse_payout_history(dated, "h.csv"), "h.csv");
  EXPECT_EQ(analysis::fit_table(by_date).csv(), analysis::fit_table(by_number).csv());
  EXPECT_NE(analysis::fitted_fragment(by_date).find("articles in months 2023-11 to 2024-04"),
            std::string::npos)
      << analysis::fitted_fragment(by_date);
  EXPECT_NE(analysis::fitted_fragment(by_number).find("articles in months 1 to 6"),
            std::string::npos);
  const auto refused = [](const std::string& rows) {
    return message_of([&] {
      analysis::parse_payout_history("month,stream,item,metric,value\n" + rows, "h.csv");
    });
  };
  EXPECT_NE(refused("1,medium,a,earnings,3\n2024-02,medium,b,earnings,3\n")
                .find("h.csv:3:1: month: '2024-02' is not allowed; allowed: a whole month number "
                      "from 1 to 1200 as the rows above give them"),
            std::string::npos);
  EXPECT_NE(refused("2024-02,medium,b,earnings,3\n3,medium,a,earnings,3\n")
                .find("'3' is not allowed; allowed: a date YYYY-MM or YYYY-MM-DD"),
            std::string::npos);
  for (const char* bad : {"1999-12", "2024-00", "2024-1", "2024-01-32", "2024/01", "+024-01"})
    EXPECT_NE(refused(std::string(bad) + ",medium,a,earnings,3\n").find("is not allowed"),
              std::string::npos)
        << bad;
}

// The fragment, put under a horizon, is a scenario whose values are the estimates.
TEST(FitAnalysis, TheFragmentLoadsWithTheEstimates) {
  const auto fit =
      analysis::fit_history(analysis::parse_payout_history(hand_history(), "h.csv"), "h.csv");
  const std::string fragment = analysis::fitted_fragment(fit);
  const auto scenario =
      scenarios::load_scenario_text("horizon_months = 12\n" + fragment, "fitted.toml");
  std::map<std::string, std::string> values;
  for (const auto& p : scenario.parameters) values[p.key] = p.value;
  EXPECT_EQ(values["newsletter.initial_subscribers"], "126");
  EXPECT_EQ(values["newsletter.monthly_churn"], "0.0428571");
  EXPECT_NE(values["medium.earnings_per_article"].find("p_zero=0.166667"), std::string::npos)
      << values["medium.earnings_per_article"];
  // e^5.90251061944297 = 365.955089..., which the fragment writes to six digits; with the payout
  // model it was scaled by, which the scenario then simulates.
  EXPECT_NE(values["medium.earnings_per_article"].find("median=365.955)"), std::string::npos)
      << values["medium.earnings_per_article"];
  EXPECT_EQ(values["medium.payout_half_life_months"], "2");
  EXPECT_NE(fragment.find("each article's earnings to date (month 6) divided by the share of its "
                          "lifetime earnings paid by then"),
            std::string::npos)
      << fragment;
  EXPECT_NE(fragment.find("# fitted from h.csv: 12 articles, 2 earning nothing, each"),
            std::string::npos);
  EXPECT_NE(analysis::fit_summary(fit).find("newsletter: sign-ups 17.5 a month"),
            std::string::npos);
}

TEST(FitAnalysis, RefusesBadHistoriesWithTheirPlace) {
  EXPECT_NE(message_of([] {
              analysis::parse_payout_history(
                  "month,stream,item,metric,value\n"
                  "2024-13,medium,a,earnings,3\n",
                  "h.csv");
            })
                .find("h.csv:2:1: month: '2024-13' is not allowed; allowed: a whole month number "
                      "from 1 to 1200, or a date YYYY-MM or YYYY-MM-DD from 2000 to 2099"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              analysis::parse_payout_history("month,stream,item,metric\n", "h.csv");
            }).find("the header has no column 'value'"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              analysis::fit_history(
                  analysis::parse_payout_history("month,stream,item,metric,value\n"
                                                 "1,medium,a,earnings,3\n",
                                                 "h.csv"),
                  "h.csv");
            }).find("1 Medium articles with earnings above 0; fitting a lognormal needs at least"),
            std::string::npos);
  EXPECT_NE(message_of([] {
              analysis::fit_history(
                  analysis::parse_payout_history("month,stream,item,metric,value\n", "h.csv"),
                  "h.csv");
            }).find("has no rows to fit"),
            std::string::npos);
  // The payout model's options, each named as the command line gives it.
  const auto history = analysis::parse_payout_history(hand_history(), "h.csv");
  const auto refused = [&](const analysis::FitOptions& options) {
    return message_of([&] { analysis::fit_history(history, "h.csv", options); });
  };
  EXPECT_EQ(refused({"5", std::nullopt}),
            "--as-of: '5' is before the last article's month, 6; allowed: that month or later");
  EXPECT_EQ(refused({"2024-06", std::nullopt}),
            "--as-of: '2024-06' is not allowed; allowed: a whole month number from 1 to 1200 as "
            "the history names its months");
  for (double bad : {0.0, -1.0, 1201.0, std::nan("")})
    EXPECT_EQ(refused({"", bad}).rfind("--payout-half-life: ", 0), 0u) << bad;
  EXPECT_NE(refused({"", 0.0}).find("0 is not allowed; allowed: months above 0, at most 1200"),
            std::string::npos);
  const test_support::ScratchDirectory scratch("incomesim-fit-analysis");
  const auto& dir = scratch.path();
  EXPECT_NE(message_of([&] {
              analysis::read_payout_history(dir.string());
            }).find("is not a readable file"),
            std::string::npos);
  const auto huge = dir / "huge.csv";
  std::ofstream(huge) << std::string((1 << 20) + 1, '\n');
  EXPECT_NE(message_of([&] {
              analysis::read_payout_history(huge.string());
            }).find("is larger than 1 MiB"),
            std::string::npos);
}

}  // namespace
