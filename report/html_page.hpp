#pragma once
// report.html: one self-contained page from a run's report. The headline figures in words, the
// fan chart, exceedance curve and risk chart as inline SVG, the tables, the scenario's
// parameters with their sources and the run's metadata. No script, no external asset: it opens
// offline and prints. The charts are drawn here rather than by gnuplot so that the page needs
// nothing installed and its markup is known (titles and descriptions for screen readers, sizes
// the browser test checks).
#include <string>

#include "report/charts.hpp"
#include "report/run_report.hpp"

namespace incomesim::report {

std::string html_page(const RunReport& report, const RunCharts& charts);

}  // namespace incomesim::report
