// `incomesim sweep`: a grid of --set overrides, each point a plain run on the same trials.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "engine/atomic_file.hpp"
#include "engine/metric_names.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/commands.hpp"
#include "tools/console_table.hpp"
#include "tools/research_support.hpp"

namespace incomesim::tools {

int sweep_command(const std::string& path, const std::vector<std::string>& grid,
                  const ResearchArguments& arguments) {
  const engine::ThreadLimit threads = analysis::thread_limit(arguments.request.threads);
  if (grid.empty()) throw InputError("--set", "a sweep needs at least one --set key=v1,v2,...");
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;
  for (const auto& argument : grid) {
    const scenarios::Override change = scenarios::parse_override(argument);
    keys.push_back(change.key);
    values.push_back(split_values(change.value));
  }
  const auto source = scenarios::read_scenario_source(path);
  // Every grid point is loaded before anything runs, so a bad value fails at once.
  std::vector<std::vector<std::string>> points{{}};
  for (const auto& options : values) {
    std::vector<std::vector<std::string>> next;
    for (const auto& point : points)
      for (const auto& value : options) {
        next.push_back(point);
        next.back().push_back(value);
      }
    points = std::move(next);
  }
  std::vector<scenarios::Scenario> scenarios_at;
  for (const auto& point : points) {
    std::vector<scenarios::Override> overrides;
    for (std::size_t k = 0; k < keys.size(); ++k) overrides.push_back({keys[k], point[k]});
    scenarios_at.push_back(scenarios::load_scenario_text(source.text, source.name, overrides));
  }
  const auto out_dir = prepare_output_directory(arguments.out_dir);
  const analysis::RunRequest settings = arguments.request;
  // One column per swept key (the value as given, as text) in front of summary.csv's columns.
  std::vector<engine::ReportTable::Column> key_columns;
  for (const auto& key : keys) key_columns.push_back({key, engine::ReportTable::Type::text});
  std::optional<engine::ReportTable> sweep;
  for (std::size_t p = 0; p < points.size(); ++p) {
    std::string label;
    for (std::size_t k = 0; k < keys.size(); ++k)
      label += (k ? ", " : "") + keys[k] + "=" + points[p][k];
    note(arguments, fmt::format("point {}/{}: {}", p + 1, points.size(), label));
    const analysis::Simulation run = analysis::simulate(scenarios_at[p], settings);
    const engine::ReportTable rows =
        engine::summary_table(run.summary)
            .with_leading(key_columns, {points[p].begin(), points[p].end()});
    if (sweep)
      sweep->append(rows);
    else
      sweep = rows;
  }
  const auto out = out_dir / "sweep.csv";
  engine::write_file_atomically(out, sweep->csv());
  if (!arguments.quiet)
    fmt::print("Swept {} points of {} ({} trials each, seed {}); wrote {}\n", points.size(),
               source.name, settings.trials, settings.seed, out.string());
  return kSuccess;
}

}  // namespace incomesim::tools
