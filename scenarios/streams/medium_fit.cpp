#include "scenarios/streams/medium_fit.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/input_error.hpp"
#include "scenarios/streams/fitted_values.hpp"

namespace incomesim::scenarios {
namespace {

constexpr double kMonthsPerWeek = 12.0 / 52;

}  // namespace

MediumFit fit_medium(const std::vector<double>& earnings, long first_month, long last_month,
                     const std::string& source) {
  std::vector<double> positive;
  for (double x : earnings)
    if (x > 0) positive.push_back(x);
  if (positive.size() < 10)
    throw InputError(source, fmt::format("{} Medium articles with earnings above 0; fitting a "
                                         "lognormal needs at least 10",
                                         positive.size()));
  MediumFit fit;
  fit.articles = earnings.size();
  fit.earning_nothing = earnings.size() - positive.size();
  fit.earnings = dist::fit_lognormal(positive);
  fit.zero_share = dist::fit_binomial_proportion(static_cast<double>(fit.earning_nothing),
                                                 static_cast<double>(fit.articles));
  fit.first_month = first_month;
  fit.last_month = last_month;
  fit.months = fmt::format("{} to {}", first_month, last_month);
  // Publishing rate: Poisson articles a month over the months the history spans.
  const double months = static_cast<double>(fit.last_month - fit.first_month + 1);
  const double n = static_cast<double>(fit.articles);
  fit.articles_per_week = {n / months * kMonthsPerWeek, std::sqrt(n) / months * kMonthsPerWeek};
  return fit;
}

std::string medium_fragment(const MediumFit& fit, const std::string& source) {
  const double median = std::exp(fit.earnings.mu.value);
  const std::string median_ci = interval_text(normal_interval(fit.earnings.mu, exponential));
  const std::string lognormal =
      fmt::format("{{ dist = \"lognormal\", median = {}, sigma = {} }}", fitted_number(median),
                  fitted_number(fit.earnings.sigma.value));
  const std::string zero_share =
      fit.earning_nothing > 0
          ? fmt::format(", share earning nothing {} ({})", fitted_number(fit.zero_share.value),
                        interval_text(share_interval(static_cast<double>(fit.earning_nothing),
                                                     static_cast<double>(fit.articles))))
          : "";
  std::string out = "[medium]\n";
  out += fmt::format(
      "# fitted from {}: {} articles, {} earning nothing. Maximum likelihood: median {} (95% CI "
      "{}), sigma {} ({}){}. Lilliefors KS test of the lognormal: D = {}, p {} {}.\n",
      source, fit.articles, fit.earning_nothing, fitted_number(median), median_ci,
      fitted_number(fit.earnings.sigma.value),
      interval_text(normal_interval(fit.earnings.sigma, same)), zero_share,
      fitted_number(fit.earnings.ks_distance), fit.earnings.lilliefors_p >= 0.1 ? ">=" : "=",
      fitted_number(fit.earnings.lilliefors_p));
  if (fit.earning_nothing > 0)
    out += fmt::format(
        "earnings_per_article = {{ dist = \"zero_inflated\", p_zero = {}, base = {} }}\n",
        fitted_number(fit.zero_share.value), lognormal);
  else
    out += fmt::format("earnings_per_article = {}\n", lognormal);
  out += fmt::format(
      "# fitted from {}: {} articles in months {}, {} a week (95% CI {}); its uncertainty "
      "is each trial's draw (gamma with the standard error as its sd)\narticles_per_week = {{ "
      "dist = \"gamma\", mean = {}, sd = {} }}\n",
      source, fit.articles, fit.months, fitted_number(fit.articles_per_week.value),
      interval_text(normal_interval(fit.articles_per_week, same)),
      fitted_number(fit.articles_per_week.value),
      fitted_number(fit.articles_per_week.standard_error));
  out += fmt::format(
      "# fitted from {}: the median's uncertainty carried into every trial, a factor with the "
      "standard error of log(median), {}, as its sigma (the history is the writer's own, so no "
      "other skill factor)\nskill = {{ dist = \"lognormal\", median = 1, sigma = {} }}\n",
      source, fitted_number(fit.earnings.mu.standard_error),
      fitted_number(fit.earnings.mu.standard_error));
  return out;
}

}  // namespace incomesim::scenarios
