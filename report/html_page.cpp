#include "report/html_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/metric_names.hpp"
#include "report/console_tables.hpp"

namespace incomesim::report {
namespace {

using engine::ReportTable;

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  return out;
}

// Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten.
std::vector<double> ticks(double low, double high, int wanted = 5) {
  if (!(high > low)) high = low + 1;
  const double rough = (high - low) / wanted;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= rough) {
      step = m * power;
      break;
    }
  std::vector<double> out;
  for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step)
    out.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return out;
}

std::string tick_label(double value) {
  const double a = std::abs(value);
  if (a >= 1e6) return fmt::format("{:g}M", value / 1e6);
  if (a >= 1e3) return fmt::format("{:g}k", value / 1e3);
  return fmt::format("{:g}", value);
}

// One chart's frame: an SVG of fixed size with axes; x and y map data to pixels.
class Chart {
 public:
  static constexpr double kWidth = 760, kHeight = 380, kLeft = 78, kRight = 24, kTop = 16,
                          kBottom = 56;
  Chart(std::string id, std::string title, std::string description, double x0, double x1, double y0,
        double y1)
      : x0_(x0), x1_(x1 > x0 ? x1 : x0 + 1), y0_(y0), y1_(y1 > y0 ? y1 : y0 + 1) {
    svg_ << fmt::format(
        "<svg id=\"{0}\" class=\"chart\" role=\"img\" aria-labelledby=\"{0}-title {0}-desc\" "
        "viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" "
        "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{0}-title\">{3}</title>\n"
        "<desc id=\"{0}-desc\">{4}</desc>\n",
        id, kWidth, kHeight, escape(title), escape(description));
  }
  double x(double v) const { return kLeft + (v - x0_) / (x1_ - x0_) * (kWidth - kLeft - kRight); }
  double y(double v) const {
    return kHeight - kBottom - (v - y0_) / (y1_ - y0_) * (kHeight - kTop - kBottom);
  }
  void axes(const std::string& x_label, const std::string& y_label, bool x_ticks = true,
            bool percent_y = false) {
    for (double t : ticks(y0_, y1_)) {
      svg_ << fmt::format(
          "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
          "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
          kLeft, kWidth - kRight, y(t), y(t), kLeft - 6, y(t) + 4,
          percent_y ? fmt::format("{:g}%", 100 * t) : tick_label(t));
    }
    if (x_ticks)
      for (double t : ticks(x0_, x1_, 8))
        svg_ << fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
            x(t), kHeight - kBottom + 18, tick_label(t));
    svg_ << fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>"
        "<line x1=\"{0:.1f}\" x2=\"{3:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>\n"
        "<text x=\"{4:.1f}\" y=\"{5:.1f}\" class=\"label\" text-anchor=\"middle\">{6}</text>\n"
        "<text transform=\"translate(16 {7:.1f}) rotate(-90)\" class=\"label\" "
        "text-anchor=\"middle\">{8}</text>\n",
        kLeft, kTop, kHeight - kBottom, kWidth - kRight, (kLeft + kWidth - kRight) / 2,
        kHeight - 12, escape(x_label), (kTop + kHeight - kBottom) / 2, escape(y_label));
  }
  std::ostringstream& body() { return svg_; }
  std::string finish() { return svg_.str() + "</svg>\n"; }

 private:
  double x0_, x1_, y0_, y1_;
  std::ostringstream svg_;
};

std::string points(const std::vector<std::pair<double, double>>& xy) {
  std::string out;
  for (const auto& [px, py] : xy) out += fmt::format("{:.1f},{:.1f} ", px, py);
  return out;
}

struct Report {
  std::string scenario, currency, trials, seed, horizon;
};

std::string fan_svg(const FanChart& fan, const Report& r) {
  const std::vector<BandMonth>& rows = fan.panels.front().months;  // the total
  double low = 0, high = 1;
  for (const auto& row : rows) {
    low = std::min(low, row.p5);
    high = std::max(high, row.p95);
  }
  const double first = rows.empty() ? 1 : rows.front().month,
               last = rows.empty() ? 2 : rows.back().month;
  Chart chart("fan-chart", "Monthly total income: median and bands",
              fmt::format("Month by month, the median total income of {} with the range of the "
                          "middle 50% and of 90% of futures ({}).",
                          r.scenario, r.currency),
              first, last, low, high * 1.05);
  chart.axes("month", "income per month (" + r.currency + ")");
  auto band = [&](double BandMonth::*lower, double BandMonth::*upper, const char* css) {
    std::vector<std::pair<double, double>> xy;
    for (const auto& row : rows) xy.push_back({chart.x(row.month), chart.y(row.*upper)});
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
      xy.push_back({chart.x(it->month), chart.y((*it).*lower)});
    chart.body() << fmt::format("<polygon class=\"{}\" points=\"{}\"/>\n", css, points(xy));
  };
  band(&BandMonth::p5, &BandMonth::p95, "band90");
  band(&BandMonth::p25, &BandMonth::p75, "band50");
  std::vector<std::pair<double, double>> median;
  for (const auto& row : rows) median.push_back({chart.x(row.month), chart.y(row.p50)});
  chart.body() << fmt::format("<polyline class=\"median\" points=\"{}\"/>\n", points(median));
  return chart.finish();
}

