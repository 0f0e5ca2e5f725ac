#include "tools/console_table.hpp"

#include <cmath>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace incomesim::tools {

std::string money(double value) {
  if (!std::isfinite(value)) return "-";
  const long long rounded = std::llround(value);
  std::string digits = std::to_string(rounded < 0 ? -rounded : rounded);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return rounded < 0 ? "-" + grouped : grouped;
}

void print_summary_table(std::ostream& out, const engine::Summary& summary,
                         const std::vector<std::string>& series,
                         const std::vector<std::string>& periods, const std::string& currency) {
  auto value = [&](const std::string& stream, const std::string& period, const std::string& metric) {
    return money(summary.find(stream, period, metric).estimate.value);
  };
  for (const auto& period : periods) {
    fmt::print(out, "\n{} income, {} ({})\n", period == "horizon" ? "Total" : "Yearly",
               period == "horizon" ? "whole horizon" : period, currency);
    fmt::print(out, "  {:<12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>8}\n", "stream", "mean", "P5",
               "P50", "P95", "ES 5%", "P(=0)");
    for (const auto& stream : series) {
      const double p_zero = summary.find(stream, period, "p_zero").estimate.value;
      fmt::print(out, "  {:<12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>7.1f}%\n", stream,
                 value(stream, period, "mean"), value(stream, period, "p5"),
                 value(stream, period, "p50"), value(stream, period, "p95"),
                 value(stream, period, "expected_shortfall_5pct"), 100 * p_zero);
    }
  }
}

}  // namespace incomesim::tools
