// `incomesim plot RESULTS_DIR`: charts of a run's CSV files through gnuplot, as PNG and SVG.
// The tool prepares plain data files and a gnuplot script in a temporary directory, runs
// gnuplot, and renames the charts into place only when every one was drawn.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include "core/input_error.hpp"
#include "core/plain_text.hpp"
#include "engine/atomic_file.hpp"
#include "engine/csv.hpp"
#include "tools/commands.hpp"
#include "tools/results_table.hpp"

extern char** environ;

namespace incomesim::tools {
namespace {

namespace fs = std::filesystem;
using Table = CsvRows;

std::size_t column(const Table& table, const std::string& name, const fs::path& path) {
  return column_index(table, name, path);
}

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

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (fs::temp_directory_path() / "incomesim-plot-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw engine::OutputError("cannot create a temporary directory for the charts");
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs gnuplot on a script; its messages go to a log that is reported on failure.
void run_gnuplot(const fs::path& script, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  const std::string program = "gnuplot", path = script.string();
  char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(path.c_str()), nullptr};
  pid_t pid;
  const int spawned = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    throw engine::OutputError(
        "gnuplot was not found; install it (Debian: apt-get install "
        "gnuplot-nox) to draw charts; the CSV files are complete without "
        "it");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream messages(log);
    std::ostringstream text;
    text << messages.rdbuf();
    throw engine::OutputError("gnuplot failed: " + text.str());
  }
}

// The script's terminal settings for each format; every chart is drawn in both.
const std::vector<std::pair<std::string, std::string>> kFormats = {
    // noenhanced: names such as layoff_hazard are text, not subscripts.
    {"png", "set terminal pngcairo noenhanced size {w},{h} font 'Sans,10'"},
    {"svg", "set terminal svg noenhanced size {w},{h} dynamic font 'Sans,10'"}};

std::string terminal(const std::string& format, int width, int height) {
  for (const auto& [name, line] : kFormats)
    if (name == format)
      return fmt::format(fmt::runtime(line), fmt::arg("w", width), fmt::arg("h", height));
  return "";
}

// The gnuplot script being written, the charts it draws (base names) and where its data goes.
struct GnuplotCharts {
  fs::path temp_dir;
  std::string subtitle;  // "scenario, N trials"
  std::ostringstream script;
  std::vector<std::string> names;
};

// Fan chart: one panel per series, the total first.
void add_fan_chart(const ResultsDirectory& results, GnuplotCharts& chart) {
  const fs::path dir = results.path();
  const RunMetadata& meta = results.metadata();
  const fs::path path = dir / "bands.csv";
  const Table& bands = results.read("bands.csv");
  const std::size_t c_stream = column(bands, "series", path),
                    c_month = column(bands, "month", path);
  std::vector<std::size_t> c_p;
  for (const char* name : {"p5", "p25", "p50", "p75", "p95"})
    c_p.push_back(column(bands, name, path));
  std::vector<std::string> series;
  std::map<std::string, std::ofstream> files;
  for (std::size_t r = 1; r < bands.size(); ++r) {
    const std::string& stream = bands[r][c_stream];
    if (!files.count(stream)) {
      // Named by position, not by the series' name: a name read from a file never becomes
      // part of a path.
      files[stream].open(chart.temp_dir / fmt::format("band-{}.dat", series.size()));
      series.push_back(stream);
    }
    files[stream] << bands[r][c_month];
    for (std::size_t c : c_p) files[stream] << ' ' << bands[r][c];
    files[stream] << '\n';
  }
  for (auto& [name, file] : files) file.close();
  // Panels: the total first (ResultsDirectory requires it), then the streams in file order;
  // series[k]'s data is band-k.dat.
  std::vector<std::size_t> panels(series.size());
  std::iota(panels.begin(), panels.end(), std::size_t{0});
  const auto total = std::find(series.begin(), series.end(), "total") - series.begin();
  std::rotate(panels.begin(), panels.begin() + total, panels.begin() + total + 1);
  const int horizon = meta.horizon_months;
  const int columns = series.size() > 1 ? 2 : 1;
  const int rows = static_cast<int>((series.size() + columns - 1) / columns);
  chart.names.push_back("fan");
  for (const auto& [format, ignored] : kFormats) {
    chart.script << terminal(format, 1100, 330 * rows) << "\nset output "
                 << quote((chart.temp_dir / ("fan." + format)).string()) << "\n";
    chart.script << "set multiplot layout " << rows << "," << columns << " title "
                 << quote(fmt::format("Monthly income ({}): median (line), middle 50% (dark) and "
                                      "middle 90% (light) of futures - {}",
                                      meta.currency, chart.subtitle))
                 << "\n";
    for (const std::size_t k : panels) {
      const std::string data = quote((chart.temp_dir / fmt::format("band-{}.dat", k)).string());
      // No key: the title says what the shades are, and a key would cover the bands.
      chart.script
          << "set key off\nset title " << quote(series[k]) << "\nset xlabel 'month'\nset ylabel "
          << quote(fmt::format("income per month ({})", meta.currency)) << "\n"
          << "set xrange [1:" << horizon << "]\n"
          << "plot " << data << " using 1:2:6 with filledcurves fs solid 1.0 lc rgb '#c6dbef' "
          << "title '5-95% of futures', " << data
          << " using 1:3:5 with filledcurves fs solid 1.0 lc rgb '#6baed6' title '25-75%', " << data
          << " using 1:4 with lines lw 2 lc rgb '#08306b' title 'median'\n";
    }
    chart.script << "unset multiplot\nunset title\nset key top left\nset xrange [*:*]\n";
  }
}

// Exceedance curve of the total over the horizon.
void add_exceedance_chart(const ResultsDirectory& results, GnuplotCharts& chart) {
  const fs::path dir = results.path();
  const RunMetadata& meta = results.metadata();
  const fs::path path = dir / "exceedance.csv";
  const Table& curve = results.read("exceedance.csv");
  const std::size_t c_stream = column(curve, "series", path), c_x = column(curve, "income", path),
                    c_p = column(curve, "p_exceed", path);
  std::ofstream data(chart.temp_dir / "exceedance.dat");
  for (std::size_t r = 1; r < curve.size(); ++r)
    if (curve[r][c_stream] == "total") data << curve[r][c_x] << ' ' << curve[r][c_p] << '\n';
  data.close();
  chart.names.push_back("exceedance");
  for (const auto& [format, ignored] : kFormats)
    chart.script << terminal(format, 800, 500) << "\nset output "
                 << quote((chart.temp_dir / ("exceedance." + format)).string()) << "\n"
                 << "set title "
                 << quote("P(total income over the horizon > x) - " + chart.subtitle) << "\n"
                 << "set xlabel "
                 << quote(fmt::format("total income over the horizon ({})", meta.currency))
                 << "\nset ylabel 'probability of exceeding'\nset yrange [0:1]\nset key off\n"
                 << "plot " << quote((chart.temp_dir / "exceedance.dat").string())
                 << " using 1:2 with lines lw 2 lc rgb '#1b2a49' title 'total'\nset yrange "
                    "[*:*]\nset key top left\n";
}

// Stream risk: share of mean, of variance and of the shortfall, per stream.
void add_risk_chart(const ResultsDirectory& results, GnuplotCharts& chart) {
  const fs::path dir = results.path();
  const Table* risk_rows = results.read_if_present("risk.csv");
  if (!risk_rows) return;
  const fs::path path = dir / "risk.csv";
  const Table& risk = *risk_rows;
  const std::size_t c_stream = column(risk, "series", path),
                    c_metric = column(risk, "metric", path), c_value = column(risk, "value", path);
  std::vector<std::string> streams;
  std::map<std::string, std::map<std::string, std::string>> values;
  for (std::size_t r = 1; r < risk.size(); ++r) {
    const auto& stream = risk[r][c_stream];
    if (stream == "total") continue;
    if (!values.count(stream)) streams.push_back(stream);
    values[stream][risk[r][c_metric]] = risk[r][c_value].empty() ? "0" : risk[r][c_value];
  }
  std::ofstream data(chart.temp_dir / "risk.dat");
  for (const auto& stream : streams)
    data << data_label(stream) << ' ' << values[stream]["share_of_mean"] << ' '
         << values[stream]["share_of_variance"] << ' ' << values[stream]["share_of_shortfall"]
         << '\n';
  data.close();
  chart.names.push_back("risk");
  for (const auto& [format, ignored] : kFormats)
    chart.script << terminal(format, 800, 500) << "\nset output "
                 << quote((chart.temp_dir / ("risk." + format)).string()) << "\n"
                 << "set title " << quote("Which stream carries the risk - " + chart.subtitle)
                 << "\n"
                 << "set style data histograms\nset style histogram clustered gap 1\n"
                 << "set style fill solid 0.8 border -1\nset xlabel 'stream'\n"
                 << "set ylabel 'share of the total'\nset key top right\nset yrange [*:*]\n"
                 << "plot " << quote((chart.temp_dir / "risk.dat").string())
                 << " using 2:xtic(1) title 'share of mean', '' using 3 title 'share of variance', "
                    "'' using 4 title 'share of worst 5%'\n"
                 << "set style data lines\nset style fill transparent solid 0.35 noborder\n";
}

// Tornado from `incomesim sensitivity`, for its first metric: the 15 largest effects.
void add_tornado_chart(const ResultsDirectory& results, GnuplotCharts& chart) {
  const fs::path dir = results.path();
  const RunMetadata& meta = results.metadata();
  const Table* tornado_rows = results.read_if_present("tornado.csv");
  if (!tornado_rows) return;
  const fs::path path = dir / "tornado.csv";
  const Table& tornado = *tornado_rows;
  const std::size_t c_name = column(tornado, "parameter", path),
                    c_metric = column(tornado, "metric", path),
                    c_base = column(tornado, "result_base", path),
                    c_low = column(tornado, "result_low", path),
                    c_high = column(tornado, "result_high", path),
                    c_rank = column(tornado, "rank", path);
  const std::string metric = tornado.size() > 1 ? tornado[1][c_metric] : "";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 1; r < tornado.size(); ++r)
    // Ranks and results are validated: a rank is a whole number or empty.
    if (tornado[r][c_metric] == metric && !tornado[r][c_rank].empty() &&
        tornado[r][c_rank].size() <= 2 && std::stoi(tornado[r][c_rank]) <= 15 &&
        !tornado[r][c_base].empty() && !tornado[r][c_low].empty() && !tornado[r][c_high].empty())
      rows.push_back(tornado[r]);
  std::ofstream data(chart.temp_dir / "tornado.dat");
  // Largest effect at the top: gnuplot's y grows upwards, so the first row goes highest.
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const double base = std::stod(rows[k][c_base]);
    const double low = std::stod(rows[k][c_low]) - base, high = std::stod(rows[k][c_high]) - base;
    data << rows.size() - k << ' ' << std::min(low, high) << ' ' << std::max(low, high) << ' '
         << low << ' ' << high << ' ' << data_label(rows[k][c_name]) << '\n';
  }
  data.close();
  chart.names.push_back("tornado");
  for (const auto& [format, ignored] : kFormats)
    chart.script << terminal(format, 900, 160 + 28 * static_cast<int>(rows.size()))
                 << "\nset output " << quote((chart.temp_dir / ("tornado." + format)).string())
                 << "\n"
                 << "set title "
                 << quote(fmt::format("Sensitivity of {} to each parameter, low and "
                                      "high - {}",
                                      metric, meta.scenario))
                 << "\nset xlabel "
                 << quote(fmt::format("change from the base ({})", meta.currency))
                 << "\nset ylabel ''\nset key outside bottom center horizontal\nset bmargin 6\n"
                 << "set style fill solid 0.8 border -1\n"
                 << "set yrange [0.3:" << rows.size() + 0.7 << "]\n"
                 << "plot " << quote((chart.temp_dir / "tornado.dat").string())
                 << " using 4:1:(0):4:($1-0.35):($1+0.35):ytic(6) with boxxyerror lc rgb '#c44e52' "
                    "title 'parameter low', '' using 5:1:(0):5:($1-0.35):($1+0.35) with boxxyerror "
                    "lc rgb '#55a868' title 'parameter high'\nset yrange [*:*]\nset key top left\n"
                    "unset bmargin\n";
}

