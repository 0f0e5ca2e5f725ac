#pragma once
// The charts of the HTML page as inline SVG, drawn from the chart data (charts.hpp): a fixed
// frame with axes, ticks and labels, a title and a description for screen readers. Sizes and
// colours are the page's (classes styled by html_page.cpp); what each chart shows is not decided
// here.
#include <string>

#include "report/charts.hpp"

namespace incomesim::report {

// Text for HTML or SVG: & < > " escaped.
std::string escape_markup(const std::string& text);

// What the charts say of the run, in titles and labels.
struct ChartLabels {
  std::string scenario, currency;
};

// A fan chart of one series: full size (760 x 380) or small (370 x 230, the series' name on top).
struct FanStyle {
  std::string id, title, what;  // what: "total income", in the description
  bool small = false;
  bool from_zero = false;  // else from below the lowest P5 when the bands sit high above 0
};
// A chart, and where its income axis starts (a caption says so when it is not 0).
struct ChartSvg {
  std::string svg;
  double axis_low = 0;
};
ChartSvg fan_svg(const FanPanel& panel, const ChartLabels& labels, const FanStyle& style);
std::string exceedance_svg(const ExceedanceChart& curve, const ChartLabels& labels);
std::string risk_svg(const RiskChart& risk, const ChartLabels& labels);
// Bars from the base value, the parameter low and high; the largest effect on top.
std::string tornado_svg(const TornadoChart& tornado, const ChartLabels& labels);
// First-order and total-effect bars with their 95% intervals, per input.
std::string sobol_svg(const SobolChart& sobol, const ChartLabels& labels);

// Several plans on one chart (the comparison pages), a colour each (classes plan0 .. plan7, in
// the order of the plans; the page's legend names them).
// Each plan's median month by month with the band of its middle 50% of futures.
ChartSvg overlaid_fans_svg(const PlansChart& plans, const ChartLabels& labels);
// Each plan's exceedance curve over the horizon.
ChartSvg overlaid_exceedance_svg(const PlansChart& plans, const ChartLabels& labels);
// A sweep's median with the band from P10 to P90 against the swept value; whiskers are the
// median's 95% interval.
std::string sweep_svg(const SweepChart& sweep, const ChartLabels& labels);
// An optimisation's plans as dots (grey: breaks a constraint; blue: meets them; green: ties with
// the best; red: the best, each of the last two with its 95% interval), and the frontier as a line.
std::string frontier_svg(const FrontierChart& frontier, const ChartLabels& labels);

// B - A per series: the mean difference with its 95% interval, and P(B > A) at the right.
std::string difference_svg(const DifferenceChart& difference, const ChartLabels& labels);

}  // namespace incomesim::report
