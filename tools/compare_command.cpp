// `incomesim compare A B`: B - A on the same trials, with paired intervals (docs/research.md).
#include <fmt/format.h>

#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "engine/paired.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int compare_command(const std::string& path_a, const std::string& path_b,
                    const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  const auto source_a = scenarios::read_scenario_source(path_a);
  const auto source_b = scenarios::read_scenario_source(path_b);
  const auto a = scenarios::load_scenario_text(source_a.text, source_a.name);
  const auto b = scenarios::load_scenario_text(source_b.text, source_b.name);
  if (a.model.horizon != b.model.horizon)
    throw InputError(source_b.name,
                     fmt::format("compare needs the same horizon_months: {} has "
                                 "{}, {} has {}",
                                 source_a.name, a.model.horizon, source_b.name, b.model.horizon));
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest settings = arguments.request;
  note(arguments,
       fmt::format("A: {} ({} trials, seed {})", a.name, settings.trials, settings.seed));
  const analysis::Simulation run_a = analysis::simulate(a, settings);
  note(arguments, fmt::format("B: {} (the same trials and seed)", b.name));
  const analysis::Simulation run_b = analysis::simulate(b, settings);
  const auto rows = engine::paired_comparison(run_a.results, run_b.results, {}, settings.seed);

  // Rows named after B, with A's name put in front: scenario_a, scenario_b, stream, ...
  const engine::ReportTable comparison =
      engine::rows_table(b.name, settings.trials, settings.seed, rows)
          .renamed("scenario", "scenario_b")
          .with_leading({{"scenario_a", engine::ReportTable::Type::text}}, {a.name});
  const auto path = out_dir / "comparison.csv";
  engine::write_file_atomically(path, comparison.csv());

  if (!arguments.quiet) {
    auto find = [&](const std::string& stream, const std::string& metric) {
      for (const auto& row : rows)
        if (row.stream == stream && row.period == engine::kHorizonPeriod && row.metric == metric)
          return row.estimate;
      return engine::Estimate{};
    };
    fmt::print("B - A over the horizon, paired on {} trials (seed {}), {}\n", settings.trials,
               settings.seed, a.currency);
    fmt::print("  {:<12} {:>12} {:>12} {:>26} {:>26} {:>9}\n", "stream", "mean A", "mean B",
               "mean difference [95% CI]", "P10 difference [95% CI]", "P(B > A)");
    std::vector<std::string> names;
    for (const auto& row : rows)
      if (row.period == engine::kHorizonPeriod && row.metric == engine::metric::kMeanA)
        names.push_back(row.stream);
    for (const auto& name : names) {
      const auto d = find(name, engine::metric::kMeanDifference);
      const auto p10 = find(name, engine::metric::percentile_difference(10));
      fmt::print(
          "  {:<12} {:>12} {:>12} {:>26} {:>26} {:>8.1f}%\n", name,
          money(find(name, engine::metric::kMeanA).value),
          money(find(name, engine::metric::kMeanB).value),
          fmt::format("{} [{}, {}]", money(d.value), money(d.ci_low), money(d.ci_high)),
          fmt::format("{} [{}, {}]", money(p10.value), money(p10.ci_low), money(p10.ci_high)),
          100 * find(name, engine::metric::kBAboveA).value);
    }
    fmt::print("\nWrote {}\n", path.string());
  }
  return kSuccess;
}

}  // namespace incomesim::tools
