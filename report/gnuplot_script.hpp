#pragma once
// The gnuplot script that draws a run's charts (PNG and SVG), and the data files it reads, as
// text. Nothing here runs a program: the shell (tools/plot_command.cpp) writes these into a
// temporary directory, runs gnuplot there and moves the charts into place. Every name that
// came from a file (series, parameters, the scenario) is escaped for gnuplot's string and data
// syntax here.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "report/charts.hpp"
#include "report/results_directory.hpp"

namespace incomesim::report {

// Each chart is drawn in every one of these formats.
inline const std::vector<std::string> kChartFormats{"png", "svg"};

struct GnuplotJob {
  std::string script;
  std::vector<std::pair<std::string, std::string>> data_files;  // file name in `dir`, text
  std::vector<std::string> charts;  // the files the script draws in `dir`: fan.png, fan.svg, ...
};

// The job for `charts` of the run `metadata`, its data and charts in `dir` (a directory of our
// own: its path goes into the script as a quoted string).
GnuplotJob gnuplot_job(const RunCharts& charts, const RunMetadata& metadata,
                       const std::filesystem::path& dir);

// optimise.png (PNG only): an optimisation's plans as frontier_svg draws them (the best, its ties,
// the plans that meet the constraints and those that break one; the frontier and the side-hours
// limit).
GnuplotJob frontier_gnuplot_job(const analysis::Optimisation& optimisation,
                                const std::filesystem::path& dir);

}  // namespace incomesim::report
