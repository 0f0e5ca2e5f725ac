#include "scenarios/streams/medium_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/streams/fitted_values.hpp"

namespace incomesim::scenarios {
namespace {

constexpr double kMonthsPerWeek = 12.0 / 52;

}  // namespace

double share_paid_out(long payout_months, double half_life_months) {
  // The Medium stream pays an article's pool out at release_rate(h) a month; a months of it.
  return 1 - std::pow(1 - release_rate(half_life_months), static_cast<double>(payout_months));
}

MediumFit fit_medium(const std::vector<MediumArticle>& articles, const PayoutModel& payout,
                     const std::string& source, const MonthName& month_name) {
  MediumFit fit;
  fit.payout = payout;
  fit.first_month = articles.empty() ? 0 : articles.front().month;
  for (const MediumArticle& article : articles) {
    fit.first_month = std::min(fit.first_month, article.month);
    fit.last_month = std::max(fit.last_month, article.month);
  }
  if (fit.last_month > payout.as_of)
    throw InputError(source, fmt::format("an article is published in month {}, after month {} "
                                         "that its earnings are to date; give --as-of the "
                                         "history's last month or later",
                                         fit.last_month, payout.as_of));
  std::vector<double> positive;
  for (const MediumArticle& article : articles) {
    if (article.earnings_to_date <= 0) continue;
    const double scale =
        1 / share_paid_out(payout.as_of - article.month + 1, payout.half_life_months);
    fit.largest_scale = std::max(fit.largest_scale, scale);
    positive.push_back(article.earnings_to_date * scale);
  }
  if (positive.size() < 10)
    throw InputError(source, fmt::format("{} Medium articles with earnings above 0; fitting a "
                                         "lognormal needs at least 10",
                                         positive.size()));
  fit.articles = articles.size();
  fit.earning_nothing = articles.size() - positive.size();
  fit.earnings = dist::fit_lognormal(positive);
  fit.zero_share = dist::fit_binomial_proportion(static_cast<double>(fit.earning_nothing),
                                                 static_cast<double>(fit.articles));
  const MonthName name =
      month_name ? month_name : [](long month) { return fmt::format("{}", month); };
  fit.months = name(fit.first_month) + " to " + name(fit.last_month);
  fit.as_of = name(payout.as_of);
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
      "# fitted from {}: {} articles, {} earning nothing, each article's earnings to date (month "
      "{}) divided by the share of its lifetime earnings paid by then under the payout model "
      "below, 1 - 0.5^(months paid / {}) (the youngest article's by {}, so x{}). Maximum "
      "likelihood of the lifetime earnings: median {} (95% CI {}), sigma {} ({}){}. Lilliefors KS "
      "test of the lognormal: D = {}, p {} {}.\n",
      source, fit.articles, fit.earning_nothing, fit.as_of,
      fitted_number(fit.payout.half_life_months), fitted_number(1 / fit.largest_scale),
      fitted_number(fit.largest_scale), fitted_number(median), median_ci,
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
      "# the payout model the fit assumed: each month pays 1 - 0.5^(1/h) of what is unpaid\n"
      "payout_half_life_months = {}\n",
      fitted_number(fit.payout.half_life_months));
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
