#include "report/gnuplot_script.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <utility>

#include "core/plain_text.hpp"
#include "engine/csv.hpp"
#include "report/axis_ticks.hpp"
#include "report/console_tables.hpp"

namespace incomesim::report {
namespace {

namespace fs = std::filesystem;

// A gnuplot string constant. Inside single quotes gnuplot substitutes neither backquoted
// commands nor @macros and reads no backslash escapes; a quote is doubled. A line break would end
// the command and start another, so every control character becomes '?' (names are plain text
// when loaded and when read back, so this is a second line of defence).
std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : one_line(text)) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// A label in a data file, between double quotes: gnuplot's data reader ends it at the next
// double quote and the line at a line break, so both become '?'.
std::string data_label(const std::string& text) {
  std::string out = "\"";
  for (char c : one_line(text)) out += c == '"' ? '?' : c;
  return out + "\"";
}

// A number in a data file as the CSV files write it (shortest round trip); NaN, which gnuplot
// reads as missing, where there is none.
std::string data_number(double value) {
  return std::isfinite(value) ? engine::CsvWriter::number(value) : "NaN";
}

// An amount axis from `low` to `high` with ticks where the page's charts put them, labelled with
// thousands separators ("150,000"): gnuplot's own "%'g" would need a locale the machine may lack.
std::string amount_axis(char axis, double low, double high, int wanted = 5) {
  if (!(high > low)) high = low + 1;
  std::string tics;
  for (double t : ticks(low, high, wanted))
    tics += (tics.empty() ? "" : ", ") + quote(money(t)) + ' ' + data_number(t);
  return fmt::format("set {0}range [{1}:{2}]\nset {0}tics ({3})\n", axis, data_number(low),
                     data_number(high), tics);
}
// Back to gnuplot's own range and ticks, for the next chart.
std::string automatic_axis(char axis) {
  return fmt::format("set {0}range [*:*]\nset {0}tics autofreq\n", axis);
}

// The lowest and highest of `values` (0 and 1 when there are none).
template <typename Range, typename Values>
std::pair<double, double> extent(const Range& range, Values values) {
  double low = INFINITY, high = -INFINITY;
  for (const auto& item : range)
    for (double v : values(item))
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
  return std::isfinite(low) ? std::pair{low, high} : std::pair{0.0, 1.0};
}

std::string terminal(const std::string& format, int width, int height) {
  // noenhanced: names such as layoff_hazard are text, not subscripts.
  return format == "png"
             ? fmt::format("set terminal pngcairo noenhanced size {},{} font 'Sans,10'", width,
                           height)
             : fmt::format("set terminal svg noenhanced size {},{} dynamic font 'Sans,10'", width,
                           height);
}

// The job being written: the script, its data files, the charts, and where they all go.
class JobWriter {
 public:
  JobWriter(const RunMetadata& metadata, fs::path dir)
      : meta_(metadata),
        dir_(std::move(dir)),
        subtitle_(fmt::format("{}, {} trials", metadata.scenario,
                              money(static_cast<double>(metadata.trials)))) {
    script_ << "set datafile separator whitespace\nset grid\nset key top left\n"
               "set style fill transparent solid 0.35 noborder\n";
  }
  const RunMetadata& meta() const { return meta_; }
  const std::string& subtitle() const { return subtitle_; }
  std::ostringstream& script() { return script_; }
  // A data file's path in the script, its text recorded for the job.
  std::string data(const std::string& name, std::string text) {
    job_.data_files.push_back({name, std::move(text)});
    return quote((dir_ / name).string());
  }
  // Starts chart `name` in `format`: terminal and output.
  void output(const std::string& name, const std::string& format, int width, int height) {
    const std::string file = name + "." + format;
    job_.charts.push_back(file);
    script_ << terminal(format, width, height) << "\nset output " << quote((dir_ / file).string())
            << "\n";
  }
  GnuplotJob finish() {
    job_.script = script_.str();
    return std::move(job_);
  }

