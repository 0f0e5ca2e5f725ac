#pragma once
// The newsletter fitted to one's own history: sign-ups a month (Poisson), churn (binomial share
// of the list a month) and the list at the end, by maximum likelihood with intervals, written as
// a [newsletter] fragment whose comments give each value's source, estimate and 95% interval
// (formatted here: toml++'s writer keeps no comments).
#include <cstddef>
#include <map>
#include <string>

#include "distributions/estimation.hpp"

namespace incomesim::scenarios {

// A newsletter's history by month: the list at the start, sign-ups and unsubscribes in the
// month.
struct NewsletterHistory {
  std::map<long, double> subscribers, signups, unsubscribes;
};

struct NewsletterFit {
  long last_month = 0;
  double list_at_end = 0;  // the list after the history's last month
  std::size_t signup_months = 0;
  dist::ParameterEstimate signups;  // Poisson mean a month
  double unsubscribes = 0, subscriber_months = 0;
  dist::ParameterEstimate churn;  // binomial share a month
};

// InputError naming `source` when the rows do not make a list.
NewsletterFit fit_newsletter(const NewsletterHistory& history, const std::string& source);

std::string newsletter_fragment(const NewsletterFit& fit, const std::string& source);

}  // namespace incomesim::scenarios
