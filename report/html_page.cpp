#include "report/html_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/metric_names.hpp"
#include "report/console_tables.hpp"
#include "report/html_parts.hpp"
#include "report/svg_charts.hpp"

namespace incomesim::report {
namespace {

using engine::ReportTable;

std::string escape(const std::string& text) { return escape_markup(text); }

using Report = PageFacts;

// An amount per hour: cents below 100, whole units with separators above.
std::string per_hour_text(double v) {
  return std::abs(v) < 100 ? fmt::format("{:.2f}", v) : money(v);
}

// Year by year: P10, median and P90 with their intervals, and the mean, of the total (before
// tax) and, with tax, the net income.
std::string year_table(const EstimateLookup& summary, const Report& r) {
  std::vector<std::pair<std::string, std::string>> series{{engine::kTotalSeries, "before tax"}};
  if (summary.has_series("net")) series.push_back({"net", "after tax"});
  std::string html = fmt::format(
      "<div class=\"scroll\"><table>\n<caption>Each year's income ({}): 10th percentile, median "
      "and 90th percentile with 95% confidence intervals</caption>\n<thead><tr><th "
      "scope=\"col\">year</th><th scope=\"col\">income</th><th scope=\"col\">P10</th><th "
      "scope=\"col\">median</th><th scope=\"col\">P90</th><th scope=\"col\">mean</th></tr>"
      "</thead>\n<tbody>\n",
      escape(r.currency));
  for (const auto& period : summary.periods(engine::kTotalSeries, "year"))
    for (const auto& [name, words] : series)
      html += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td>{}{}{}{}</tr>\n",
                          escape(period.substr(4)), words,
                          estimate_cell(summary.find(name, "p10", period)),
                          estimate_cell(summary.find(name, "p50", period)),
                          estimate_cell(summary.find(name, "p90", period)),
                          estimate_cell(summary.find(name, "mean", period)));
  return html + "</tbody>\n</table></div>\n";
}

// The household's cash: the chance of running out, when, what is left and how many months are
// in the red; empty without [household].
std::string household_table(const EstimateLookup& summary, const Report& r) {
  const auto ruin = summary.find("household", "p_ruin");
  if (!ruin) return "";
  auto row = [&](const std::string& what, const std::string& outcome) {
    return fmt::format("<tr><th scope=\"row\">{}</th>{}{}{}</tr>\n", what,
                       estimate_cell(summary.find("household", outcome + "_p5")),
                       estimate_cell(summary.find("household", outcome + "_p50")),
                       estimate_cell(summary.find("household", outcome + "_p95")));
  };
  const auto ruined = summary.find("household", "ruin_month_trials");
  std::string html = fmt::format(
      "<p>The chance of running out of cash at some point: <strong>{}</strong> (95% CI {} to "
      "{}).</p>\n<div class=\"scroll\"><table>\n<caption>The household's cash ({})</caption>\n"
      "<thead><tr><th scope=\"col\"></th><th scope=\"col\">P5</th><th scope=\"col\">median</th>"
      "<th scope=\"col\">P95</th></tr></thead>\n<tbody>\n",
      percent(ruin->value, 2), percent(ruin->ci_low, 2), percent(ruin->ci_high, 2),
      escape(r.currency));
  if (ruined && ruined->value > 0)
    html += row("month of ruin, in the futures that run out", "ruin_month");
  html += row("cash at the end", "final_balance");
  html += row("months with negative cash flow", "negative_cash_flow_months");
  return html + "</tbody>\n</table></div>\n";
}

// Hours of work and income per hour over the horizon, per stream and for the total.
std::string effort_table(const EstimateLookup& summary, const std::vector<std::string>& series,
                         const Report& r) {
  std::string rows;
  for (const auto& s : series) {
    const auto hours = summary.find(s, "hours_mean");
    if (!hours || hours->value <= 0) continue;
    rows +=
        fmt::format("<tr><th scope=\"row\">{}</th>{}{}{}</tr>\n", escape(s), estimate_cell(hours),
                    estimate_cell(summary.find(s, "income_per_hour_p50"), per_hour_text),
                    estimate_cell(summary.find(s, "income_per_hour_mean"), per_hour_text));
  }
  if (rows.empty()) return "";
  return fmt::format(
      "<div class=\"scroll\"><table>\n<caption>Effort over the whole horizon: hours of work and "
      "income per hour ({})</caption>\n<thead><tr><th scope=\"col\">stream</th><th "
      "scope=\"col\">hours (mean)</th><th scope=\"col\">per hour (median)</th><th "
      "scope=\"col\">per hour (mean)</th></tr></thead>\n<tbody>\n{}</tbody>\n</table></div>\n",
      escape(r.currency), rows);
}

// Risk attribution in words and percentages: each stream's shares with their intervals, and
// the stream that carries most of the variance named.
std::string risk_words(const ReportTable& risk_rows, const RiskChart& risk) {
  const EstimateLookup risk_lookup(risk_rows);
  std::string rows;
  const RiskBar* most = nullptr;
  for (const RiskBar& bar : risk.streams) {
    if (!most || bar.share_of_variance > most->share_of_variance) most = &bar;
    rows += "<tr><th scope=\"row\">" + escape(bar.stream) + "</th>";
    for (const char* metric : {"share_of_mean", "share_of_variance", "share_of_shortfall"})
      rows += estimate_cell(risk_lookup.find(bar.stream, metric), share_text);
    rows += "</tr>\n";
  }
  std::string html;
  if (most)
    html += fmt::format(
        "<p><strong>{}</strong> carries the most risk: {} of the variance of the total, for {} "
        "of its mean, and {} of the shortfall in the worst 5% of futures.</p>\n",
        escape(most->stream), share_text(most->share_of_variance), share_text(most->share_of_mean),
        share_text(most->share_of_shortfall));
  return html +
         "<div class=\"scroll\"><table>\n<caption>Each stream's share of the total, with 95% "
         "confidence intervals (risk.csv has rank correlations too)</caption>\n<thead><tr><th "
         "scope=\"col\">stream</th><th scope=\"col\">of the mean</th><th scope=\"col\">of the "
         "variance</th><th scope=\"col\">of the worst 5%</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table></div>\n";
}

// A full-size fan of the total, with tax one of the net income, then a small one per stream.
std::string month_by_month(const FanChart& fan, const Report& r) {
  const ChartLabels labels{r.scenario, r.currency};
  std::string html;
  const auto figure = [&](const FanPanel& panel, const FanStyle& style) {
    const ChartSvg drawn = fan_svg(panel, labels, style);
    std::string caption =
        "The line is the median month; the dark band holds the middle 50% of futures, the light "
        "band 90%.";
    if (drawn.axis_low > 0)
      caption += fmt::format(" The axis starts at {} {}, not at 0, so that the band can be read.",
                             escape(r.currency), money(drawn.axis_low));
    return "<figure>\n" + drawn.svg + "<figcaption>" + caption + "</figcaption>\n</figure>\n";
  };
  const bool taxed = fan.find("net") != nullptr;
  html += figure(fan.panels.front(), {"fan-chart",
                                      taxed ? "Monthly income before tax: median and bands"
                                            : "Monthly total income: median and bands",
                                      "total income", false, false});
  if (const FanPanel* net = fan.find("net"))
    html += figure(*net, {"net-fan-chart", "Monthly income after tax: median and bands",
                          "income after tax", false, false});
  if (fan.stream_count < 2) return html;
  html += "<p>Each stream on its own (each with its own scale):</p>\n<div class=\"panels\">\n";
  for (std::size_t k = 1; k <= fan.stream_count && k < fan.panels.size(); ++k) {
    const FanPanel& panel = fan.panels[k];
    html += fan_svg(panel, labels,
                    {"fan-" + panel.series, "Monthly income from " + panel.series,
                     panel.series + " income", true, true})
                .svg;
  }
  return html + "</div>\n";
}

std::string summary_table(const ReportTable& summary, const Report& r) {
  std::vector<std::string> series;
  for (std::size_t k = 0; k < summary.row_count(); ++k) {
    const std::string& s = summary.text(k, "series");
    if (s != "household" && summary.text(k, "period") == "horizon" &&
        std::find(series.begin(), series.end(), s) == series.end())
      series.push_back(s);
  }
  std::string html = fmt::format(
      "<div class=\"scroll\"><table>\n<caption>Income over the whole horizon ({}), with 95% "
      "confidence intervals"
      "</caption>\n<thead><tr><th scope=\"col\">series</th><th scope=\"col\">mean</th>"
      "<th scope=\"col\">5th percentile</th><th scope=\"col\">median</th>"
      "<th scope=\"col\">95th percentile</th><th scope=\"col\">P(zero)</th></tr></thead>\n"
      "<tbody>\n",
      escape(r.currency));
  auto cell = [&](const std::string& s, const std::string& metric) {
    for (std::size_t k = 0; k < summary.row_count(); ++k)
      if (summary.text(k, "series") == s && summary.text(k, "period") == "horizon" &&
          summary.text(k, "metric") == metric) {
        const double v = summary.number(k, "value"), lo = summary.number(k, "ci_low"),
                     hi = summary.number(k, "ci_high");
        if (!std::isfinite(v)) return std::string("<td>-</td>");
        if (metric == "p_zero") return "<td>" + percent(v) + "</td>";
        return std::isfinite(lo) && std::isfinite(hi)
                   ? fmt::format("<td>{}<br><small>{} to {}</small></td>", money(v), money(lo),
                                 money(hi))
                   : fmt::format("<td>{}</td>", money(v));
      }
    return std::string("<td>-</td>");
  };
  for (const auto& s : series)
    html += "<tr><th scope=\"row\">" + escape(s) + "</th>" + cell(s, "mean") + cell(s, "p5") +
            cell(s, "p50") + cell(s, "p95") + cell(s, "p_zero") + "</tr>\n";
  return html + "</tbody>\n</table></div>\n";
}

// A number for people: four significant digits, amounts of 1,000 and more with separators.
std::string readable_number(double v) {
  if (std::abs(v) >= 1000) return escape(money(v));
  return fmt::format("{:.4g}", v);
}

// A cell for people: numbers (and text that is a number) readable, other text as is.
std::string readable(const ReportTable::Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(v))
      return escape(*text);
    return readable_number(v);
  }
  if (const auto* real = std::get_if<double>(&cell))
    return std::isfinite(*real) ? readable_number(*real) : "";
  if (const auto* whole = std::get_if<std::int64_t>(&cell))
    return readable_number(static_cast<double>(*whole));
  if (const auto* whole = std::get_if<std::uint64_t>(&cell))
    return readable_number(static_cast<double>(*whole));
  return "";
}