 private:
  const RunMetadata& meta_;
  fs::path dir_;
  std::string subtitle_;  // "scenario, N trials"
  std::ostringstream script_;
  GnuplotJob job_;
};

// Fan chart: one panel per series, the total first.
void add_fan_chart(const FanChart& fan, JobWriter& job) {
  std::vector<std::string> data;
  for (std::size_t k = 0; k < fan.panels.size(); ++k) {
    std::string text;
    for (const BandMonth& m : fan.panels[k].months)
      text += fmt::format("{} {} {} {} {} {}\n", m.month, data_number(m.p5), data_number(m.p25),
                          data_number(m.p50), data_number(m.p75), data_number(m.p95));
    // Named by position, not by the series' name: a name read from a file never becomes part
    // of a path.
    data.push_back(job.data(fmt::format("band-{}.dat", k), std::move(text)));
  }
  const int columns = fan.panels.size() > 1 ? 2 : 1;
  const int rows = static_cast<int>((fan.panels.size() + columns - 1) / columns);
  for (const auto& format : kChartFormats) {
    job.output("fan", format, 1100, 330 * rows);
    job.script() << "set multiplot layout " << rows << "," << columns << " title "
                 << quote(fmt::format("Monthly income ({}): median (line), middle 50% (dark) and "
                                      "middle 90% (light) of futures - {}",
                                      job.meta().currency, job.subtitle()))
                 << "\n";
    for (std::size_t k = 0; k < fan.panels.size(); ++k) {
      const auto [low, high] = extent(fan.panels[k].months, [](const BandMonth& m) {
        return std::array{m.p5, m.p95};
      });
      // No key: the title says what the shades are, and a key would cover the bands.
      job.script() << "set key off\nset title " << quote(fan.panels[k].series)
                   << "\nset xlabel 'month'\nset ylabel "
                   << quote(fmt::format("income per month ({})", job.meta().currency)) << "\n"
                   << "set xrange [1:" << job.meta().horizon_months << "]\n"
                   << amount_axis('y', std::min(low, 0.0), std::max(high, 1.0) * 1.05) << "plot "
                   << data[k] << " using 1:2:6 with filledcurves fs solid 1.0 lc rgb '#c6dbef' "
                   << "title '5-95% of futures', " << data[k]
                   << " using 1:3:5 with filledcurves fs solid 1.0 lc rgb '#6baed6' title "
                      "'25-75%', "
                   << data[k] << " using 1:4 with lines lw 2 lc rgb '#08306b' title 'median'\n";
    }
    job.script() << "unset multiplot\nunset title\nset key top left\nset xrange [*:*]\n"
                 << automatic_axis('y');
  }
}

// Exceedance curve of the total over the horizon.
void add_exceedance_chart(const ExceedanceChart& curve, JobWriter& job) {
  std::string text;
  for (const auto& point : curve.total)
    text += data_number(point.income) + ' ' + data_number(point.p_exceed) + '\n';
  const std::string data = job.data("exceedance.dat", std::move(text));
  // Each marked percentile: a dashed line up to the curve, and its name and amount.
  std::string markers;
  for (const ExceedanceMarker& m : curve.markers)
    markers += fmt::format(
        "set arrow from {0},0 to {0},{1} nohead dt 2 lc rgb '#4c72b0'\n"
        "set label {2} at {0},{1} offset 0.5,0.5\n",
        data_number(m.income), data_number(100 * m.p_exceed),
        quote(fmt::format("{} {}", m.name, money(m.income))));
  const auto [low, high] =
      extent(curve.total, [](const ExceedancePoint& p) { return std::array{p.income}; });
  for (const auto& format : kChartFormats) {
    job.output("exceedance", format, 800, 500);
    job.script() << "set title "
                 << quote("P(total income over the horizon > x) - " + job.subtitle()) << "\n"
                 << "set xlabel "
                 << quote(fmt::format("total income over the horizon ({})", job.meta().currency))
                 << "\nset ylabel 'chance of exceeding'\nset yrange [0:100]\nset format y '%g%%'\n"
                    "set key off\n"
                 << amount_axis('x', std::min(low, 0.0), std::max(high, 1.0), 6) << markers
                 << "plot " << data
                 << " using 1:($2*100) with lines lw 2 lc rgb '#1b2a49' title 'total'\nset format "
                    "y\nset yrange "
                    "[*:*]\nset key top left\nunset arrow\nunset label\n"
                 << automatic_axis('x');
  }
}

// Stream risk: share of mean, of variance and of the shortfall, per stream.
void add_risk_chart(const RiskChart& risk, JobWriter& job) {
  std::string text;
  for (const RiskBar& bar : risk.streams) {
    text += data_label(bar.stream);
    for (const RiskShare& share : kRiskShares) text += ' ' + data_number(bar.*share.value);
    text += '\n';
  }
  const std::string data = job.data("risk.dat", std::move(text));
  for (const auto& format : kChartFormats) {
    job.output("risk", format, 800, 500);
    job.script() << "set title " << quote("Which stream carries the risk - " + job.subtitle())
                 << "\n"
                 << "set style data histograms\nset style histogram clustered gap 1\n"
                 << "set style fill solid 0.8 border -1\nset xlabel 'stream'\n"
                 << "set ylabel 'share of the total'\nset format y '%g%%'\nset key top right\n"
                    "set yrange [*:*]\n"
                 << "plot " << data;
    for (std::size_t k = 0; k < std::size(kRiskShares); ++k)
      // Shares as percentages, as the page shows them.
      job.script() << (k == 0 ? " using ($2*100):xtic(1)"
                              : fmt::format(", '' using (${}*100)", k + 2))
                   << " title " << quote(kRiskShares[k].legend);
    job.script()
        << "\n"
        << "set format y\nset style data lines\nset style fill transparent solid 0.35 noborder\n";
  }
}

// Tornado from `incomesim sensitivity`: low and high as bars from the base value.
void add_tornado_chart(const TornadoChart& tornado, JobWriter& job) {
  std::ostringstream text;  // changes in ostream's default form, as the chart always had them
  // Largest effect at the top: gnuplot's y grows upwards, so the first bar goes highest.
  const std::size_t count = tornado.bars.size();
  for (std::size_t k = 0; k < count; ++k) {
    const TornadoBar& bar = tornado.bars[k];
    text << count - k << ' ' << std::min(bar.low_change, bar.high_change) << ' '
         << std::max(bar.low_change, bar.high_change) << ' ' << bar.low_change << ' '
         << bar.high_change << ' ' << data_label(bar.parameter) << '\n';
  }
  const std::string data = job.data("tornado.dat", text.str());
  const auto [low, high] = extent(tornado.bars, [](const TornadoBar& bar) {
    return std::array{bar.low_change, bar.high_change, 0.0};
  });
  const double margin = 0.05 * (high - low);
  for (const auto& format : kChartFormats) {
    job.output("tornado", format, 900, 160 + 28 * static_cast<int>(count));
    job.script() << "set title "
                 << quote(fmt::format("Sensitivity of {} to each parameter, low and high - {}",
                                      tornado.metric, job.meta().scenario))
                 << "\nset xlabel "
                 << quote(fmt::format("change from the base ({})", job.meta().currency))
                 << "\nset ylabel ''\nset key outside bottom center horizontal\nset bmargin 6\n"
                 << "set style fill solid 0.8 border -1\n"
                 << "set yrange [0.3:" << count + 0.7 << "]\n"
                 << amount_axis('x', low - margin, high + margin) << "plot " << data
                 << " using 4:1:(0):4:($1-0.35):($1+0.35):ytic(6) with boxxyerror lc rgb '#c44e52' "
                    "title 'parameter low', '' using 5:1:(0):5:($1-0.35):($1+0.35) with boxxyerror "
                    "lc rgb '#55a868' title 'parameter high'\nset yrange [*:*]\nset key top left\n"
                    "unset bmargin\n"
                 << automatic_axis('x');
  }
}

// Sobol indices from `incomesim sobol`: first order and total effect with their intervals,
// one bar pair per input, parameters then groups as in the file.
void add_sobol_chart(const SobolChart& sobol, JobWriter& job) {
  std::string text;
  for (const SobolBar& bar : sobol.inputs) {
    text += data_label(bar.input);
    for (double v : {bar.first_order, bar.first_order_low, bar.first_order_high, bar.total_effect,
                     bar.total_effect_low, bar.total_effect_high})
      text += ' ' + data_number(v);
    text += '\n';
  }
  const std::string data = job.data("sobol.dat", std::move(text));
  const int width = std::max(700, 90 * static_cast<int>(sobol.inputs.size() + 1));
  for (const auto& format : kChartFormats) {
    job.output("sobol", format, width, 520);
    job.script() << "set title "
                 << quote(fmt::format("Share of the variance of {} by input (Sobol indices, 95% "
                                      "intervals) - {}",
                                      sobol.output, job.meta().scenario))
                 << "\nset ylabel 'share of the variance'\nset xlabel ''\nset yrange [0:1.05]\n"
                 << "set xtics rotate by -35\nset bmargin 9\nset key top right\n"
                 << "set style data histograms\nset style histogram errorbars gap 1 lw 1\n"
                 << "set style fill solid 0.8 border -1\n"
                 << "plot " << data
                 << " using 2:3:4:xtic(1) title 'first order' lc rgb '#4c72b0', '' using 5:6:7 "
                    "title 'total effect' lc rgb '#dd8452'\n"
                 << "set style data lines\nset style fill transparent solid 0.35 noborder\n"
                    "set yrange [*:*]\nset xtics norotate\nunset bmargin\nset key top left\n";
  }
}

// A share axis in percent, or an amount axis, from `low` to `high`.
std::string value_axis(char axis, bool share, double low, double high) {
  if (share)
    return fmt::format("set {0}range [{1}:{2}]\nset format {0} '%g%%'\n", axis,
                       data_number(100 * low), data_number(100 * high));
  return amount_axis(axis, low, high);
}

}  // namespace

