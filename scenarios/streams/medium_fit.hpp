#pragma once
// Medium fitted to one's own history: per-article lifetime earnings (a lognormal of the articles
// that earned anything, and the share that earned nothing) and the publishing rate, by maximum
// likelihood with intervals, written as a [medium] fragment whose comments give each value's
// source, estimate and 95% interval. A history gives each article's earnings to date; under the
// stream's payout model an article paid for a months has earned 1 - 0.5^(a/h) of its lifetime
// earnings (half-life h), so its earnings to date are divided by that share before the fit. The
// fragment is formatted here rather than through toml++, whose writer keeps no comments.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "distributions/estimation.hpp"

namespace incomesim::scenarios {

// Each article of a history: its earnings to date and the month it was published.
struct MediumArticle {
  double earnings_to_date = 0;
  long month = 0;
};

// What the earnings to date are scaled by: the month they are to date (payouts of months up to
// and including it) and the payout half-life.
struct PayoutModel {
  long as_of = 0;
  double half_life_months = 2;
};

// The share of an article's lifetime earnings paid out over its first `payout_months` months
// (the month it is published is the first): 1 - 0.5^(payout_months / h).
double share_paid_out(long payout_months, double half_life_months);

struct MediumFit {
  std::size_t articles = 0, earning_nothing = 0;
  dist::LognormalFit earnings;         // lifetime earnings of the articles that earned more than 0
  dist::ParameterEstimate zero_share;  // the share earning nothing (binomial MLE)
  long first_month = 0, last_month = 0;
  std::string months;  // the span as the history names it: "1 to 6", or "2024-01 to 2024-06"
  std::string as_of;   // the payout model's month as the history names it
  PayoutModel payout;
  double largest_scale = 1;                   // of the youngest article's earnings to date
  dist::ParameterEstimate articles_per_week;  // Poisson over the months the history spans
};

// How a history names its month numbers ("7", or "2024-07" for a dated history).
using MonthName = std::function<std::string(long)>;

// The articles, scaled to lifetime earnings under `payout`; InputError naming `source` with fewer
// than 10 that earned anything, or an article published after `payout.as_of`. `month_name`
// writes `months` and `as_of` (month numbers as they are when it is empty).
MediumFit fit_medium(const std::vector<MediumArticle>& articles, const PayoutModel& payout,
                     const std::string& source, const MonthName& month_name = {});

std::string medium_fragment(const MediumFit& fit, const std::string& source);

}  // namespace incomesim::scenarios
