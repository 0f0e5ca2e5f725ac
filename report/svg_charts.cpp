#include "report/svg_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "engine/metric_names.hpp"
#include "report/axis_ticks.hpp"
#include "report/console_tables.hpp"

namespace incomesim::report {

std::string escape_markup(const std::string& text) {
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

namespace {

std::string tick_label(double value) {
  const double a = std::abs(value);
  if (a >= 1e6) return fmt::format("{:g}M", value / 1e6);
  if (a >= 1e3) return fmt::format("{:g}k", value / 1e3);
  return fmt::format("{:g}", value);
}

// A chart's size and margins, in SVG units (CSS pixels at full size).
struct Frame {
  double width = 760, height = 380, left = 78, right = 24, top = 16, bottom = 56;
};

// One chart's frame: an SVG with axes; x and y map data to pixels.
class Chart {
 public:
  Chart(const std::string& id, const std::string& title, const std::string& description, double x0,
        double x1, double y0, double y1, Frame frame = {})
      : f_(frame), x0_(x0), x1_(x1 > x0 ? x1 : x0 + 1), y0_(y0), y1_(y1 > y0 ? y1 : y0 + 1) {
    svg_ << fmt::format(
        "<svg id=\"{0}\" class=\"chart{5}\" role=\"img\" aria-labelledby=\"{0}-title {0}-desc\" "
        "viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" "
        "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{0}-title\">{3}</title>\n"
        "<desc id=\"{0}-desc\">{4}</desc>\n",
        escape_markup(id), f_.width, f_.height, escape_markup(title), escape_markup(description),
        // A small chart is drawn near its own size on a phone; a full-size one is scaled down
        // there, and the page enlarges its text (html_page.cpp's style).
        f_.width < 500 ? " small" : "");
  }
  const Frame& frame() const { return f_; }
  double x(double v) const {
    return f_.left + (v - x0_) / (x1_ - x0_) * (f_.width - f_.left - f_.right);
  }
  double y(double v) const {
    return f_.height - f_.bottom - (v - y0_) / (y1_ - y0_) * (f_.height - f_.top - f_.bottom);
  }
  // The baseline of the x axis's tick labels.
  double below_axis() const { return f_.height - f_.bottom + 18; }
  enum class Scale { amount, percent, none };
  void axes(const std::string& x_label, const std::string& y_label, Scale x_scale = Scale::amount,
            Scale y_scale = Scale::amount) {
    const auto label = [](double t, Scale scale) {
      return scale == Scale::percent ? fmt::format("{:g}%", 100 * t) : tick_label(t);
    };
    if (y_scale != Scale::none)
      for (double t : ticks(y0_, y1_))
        svg_ << fmt::format(
            "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
            "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
            f_.left, f_.width - f_.right, y(t), y(t), f_.left - 6, y(t) + 4, label(t, y_scale));
    if (x_scale != Scale::none)
      for (double t : ticks(x0_, x1_, std::max(4, static_cast<int>(f_.width / 90))))
        svg_ << fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
            x(t), below_axis(), label(t, x_scale));
    svg_ << fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>"
        "<line x1=\"{0:.1f}\" x2=\"{3:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>\n"
        "<text x=\"{4:.1f}\" y=\"{5:.1f}\" class=\"label\" text-anchor=\"middle\">{6}</text>\n",
        f_.left, f_.top, f_.height - f_.bottom, f_.width - f_.right,
        (f_.left + f_.width - f_.right) / 2, f_.height - 12, escape_markup(x_label));
    if (!y_label.empty())
      svg_ << fmt::format(
          "<text transform=\"translate(16 {:.1f}) rotate(-90)\" class=\"label\" "
          "text-anchor=\"middle\">{}</text>\n",
          (f_.top + f_.height - f_.bottom) / 2, escape_markup(y_label));
  }
  std::ostringstream& body() { return svg_; }
  std::string finish() { return svg_.str() + "</svg>\n"; }

 private:
  Frame f_;
  double x0_, x1_, y0_, y1_;
  std::ostringstream svg_;
};

std::string points(const std::vector<std::pair<double, double>>& xy) {
  std::string out;
  for (const auto& [px, py] : xy) out += fmt::format("{:.1f},{:.1f} ", px, py);
  return out;
}

}  // namespace