GnuplotJob frontier_gnuplot_job(const analysis::Optimisation& optimisation,
                                const std::filesystem::path& dir) {
  const FrontierChart chart = frontier_chart(optimisation);
  RunMetadata run;
  run.scenario = optimisation.scenario;
  run.currency = optimisation.currency;
  run.trials = optimisation.trials;
  run.seed = optimisation.seed;
  run.horizon_months = optimisation.horizon_months;
  JobWriter job(run, dir);
  // x, y, its interval, the kind (0 breaks a constraint, 1 meets them, 2 ties, 3 the best);
  // shares in percent, as the axes show them.
  const double x_scale = chart.x_share ? 100 : 1, y_scale = chart.y_share ? 100 : 1;
  std::string plans, line;
  std::vector<std::pair<double, double>> frontier;
  for (const FrontierPoint& p : chart.points) {
    plans += fmt::format("{} {} {} {} {}\n", data_number(x_scale * p.x),
                         data_number(y_scale * p.y.value), data_number(y_scale * p.y.ci_low),
                         data_number(y_scale * p.y.ci_high),
                         p.best        ? 3
                         : p.ties_best ? 2
                         : p.feasible  ? 1
                                       : 0);
    if (chart.frontier && p.on_frontier) frontier.push_back({p.x, p.y.value});
  }
  std::sort(frontier.begin(), frontier.end());
  for (const auto& [x, y] : frontier)
    line += data_number(x_scale * x) + ' ' + data_number(y_scale * y) + '\n';
  const std::string data = job.data("plans.dat", std::move(plans));
  const std::string frontier_data = job.data("frontier.dat", std::move(line));
  auto [low, high] = extent(chart.points, [](const FrontierPoint& p) {
    return std::array{p.y.value, p.y.ci_low, p.y.ci_high};
  });
  auto [first, last] = extent(chart.points, [](const FrontierPoint& p) { return std::array{p.x}; });
  if (chart.hours_limit)
    first = std::min(first, *chart.hours_limit), last = std::max(last, *chart.hours_limit);
  const double y_pad = std::max((high - low) * 0.05, chart.y_share ? 0.001 : 1.0);
  const double x_pad = std::max((last - first) * 0.05, chart.x_share ? 0.001 : 0.5);
  const std::string unit = " (" + run.currency + ")";
  // PNG only: optimise.svg is the page's chart, written by the command whatever it draws.
  for (const std::string format : {"png"}) {
    job.output("optimise", format, 900, 560);
    job.script() << "set title "
                 << quote(fmt::format("{} of each plan against {} - {}", chart.y_label,
                                      chart.x_label, job.subtitle()))
                 << "\nset xlabel "
                 << quote(chart.x_label + (chart.frontier && !chart.x_share ? unit : ""))
                 << "\nset ylabel " << quote(chart.y_label + (chart.y_share ? "" : unit)) << "\n"
                 << value_axis('y', chart.y_share, low - y_pad, high + y_pad)
                 << (chart.frontier
                         ? value_axis('x', chart.x_share, first - x_pad, last + x_pad)
                         : fmt::format("set xrange [{}:{}]\n", data_number(first - x_pad),
                                       data_number(last + x_pad)))
                 << "set key outside bottom center horizontal\nset bmargin 6\n";
    if (chart.hours_limit)
      job.script() << fmt::format(
          "set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 2 lc rgb '#4c72b0'\n",
          data_number(*chart.hours_limit));
    job.script() << "plot " << data
                 << " using 1:($5==0?$2:NaN) with points pt 7 ps 0.8 lc rgb '#8c8c8c' title "
                    "'breaks a constraint', '' using 1:($5==1?$2:NaN) with points pt 7 lc rgb "
                    "'#4c72b0' title 'meets the constraints', '' using 1:($5==2?$2:NaN):3:4 with "
                    "yerrorbars pt 7 lc rgb '#55a868' title 'ties with the best', '' using "
                    "1:($5==3?$2:NaN):3:4 with yerrorbars pt 7 ps 1.5 lc rgb '#c44e52' title "
                    "'the best'";
    if (!frontier.empty())
      job.script() << ", " << frontier_data
                   << " using 1:2 with lines lw 2 lc rgb '#dd8452' title 'the frontier'";
    job.script() << "\nunset arrow\nset format x\nset format y\nunset bmargin\nset key top "
                    "left\n"
                 << automatic_axis('x') << automatic_axis('y');
  }
  return job.finish();
}

GnuplotJob gnuplot_job(const RunCharts& charts, const RunMetadata& metadata,
                       const std::filesystem::path& dir) {
  JobWriter job(metadata, dir);
  add_fan_chart(charts.fan, job);
  add_exceedance_chart(charts.exceedance, job);
  if (charts.risk) add_risk_chart(*charts.risk, job);
  if (charts.tornado) add_tornado_chart(*charts.tornado, job);
  if (charts.sobol) add_sobol_chart(*charts.sobol, job);
  return job.finish();
}

}  // namespace incomesim::report
