// The calibration analysis (analysis/calibrate.hpp) as a function, against an answer known in
// closed form: a salary ~ normal(M, 5,000) with no layoffs, raises or recessions makes a year's
// total the salary, so its P10 is M - 1.28155 x 5,000 and P10 = 50,000 needs M* = 56,407.76.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/calibrate.hpp"
#include "core/input_error.hpp"
#include "scenarios/bundled_scenarios.hpp"

namespace {

using namespace incomesim;

scenarios::ScenarioSource normal_salary() {
  return {
      "horizon_months = 12\n[regime]\np_enter = 0\n[career]\n"
      "salary = { dist = \"normal\", mean = 60000, sd = 5000 }\n"
      "annual_raise = 0\nlayoff_hazard = 0\n",
      "normal-salary.toml"};
}

constexpr double kExactMean = 50000 + 1.2815516 * 5000;

analysis::RunRequest request(std::uint64_t trials) {
  analysis::RunRequest r;
  r.trials = trials;
  r.threads = 2;
  return r;
}

// P10 of n trials has standard error sqrt(0.1 x 0.9 / n) / phi(1.28155) x 5,000, and dP10/dM = 1.
double p10_standard_error(double n) { return std::sqrt(0.09 / n) / 0.1754983 * 5000; }

// The answer within 4 standard errors of M*, its interval 1.96 of them either side (within 10%:
// the order-statistic interval is not exactly normal), both ends found inside the range, and one
// note per simulation.
TEST(CalibrateAnalysis, FindsAKnownMeanWithItsInterval) {
  int notes = 0;
  const analysis::Calibration found = analysis::calibrate(
      normal_salary(), {"total.horizon p10=50000", "career.salary.mean", {45000, 90000}},
      request(20000), [&](const std::string&) { ++notes; });
  const double se = p10_standard_error(20000);
  EXPECT_NEAR(found.solution, kExactMean, 4 * se);
  // The search stops with the key within 12 bits (1 in 4,096) of the root, and dP10/dM = 1: the
  // statistic at the answer is within M* / 4,096 (about 14) of the target.
  EXPECT_NEAR(found.achieved.value, 50000, kExactMean / 4096);
  ASSERT_TRUE(found.interval.has_value());
  EXPECT_FALSE(found.interval->first.open);
  EXPECT_FALSE(found.interval->second.open);
  const double half = (found.interval->second.value - found.interval->first.value) / 2;
  EXPECT_NEAR(half, 1.96 * se, 0.1 * 1.96 * se);
  EXPECT_LT(found.interval->first.value, found.solution);
  EXPECT_GT(found.interval->second.value, found.solution);
  EXPECT_EQ(notes, found.evaluations);
  EXPECT_GE(found.evaluations, 4);  // two ends, the answer, and at least one step of the search
  EXPECT_EQ(found.trials, 20000u);
}

// A range whose low end lies inside the answer's interval: the statistic's interval reaches past
// it, so the answer's low end is the range's, marked open, and described as such.
TEST(CalibrateAnalysis, MarksAnIntervalEndTheRangeCutsOff) {
  const analysis::CalibrationPlan wide{
      "total.horizon p10=50000", "career.salary.mean", {45000, 90000}};
  const analysis::Calibration first = analysis::calibrate(normal_salary(), wide, request(20000));
  ASSERT_TRUE(first.interval.has_value());
  const double low = (first.solution + first.interval->first.value) / 2;
  const analysis::Calibration found =
      analysis::calibrate(normal_salary(), {wide.target, wide.vary, {low, 90000}}, request(20000));
  ASSERT_TRUE(found.interval.has_value());
  EXPECT_TRUE(found.interval->first.open);
  EXPECT_EQ(found.interval->first.value, low);
  EXPECT_FALSE(found.interval->second.open);
  EXPECT_NE(analysis::describe_interval(found).find("below "), std::string::npos)
      << analysis::describe_interval(found);
}

// The calibrated scenario sets the key to the answer and says how it was found.
TEST(CalibrateAnalysis, WritesTheScenarioWithTheAnswer) {
  const auto source = normal_salary();
  const analysis::Calibration found = analysis::calibrate(
      source, {"total.horizon mean=123456", "career.salary.mean", {100000, 150000}}, request(200));
  const std::string text = analysis::calibrated_scenario(source, found);
  EXPECT_EQ(text.rfind("# normal-salary calibrated by incomesim: career.salary.mean = ", 0), 0u)
      << text;
  double written = NAN;
  for (const auto& leaf : scenarios::numeric_leaves(text, "calibrated.toml"))
    if (leaf.key == "career.salary.mean") written = leaf.value;
  EXPECT_DOUBLE_EQ(written, found.solution);
  EXPECT_NO_THROW(scenarios::load_scenario_text(text, "calibrated.toml"));
  // Without a range, the search spans the key's value / 10 to x 10.
  const analysis::CalibrationSetup setup =
      analysis::check_calibration_plan(source, {"total.horizon mean=1", "career.salary.sd", {}});
  EXPECT_DOUBLE_EQ(setup.low, 500);
  EXPECT_DOUBLE_EQ(setup.high, 50000);
}

TEST(CalibrateAnalysis, RefusesBeforeSimulating) {
  const auto source = normal_salary();
  auto refused = [&](const analysis::CalibrationPlan& plan, const std::string& words) {
    try {
      analysis::check_calibration_plan(source, plan);
    } catch (const InputError& error) {
      return std::string(error.what()).find(words) != std::string::npos;
    }
    return false;
  };
  EXPECT_TRUE(refused({"total.horizon p10", "career.salary.mean", {}}, "is not a target"));
  EXPECT_TRUE(
      refused({"total.horizon P(>1)=1.5", "career.salary.mean", {}}, "is not a probability"));
  EXPECT_TRUE(refused({"total.horizon p10=1", "career.salary.mean", {9, 3}}, "LOW < HIGH"));
  EXPECT_TRUE(refused({"total.horizon p10=1", "career.bonus", {}}, "is not a number this"));
  EXPECT_TRUE(refused({"total.horizon p10=1", "career.annual_raise", {}}, "give --range"));
  EXPECT_TRUE(refused({"nothing.horizon p10=1", "career.salary.mean", {}}, "nothing"));
  // Net income is a series to calibrate on when the scenario has [tax].
  const auto taxed = scenarios::load_default_scenario();
  EXPECT_EQ(
      analysis::parse_calibration_target("net.horizon p10=150000", taxed).statistic.metric.text(),
      "net.horizon.p10");
  // Both forms of a period name the same statistic.
  const auto scenario = scenarios::load_scenario_text(source.text, source.name);
  EXPECT_EQ(
      analysis::parse_calibration_target("career.year[1] mean=5", scenario).statistic.metric.text(),
      "career.year1.mean");
}

TEST(CalibrateAnalysis, RefusesATargetTheRangeDoesNotReach) {
  EXPECT_THROW(
      analysis::calibrate(normal_salary(),
                          {"total.horizon p10=1000000", "career.salary.mean", {45000, 90000}},
                          request(200)),
      InputError);
}

}  // namespace