// Sobol indices from `incomesim sobol`: first order and total effect with their intervals,
// one bar pair per input, parameters then groups as in the file.
void add_sobol_chart(const ResultsDirectory& results, GnuplotCharts& chart) {
  const fs::path dir = results.path();
  const RunMetadata& meta = results.metadata();
  const Table* sobol_rows = results.read_if_present("sobol.csv");
  if (!sobol_rows) return;
  const fs::path path = dir / "sobol.csv";
  const Table& sobol = *sobol_rows;
  const std::size_t c_output = column(sobol, "output", path),
                    c_input = column(sobol, "input", path);
  std::vector<std::size_t> c_values;
  for (const char* name : {"first_order", "first_order_ci_low", "first_order_ci_high",
                           "total_effect", "total_effect_ci_low", "total_effect_ci_high"})
    c_values.push_back(column(sobol, name, path));
  std::ofstream data(chart.temp_dir / "sobol.dat");
  for (std::size_t r = 1; r < sobol.size(); ++r) {
    data << data_label(sobol[r][c_input]);
    for (std::size_t c : c_values) data << ' ' << sobol[r][c];
    data << '\n';
  }
  data.close();
  const std::string output = sobol.size() > 1 ? sobol[1][c_output] : "";
  chart.names.push_back("sobol");
  for (const auto& [format, ignored] : kFormats)
    chart.script << terminal(format, std::max(700, 90 * static_cast<int>(sobol.size())), 520)
                 << "\nset output " << quote((chart.temp_dir / ("sobol." + format)).string())
                 << "\n"
                 << "set title "
                 << quote(fmt::format("Share of the variance of {} by input (Sobol indices, 95% "
                                      "intervals) - {}",
                                      output, meta.scenario))
                 << "\nset ylabel 'share of the variance'\nset xlabel ''\nset yrange [0:1.05]\n"
                 << "set xtics rotate by -35\nset bmargin 9\nset key top right\n"
                 << "set style data histograms\nset style histogram errorbars gap 1 lw 1\n"
                 << "set style fill solid 0.8 border -1\n"
                 << "plot " << quote((chart.temp_dir / "sobol.dat").string())
                 << " using 2:3:4:xtic(1) title 'first order' lc rgb '#4c72b0', '' using 5:6:7 "
                    "title 'total effect' lc rgb '#dd8452'\n"
                 << "set style data lines\nset style fill transparent solid 0.35 noborder\n"
                    "set yrange [*:*]\nset xtics norotate\nunset bmargin\nset key top left\n";
}

}  // namespace