// Marked-up prose in which a hyphenated number or key ("x0.5-0.8", "58-67%", "2-3") is kept on
// one line: the hyphen is the one place a browser would break it, so it is wrapped whole.
std::string numbers_kept_whole(const std::string& markup) {
  const auto in_token = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ',' ||
           c == '%' || c == '-';
  };
  std::string out;
  for (std::size_t at = 0; at < markup.size();) {
    std::size_t end = at;
    while (end < markup.size() && in_token(markup[end])) ++end;
    if (end == at) {
      out += markup[at++];
      continue;
    }
    const std::string token = markup.substr(at, end - at);
    const bool hyphen = token.find('-') != std::string::npos;
    const bool number_or_key = token.find_first_of("0123456789._") != std::string::npos;
    out += hyphen && number_or_key ? "<span class=\"nowrap\">" + token + "</span>" : token;
    at = end;
  }
  return out;
}

// A table of a report table's chosen columns, every row.
std::string plain_table(const ReportTable& table, const std::string& caption,
                        const std::vector<std::pair<std::string, std::string>>& columns) {
  std::string html =
      "<div class=\"scroll\"><table>\n<caption>" + escape(caption) + "</caption>\n<thead><tr>";
  for (const auto& [column, heading] : columns)
    html += "<th scope=\"col\">" + escape(heading) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t k = 0; k < table.row_count(); ++k) {
    html += "<tr>";
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const ReportTable::Cell& cell = table.cell(k, columns[c].first);
      const std::string text = readable(cell);
      // Words wrap between words; numbers never break, and keys only after a dot or an
      // underscore (medium.<wbr>articles_<wbr>per_<wbr>week).
      const bool words = text.find(' ') != std::string::npos;
      if (c == 0)
        html += "<th scope=\"row\">" + break_after_separators(text) + "</th>";
      else
        html += words ? "<td class=\"text\">" + numbers_kept_whole(text) + "</td>"
                      : "<td>" + text + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table></div>\n";
}

}  // namespace