ChartSvg fan_svg(const FanPanel& panel, const ChartLabels& r, const FanStyle& style) {
  const std::vector<BandMonth>& rows = panel.months;
  double low = INFINITY, high = -INFINITY;
  for (const auto& row : rows) {
    low = std::min(low, row.p5);
    high = std::max(high, row.p95);
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  const double axis_low = style.from_zero ? std::min(low, 0.0) : axis_start(low, high);
  const double first = rows.empty() ? 1 : rows.front().month,
               last = rows.empty() ? 2 : rows.back().month;
  Frame frame;
  if (style.small) frame = Frame{370, 230, 56, 12, 28, 44};
  Chart chart(style.id, style.title,
              fmt::format("Month by month, the median {} of {} with the range of the middle 50% "
                          "and of 90% of futures ({}).",
                          style.what, r.scenario, r.currency),
              first, last, axis_low, std::max(high, axis_low + 1) * 1.05, frame);
  chart.axes("month", style.small ? "" : "income per month (" + r.currency + ")");
  if (style.small)
    chart.body() << fmt::format(
        "<text x=\"{:.1f}\" y=\"18\" class=\"label\" text-anchor=\"middle\">{}</text>\n",
        frame.width / 2, escape_markup(panel.series));
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
  return {chart.finish(), axis_low};
}

std::string exceedance_svg(const ExceedanceChart& curve, const ChartLabels& r) {
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
  chart.axes("total income over the horizon (" + r.currency + ")", "chance of exceeding",
             Chart::Scale::amount, Chart::Scale::percent);
  std::vector<std::pair<double, double>> xy;
  for (const auto& point : curve.total)
    xy.push_back({chart.x(point.income), chart.y(point.p_exceed)});
  chart.body() << fmt::format("<polyline class=\"median\" points=\"{}\"/>\n", points(xy));
  for (const ExceedanceMarker& m : curve.markers) {
    const double x = chart.x(m.income), y = chart.y(m.p_exceed), base = chart.y(0);
    chart.body() << fmt::format(
        "<line class=\"marker\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>"
        "<circle class=\"marker-dot\" cx=\"{0:.1f}\" cy=\"{2:.1f}\" r=\"4\"><title>{3}: {4} {5}"
        "</title></circle><text x=\"{6:.1f}\" y=\"{7:.1f}\" class=\"tick\">{3} {5}</text>\n",
        x, base, y, escape_markup(m.name), escape_markup(r.currency), money(m.income), x + 6,
        y - 6);
  }
  return chart.finish();
}

std::string risk_svg(const RiskChart& risk, const ChartLabels& r) {
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
  chart.axes("stream", "share of the total", Chart::Scale::none, Chart::Scale::percent);
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
          std::max(bottom - top, 1.5), escape_markup(bar.stream), kRiskShares[k].legend,
          percent(v));
    }
    chart.body() << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
        left + slot * 0.35, chart.below_axis(), escape_markup(bar.stream));
  }
  for (std::size_t k = 0; k < std::size(kRiskShares); ++k)
    chart.body() << fmt::format(
        "<rect class=\"bar{0}\" x=\"600\" y=\"{1}\" width=\"12\" height=\"12\"/>"
        "<text x=\"618\" y=\"{2}\" class=\"tick\">{3}</text>\n",
        k, 20 + 18 * k, 31 + 18 * k, kRiskShares[k].legend);
  return chart.finish();
}

