#include "analysis/sensitivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/statistics.hpp"

namespace incomesim::analysis {
namespace {

// The parameters to move: every number the file gives but whole-number settings, then every
// numeric default.
std::vector<scenarios::NumericLeaf> parameters_to_vary(const scenarios::ScenarioSource& source,
                                                       const scenarios::Scenario& base) {
  auto kind_of = [&](const std::string& key) {
    for (const auto& p : base.parameters)
      if (p.key == key) return p.kind;
    return scenarios::ParameterKind::distribution;  // a field of an inline distribution
  };
  std::vector<scenarios::NumericLeaf> parameters;
  for (const auto& leaf : scenarios::numeric_leaves(source.text, source.name))
    if (kind_of(leaf.key) != scenarios::ParameterKind::integer) parameters.push_back(leaf);
  for (const auto& p : base.parameters) {
    if (p.given || p.kind != scenarios::ParameterKind::number) continue;
    parameters.push_back({p.key, std::strtod(p.value.c_str(), nullptr)});
  }
  return parameters;
}

// Rank correlation of each per-trial parameter with the total over the horizon. Its Fisher
// transform has standard error about sqrt(1.06 / (n - 3)) (Fieller, Hartley & Pearson 1957).
std::vector<TrialCorrelation> trial_correlations(const scenarios::Scenario& base,
                                                 const Simulation& run, std::uint64_t seed) {
  const std::uint64_t trials = run.results.trials();
  const std::span<const float> total_values =
      run.results.exact("rank correlations").values(run.results.total_series(), 0);
  const std::vector<double> totals(total_values.begin(), total_values.end());
  const double z = engine::normal_critical_value(0.95);
  const double se = std::sqrt(1.06 / (static_cast<double>(trials) - 3));
  std::vector<TrialCorrelation> correlations;
  for (const auto& [key, values] : scenarios::per_trial_values(base.model, seed, trials)) {
    const double rho = engine::spearman(values, totals);
    if (!std::isfinite(rho)) continue;  // a constant parameter
    const double fisher = std::atanh(std::clamp(rho, -0.999999, 0.999999));
    correlations.push_back({key, rho, std::tanh(fisher - z * se), std::tanh(fisher + z * se)});
  }
  return correlations;
}

}  // namespace

void check_sensitivity_plan(const scenarios::ScenarioSource& source, const SensitivityPlan& plan) {
  if (!(plan.spread > 0 && plan.spread < 1))
    throw InputError("--spread", fmt::format("{} is out of range; allowed: a relative change "
                                             "such as 20% or 0.2, below 100%",
                                             format_number(plan.spread)));
  for (const auto& text : plan.metrics) parse_metric(text);
  scenarios::load_scenario_text(source.text, source.name);
}

std::vector<std::string> default_sensitivity_metrics(const scenarios::Scenario& scenario) {
  const std::string series = scenario.model.tax ? "net" : engine::kTotalSeries;
  return {series + ".horizon.p10", series + ".horizon.p50"};
}

Sensitivity sensitivity(const scenarios::ScenarioSource& source, const SensitivityPlan& plan,
                        const RunRequest& request, const Note& note) {
  check_sensitivity_plan(source, plan);
  const auto base = scenarios::load_scenario_text(source.text, source.name);
  Sensitivity result;
  result.spread = plan.spread;
  for (const auto& text : plan.metrics.empty() ? default_sensitivity_metrics(base) : plan.metrics)
    result.metrics.push_back(parse_metric(text));
  result.trials = request.trials;
  result.seed = request.seed;
  RunRequest settings = request;
  settings.mode = engine::ResultsMode::exact;
  const auto parameters = parameters_to_vary(source, base);
  if (note)
    note(fmt::format("base: {} ({} trials, seed {})", base.name, request.trials, request.seed));
  const Simulation base_run = simulate(base, settings);
  for (const auto& m : result.metrics)
    result.base_values.push_back(metric_value(base_run.summary, m));
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const auto& parameter = parameters[k];
    ParameterEffect effect{parameter.key,
                           parameter.value,
                           parameter.value * (1 - plan.spread),
                           parameter.value * (1 + plan.spread),
                           {},
                           {},
                           ""};
    if (parameter.value == 0) {
      effect.note = "not varied: the base value is 0";
      result.effects.push_back(effect);
      continue;
    }
    if (note) note(fmt::format("[{}/{}] {}", k + 1, parameters.size(), parameter.key));
    try {
      for (double value : {effect.low, effect.high}) {
        const auto varied = scenarios::load_scenario_text(source.text, source.name,
                                                          {{parameter.key, format_number(value)}});
        const Simulation run = simulate(varied, settings);
        auto& out = value == effect.low ? effect.at_low : effect.at_high;
        for (const auto& m : result.metrics) out.push_back(metric_value(run.summary, m));
      }
    } catch (const InputError& error) {
      effect.at_low.clear();
      effect.at_high.clear();
      effect.note = std::string("not varied: ") + error.what();
    }
    result.effects.push_back(effect);
  }
  result.correlations = trial_correlations(base, base_run, request.seed);
  return result;
}

std::vector<const ParameterEffect*> ranked_effects(const Sensitivity& sensitivity, std::size_t m) {
  std::vector<const ParameterEffect*> varied;
  for (const auto& effect : sensitivity.effects)
    if (effect.varied()) varied.push_back(&effect);
  std::stable_sort(
      varied.begin(), varied.end(), [m](const ParameterEffect* x, const ParameterEffect* y) {
        return std::abs(x->at_high[m] - x->at_low[m]) > std::abs(y->at_high[m] - y->at_low[m]);
      });
  return varied;
}

engine::ReportTable tornado_table(const Sensitivity& sensitivity) {
  using Type = engine::ReportTable::Type;
  engine::ReportTable tornado({{"parameter", Type::text},
                               {"base_value", Type::real},
                               {"low_value", Type::real},
                               {"high_value", Type::real},
                               {"metric", Type::text},
                               {"result_base", Type::real},
                               {"result_low", Type::real},
                               {"result_high", Type::real},
                               {"effect", Type::real},
                               {"rank", Type::integer},
                               {"note", Type::text}});
  for (std::size_t m = 0; m < sensitivity.metrics.size(); ++m) {
    const std::string metric = sensitivity.metrics[m].text();
    const double base = sensitivity.base_values[m];
    const auto varied = ranked_effects(sensitivity, m);
    for (std::size_t rank = 0; rank < varied.size(); ++rank) {
      const ParameterEffect& e = *varied[rank];
      tornado.add_row({e.key, e.base, e.low, e.high, metric, base, e.at_low[m], e.at_high[m],
                       e.at_high[m] - e.at_low[m], std::uint64_t{rank + 1}, std::monostate{}});
    }
    for (const auto& e : sensitivity.effects)
      if (!e.varied())
        tornado.add_row({e.key, e.base, e.low, e.high, metric, base, std::monostate{},
                         std::monostate{}, std::monostate{}, std::monostate{}, e.note});
  }
  return tornado;
}

engine::ReportTable correlations_table(const Sensitivity& sensitivity) {
  using Type = engine::ReportTable::Type;
  engine::ReportTable correlations({{"parameter", Type::text},
                                    {"spearman_with_total", Type::real},
                                    {"ci_low", Type::real},
                                    {"ci_high", Type::real},
                                    {"trials", Type::integer},
                                    {"seed", Type::integer}});
  for (const auto& c : sensitivity.correlations)
    correlations.add_row({c.key, c.rho, c.ci_low, c.ci_high, sensitivity.trials, sensitivity.seed});
  return correlations;
}

}  // namespace incomesim::analysis
