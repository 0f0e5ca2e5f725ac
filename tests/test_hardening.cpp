// Bad values in every numeric field: each is refused with one message naming its key, or
// accepted and simulated to a report without NaN or infinity (or refused after the run, with the
// overflow named). Never a crash, a hang or a NaN in a report.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "test_support.hpp"

namespace {

using namespace incomesim;

using test_support::documented_example;

TEST(Hardening, EveryNumericFieldWithNanInfNegativeAndHugeValues) {
  const std::string example = documented_example();
  ASSERT_FALSE(example.empty());
  const auto base = scenarios::load_scenario_text(example, "plan.toml");
  std::vector<std::string> keys;
  for (const auto& leaf : scenarios::numeric_leaves(example, "plan.toml")) keys.push_back(leaf.key);
  for (const auto& p : base.parameters)
    if (!p.given && p.kind == scenarios::ParameterKind::number) keys.push_back(p.key);
  ASSERT_GT(keys.size(), 60u);

  int refused = 0, accepted = 0, overflowed = 0;
  for (const auto& key : keys) {
    for (const char* value : {"nan", "inf", "-inf", "-1", "1e300", "-1e300"}) {
      SCOPED_TRACE(key + " = " + value);
      std::optional<scenarios::Scenario> scenario;
      try {
        scenario = scenarios::load_scenario_text(example, "plan.toml", {{key, value}});
      } catch (const InputError& error) {
        // One line that names the key (its last part is enough for fields of distributions).
        const std::string message = error.what();
        const std::string last = key.substr(key.rfind('.') + 1);
        EXPECT_NE(message.find(last), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        ++refused;
        continue;
      }
      engine::RunOptions options;
      options.trials = 64;
      options.seed = 1;
      options.report_ranges = scenario->report_ranges;
      const auto results = engine::run_trials(scenario->model, options);
      if (!results.first_non_finite().empty()) {
        ++overflowed;  // the command line refuses this run (analysis/simulation.cpp)
        continue;
      }
      const auto summary = engine::summarise(results, {}, "plan", 1);
      for (const auto& row : summary.rows) {
        ASSERT_TRUE(std::isfinite(row.estimate.value))
            << row.stream << " " << row.period << " " << row.metric;
      }
      ++accepted;
    }
  }
  RecordProperty("refused", refused);
  RecordProperty("accepted", accepted);
  RecordProperty("overflowed", overflowed);
  EXPECT_GT(refused, 0);
  EXPECT_GT(accepted, 0);
}

}  // namespace
