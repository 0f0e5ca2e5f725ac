#include "report/console_tables.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <set>

#include "core/number_format.hpp"
#include "core/plain_text.hpp"
#include "report/lead.hpp"

namespace incomesim::report {

std::string money(double value) {
  if (!std::isfinite(value)) return "-";
  // Digits by formatting, not llround: amounts of 2^63 and more do not fit a long long.
  const double rounded = std::round(value);
  std::string digits = fmt::format("{:.0f}", std::abs(rounded));
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return rounded < 0 ? "-" + grouped : grouped;  // -0.4 rounds to -0: shown as 0
}

void print_summary_table(std::ostream& out, const engine::Summary& summary,
                         const std::vector<std::string>& series,
                         const std::vector<engine::Period>& periods, const std::string& currency,
                         const std::vector<double>& thresholds) {
  // Percentiles the user did not ask for (--percentiles) show as "-".
  auto value = [&](const std::string& stream, const std::string& period,
                   const std::string& metric) {
    const engine::SummaryRow* row = summary.try_find(stream, period, metric);
    return row ? money(row->estimate.value) : std::string("-");
  };
  // With tax, the total is before tax and net after it: the rows say so.
  const bool taxed = std::find(series.begin(), series.end(), "net") != series.end();
  const auto row_label = [&](const std::string& stream) {
    if (!taxed) return stream;
    if (stream == engine::kTotalSeries) return stream + ", before tax";
    return stream == "net" ? stream + ", after tax" : stream;
  };
  std::size_t width = 12;
  for (const auto& stream : series) width = std::max(width, row_label(stream).size());
  for (const auto& [period, label, first, end] : periods) {
    const std::string title =
        period == engine::kHorizonPeriod ? "Income, " + label : "Income in " + label;
    fmt::print(out, "\n{} ({})\n", title, currency);
    fmt::print(out, "  {:<{}} {:>12} {:>12} {:>12} {:>12} {:>12} {:>8}", "series", width, "mean",
               "P5", "P50", "P95", "ES 5%", "P(=0)");
    for (double threshold : thresholds) fmt::print(out, " {:>10}", "P(>" + money(threshold) + ")");
    fmt::print(out, "\n");
    for (const auto& stream : series) {
      const double p_zero =
          summary.find(stream, period, engine::metric::kProbabilityZero).estimate.value;
      fmt::print(out, "  {:<{}} {:>12} {:>12} {:>12} {:>12} {:>12} {:>7.1f}%", row_label(stream),
                 width, value(stream, period, engine::metric::kMean),
                 value(stream, period, engine::metric::percentile(5)),
                 value(stream, period, engine::metric::percentile(50)),
                 value(stream, period, engine::metric::percentile(95)),
                 value(stream, period, engine::metric::shortfall(0.05)), 100 * p_zero);
      for (double threshold : thresholds)
        fmt::print(
            out, " {:>9.2f}%",
            100 * summary.find(stream, period, engine::metric::above(threshold)).estimate.value);
      fmt::print(out, "\n");
    }
  }
}

std::string percent(double share, int decimals) {
  return std::isfinite(share) ? fmt::format("{:.{}f}%", 100 * share, decimals) : std::string("-");
}

namespace {
std::string ratio(double value) {
  return std::isfinite(value) ? fmt::format("{:.2f}", value) : std::string("-");
}
}  // namespace

void print_risk_table(std::ostream& out, const engine::ReportTable& risk,
                      const std::vector<std::string>& series) {
  auto find = [&](const std::string& stream, const std::string& metric) {
    for (std::size_t r = 0; r < risk.row_count(); ++r)
      if (risk.text(r, "series") == stream && risk.text(r, "metric") == metric)
        return risk.number(r, "value");
    return engine::kNoValue;
  };
  fmt::print(out,
             "\nStream risk over the horizon (risk.csv has intervals and rank correlations)\n");
  fmt::print(out, "  {:<12} {:>14} {:>18} {:>19} {:>17}\n", "stream", "share of mean",
             "share of variance", "share of shortfall", "shortfall ratio");
  for (const auto& stream : series) {
    if (stream == engine::kTotalSeries) continue;
    fmt::print(out, "  {:<12} {:>14} {:>18} {:>19} {:>17}\n", stream,
               percent(find(stream, engine::metric::kShareOfMean)),
               percent(find(stream, engine::metric::kShareOfVariance)),
               percent(find(stream, engine::metric::kShareOfShortfall)),
               ratio(find(stream, engine::metric::kShortfallRatio)));
  }
  fmt::print(out, "  diversification ratio (sum of stream sds / sd of the total): {}\n",
             ratio(find(engine::kTotalSeries, engine::metric::kDiversificationRatio)));
}

void print_summaries_table(std::ostream& out, const std::vector<std::string>& label_headers,
                           const std::vector<LabelledSummary>& rows, const std::string& currency) {
  bool household = false;
  std::vector<const engine::Summary*> summaries;
  for (const auto& row : rows) {
    summaries.push_back(row.summary);
    household = household || (row.summary &&
                              row.summary->try_find("household", engine::kHorizonPeriod, "p_ruin"));
  }
  const std::string series = common_lead(summaries).series;
  const bool net = series == "net";
  std::vector<std::size_t> widths;
  for (std::size_t k = 0; k < label_headers.size(); ++k) {
    std::size_t width = label_headers[k].size();
    for (const auto& row : rows) width = std::max(width, row.labels[k].size());
    widths.push_back(std::min<std::size_t>(width, 40));
  }
  fmt::print(out, "\nIncome over the horizon{} ({})\n", net ? " after tax" : "", currency);
  std::string header = " ";
  for (std::size_t k = 0; k < label_headers.size(); ++k)
    header += fmt::format(" {:<{}}", label_headers[k], widths[k]);
  header += fmt::format(" {:>12} {:>12} {:>12} {:>12}", "mean", "P10", "median", "P90");
  if (household) header += fmt::format(" {:>8}", "P(ruin)");
  fmt::print(out, "{}\n", header);
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t k = 0; k < widths.size(); ++k)
      // A file name or a value from the command line: no control character reaches the terminal.
      line += fmt::format(" {:<{}}", one_line(row.labels[k]).substr(0, 40), widths[k]);
    if (!row.summary) {
      fmt::print(out, "{} failed\n", line);
      continue;
    }
    const auto value = [&](const std::string& s, const std::string& metric) {
      const engine::SummaryRow* found = row.summary->try_find(s, engine::kHorizonPeriod, metric);
      return found ? found->estimate.value : engine::kNoValue;
    };
    line += fmt::format(" {:>12} {:>12} {:>12} {:>12}", money(value(series, "mean")),
                        money(value(series, "p10")), money(value(series, "p50")),
                        money(value(series, "p90")));
    if (household) line += fmt::format(" {:>8}", percent(value("household", "p_ruin"), 2));
    fmt::print(out, "{}\n", line);
  }
}

