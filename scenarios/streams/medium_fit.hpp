#pragma once
// Medium fitted to one's own history: per-article earnings (a lognormal of the articles that
// earned anything, and the share that earned nothing) and the publishing rate, by maximum
// likelihood with intervals, written as a [medium] fragment whose comments give each value's
// source, estimate and 95% interval. The fragment is formatted here rather than through toml++,
// whose writer keeps no comments.
#include <cstddef>
#include <string>
#include <vector>

#include "distributions/estimation.hpp"

namespace incomesim::scenarios {

struct MediumFit {
  std::size_t articles = 0, earning_nothing = 0;
  dist::LognormalFit earnings;         // of the articles that earned more than 0
  dist::ParameterEstimate zero_share;  // the share earning nothing (binomial MLE)
  long first_month = 0, last_month = 0;
  std::string months;  // the span as the history names it: "1 to 6", or "2024-01 to 2024-06"
  dist::ParameterEstimate articles_per_week;  // Poisson over the months the history spans
};

// Each article's earnings to date, published from `first_month` to `last_month`; InputError
// naming `source` with fewer than 10 that earned anything.
MediumFit fit_medium(const std::vector<double>& earnings, long first_month, long last_month,
                     const std::string& source);

std::string medium_fragment(const MediumFit& fit, const std::string& source);

}  // namespace incomesim::scenarios