std::string tornado_svg(const TornadoChart& tornado, const ChartLabels& r) {
  double low = 0, high = 0;
  for (const TornadoBar& bar : tornado.bars) {
    low = std::min({low, bar.low_change, bar.high_change});
    high = std::max({high, bar.low_change, bar.high_change});
  }
  const double rows = static_cast<double>(std::max<std::size_t>(1, tornado.bars.size()));
  const Frame frame{760, 90 + 30 * rows, 230, 24, 16, 56};
  Chart chart("tornado-chart", "Sensitivity of " + tornado.metric + " to each parameter",
              fmt::format("For each parameter of {}, the change in {} ({}) when it is set low "
                          "and high, largest first.",
                          r.scenario, tornado.metric, r.currency),
              low, high, 0, rows, frame);
  chart.axes("change from the base (" + r.currency + ")", "", Chart::Scale::amount,
             Chart::Scale::none);
  const double zero = chart.x(0);
  for (std::size_t k = 0; k < tornado.bars.size(); ++k) {
    const TornadoBar& bar = tornado.bars[k];
    const double middle = chart.y(rows - static_cast<double>(k) - 0.5);
    int side = 0;
    for (const auto& [change, what] :
         {std::pair{bar.low_change, "low"}, std::pair{bar.high_change, "high"}}) {
      const double x = chart.x(change);
      chart.body() << fmt::format(
          "<rect class=\"bar{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"10\">"
          "<title>{} {}: {} {}</title></rect>\n",
          side == 0 ? 3 : 2, std::min(x, zero), middle - 11 + 11 * side,
          std::max(std::abs(x - zero), 1.0), escape_markup(bar.parameter), what,
          escape_markup(r.currency), money(change));
      ++side;
    }
    chart.body() << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
        frame.left - 8, middle + 4, escape_markup(bar.parameter));
  }
  chart.body() << fmt::format(
      "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>\n", zero,
      frame.top, frame.height - frame.bottom);
  return chart.finish();
}

std::string sobol_svg(const SobolChart& sobol, const ChartLabels& r) {
  const double rows = static_cast<double>(std::max<std::size_t>(1, sobol.inputs.size()));
  const Frame frame{760, 90 + 30 * rows, 230, 24, 16, 56};
  Chart chart("sobol-chart", "Share of the variance of " + sobol.output + " by input",
              fmt::format("For each input of {}, its Sobol first-order index and total effect on "
                          "{}, with 95% intervals.",
                          r.scenario, sobol.output),
              0, 1, 0, rows, frame);
  chart.axes("share of the variance", "", Chart::Scale::percent, Chart::Scale::none);
  for (std::size_t k = 0; k < sobol.inputs.size(); ++k) {
    const SobolBar& bar = sobol.inputs[k];
    const double middle = chart.y(rows - static_cast<double>(k) - 0.5);
    const double values[2][3] = {{bar.first_order, bar.first_order_low, bar.first_order_high},
                                 {bar.total_effect, bar.total_effect_low, bar.total_effect_high}};
    for (int side = 0; side < 2; ++side) {
      const auto& [value, ci_low, ci_high] = values[side];
      if (!std::isfinite(value)) continue;
      const double top = middle - 11 + 11 * side;
      chart.body() << fmt::format(
          "<rect class=\"bar{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"10\">"
          "<title>{} {}: {}</title></rect>\n",
          side, chart.x(0), top, std::max(chart.x(std::clamp(value, 0.0, 1.0)) - chart.x(0), 1.0),
          escape_markup(bar.input), side == 0 ? "first order" : "total effect", percent(value));
      if (std::isfinite(ci_low) && std::isfinite(ci_high))
        chart.body() << fmt::format(
            "<line class=\"whisker\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>"
            "\n",
            chart.x(std::clamp(ci_low, 0.0, 1.0)), chart.x(std::clamp(ci_high, 0.0, 1.0)), top + 5,
            top + 5);
    }
    chart.body() << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
        frame.left - 8, middle + 4, escape_markup(bar.input));
  }
  return chart.finish();
}

