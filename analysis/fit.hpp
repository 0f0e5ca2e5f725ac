#pragma once
// Fitting to one's own payout history (docs/research.md, "Fitting to one's own history"): Medium
// per-article earnings and publishing rate, and the newsletter's sign-ups, churn and list, by
// maximum likelihood with their intervals; and the scenario fragment that says where every value
// came from. YouTube is not fitted (docs say why).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "distributions/estimation.hpp"
#include "engine/report_table.hpp"
#include "scenarios/streams/medium_fit.hpp"
#include "scenarios/streams/newsletter_fit.hpp"

namespace incomesim::analysis {

// A history as read: the rows of a CSV of month,stream,item,metric,value.
struct PayoutHistory {
  std::vector<scenarios::MediumArticle> articles;  // medium/earnings (to date), one per article
  long last_month = 0;  // of any row: the month the earnings are to date unless told otherwise
  bool dated = false;   // months were given as dates (2024-01); their numbers count from 2000-01
  scenarios::NewsletterHistory newsletter;
};

// The file at `path` (a regular file of at most 1 MiB; a UTF-8 byte-order mark is skipped),
// checked cell by cell: InputError naming the file, row, column and what is allowed.
PayoutHistory read_payout_history(const std::string& path);
// The same for text in memory, `name` naming it in messages.
PayoutHistory parse_payout_history(std::string text, const std::string& name);

using scenarios::MediumFit;
using scenarios::NewsletterFit;

struct HistoryFit {
  std::string source;  // the history's file name, on one line
  std::optional<MediumFit> medium;
  std::optional<NewsletterFit> newsletter;
};

// How Medium's earnings to date become lifetime earnings (scenarios/streams/medium_fit.hpp).
struct FitOptions {
  // The month the earnings are to date, as the history names its months (a number, or YYYY-MM);
  // empty: the history's last month.
  std::string as_of;
  // Medium's payout half-life in months; unset: the stream's default (docs/models.md).
  std::optional<double> payout_half_life_months;
};

// The history file at `path`, read and fitted; messages and the fragment's comments name it by
// its file name, on one line.
HistoryFit fit_history_file(const std::string& path, const FitOptions& options = {});

// InputError when the history has no rows to fit, fewer than 10 Medium articles that earned
// anything, newsletter rows that do not make a list, or options out of range (named "--as-of"
// and "--payout-half-life", as the command line gives them).
HistoryFit fit_history(const PayoutHistory& history, const std::string& source,
                       const FitOptions& options = {});

// The scenario fragment: [medium] and [newsletter] sections, each value after a comment giving
// its source, estimate and 95% interval.
std::string fitted_fragment(const HistoryFit& fit);
// A line per stream of what was fitted, for the console.
std::string fit_summary(const HistoryFit& fit);
// stream, parameter, value, ci_low, ci_high: every estimate with its 95% interval.
engine::ReportTable fit_table(const HistoryFit& fit);

}  // namespace incomesim::analysis
