#pragma once
// Where a chart's axis starts and where its ticks go, shared by the SVG charts of the pages and
// the gnuplot charts, so that a PNG and the page's chart of the same data read alike.
#include <vector>

namespace incomesim::report {

// Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten, about
// `wanted` of them.
std::vector<double> ticks(double low, double high, int wanted = 5);

// Where an income axis starts: at 0 unless the values sit high above it; then at a round value
// below the lowest, so that a band fills the chart (a caption says so).
double axis_start(double low, double high);

}  // namespace incomesim::report
