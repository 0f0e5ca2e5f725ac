#include "analysis/sobol.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "analysis/statistic.hpp"
#include "core/input_error.hpp"
#include "core/interrupt.hpp"
#include "engine/runner.hpp"
#include "scenarios/random_inputs.hpp"

namespace incomesim::analysis {
namespace {

// What the indices are of: a series in a period, or a per-trial outcome.
struct SobolOutput {
  std::string name;
  std::optional<std::size_t> outcome;
  std::string series, period;
  std::optional<engine::MonthRange> range;
};

SobolOutput parse_output(const std::string& text, const scenarios::IncomeModel& model) {
  const auto outcomes = model.outcome_specs();
  for (std::size_t k = 0; k < outcomes.size(); ++k)
    if (text == outcomes[k].group + "." + outcomes[k].name) return {text, k, "", "", {}};
  const analysis::StatisticSpec spec = analysis::parse_series_period(
      text,
      {"--output", "SERIES.PERIOD or an outcome such as household.final_balance", "total.horizon"},
      model.horizon, model.named_series());
  return {spec.metric.stream + "." + spec.metric.period, std::nullopt, spec.metric.stream,
          spec.metric.period, spec.range};
}

// The replicate's seed: a pure function of the run's seed, never equal to it (the SplitMix64
// finaliser of seed + the golden ratio, a bijection, so distinct seeds keep distinct replicates).
std::uint64_t replicate_seed_of(std::uint64_t seed) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return z == seed ? z ^ 1 : z;
}

// The output's value in every trial of one run with these keys.
std::vector<double> run_output(const scenarios::Scenario& scenario, const SobolOutput& output,
                               engine::RunOptions options) {
  const engine::TrialResults results = engine::run_trials(scenario.model, options);
  const engine::ExactValues exact = results.exact("Sobol indices");
  // parse_output checked the series, and the run reports the period.
  const std::span<const float> values =
      output.outcome ? exact.outcome_values(*output.outcome)
                     : exact.values(results.series_index(output.series).value(),
                                    results.period_index(output.period).value());
  std::vector<double> out(values.begin(), values.end());
  const auto undefined =
      std::count_if(out.begin(), out.end(), [](double v) { return !std::isfinite(v); });
  if (undefined > 0)
    throw InputError("--output", fmt::format("{} has no finite value in {} of {} trials (e.g. "
                                             "income per hour where no hours are worked); "
                                             "Sobol indices need a value in every trial",
                                             output.name, undefined, options.trials));
  return out;
}

// The runs of the inputs: runs that share an address set are made once (a stream with one
// parameter is both an input of its own and its stream's group).
struct InputRuns {
  std::vector<random::ReplicateRule> rules;
  struct Row {
    const scenarios::RandomInput* input;
    bool group;
    std::size_t run;  // index into rules
  };
  std::vector<Row> rows;
};

InputRuns input_runs(const scenarios::RandomInputs& inputs, std::uint64_t replicate_seed) {
  InputRuns runs;
  auto add = [&](const scenarios::RandomInput& input, bool group) {
    random::ReplicateRule rule{replicate_seed, input.addresses, input.everything_else};
    auto same = [&](const random::ReplicateRule& r) {
      return r.addresses == rule.addresses && r.everything_else == rule.everything_else;
    };
    const auto found = std::find_if(runs.rules.begin(), runs.rules.end(), same);
    const auto run = static_cast<std::size_t>(found - runs.rules.begin());
    if (found == runs.rules.end()) runs.rules.push_back(std::move(rule));
    runs.rows.push_back({&input, group, run});
  };
  for (const auto& input : inputs.parameters) add(input, false);
  for (const auto& input : inputs.groups) add(input, true);
  return runs;
}

}  // namespace

double SobolResult::group_first_order_sum() const {
  double sum = 0;
  for (const auto& row : rows)
    if (row.group) sum += row.indices.first_order.value;
  return sum;
}

void check_sobol_plan(const scenarios::Scenario& scenario, const SobolPlan& plan,
                      const RunRequest& request) {
  parse_output(plan.output, scenario.model);
  if (request.trials < 100)
    throw InputError("--trials", fmt::format("{} is too few for Sobol indices; allowed: 100 or "
                                             "more (their intervals come from 200 groups of "
                                             "trials; 10,000 or more gives useful ones)",
                                             request.trials));
  if (plan.resamples < 100 || plan.resamples > 100000)
    throw InputError("--resamples",
                     fmt::format("{} is out of range; allowed: 100 to 100,000", plan.resamples));
  check_trials(scenario, request.trials, 1);
}