void print_batch_table(std::ostream& out, const analysis::Batch& batch) {
  const std::set<std::string> currencies = batch.currencies();
  const bool mixed = currencies.size() > 1;
  std::vector<LabelledSummary> rows;
  for (const analysis::BatchEntry& entry : batch.entries) {
    std::vector<std::string> labels{std::filesystem::path(entry.file).filename().string()};
    if (mixed) labels.push_back(entry.currency);
    rows.push_back({labels, entry.summary ? &*entry.summary : nullptr});
  }
  print_summaries_table(out,
                        mixed ? std::vector<std::string>{"scenario", "currency"}
                              : std::vector<std::string>{"scenario"},
                        rows,
                        mixed                ? "each in its own currency"
                        : currencies.empty() ? ""
                                             : *currencies.begin());
}

void print_comparison_table(std::ostream& out, const analysis::Comparison& comparison) {
  auto find = [&](const std::string& series, const std::string& metric) {
    for (const auto& row : comparison.rows)
      if (row.stream == series && row.period == engine::kHorizonPeriod && row.metric == metric)
        return row.estimate;
    return engine::Estimate{};
  };
  auto with_interval = [](const engine::Estimate& e) {
    return fmt::format("{} [{}, {}]", money(e.value), money(e.ci_low), money(e.ci_high));
  };
  fmt::print(out, "B - A over the horizon, paired on {} trials (seed {}), {}\n", comparison.trials,
             comparison.seed, comparison.currency);
  fmt::print(out, "  {:<12} {:>12} {:>12} {:>26} {:>26} {:>9}\n", "series", "mean A", "mean B",
             "mean difference [95% CI]", "P10 difference [95% CI]", "P(B > A)");
  for (const auto& row : comparison.rows) {
    if (row.period != engine::kHorizonPeriod || row.metric != engine::metric::kMeanA) continue;
    const std::string& name = row.stream;
    fmt::print(out, "  {:<12} {:>12} {:>12} {:>26} {:>26} {:>8.1f}%\n", name,
               money(find(name, engine::metric::kMeanA).value),
               money(find(name, engine::metric::kMeanB).value),
               with_interval(find(name, engine::metric::kMeanDifference)),
               with_interval(find(name, engine::metric::percentile_difference(10))),
               100 * find(name, engine::metric::kBAboveA).value);
  }
}

