#include "analysis/compare.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "engine/paired.hpp"
#include "engine/summary.hpp"

namespace incomesim::analysis {

void check_comparable(const scenarios::Scenario& a, const scenarios::Scenario& b) {
  if (a.model.horizon != b.model.horizon)
    throw InputError(b.source,
                     fmt::format("compare needs the same horizon_months: {} has {}, {} has {}",
                                 a.source, a.model.horizon, b.source, b.model.horizon));
  if (a.currency != b.currency)
    throw InputError(
        b.source,
        fmt::format("compare needs the same reporting currency: {} reports in {}, {} in {}; to "
                    "report the second in {}, set its currency = \"{}\", give each stream's "
                    "section currency = \"{}\", add [fx] {} = {{ rate = ... }} ({} per {}) and "
                    "state [household] amounts in {}",
                    a.source, a.currency, b.source, b.currency, a.currency, a.currency, b.currency,
                    b.currency, a.currency, b.currency, a.currency));
}

Comparison compare(const scenarios::Scenario& a, const scenarios::Scenario& b,
                   const RunRequest& request, const Note& note) {
  check_comparable(a, b);
  if (note) note(fmt::format("A: {} ({} trials, seed {})", a.name, request.trials, request.seed));
  const Simulation run_a = simulate(a, request);
  if (note) note(fmt::format("B: {} (the same trials and seed)", b.name));
  const Simulation run_b = simulate(b, request);
  Comparison comparison{
      a.name,
      b.name,
      a.currency,
      request.trials,
      request.seed,
      engine::paired_comparison(run_a.results.exact("a paired comparison"),
                                run_b.results.exact("a paired comparison"), {}, request.seed),
      run_a.summary,
      run_b.summary,
      std::nullopt,
      std::nullopt};
  if (request.monthly_bands) {
    comparison.curves_a = plan_curves(a, run_a, request.seed);
    comparison.curves_b = plan_curves(b, run_b, request.seed);
  }
  return comparison;
}

engine::ReportTable comparison_table(const Comparison& comparison) {
  // Rows named after B, with A's name put in front: scenario_a, scenario_b, stream, ...
  return engine::rows_table(comparison.scenario_b, comparison.trials, comparison.seed,
                            comparison.rows)
      .renamed("scenario", "scenario_b")
      .with_leading({{"scenario_a", engine::ReportTable::Type::text}}, {comparison.scenario_a});
}

}  // namespace incomesim::analysis