int plot_command(const std::string& results_dir, bool quiet) {
  // Every file is validated before anything is drawn: names become gnuplot strings.
  const ResultsDirectory results(results_dir);
  const fs::path dir = results.path();
  const RunMetadata& meta = results.metadata();
  const TemporaryDirectory temp;
  GnuplotCharts chart{
      temp.path(), fmt::format("{}, {} trials", meta.scenario, meta.trials), {}, {}};
  chart.script << "set datafile separator whitespace\nset grid\nset key top left\n"
                  "set style fill transparent solid 0.35 noborder\n";

  add_fan_chart(results, chart);
  add_exceedance_chart(results, chart);
  add_risk_chart(results, chart);  // where each file is present
  add_tornado_chart(results, chart);
  add_sobol_chart(results, chart);

  const fs::path script_path = temp.path() / "charts.gp";
  std::ofstream(script_path) << chart.script.str();
  run_gnuplot(script_path, temp.path() / "gnuplot.log");

  // Every chart drawn: into place together, as a run's CSV files are (engine/atomic_file.hpp).
  std::vector<std::pair<fs::path, std::string>> outputs;
  std::vector<std::string> written;
  for (const auto& name : chart.names)
    for (const auto& [format, ignored] : kFormats) {
      const std::string file = name + "." + format;
      std::ifstream drawn(temp.path() / file, std::ios::binary);
      std::ostringstream bytes;
      bytes << drawn.rdbuf();
      if (!drawn) throw engine::OutputError(fmt::format("gnuplot did not draw {}", file));
      outputs.push_back({dir / file, bytes.str()});
      written.push_back(file);
    }
  engine::write_files_atomically(outputs);
  if (!quiet) {
    fmt::print("Charts in {}:", dir.string());
    for (const auto& name : written) fmt::print(" {}", name);
    fmt::print("\n");
  }
  return kSuccess;
}

}  // namespace incomesim::tools