void print_household_table(std::ostream& out, const engine::Summary& summary,
                           const std::string& currency) {
  static const engine::Estimate missing;  // a percentile not asked for: printed as nan
  // An outcome's rows: its name alone (a probability), or its name, "_" and a metric.
  auto row = [&](const std::string& outcome,
                 const std::string& metric = "") -> const engine::Estimate& {
    const std::string name = metric.empty() ? outcome : outcome + "_" + metric;
    const engine::SummaryRow* found = summary.try_find("household", engine::kHorizonPeriod, name);
    return found ? found->estimate : missing;
  };
  using engine::metric::percentile;
  const auto& ruin = row("p_ruin");
  fmt::print(out, "\nHousehold cash ({})\n", currency);
  fmt::print(out, "  P(ruin: balance below 0 in any month)  {:.2f}%  (95% CI {:.2f}% to {:.2f}%)\n",
             100 * ruin.value, 100 * ruin.ci_low, 100 * ruin.ci_high);
  if (row("ruin_month" + engine::metric::kOutcomeTrials).value > 0)
    fmt::print(out, "  month of ruin, among ruined trials     P5 {}, P50 {}, P95 {}\n",
               money(row("ruin_month", percentile(5)).value),
               money(row("ruin_month", percentile(50)).value),
               money(row("ruin_month", percentile(95)).value));
  fmt::print(out, "  final balance                          P5 {}, P50 {}, P95 {}\n",
             money(row("final_balance", percentile(5)).value),
             money(row("final_balance", percentile(50)).value),
             money(row("final_balance", percentile(95)).value));
  fmt::print(out, "  months with negative cash flow         mean {}, P50 {}, P95 {}\n",
             ratio(row("negative_cash_flow_months", engine::metric::kMean).value),
             money(row("negative_cash_flow_months", percentile(50)).value),
             money(row("negative_cash_flow_months", percentile(95)).value));
}

void print_effort_table(std::ostream& out, const engine::Summary& summary,
                        const std::vector<std::string>& streams, const std::string& currency) {
  auto value = [&](const std::string& stream, const std::string& metric) -> engine::Estimate {
    const engine::SummaryRow* found = summary.try_find(stream, engine::kHorizonPeriod, metric);
    return found ? found->estimate : engine::Estimate{};
  };
  // Two decimals: an hourly rate is a small amount.
  auto cents = [](double x) {
    return std::isfinite(x) ? fmt::format("{:.2f}", x) : std::string("-");
  };
  using engine::metric::percentile;
  fmt::print(out, "\nEffort over the horizon: hours of work and income per hour ({}, gross)\n",
             currency);
  fmt::print(out, "  {:<12} {:>10} {:>13} {:>30} {:>10}\n", "stream", "hours P50", "per hour P10",
             "per hour P50 (95% CI)", "P90");
  for (const auto& stream : streams) {
    const engine::Estimate median = value(stream, "income_per_hour_" + percentile(50));
    fmt::print(out, "  {:<12} {:>10} {:>13} {:>30} {:>10}\n", stream,
               money(value(stream, "hours_" + percentile(50)).value),
               cents(value(stream, "income_per_hour_" + percentile(10)).value),
               fmt::format("{} ({} to {})", cents(median.value), cents(median.ci_low),
                           cents(median.ci_high)),
               cents(value(stream, "income_per_hour_" + percentile(90)).value));
  }
}

