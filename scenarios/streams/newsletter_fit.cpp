#include "scenarios/streams/newsletter_fit.hpp"

#include <fmt/format.h>

#include <vector>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "scenarios/streams/fitted_values.hpp"

namespace incomesim::scenarios {

NewsletterFit fit_newsletter(const NewsletterHistory& history, const std::string& source) {
  // Churn: unsubscribes out of the list at the start of the same month (binomial); sign-ups:
  // Poisson per month.
  NewsletterFit fit;
  std::vector<double> joined;
  for (const auto& [month, count] : history.signups) joined.push_back(count);
  for (const auto& [month, count] : history.unsubscribes) {
    const auto list = history.subscribers.find(month);
    if (list == history.subscribers.end())
      throw InputError(source, fmt::format("newsletter unsubscribes of month {} need the list's "
                                           "subscribers at the start of that month",
                                           month));
    if (count > list->second)
      throw InputError(source,
                       fmt::format("newsletter month {}: {} unsubscribes from a list of {}", month,
                                   format_number(count), format_number(list->second)));
    fit.subscriber_months += list->second;
    fit.unsubscribes += count;
  }
  if (joined.empty() || fit.subscriber_months == 0 || history.subscribers.empty())
    throw InputError(source,
                     "newsletter rows need subscribers, signups and unsubscribes for at "
                     "least one month");
  fit.churn = dist::fit_binomial_proportion(fit.unsubscribes, fit.subscriber_months);
  fit.signups = dist::fit_poisson_mean(joined);
  fit.signup_months = joined.size();
  // The list after the history's last month: its start, plus that month's sign-ups, less its
  // unsubscribes (where the history gives them).
  const auto [last_month, last_list] = *history.subscribers.rbegin();
  fit.last_month = last_month;
  fit.list_at_end = last_list;
  if (const auto s = history.signups.find(last_month); s != history.signups.end())
    fit.list_at_end += s->second;
  if (const auto u = history.unsubscribes.find(last_month); u != history.unsubscribes.end())
    fit.list_at_end -= u->second;
  return fit;
}

std::string newsletter_fragment(const NewsletterFit& fit, const std::string& source) {
  std::string out = "[newsletter]\n";
  out += fmt::format(
      "# fitted from {}: the list at the end of its last month ({})\n"
      "initial_subscribers = {}\n",
      source, fit.last_month, fitted_number(fit.list_at_end));
  out += fmt::format(
      "# fitted from {}: {} months of sign-ups, Poisson mean {} (95% CI {}); the uncertainty of "
      "the mean is each trial's draw (gamma with the standard error as its sd). All sign-ups are "
      "here, so the funnel from Medium and YouTube is set to 0 to count none twice.\n",
      source, fit.signup_months, fitted_number(fit.signups.value),
      interval_text(normal_interval(fit.signups, same)));
  out +=
      fit.signups.standard_error > 0
          ? fmt::format("organic_signups_per_month = {{ dist = \"gamma\", mean = {}, sd = {} }}\n",
                        fitted_number(fit.signups.value), fitted_number(fit.signups.standard_error))
          : fmt::format("organic_signups_per_month = {}\n", fitted_number(fit.signups.value));
  out += "signups_per_medium_article = 0\nsignups_per_1000_youtube_views = 0\n";
  out += fmt::format(
      "# fitted from {}: {} unsubscribes from {} subscriber-months, binomial MLE "
      "(95% CI {}, Wilson)\nmonthly_churn = {}\n",
      source, fitted_number(fit.unsubscribes), fitted_number(fit.subscriber_months),
      interval_text(share_interval(fit.unsubscribes, fit.subscriber_months)),
      fitted_number(fit.churn.value));
  return out;
}

}  // namespace incomesim::scenarios
