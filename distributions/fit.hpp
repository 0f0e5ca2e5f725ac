#pragma once
// Alternative parametrisations, solved in closed form: a lognormal from quantiles or from a
// median and an exceedance statement; beta and gamma from mean and sd.
#include <string>
#include <vector>

#include "distributions/distribution.hpp"

namespace incomesim::dist {

struct QuantilePoint {
  double probability;              // in (0, 1)
  double value;                    // the value X does not exceed with that probability
  std::string field = "quantile";  // where it was given (median, p90, exceed), for messages
};

// Exactly two points with different probabilities and values ordered like the probabilities.
Distribution lognormal_from_quantiles(QuantilePoint a, QuantilePoint b);
// One point and a known sigma, e.g. (median, sigma).
Distribution lognormal_from_quantile_and_sigma(QuantilePoint point, double sigma);
// P(X > threshold) = probability, with the given median.
Distribution lognormal_from_median_and_exceedance(double median, double threshold,
                                                  double probability);
Distribution beta_from_mean_sd(double mean, double sd);
Distribution gamma_from_mean_sd(double mean, double sd);

}  // namespace incomesim::dist
