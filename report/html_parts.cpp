#include "report/html_parts.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/metric_names.hpp"
#include "report/svg_charts.hpp"

namespace incomesim::report {
namespace {

std::string escape(const std::string& text) { return escape_markup(text); }

const char* const kStyle = R"(
body { font-family: system-ui, sans-serif; max-width: 820px; margin: 2em auto; padding: 0 1em;
       color: #1b2a49; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccd; }
.headline li { margin: 0.3em 0; font-size: 1.05em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; width: 100%; }
caption { text-align: left; font-weight: 600; margin-bottom: 0.3em; }
th, td { border-bottom: 1px solid #dde; padding: 0.25em 0.5em; text-align: right; vertical-align: top; }
td, .nowrap { white-space: nowrap; } td.text { white-space: normal; text-align: left; min-width: 12em; }
.scroll { overflow-x: auto; margin: 1em 0; } .scroll table { margin: 0; }
th[scope=row], thead th:first-child { text-align: left; }
small { color: #556; }
svg.chart { max-width: 100%; height: auto; display: block; margin: 0.5em 0; }
.grid { stroke: #e3e6ee; } .axis { stroke: #1b2a49; }
.tick { font-size: 11px; fill: #334; } .label { font-size: 12px; fill: #1b2a49; }
svg.chart.small .tick { font-size: 12px; }
.band90 { fill: #4c72b0; fill-opacity: 0.18; } .band50 { fill: #4c72b0; fill-opacity: 0.35; }
.median { fill: none; stroke: #1b2a49; stroke-width: 2; }
.marker { stroke: #4c72b0; stroke-dasharray: 4 3; } .marker-dot { fill: #4c72b0; }
.bar0 { fill: #4c72b0; } .bar1 { fill: #dd8452; } .bar2 { fill: #55a868; } .bar3 { fill: #c44e52; }
.whisker { stroke: #1b2a49; stroke-width: 1.5; }
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 0.5em; }
figure { margin: 1em 0; }
.plan0 { --plan: #4c72b0; } .plan1 { --plan: #dd8452; } .plan2 { --plan: #55a868; }
.plan3 { --plan: #c44e52; } .plan4 { --plan: #8172b3; } .plan5 { --plan: #937860; }
.plan6 { --plan: #da8bc3; } .plan7 { --plan: #8c8c8c; }
.plan-line { fill: none; stroke: var(--plan); stroke-width: 2.2; } .plan-dot { fill: var(--plan); }
.plan-band { fill: var(--plan); fill-opacity: 0.16; stroke: none; }
ul.legend { list-style: none; padding: 0; margin: 0.3em 0; display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; }
ul.legend .swatch { display: inline-block; width: 1.6em; height: 0; border-top: 3px solid var(--plan);
                    vertical-align: middle; margin-right: 0.4em; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 0 1.5em; }
.side-by-side h3 { font-size: 1em; margin: 0.8em 0 0; overflow-wrap: anywhere; }
/* A phone: a full-size chart (760 units wide) is drawn about 370 px wide, so its text is set
   at twice the size to stay at 11 px or more. */
@media (max-width: 600px) {
  svg.chart:not(.small) .tick { font-size: 24px; } svg.chart:not(.small) .label { font-size: 24px; }
  body { padding: 0 0.6em; } }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               svg.chart, table { break-inside: avoid; } }
)";

}  // namespace

std::string page_start(const std::string& title, const std::string& heading) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
      escape(title), kStyle, escape(heading));
}

std::string standalone_svg(const std::string& chart_svg) {
  const std::size_t open = chart_svg.find('>');
  if (open == std::string::npos) return chart_svg;
  return chart_svg.substr(0, open + 1) + "\n<style><![CDATA[" + kStyle + "]]></style>" +
         chart_svg.substr(open + 1);
}

std::string page_end(const std::string& footnote) {
  return "<p><small>" + footnote + "</small></p>\n</main>\n</body>\n</html>\n";
}

std::string section(const std::string& heading, const std::string& svg,
                    const std::string& caption) {
  return "<h2>" + escape(heading) + "</h2>\n<figure>\n" + svg + "<figcaption>" + caption +
         "</figcaption>\n</figure>\n";
}

std::string estimate_cell(const std::optional<engine::Estimate>& e, std::string (*format)(double)) {
  if (!e) return "<td>-</td>";
  if (!std::isfinite(e->ci_low) || !std::isfinite(e->ci_high))
    return "<td>" + escape(format(e->value)) + "</td>";
  return fmt::format("<td>{}<br><small>{} to {}</small></td>", escape(format(e->value)),
                     escape(format(e->ci_low)), escape(format(e->ci_high)));
}

std::string share_text(double v) { return percent(std::abs(v) < 0.0005 ? 0.0 : v); }

std::string headline(const EstimateLookup& summary, const PageFacts& r) {
  const Lead lead = lead_series(summary);
  std::string items;
  auto amount = [&](double v) { return escape(r.currency + " " + money(v)); };
  if (auto p10 = summary.find(lead.series, "p10"))
    items += fmt::format(
        "<li>A 90% chance your {} over the {} months is above <strong>{}</strong>.</li>\n",
        lead.words, r.horizon, amount(p10->value));
  if (auto p50 = summary.find(lead.series, "p50"))
    items +=
        fmt::format("<li>Half of the futures give more than <strong>{}</strong>, half less.</li>\n",
                    amount(p50->value));
  if (auto p90 = summary.find(lead.series, "p90"))
    items +=
        fmt::format("<li>A 10% chance it is above <strong>{}</strong>.</li>\n", amount(p90->value));
  if (auto es = summary.find(lead.series, "expected_shortfall_5pct"))
    items += fmt::format("<li>In the worst 5% of futures it averages <strong>{}</strong>.</li>\n",
                         amount(es->value));
  const auto p10 = summary.find(engine::kTotalSeries, "p10"),
             p50 = summary.find(engine::kTotalSeries, "p50");
  if (lead.series != engine::kTotalSeries && p10 && p50)
    items += fmt::format(
        "<li>Before tax: a 90% chance of more than <strong>{}</strong>, a median of "
        "<strong>{}</strong>.</li>\n",
        amount(p10->value), amount(p50->value));
  if (auto ruin = summary.find("household", "p_ruin"))
    items += fmt::format(
        "<li>The chance of running out of cash at some point: <strong>{}</strong>.</li>\n",
        percent(ruin->value, 2));
  return "<ul class=\"headline\">\n" + items + "</ul>\n";
}

std::string break_after_separators(const std::string& markup) {
  std::string out;
  for (char c : markup) {
    out += c;
    if (c == '.' || c == '_') out += "<wbr>";
  }
  return out;
}

std::string how_to_read(const std::string& more) {
  return "<h2>How to read this page</h2>\n<ul>\n"
         "<li>Every figure comes from simulated futures of the plan: the same plan run many "
         "times, each time with its own luck (a recession or not, articles that take off or "
         "not).</li>\n"
         "<li>P10 is the amount 90% of the futures beat; the median (P50) splits them in half; "
         "P90 is beaten only by the best 10%.</li>\n"
         "<li>The small numbers under a figure are its 95% confidence interval: how far the "
         "figure could move with more simulated futures. More trials narrow it.</li>\n" +
         more + "</ul>\n";
}

}  // namespace incomesim::report
