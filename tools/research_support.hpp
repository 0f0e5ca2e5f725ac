#pragma once
// What the research commands (docs/research.md) share: progress notes, metric names given on the
// command line ("total.horizon.p10"), and grid values that may hold inline tables. Every
// simulation inside one command uses the same seed and trial indices, so differences between
// runs come from the scenarios, not from the draws (common random numbers).
#include <string>
#include <vector>

#include "engine/summary.hpp"
#include "tools/commands.hpp"

namespace incomesim::tools {

// A line on stderr unless --quiet.
void note(const ResearchArguments& arguments, const std::string& text);

// "stream.period.metric" (the metric may contain dots, e.g. p2.5).
struct MetricName {
  std::string stream, period, metric;
  std::string text() const { return stream + "." + period + "." + metric; }
};
MetricName parse_metric(const std::string& text);
// The metric's value in a summary; an InputError naming --metric when there is no such row.
double metric_value(const engine::Summary& summary, const MetricName& name);

// Splits "v1,v2,..." at commas that are not inside braces, brackets or quotes, so that inline
// tables can be values.
std::vector<std::string> split_values(const std::string& text);

}  // namespace incomesim::tools