std::string exceedance_svg(const ExceedanceChart& curve, const Report& r) {
  double low = 0, high = 1;
  for (const auto& point : curve.total) {
    low = std::min(low, point.income);
    high = std::max(high, point.income);
  }
  Chart chart("exceedance-chart", "Chance the total income exceeds each amount",
              fmt::format("For each amount of total income over the horizon ({}), the chance "
                          "that {} earns more.",
                          r.currency, r.scenario),
              low, high, 0, 1);
  chart.axes("total income over the horizon (" + r.currency + ")", "chance of exceeding", true,
             true);
  std::vector<std::pair<double, double>> xy;
  for (const auto& point : curve.total)
    xy.push_back({chart.x(point.income), chart.y(point.p_exceed)});
  chart.body() << fmt::format("<polyline class=\"median\" points=\"{}\"/>\n", points(xy));
  return chart.finish();
}

std::string risk_svg(const RiskChart& risk, const Report& r) {
  double low = 0, high = 1;
  for (const auto& bar : risk.streams)
    for (const RiskShare& share : kRiskShares) {
      low = std::min(low, bar.*share.value);
      high = std::max(high, bar.*share.value);
    }
  Chart chart("risk-chart", "Which stream carries the risk",
              fmt::format("For each stream of {}, its share of the mean total income, of the "
                          "variance and of the worst 5% of totals.",
                          r.scenario),
              0, static_cast<double>(std::max<std::size_t>(1, risk.streams.size())), low, high);
  chart.axes("stream", "share of the total", false, true);
  const double slot = (chart.x(1) - chart.x(0));
  for (std::size_t s = 0; s < risk.streams.size(); ++s) {
    const RiskBar& bar = risk.streams[s];
    const double left = chart.x(static_cast<double>(s)) + slot * 0.14;
    for (std::size_t k = 0; k < std::size(kRiskShares); ++k) {
      const double v = bar.*kRiskShares[k].value;
      const double top = chart.y(std::max(v, 0.0)), bottom = chart.y(std::min(v, 0.0));
      // At least 1.5 px, so that a share near 0 still shows as a bar.
      chart.body() << fmt::format(
          "<rect class=\"bar{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\">"
          "<title>{} {}: {}</title></rect>\n",
          k, left + static_cast<double>(k) * slot * 0.24, std::min(top, bottom - 1.5), slot * 0.22,
          std::max(bottom - top, 1.5), escape(bar.stream), kRiskShares[k].legend, percent(v));
    }
    chart.body() << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
        left + slot * 0.35, Chart::kHeight - Chart::kBottom + 18, escape(bar.stream));
  }
  for (std::size_t k = 0; k < std::size(kRiskShares); ++k)
    chart.body() << fmt::format(
        "<rect class=\"bar{0}\" x=\"600\" y=\"{1}\" width=\"12\" height=\"12\"/>"
        "<text x=\"618\" y=\"{2}\" class=\"tick\">{3}</text>\n",
        k, 20 + 18 * k, 31 + 18 * k, kRiskShares[k].legend);
  return chart.finish();
}

// summary.csv's value of (series, period, metric), if there is one.
std::optional<double> summary_value(const ReportTable& summary, const std::string& series,
                                    const std::string& metric,
                                    const std::string& period = "horizon") {
  for (std::size_t k = 0; k < summary.row_count(); ++k)
    if (summary.text(k, "series") == series && summary.text(k, "period") == period &&
        summary.text(k, "metric") == metric) {
      const double v = summary.number(k, "value");
      if (std::isfinite(v)) return v;
    }
  return std::nullopt;
}

