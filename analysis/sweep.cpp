#include "analysis/sweep.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "engine/summary.hpp"

namespace incomesim::analysis {

std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> values;
  std::string current;
  int depth = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '{' || c == '[')) ++depth;
    if (!quoted && (c == '}' || c == ']')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      values.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  values.push_back(current);
  return values;
}

SweepAxis parse_sweep_axis(const std::string& text) {
  const scenarios::Override change = scenarios::parse_override(text);
  return {change.key, split_values(change.value)};
}

namespace {

// "key=value, key=value": a point as the messages name it.
std::string point_label(const std::vector<std::string>& keys,
                        const std::vector<std::string>& values) {
  std::string label;
  for (std::size_t k = 0; k < keys.size(); ++k)
    label += (k ? ", " : "") + keys[k] + "=" + values[k];
  return label;
}

}  // namespace

SweepPlan plan_sweep(const scenarios::ScenarioSource& source, const std::vector<SweepAxis>& axes) {
  if (axes.empty()) throw InputError("--set", "a sweep needs at least one --set key=v1,v2,...");
  SweepPlan plan;
  plan.points = {{}};
  for (const auto& axis : axes) {
    if (axis.values.empty())
      throw InputError("--set", fmt::format("{}: a sweep needs at least one value", axis.key));
    plan.keys.push_back(axis.key);
    std::vector<std::vector<std::string>> next;
    for (const auto& point : plan.points)
      for (const auto& value : axis.values) {
        next.push_back(point);
        next.back().push_back(value);
      }
    plan.points = std::move(next);
  }
  for (const auto& point : plan.points) {
    std::vector<scenarios::Override> overrides;
    for (std::size_t k = 0; k < axes.size(); ++k) overrides.push_back({axes[k].key, point[k]});
    plan.scenarios.push_back(scenarios::load_scenario_text(source.text, source.name, overrides));
    // Every point in one reporting currency: the table and the page put the points' amounts
    // side by side, and pounds beside dollars would read as a difference.
    const scenarios::Scenario& first = plan.scenarios.front();
    if (plan.scenarios.back().currency != first.currency)
      throw InputError("--set", fmt::format("a sweep reports every point in one currency, but {} "
                                            "reports in {} where the first point does in {}; "
                                            "sweep a stream's currency (e.g. career.currency) "
                                            "instead, converted through [fx]",
                                            point_label(plan.keys, point),
                                            plan.scenarios.back().currency, first.currency));
  }
  return plan;
}

int SweepPlan::horizon_months() const {
  for (const scenarios::Scenario& point : scenarios)
    if (point.model.horizon != scenarios.front().model.horizon) return 0;
  return scenarios.empty() ? 0 : scenarios.front().model.horizon;
}

Sweep sweep(const SweepPlan& plan, const RunRequest& request, const Note& note) {
  Sweep result{plan.keys, plan.points, {}, {}};
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    if (note)
      note(fmt::format("point {}/{}: {}", p + 1, plan.points.size(),
                       point_label(plan.keys, plan.points[p])));
    Simulation simulation = simulate(plan.scenarios[p], request);
    if (request.monthly_bands)
      result.curves.push_back(plan_curves(plan.scenarios[p], simulation, request.seed));
    result.summaries.push_back(std::move(simulation.summary));
  }
  return result;
}

engine::ReportTable sweep_table(const Sweep& sweep) {
  std::vector<engine::ReportTable::Column> key_columns;
  for (const auto& key : sweep.keys) key_columns.push_back({key, engine::ReportTable::Type::text});
  // The columns without rows, for a sweep of no points (there is none: every axis has a value).
  std::vector<engine::ReportTable::Cell> no_values(sweep.keys.size(), std::string());
  engine::ReportTable table = engine::summary_table({}).with_leading(key_columns, no_values);
  for (std::size_t p = 0; p < sweep.points.size(); ++p)
    table.append(engine::summary_table(sweep.summaries[p])
                     .with_leading(key_columns, {sweep.points[p].begin(), sweep.points[p].end()}));
  return table;
}

}  // namespace incomesim::analysis
