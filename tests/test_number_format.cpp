// Numbers as text (core/number_format.hpp): shortest round-trip, and positional for names such as
// p_above_200000, which a user types back in --target and reads in summary.csv.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "core/number_format.hpp"
#include "distributions/distribution.hpp"
#include "engine/metric_names.hpp"

namespace {

using incomesim::format_number;
using incomesim::plain_number;

TEST(NumberFormat, PlainNumbersHaveNoExponent) {
  EXPECT_EQ(format_number(200000), "2e+05");  // why plain_number exists
  EXPECT_EQ(plain_number(200000), "200000");
  EXPECT_EQ(plain_number(1500000), "1500000");
  EXPECT_EQ(plain_number(1e6), "1000000");
  EXPECT_EQ(plain_number(-2e5), "-200000");
  EXPECT_EQ(plain_number(0.5), "0.5");
  EXPECT_EQ(plain_number(1e-7), "0.0000001");
  EXPECT_EQ(plain_number(0), "0");
  EXPECT_EQ(plain_number(-0.0), "0");
  EXPECT_EQ(plain_number(1e40), "1e+40");  // 41 digits would not make a readable name
  EXPECT_EQ(plain_number(HUGE_VAL), "inf");
  EXPECT_EQ(incomesim::engine::metric::above(200000), "p_above_200000");
  EXPECT_EQ(incomesim::engine::metric::above(350000), "p_above_350000");
  EXPECT_EQ(incomesim::engine::metric::above(62.5), "p_above_62.5");
}

// Both forms read back as the very double written, over 10^5 doubles spread across magnitudes.
TEST(NumberFormat, BothFormsRoundTrip) {
  std::mt19937_64 generator(7);
  std::uniform_real_distribution<double> exponent(-12, 25), sign(-1, 1);
  for (int k = 0; k < 100000; ++k) {
    const double x = (sign(generator) < 0 ? -1 : 1) * std::pow(10.0, exponent(generator));
    ASSERT_EQ(std::strtod(format_number(x).c_str(), nullptr), x) << format_number(x);
    ASSERT_EQ(std::strtod(plain_number(x).c_str(), nullptr), x) << plain_number(x);
  }
}

// What a person reads: no Monte Carlo or rounding noise in the last places. A lognormal's median
// is exp(mu), and exp(log 5) is 4.999999999999999 in double.
TEST(NumberFormat, RoundedNumbersHideTheLastPlaces) {
  EXPECT_EQ(incomesim::rounded_number(3000.000000000017), "3000");
  EXPECT_EQ(incomesim::rounded_number(68897.85289951504), "68897.9");
  EXPECT_EQ(incomesim::rounded_number(0.0559924063928208), "0.0559924");
  EXPECT_EQ(incomesim::rounded_number(NAN), "nan");
  EXPECT_EQ(incomesim::dist::describe(incomesim::dist::lognormal(std::log(5.0), 0.6)),
            "lognormal(mu=1.6094379124341003, sigma=0.6; median=5)");
}

}  // namespace