ChartSvg overlaid_fans_svg(const PlansChart& plans, const ChartLabels& r) {
  double low = INFINITY, high = -INFINITY, first = INFINITY, last = -INFINITY;
  for (const PlanCurve& plan : plans.plans)
    for (const BandMonth& m : plan.fan.months) {
      low = std::min(low, m.p25);
      high = std::max(high, m.p75);
      first = std::min(first, static_cast<double>(m.month));
      last = std::max(last, static_cast<double>(m.month));
    }
  if (!std::isfinite(low)) low = 0, high = 1, first = 1, last = 2;
  const double axis_low = axis_start(low, high);
  Chart chart("fan-overlay", "Month by month, plan by plan",
              fmt::format("For each plan of {}, its median {} income per month ({}) with the band "
                          "of the middle 50% of futures.",
                          r.scenario, plans.series, r.currency),
              first, last, axis_low, std::max(high, axis_low + 1) * 1.05);
  chart.axes("month", plans.series + " income per month (" + r.currency + ")");
  for (std::size_t p = 0; p < plans.plans.size(); ++p) {
    const std::vector<BandMonth>& rows = plans.plans[p].fan.months;
    std::vector<std::pair<double, double>> band, median;
    for (const auto& row : rows) {
      band.push_back({chart.x(row.month), chart.y(row.p75)});
      median.push_back({chart.x(row.month), chart.y(row.p50)});
    }
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
      band.push_back({chart.x(it->month), chart.y(it->p25)});
    chart.body() << fmt::format(
        "<polygon class=\"plan-band plan{0}\" points=\"{1}\"/>\n"
        "<polyline class=\"plan-line plan{0}\" points=\"{2}\"><title>{3}</title></polyline>\n",
        p, points(band), points(median), escape_markup(plans.plans[p].label));
  }
  return {chart.finish(), axis_low};
}

ChartSvg overlaid_exceedance_svg(const PlansChart& plans, const ChartLabels& r) {
  double low = INFINITY, high = -INFINITY;
  for (const PlanCurve& plan : plans.plans)
    for (const auto& point : plan.exceedance.total) {
      low = std::min(low, point.income);
      high = std::max(high, point.income);
    }
  if (!std::isfinite(low)) low = 0, high = 1;
  // Curves that sit far from 0 are drawn from a round amount below the lowest, so that the
  // gaps between them can be read.
  const double axis_low = axis_start(low, high);
  Chart chart("exceedance-overlay", "Chance of exceeding each amount, plan by plan",
              fmt::format("For each plan of {} and each amount of {} income over the horizon "
                          "({}), the chance of earning more.",
                          r.scenario, plans.series, r.currency),
              axis_low, high, 0, 1);
  chart.axes(plans.series + " income over the horizon (" + r.currency + ")", "chance of exceeding",
             Chart::Scale::amount, Chart::Scale::percent);
  for (std::size_t p = 0; p < plans.plans.size(); ++p) {
    std::vector<std::pair<double, double>> xy;
    for (const auto& point : plans.plans[p].exceedance.total)
      xy.push_back({chart.x(point.income), chart.y(point.p_exceed)});
    chart.body() << fmt::format(
        "<polyline class=\"plan-line plan{}\" points=\"{}\"><title>{}</title></polyline>\n", p,
        points(xy), escape_markup(plans.plans[p].label));
    // The median as a dot, so that the plans' middles can be read off the curves.
    for (const ExceedanceMarker& m : plans.plans[p].exceedance.markers)
      if (m.name == "P50")
        chart.body() << fmt::format(
            "<circle class=\"plan-dot plan{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\"><title>{}: "
            "median {} {}</title></circle>\n",
            p, chart.x(m.income), chart.y(m.p_exceed), escape_markup(plans.plans[p].label),
            escape_markup(r.currency), money(m.income));
  }
  return {chart.finish(), axis_low};
}

