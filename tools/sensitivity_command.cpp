// `incomesim sensitivity`: every numeric parameter moved by +-spread (tornado.csv), and the rank
// correlation of each per-trial parameter with the total (per-trial-correlations.csv).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "engine/statistics.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int sensitivity_command(const std::string& path, double spread,
                        const std::vector<std::string>& metric_texts,
                        const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  if (!(spread > 0 && spread < 1))
    throw InputError("--spread", fmt::format("{} is out of range; allowed: a relative change "
                                             "such as 20% or 0.2, below 100%",
                                             format_number(spread)));
  std::vector<analysis::MetricName> metrics;
  for (const auto& text : metric_texts) metrics.push_back(analysis::parse_metric(text));
  const auto source = scenarios::read_scenario_source(path);
  const auto base = scenarios::load_scenario_text(source.text, source.name);

  // Every number the file gives (except whole-number settings such as horizon_months), then
  // every numeric default.
  std::vector<scenarios::NumericLeaf> parameters;
  auto kind_of = [&](const std::string& key) {
    for (const auto& p : base.parameters)
      if (p.key == key) return p.kind;
    return scenarios::ParameterKind::distribution;  // a field of an inline distribution
  };
  for (const auto& leaf : scenarios::numeric_leaves(source.text, source.name))
    if (kind_of(leaf.key) != scenarios::ParameterKind::integer) parameters.push_back(leaf);
  for (const auto& p : base.parameters) {
    if (p.given || p.kind != scenarios::ParameterKind::number) continue;
    parameters.push_back({p.key, std::strtod(p.value.c_str(), nullptr)});
  }

  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest settings = arguments.request;
  note(arguments,
       fmt::format("base: {} ({} trials, seed {})", base.name, settings.trials, settings.seed));
  const analysis::Simulation base_run = analysis::simulate(base, settings);
  std::vector<double> base_values;
  for (const auto& m : metrics) base_values.push_back(analysis::metric_value(base_run.summary, m));

  struct Result {
    std::string key;
    double base, low, high;
    std::vector<double> at_low, at_high;
    std::string note;
  };
  std::vector<Result> results;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const auto& parameter = parameters[k];
    Result result{parameter.key,
                  parameter.value,
                  parameter.value * (1 - spread),
                  parameter.value * (1 + spread),
                  {},
                  {},
                  ""};
    if (parameter.value == 0) {
      result.note = "not varied: the base value is 0";
      results.push_back(result);
      continue;
    }
    note(arguments, fmt::format("[{}/{}] {}", k + 1, parameters.size(), parameter.key));
    try {
      for (double value : {result.low, result.high}) {
        const auto varied = scenarios::load_scenario_text(source.text, source.name,
                                                          {{parameter.key, format_number(value)}});
        const analysis::Simulation run = analysis::simulate(varied, settings);
        auto& out = value == result.low ? result.at_low : result.at_high;
        for (const auto& m : metrics) out.push_back(analysis::metric_value(run.summary, m));
      }
    } catch (const InputError& error) {
      result.at_low.clear();
      result.at_high.clear();
      result.note = std::string("not varied: ") + error.what();
    }
    results.push_back(result);
  }

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
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::vector<const Result*> varied, skipped;
    for (const auto& r : results) (r.at_low.empty() ? skipped : varied).push_back(&r);
    std::stable_sort(varied.begin(), varied.end(), [m](const Result* x, const Result* y) {
      return std::abs(x->at_high[m] - x->at_low[m]) > std::abs(y->at_high[m] - y->at_low[m]);
    });
    for (std::size_t rank = 0; rank < varied.size(); ++rank) {
      const Result& r = *varied[rank];
      tornado.add_row({r.key, r.base, r.low, r.high, metrics[m].text(), base_values[m], r.at_low[m],
                       r.at_high[m], r.at_high[m] - r.at_low[m], std::uint64_t{rank + 1},
                       std::monostate{}});
    }
    for (const Result* r : skipped)
      tornado.add_row({r->key, r->base, r->low, r->high, metrics[m].text(), base_values[m],
                       std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{},
                       r->note});
    if (!arguments.quiet) {
      fmt::print("\n{} (base {}): the 10 largest effects of +-{}%\n", metrics[m].text(),
                 money(base_values[m]), format_number(100 * spread));
      for (std::size_t rank = 0; rank < std::min<std::size_t>(10, varied.size()); ++rank)
        fmt::print("  {:>2}. {:<48} {:>12} -> {:>12}\n", rank + 1, varied[rank]->key,
                   money(varied[rank]->at_low[m]), money(varied[rank]->at_high[m]));
    }
  }

  // Rank correlation of each per-trial parameter with the total over the horizon. Its Fisher
  // transform has standard error about sqrt(1.06 / (n - 3)) (Fieller, Hartley & Pearson 1957).
  engine::ReportTable correlations({{"parameter", Type::text},
                                    {"spearman_with_total", Type::real},
                                    {"ci_low", Type::real},
                                    {"ci_high", Type::real},
                                    {"trials", Type::integer},
                                    {"seed", Type::integer}});
  const std::size_t total = base_run.results.total_series();
  const float* total_values = base_run.results.values(total, 0);
  const std::vector<double> totals(total_values, total_values + settings.trials);
  const double z = engine::normal_critical_value(0.95);
  const double se = std::sqrt(1.06 / (static_cast<double>(settings.trials) - 3));
  for (const auto& [key, values] :
       scenarios::per_trial_values(base.model, settings.seed, settings.trials)) {
    const double rho = engine::spearman(values, totals);
    if (!std::isfinite(rho)) continue;  // a constant parameter
    const double fisher = std::atanh(std::clamp(rho, -0.999999, 0.999999));
    correlations.add_row({key, rho, std::tanh(fisher - z * se), std::tanh(fisher + z * se),
                          settings.trials, settings.seed});
  }
  const auto tornado_path = out_dir / "tornado.csv";
  const auto correlation_path = out_dir / "per-trial-correlations.csv";
  engine::write_files_atomically(
      {{tornado_path, tornado.csv()}, {correlation_path, correlations.csv()}});
  if (!arguments.quiet)
    fmt::print("\nWrote {} and {}\n", tornado_path.string(), correlation_path.string());
  return kSuccess;
}

}  // namespace incomesim::tools