std::string html_page(const RunReport& report, const RunCharts& charts) {
  const RunMetadata& run = report.metadata;
  const Report r{run.scenario, run.currency, money(static_cast<double>(run.trials)),
                 std::to_string(run.seed), std::to_string(run.horizon_months)};
  const ChartLabels labels{r.scenario, r.currency};
  const EstimateLookup summary(report.summary);

  std::string html =
      page_start("incomesim: " + r.scenario, "What your income could look like: " + r.scenario);
  html += fmt::format(
      "<p>{} simulated futures of {} months (seed {}), amounts in {}.</p>\n"
      "<h2>In a sentence or five</h2>\n{}",
      escape(r.trials), escape(r.horizon), escape(r.seed), escape(r.currency),
      headline(summary, r));
  html += "<h2>Month by month</h2>\n" + month_by_month(charts.fan, r);
  html += "<h2>Year by year</h2>\n" + year_table(summary, r);
  html += section("How likely each total is", exceedance_svg(charts.exceedance, labels),
                  "Read across from a chance to the total you can count on with it.");
  if (report.risk && charts.risk)
    html += section("Which stream carries the risk", risk_svg(*charts.risk, labels),
                    "A stream whose share of the variance is above its share of the mean adds "
                    "more uncertainty than income; its share of the worst 5% says how much of "
                    "the bad years it accounts for.") +
            risk_words(*report.risk, *charts.risk);
  if (const std::string household = household_table(summary, r); !household.empty())
    html += "<h2>Cash in hand</h2>\n" + household;
  std::vector<std::string> series;
  for (const auto& panel : charts.fan.panels)
    if (panel.series != engine::kTotalSeries) series.push_back(panel.series);
  series.push_back(engine::kTotalSeries);
  if (const std::string effort = effort_table(summary, series, r); !effort.empty())
    html += "<h2>Effort and income per hour</h2>\n" + effort;
  if (charts.tornado)
    html += section("Which parameters matter most", tornado_svg(*charts.tornado, labels),
                    "From <code>incomesim sensitivity</code> (tornado.csv): each parameter set "
                    "low (red) and high (green) while the others stay at their values; the "
                    "longest bars are the assumptions worth checking first.");
  if (charts.sobol)
    html += section("Where the uncertainty comes from", sobol_svg(*charts.sobol, labels),
                    "From <code>incomesim sobol</code> (sobol.csv): the blue bar is the share of "
                    "the variance an input explains alone, the orange one with its interactions; "
                    "the lines are 95% intervals.");
  html += "<h2>The figures</h2>\n" + summary_table(report.summary, r);
  if (report.parameters)
    html +=
        "<h2>The scenario and where each number comes from</h2>\n" +
        plain_table(*report.parameters, "Every parameter of " + r.scenario + " (parameters.csv)",
                    {{"key", "key"},
                     {"value", "value"},
                     {"origin", "given or default"},
                     {"source", "source"}});
  html += "<h2>About this run</h2>\n" + plain_table(report.metadata_table,
                                                    "Run metadata (metadata.csv)",
                                                    {{"key", "key"}, {"value", "value"}});
  html += how_to_read(
      "<li>A share of the variance above a stream's share of the mean means the stream adds more "
      "uncertainty than income.</li>\n");
  return html + page_end(
                    "Written by incomesim from the CSV files beside this page (summary.csv, "
                    "bands.csv, exceedance.csv, risk.csv, parameters.csv, metadata.csv), which "
                    "pandas, R or a spreadsheet read directly.");
}

}  // namespace incomesim::report