std::string sweep_svg(const SweepChart& sweep, const ChartLabels& r) {
  double low = INFINITY, high = -INFINITY, first = INFINITY, last = -INFINITY;
  for (const SweepPoint& p : sweep.points) {
    for (double v : {p.p10.value, p.p90.value, p.p50.ci_low, p.p50.ci_high})
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
    first = std::min(first, p.x);
    last = std::max(last, p.x);
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  if (!std::isfinite(first)) first = 0, last = 1;
  // Categories sit half a step inside the frame.
  const double pad = sweep.numeric ? 0.0 : 0.5;
  const double axis_low = axis_start(low, high);
  Chart chart("sweep-chart", "The " + sweep.series + " income over the horizon at each point",
              fmt::format("For each value of {} in the sweep of {}, the median {} income over the "
                          "horizon ({}) with its 95% interval, and the band from P10 to P90.",
                          sweep.axis, r.scenario, sweep.series, r.currency),
              first - pad, last + pad, axis_low, std::max(high, axis_low + 1) * 1.05);
  chart.axes(sweep.numeric ? sweep.axis : "point (the table below gives each point's values)",
             sweep.series + " income over the horizon (" + r.currency + ")",
             sweep.numeric ? Chart::Scale::amount : Chart::Scale::none);
  std::vector<std::pair<double, double>> band, median;
  for (const SweepPoint& p : sweep.points) {
    band.push_back({chart.x(p.x), chart.y(p.p90.value)});
    median.push_back({chart.x(p.x), chart.y(p.p50.value)});
  }
  for (auto it = sweep.points.rbegin(); it != sweep.points.rend(); ++it)
    band.push_back({chart.x(it->x), chart.y(it->p10.value)});
  chart.body() << fmt::format(
      "<polygon class=\"plan-band plan0\" points=\"{}\"/>\n<polyline class=\"plan-line plan0\" "
      "points=\"{}\"/>\n",
      points(band), points(median));
  for (std::size_t k = 0; k < sweep.points.size(); ++k) {
    const SweepPoint& p = sweep.points[k];
    chart.body() << fmt::format(
        "<line class=\"whisker\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>"
        "<circle class=\"plan-dot plan0\" cx=\"{0:.1f}\" cy=\"{3:.1f}\" r=\"4\"><title>{4}: "
        "median {5} {6}</title></circle>\n",
        chart.x(p.x), chart.y(p.p50.ci_low), chart.y(p.p50.ci_high), chart.y(p.p50.value),
        escape_markup(p.label), escape_markup(r.currency), money(p.p50.value));
    if (!sweep.numeric)
      chart.body() << fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
          chart.x(p.x), chart.below_axis(), k + 1);
  }
  return chart.finish();
}

std::string frontier_svg(const FrontierChart& frontier, const ChartLabels& r) {
  double low = INFINITY, high = -INFINITY, first = INFINITY, last = -INFINITY;
  for (const FrontierPoint& p : frontier.points) {
    for (double v : {p.y.value, p.y.ci_low, p.y.ci_high})
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
    if (std::isfinite(p.x)) first = std::min(first, p.x), last = std::max(last, p.x);
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  if (!std::isfinite(first)) first = 0, last = 1;
  if (frontier.hours_limit)
    first = std::min(first, *frontier.hours_limit), last = std::max(last, *frontier.hours_limit);
  const double y_pad = std::max((high - low) * 0.05, frontier.y_share ? 0.001 : 1.0);
  const double x_pad = std::max((last - first) * 0.05, frontier.x_share ? 0.001 : 0.5);
  const auto unit = [&](bool share) { return share ? std::string() : " (" + r.currency + ")"; };
  Chart chart("frontier-chart",
              frontier.frontier ? "The plans on " + frontier.y_label + " and " + frontier.x_label
                                : "The plans' " + frontier.y_label + " against their side hours",
              fmt::format("Each plan the search evaluated for {}: its {} against its {}; the best "
                          "plan, the plans that tie with it and those that break a constraint "
                          "marked{}.",
                          r.scenario, frontier.y_label, frontier.x_label,
                          frontier.frontier ? ", and the frontier drawn through" : ""),
              first - x_pad, last + x_pad, low - y_pad, high + y_pad);
  chart.axes(frontier.x_label + (frontier.frontier ? unit(frontier.x_share) : ""),
             frontier.y_label + unit(frontier.y_share),
             frontier.x_share    ? Chart::Scale::percent
             : frontier.frontier ? Chart::Scale::amount
                                 : Chart::Scale::none,
             frontier.y_share ? Chart::Scale::percent : Chart::Scale::amount);
  if (!frontier.frontier && !frontier.x_share)  // hours: plain numbers, not amounts
    for (double t : ticks(first - x_pad, last + x_pad))
      chart.body() << fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{:g}</text>\n",
          chart.x(t), chart.below_axis(), t);
  if (frontier.hours_limit)
    chart.body() << fmt::format(
        "<line class=\"marker\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\">"
        "<title>at most {3:g} side hours a week</title></line>\n",
        chart.x(*frontier.hours_limit), chart.y(low - y_pad), chart.y(high + y_pad),
        *frontier.hours_limit);
  if (frontier.frontier) {
    std::vector<std::pair<double, double>> line;
    for (const FrontierPoint& p : frontier.points)
      if (p.on_frontier) line.push_back({p.x, p.y.value});
    std::sort(line.begin(), line.end());
    for (auto& [x, y] : line) x = chart.x(x), y = chart.y(y);
    chart.body() << fmt::format("<polyline class=\"plan-line plan1\" points=\"{}\"/>\n",
                                points(line));
  }
  const auto text = [&](bool share, double v) {
    return share ? fmt::format("{:.2f}%", 100 * v) : money(v);
  };
  // The best and its ties last, so that they are drawn on top.
  for (int layer = 0; layer < 3; ++layer)
    for (const FrontierPoint& p : frontier.points) {
      const int own = p.best ? 2 : p.ties_best ? 1 : 0;
      if (own != layer || !std::isfinite(p.y.value) || !std::isfinite(p.x)) continue;
      if (own > 0 && std::isfinite(p.y.ci_low) && std::isfinite(p.y.ci_high))
        chart.body() << fmt::format(
            "<line class=\"whisker\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" "
            "y2=\"{2:.1f}\"/>",
            chart.x(p.x), chart.y(p.y.ci_low), chart.y(p.y.ci_high));
      chart.body() << fmt::format(
          "<circle class=\"plan-dot plan{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\"><title>{}: {} "
          "{}{}</title></circle>\n",
          p.best        ? 3
          : p.ties_best ? 2
          : p.feasible  ? 0
                        : 7,
          chart.x(p.x), chart.y(p.y.value),
          p.best        ? 6
          : p.ties_best ? 5
                        : 4,
          escape_markup(p.label), escape_markup(frontier.y_label),
          text(frontier.y_share, p.y.value), p.feasible ? "" : " (breaks a constraint)");
    }
  return chart.finish();
}

