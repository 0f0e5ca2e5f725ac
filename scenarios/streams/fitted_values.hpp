#pragma once
// How the streams' fits (medium_fit.hpp, newsletter_fit.hpp) write an estimate into a scenario
// fragment: its 95% interval and its digits.
#include <cmath>
#include <string>

#include "distributions/estimation.hpp"

namespace incomesim::scenarios {

// A 95% interval: Wilson's for a share of successes in trials, else the normal one through a
// transform (exp for a median from log-scale mu).
struct Interval {
  double low, high;
};
Interval share_interval(double successes, double trials);
Interval normal_interval(const dist::ParameterEstimate& e, double (*transform)(double));
inline double same(double x) { return x; }
inline double exponential(double x) { return std::exp(x); }

// Six significant digits: enough for any fitted value, and a tiny median stays above 0.
std::string fitted_number(double x);
std::string interval_text(const Interval& i);  // "LOW to HIGH"

}  // namespace incomesim::scenarios
