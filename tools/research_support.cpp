#include "tools/research_support.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace incomesim::tools {

void note(const ResearchArguments& arguments, const std::string& text) {
  if (!arguments.quiet) fmt::print(stderr, "{}\n", text);
}

MetricName parse_metric(const std::string& text) {
  const std::size_t first = text.find('.');
  const std::size_t second = first == std::string::npos ? first : text.find('.', first + 1);
  if (second == std::string::npos)
    throw InputError("--metric", fmt::format("'{}' is not of the form stream.period.metric, e.g. "
                                             "total.horizon.p10",
                                             text));
  return {text.substr(0, first), text.substr(first + 1, second - first - 1),
          text.substr(second + 1)};
}

double metric_value(const engine::Summary& summary, const MetricName& name) {
  const engine::SummaryRow* row = summary.try_find(name.stream, name.period, name.metric);
  if (!row)
    throw InputError("--metric", fmt::format("the report has no metric {} (streams, periods and "
                                             "metrics are those of summary.csv)",
                                             name.text()));
  return row->estimate.value;
}

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

}  // namespace incomesim::tools