std::string difference_svg(const DifferenceChart& difference, const ChartLabels& r) {
  double low = 0, high = 0;
  for (const DifferenceBar& bar : difference.series)
    for (double v :
         {bar.mean_difference.value, bar.mean_difference.ci_low, bar.mean_difference.ci_high})
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
  const double rows = static_cast<double>(std::max<std::size_t>(1, difference.series.size()));
  // Rows 40 units apart and the P(B > A) heading above the plot: on a phone the chart's text is
  // drawn at twice its size (the page's style).
  const Frame frame{760, 100 + 40 * rows, 150, 130, 40, 56};
  Chart chart("difference-chart", "B - A: the difference in mean income over the horizon",
              fmt::format("For each series, the mean of B - A over the horizon ({}) on the same "
                          "futures, with its 95% interval, and the chance that B earns more.",
                          r.currency),
              low, high, 0, rows, frame);
  chart.axes("B - A over the horizon (" + r.currency + ")", "", Chart::Scale::amount,
             Chart::Scale::none);
  const double zero = chart.x(0);
  chart.body() << fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" text-anchor=\"start\">P(B &gt; A)</text>\n",
      frame.width - frame.right + 16, frame.top - 14);
  for (std::size_t k = 0; k < difference.series.size(); ++k) {
    const DifferenceBar& bar = difference.series[k];
    const engine::Estimate& d = bar.mean_difference;
    const double middle = chart.y(rows - static_cast<double>(k) - 0.5);
    if (std::isfinite(d.value)) {
      const double x = chart.x(d.value);
      chart.body() << fmt::format(
          "<rect class=\"bar{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"12\">"
          "<title>{}: {} {}</title></rect>\n",
          d.value < 0 ? 3 : 2, std::min(x, zero), middle - 6, std::max(std::abs(x - zero), 1.0),
          escape_markup(bar.series), escape_markup(r.currency), money(d.value));
    }
    if (std::isfinite(d.ci_low) && std::isfinite(d.ci_high))
      chart.body() << fmt::format(
          "<line class=\"whisker\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>\n",
          chart.x(d.ci_low), chart.x(d.ci_high), middle, middle);
    chart.body() << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"start\">{}</text>\n",
        frame.left - 8, middle + 4, escape_markup(bar.series), frame.width - frame.right + 16,
        middle + 4, std::isfinite(bar.b_above_a) ? percent(bar.b_above_a) : "-");
  }
  chart.body() << fmt::format(
      "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"axis\"/>\n", zero,
      frame.top, frame.height - frame.bottom);
  return chart.finish();
}

}  // namespace incomesim::report