void print_optimisation(std::ostream& out, const analysis::Optimisation& optimisation) {
  const analysis::SearchResult& search = optimisation.search;
  const auto statistic_text = [&](std::size_t k, double v) {
    return optimisation.is_share[k] ? percent(v, 2) : money(v);
  };
  // A column per decision and side hours, as wide as its heading (5 to 40), after the plan's.
  std::vector<std::string> headers;
  for (const auto& decision : optimisation.decisions) headers.push_back(one_line(decision.key));
  headers.push_back("side h/week");
  std::vector<std::size_t> widths;
  for (const auto& header : headers)
    widths.push_back(std::clamp<std::size_t>(header.size(), 5, 40));
  fmt::print(out, "\n{} ({}); * the best, = ties with it{}\n",
             optimisation.frontier ? "Plans that tie with the best, and the frontier"
                                   : "Plans that tie with the best",
             optimisation.currency, optimisation.frontier ? ", f on the frontier" : "");
  std::string header = fmt::format(" {:>7}", "plan");
  for (std::size_t k = 0; k < headers.size(); ++k)
    header += fmt::format(" {:>{}}", headers[k].substr(0, 40), widths[k]);
  for (const auto& statistic : optimisation.statistics)
    header += fmt::format(" {:>14}", one_line(statistic).substr(0, 30));
  fmt::print(out, "{}\n", header);
  for (std::size_t k = 0; k < search.plans.size(); ++k) {
    const analysis::EvaluatedPlan& plan = search.plans[k];
    if (!plan.ties_best && !plan.on_frontier) continue;
    std::string mark = plan.best ? "*" : plan.ties_best ? "=" : " ";
    if (optimisation.frontier) mark += plan.on_frontier ? "f" : " ";
    std::string line = fmt::format(" {:>7}", mark + std::to_string(k + 1));
    for (std::size_t d = 0; d < optimisation.decisions.size(); ++d)
      line += fmt::format(" {:>{}}", format_number(optimisation.values[d][plan.position[d]]),
                          widths[d]);
    line += fmt::format(" {:>{}.1f}", plan.measure.side_hours_per_week, widths.back());
    for (std::size_t s = 0; s < plan.measure.statistics.size(); ++s)
      line += fmt::format(" {:>14}", statistic_text(s, plan.measure.statistics[s].value));
    fmt::print(out, "{}\n", line);
  }
  const analysis::EvaluatedPlan& best = search.plans[search.best];
  const engine::Estimate& value = best.measure.statistics.front();
  std::size_t feasible = 0, ties = 0;
  for (const auto& plan : search.plans) {
    feasible += plan.feasible;
    ties += plan.ties_best;
  }
  fmt::print(out,
             "\nBest: plan {} ({}): {} {} (95% CI {} to {}), {:.1f} side hours a week.\n"
             "{} of the {} plans that meet the constraints tie with it at 95% (paired on the same "
             "futures, Bonferroni-corrected); {} of {} plans on the lattice evaluated ({}).\n",
             search.best + 1, one_line(analysis::plan_label(optimisation, search.best)),
             optimisation.statistics.front(), statistic_text(0, value.value),
             statistic_text(0, value.ci_low), statistic_text(0, value.ci_high),
             best.measure.side_hours_per_week, ties, feasible, search.plans.size(),
             search.lattice_size, search.exhaustive ? "every one" : "a compass search");
}

}  // namespace incomesim::report