SobolResult sobol(const scenarios::Scenario& scenario, const SobolPlan& plan,
                  const RunRequest& request, const Note& note) {
  check_sobol_plan(scenario, plan, request);
  const SobolOutput output = parse_output(plan.output, scenario.model);
  const scenarios::RandomInputs inputs = scenarios::random_inputs(scenario.model);
  const std::uint64_t replicate_seed = replicate_seed_of(request.seed);
  const InputRuns runs = input_runs(inputs, replicate_seed);
  const std::size_t model_runs = runs.rules.size() + 2;

  engine::RunOptions options;
  options.trials = request.trials;
  options.seed = request.seed;
  options.report_ranges = scenario.report_ranges;
  if (output.range) options.report_ranges.push_back(*output.range);
  options.mode = engine::ResultsMode::exact;
  options.cancel = &interrupt_requested();
  auto tell = [&](const std::string& text) {
    if (note) note(text);
  };
  tell(fmt::format("sobol: {} of {}: {} trials x {} model runs, seed {} (replicate seed {})",
                   output.name, scenario.name, request.trials, model_runs, request.seed,
                   replicate_seed));
  tell(fmt::format("[1/{}] A: every draw from the seed", model_runs));
  const std::vector<double> base = run_output(scenario, output, options);
  tell(fmt::format("[2/{}] B: every draw from the replicate", model_runs));
  const random::ReplicateRule everything{replicate_seed, {}, true};
  options.replicate = &everything;
  engine::BootstrapPlan bootstrap;
  bootstrap.resamples = static_cast<std::size_t>(plan.resamples);
  engine::PickFreeze estimator(base, run_output(scenario, output, options), bootstrap);
  if (!(estimator.variance() > 0))
    throw InputError("--output", fmt::format("{} is the same in every trial of {}; Sobol indices "
                                             "share out a variance, and it has none",
                                             output.name, scenario.name));
  for (std::size_t k = 0; k < runs.rules.size(); ++k) {
    std::vector<std::string> names;
    for (const auto& row : runs.rows)
      if (row.run == k) names.push_back(row.input->name);
    tell(fmt::format("[{}/{}] {} from the replicate", k + 3, model_runs, fmt::join(names, ", ")));
    options.replicate = &runs.rules[k];
    estimator.add_group(run_output(scenario, output, options));
  }
  // Each run's indices once: rows that share a run share them.
  std::vector<engine::SobolIndices> indices_of_run;
  for (std::size_t k = 0; k < runs.rules.size(); ++k)
    indices_of_run.push_back(estimator.indices(k, request.seed));
  SobolResult result{output.name, scenario.name,  estimator.variance(), request.trials,
                     model_runs,  plan.resamples, request.seed,         {}};
  for (const auto& row : runs.rows)
    result.rows.push_back(
        {row.input->name, row.group, row.input->parameters, indices_of_run[row.run]});
  return result;
}

engine::ReportTable sobol_table(const SobolResult& result) {
  using Type = engine::ReportTable::Type;
  engine::ReportTable table({{"output", Type::text},
                             {"input", Type::text},
                             {"kind", Type::text},
                             {"parameters", Type::text},
                             {"first_order", Type::real},
                             {"first_order_ci_low", Type::real},
                             {"first_order_ci_high", Type::real},
                             {"total_effect", Type::real},
                             {"total_effect_ci_low", Type::real},
                             {"total_effect_ci_high", Type::real},
                             {"output_variance", Type::real},
                             {"trials", Type::integer},
                             {"model_runs", Type::integer},
                             {"resamples", Type::integer},
                             {"seed", Type::integer}});
  for (const auto& row : result.rows) {
    const engine::SobolIndices& indices = row.indices;
    table.add_row({result.output, row.input, std::string(row.group ? "group" : "parameter"),
                   fmt::format("{}", fmt::join(row.parameters, " ")), indices.first_order.value,
                   indices.first_order.ci_low, indices.first_order.ci_high, indices.total.value,
                   indices.total.ci_low, indices.total.ci_high, result.output_variance,
                   result.trials, result.model_runs, result.resamples, result.seed});
  }
  return table;
}

}  // namespace incomesim::analysis