std::string headline(const ReportTable& summary, const Report& r) {
  std::string items;
  auto amount = [&](double v) { return escape(r.currency + " " + money(v)); };
  if (auto p10 = summary_value(summary, "total", "p10"))
    items += fmt::format(
        "<li>A 90% chance your total income over the {} months is above "
        "<strong>{}</strong>.</li>\n",
        r.horizon, amount(*p10));
  if (auto p50 = summary_value(summary, "total", "p50"))
    items += fmt::format(
        "<li>Half of the futures give more than <strong>{}</strong>, half "
        "less.</li>\n",
        amount(*p50));
  if (auto p90 = summary_value(summary, "total", "p90"))
    items += fmt::format("<li>A 10% chance it is above <strong>{}</strong>.</li>\n", amount(*p90));
  if (auto es = summary_value(summary, "total", "expected_shortfall_5pct"))
    items += fmt::format("<li>In the worst 5% of futures it averages <strong>{}</strong>.</li>\n",
                         amount(*es));
  if (auto ruin = summary_value(summary, "household", "p_ruin"))
    items += fmt::format(
        "<li>The chance of running out of cash at some point: "
        "<strong>{}</strong>.</li>\n",
        percent(*ruin, 2));
  return "<ul class=\"headline\">\n" + items + "</ul>\n";
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
      "<table>\n<caption>Income over the whole horizon ({}), with 95% confidence intervals"
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
  return html + "</tbody>\n</table>\n";
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

// A table of a report table's chosen columns, every row.
std::string plain_table(const ReportTable& table, const std::string& caption,
                        const std::vector<std::pair<std::string, std::string>>& columns) {
  std::string html = "<table>\n<caption>" + escape(caption) + "</caption>\n<thead><tr>";
  for (const auto& [column, heading] : columns)
    html += "<th scope=\"col\">" + escape(heading) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t k = 0; k < table.row_count(); ++k) {
    html += "<tr>";
    for (std::size_t c = 0; c < columns.size(); ++c)
      html += (c == 0 ? "<th scope=\"row\">" : "<td>") + readable(table.cell(k, columns[c].first)) +
              (c == 0 ? "</th>" : "</td>");
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

const char* const kStyle = R"(
body { font-family: system-ui, sans-serif; max-width: 820px; margin: 2em auto; padding: 0 1em;
       color: #1b2a49; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccd; }
.headline li { margin: 0.3em 0; font-size: 1.05em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; width: 100%; }
caption { text-align: left; font-weight: 600; margin-bottom: 0.3em; }
th, td { border-bottom: 1px solid #dde; padding: 0.25em 0.5em; text-align: right; vertical-align: top;
         overflow-wrap: anywhere; }
th[scope=row], thead th:first-child { text-align: left; }
small { color: #556; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 0.5em 0; }
.grid { stroke: #e3e6ee; } .axis { stroke: #1b2a49; }
.tick { font-size: 11px; fill: #334; } .label { font-size: 12px; fill: #1b2a49; }
.band90 { fill: #4c72b0; fill-opacity: 0.18; } .band50 { fill: #4c72b0; fill-opacity: 0.35; }
.median { fill: none; stroke: #1b2a49; stroke-width: 2; }
.bar0 { fill: #4c72b0; } .bar1 { fill: #dd8452; } .bar2 { fill: #55a868; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               svg.chart, table { break-inside: avoid; } }
)";

}  // namespace

std::string html_page(const RunReport& report, const RunCharts& charts) {
  const RunMetadata& run = report.metadata;
  const Report r{run.scenario, run.currency, std::to_string(run.trials), std::to_string(run.seed),
                 std::to_string(run.horizon_months)};
  const ReportTable& summary = report.summary;
  const auto& risk = report.risk;
  const auto& parameters = report.parameters;

  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>incomesim: {0}</title>\n<style>{1}</style>\n</head>\n<body>\n<main>\n"
      "<h1>What your income could look like: {0}</h1>\n"
      "<p>{2} simulated futures of {3} months (seed {4}), amounts in {5}.</p>\n"
      "<h2>In a sentence or five</h2>\n{6}",
      escape(r.scenario), kStyle, escape(r.trials), escape(r.horizon), escape(r.seed),
      escape(r.currency), headline(summary, r));
  html += "<h2>Month by month</h2>\n<figure>\n" + fan_svg(charts.fan, r) +
          "<figcaption>The line is the median month; the dark band holds the middle 50% of "
          "futures, the light band 90%.</figcaption>\n</figure>\n";
  html +=
      "<h2>How likely each total is</h2>\n<figure>\n" + exceedance_svg(charts.exceedance, r) +
      "<figcaption>Read across from a chance to the total you can count on with it.</figcaption>"
      "\n</figure>\n";
  if (risk && charts.risk)
    html += "<h2>Which stream carries the risk</h2>\n<figure>\n" + risk_svg(*charts.risk, r) +
            "<figcaption>A stream whose share of the variance is above its share of the mean "
            "adds more uncertainty than income; its share of the worst 5% says how much of the "
            "bad years it accounts for.</figcaption>\n</figure>\n" +
            plain_table(*risk, "Risk attribution (risk.csv)",
                        {{"series", "stream"},
                         {"metric", "metric"},
                         {"value", "value"},
                         {"ci_low", "95% CI low"},
                         {"ci_high", "95% CI high"}});
  html += "<h2>The figures</h2>\n" + summary_table(summary, r);
  if (parameters)
    html += "<h2>The scenario and where each number comes from</h2>\n" +
            plain_table(*parameters, "Every parameter of " + r.scenario + " (parameters.csv)",
                        {{"key", "key"},
                         {"value", "value"},
                         {"origin", "given or default"},
                         {"source", "source"}});
  html += "<h2>About this run</h2>\n" + plain_table(report.metadata_table,
                                                    "Run metadata (metadata.csv)",
                                                    {{"key", "key"}, {"value", "value"}});
  html +=
      "<p><small>Written by incomesim from the CSV files in this directory; column meanings "
      "are in docs/csv-schema.md.</small></p>\n</main>\n</body>\n</html>\n";
  return html;
}

}  // namespace incomesim::report
