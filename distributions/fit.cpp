#include "distributions/fit.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "core/number_format.hpp"

namespace incomesim::dist {
namespace {

double standard_normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

void check_point(const QuantilePoint& point) {
  if (!(point.probability > 0 && point.probability < 1))
    throw InvalidParameter(point.field, fmt::format("probability {} is out of range; allowed: "
                                                    "strictly between 0 and 1",
                                                    format_number(point.probability)));
  if (!std::isfinite(point.value) || !(point.value > 0))
    throw InvalidParameter(point.field, fmt::format("{} = {} is out of range; a lognormal's "
                                                    "quantiles must be finite and > 0",
                                                    point.field, format_number(point.value)));
}

}  // namespace

Distribution lognormal_from_quantiles(QuantilePoint a, QuantilePoint b) {
  check_point(a);
  check_point(b);
  if (a.probability > b.probability) std::swap(a, b);
  if (a.probability == b.probability)
    throw InvalidParameter(b.field,
                           "the two quantiles have the same probability; give two "
                           "different ones (e.g. p50 and p90)");
  if (!(b.value > a.value))
    throw InvalidParameter(
        b.field, fmt::format("{} = {} (the quantile at {}) must be above {} = {} (the quantile "
                             "at {})",
                             b.field, format_number(b.value), format_number(b.probability), a.field,
                             format_number(a.value), format_number(a.probability)));
  const double za = standard_normal_quantile(a.probability);
  const double zb = standard_normal_quantile(b.probability);
  const double sigma = (std::log(b.value) - std::log(a.value)) / (zb - za);
  return lognormal(std::log(a.value) - sigma * za, sigma);
}

Distribution lognormal_from_quantile_and_sigma(QuantilePoint point, double sigma) {
  check_point(point);
  if (!std::isfinite(sigma) || !(sigma > 0))
    throw InvalidParameter("sigma", fmt::format("sigma = {} is out of range; allowed: sigma > 0",
                                                format_number(sigma)));
  return lognormal(std::log(point.value) - sigma * standard_normal_quantile(point.probability),
                   sigma);
}

Distribution lognormal_from_median_and_exceedance(double median, double threshold,
                                                  double probability) {
  if (!(probability > 0 && probability < 1))
    throw InvalidParameter("exceed", fmt::format("exceedance probability {} is out of range; "
                                                 "allowed: strictly between 0 and 1",
                                                 format_number(probability)));
  return lognormal_from_quantiles({0.5, median, "median"}, {1 - probability, threshold, "exceed"});
}

Distribution beta_from_mean_sd(double mean, double sd) {
  if (!(mean > 0 && mean < 1))
    throw InvalidParameter("mean", fmt::format("mean = {} is out of range; a beta's mean must be "
                                               "strictly between 0 and 1",
                                               format_number(mean)));
  const double max_sd = std::sqrt(mean * (1 - mean));
  if (!(sd > 0 && sd < max_sd))
    throw InvalidParameter(
        "sd", fmt::format("sd = {} is out of range; with mean {} a beta's sd "
                          "must be in (0, {})",
                          format_number(sd), format_number(mean), format_number(max_sd)));
  const double concentration = mean * (1 - mean) / (sd * sd) - 1;
  return beta(mean * concentration, (1 - mean) * concentration);
}

Distribution gamma_from_mean_sd(double mean, double sd) {
  if (!std::isfinite(mean) || !(mean > 0))
    throw InvalidParameter("mean", fmt::format("mean = {} is out of range; a gamma's mean must "
                                               "be > 0",
                                               format_number(mean)));
  if (!std::isfinite(sd) || !(sd > 0))
    throw InvalidParameter(
        "sd", fmt::format("sd = {} is out of range; allowed: sd > 0", format_number(sd)));
  return gamma(mean * mean / (sd * sd), sd * sd / mean);
}

}  // namespace incomesim::dist
