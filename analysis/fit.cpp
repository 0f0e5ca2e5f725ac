#include "analysis/fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "core/plain_text.hpp"
#include "core/suggest.hpp"
#include "engine/csv.hpp"
#include "engine/statistics.hpp"
#include "scenarios/streams/fitted_values.hpp"
#include "scenarios/streams/medium.hpp"

namespace incomesim::analysis {

using scenarios::exponential;
using scenarios::fitted_number;
using scenarios::Interval;
using scenarios::interval_text;
using scenarios::normal_interval;
using scenarios::same;
using scenarios::share_interval;

namespace {

// Histories are typed by hand or exported: a few thousand rows; 1 MiB is far more.
constexpr std::uintmax_t kMaxHistoryBytes = 1 << 20;
// Far above any real history (the largest newsletters have tens of millions of readers), and
// small enough that counts stay exact in a double and sums cannot overflow.
constexpr double kLargestValue = 1e12;

// The metrics each stream's rows may carry.
const std::map<std::string, std::vector<std::string>>& known_metrics() {
  static const std::map<std::string, std::vector<std::string>> kKnown{
      {"medium", {"earnings"}}, {"newsletter", {"subscribers", "signups", "unsubscribes"}}};
  return kKnown;
}

// The history's column positions by name, and what one row is checked against.
struct HistoryColumns {
  std::string name;
  std::map<std::string, std::size_t> position;
  std::size_t count = 0;
  SourceLocation at(std::size_t row, const char* column) const {
    return {name, static_cast<int>(row + 1), static_cast<int>(position.at(column) + 1)};
  }
};

HistoryColumns history_columns(const std::vector<std::string>& header, const std::string& name) {
  HistoryColumns columns{name, {}, header.size()};
  for (std::size_t c = 0; c < header.size(); ++c) columns.position[header[c]] = c;
  for (const char* column : {"month", "stream", "item", "metric", "value"})
    if (!columns.position.count(column))
      throw InputError(SourceLocation{name, 1, 0}, "",
                       fmt::format("the header has no column '{}'; expected month,stream,item,"
                                   "metric,value (docs/research.md)",
                                   column));
  return columns;
}

// How a history names its months: all by number (1, 2, ...) or all by date (2024-01), never
// both, since the two count from different origins.
enum class MonthForm { unknown, number, date };

// A month of the history as a number from 1 to 1200: a number as given, a date YYYY-MM or
// YYYY-MM-DD of 2000 to 2099 as its month counted from January 2000 (differences between months,
// which is all a fit uses, are kept); 0 when the text is neither.
long month_number(const std::string& text, MonthForm& form) {
  char* end = nullptr;
  const long number = std::strtol(text.c_str(), &end, 10);
  if (end != text.c_str() && *end == '\0') {
    if (form == MonthForm::date || number < 1 || number > 1200) return 0;
    form = MonthForm::number;
    return number;
  }
  // Digits with a '-' after the year and the month, nothing else: "2024-01" or "2024-01-15".
  if ((text.size() != 7 && text.size() != 10) || form == MonthForm::number) return 0;
  for (std::size_t k = 0; k < text.size(); ++k)
    if (k == 4 || k == 7 ? text[k] != '-' : !std::isdigit(static_cast<unsigned char>(text[k])))
      return 0;
  const int year = std::stoi(text.substr(0, 4)), month = std::stoi(text.substr(5, 2));
  const int day = text.size() == 10 ? std::stoi(text.substr(8, 2)) : 1;
  if (year < 2000 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) return 0;
  form = MonthForm::date;
  return (year - 2000) * 12 + month;
}

// A month number of a dated history as its date: 2024-01.
std::string month_date(long number) {
  return fmt::format("{:04}-{:02}", 2000 + (number - 1) / 12, (number - 1) % 12 + 1);
}

// Row r (0-based, the header being row 0) into the history.
void add_history_row(const std::vector<std::string>& row, std::size_t r,
                     const HistoryColumns& columns, std::set<std::string>& articles,
                     MonthForm& form, PayoutHistory& history) {
  const auto cell = [&](const char* column) -> const std::string& {
    return row[columns.position.at(column)];
  };
  const std::string& stream = cell("stream");
  const std::string& metric = cell("metric");
  const auto known = known_metrics().find(stream);
  if (known == known_metrics().end()) {
    std::vector<std::string> streams;
    for (const auto& [name, metrics] : known_metrics()) streams.push_back(name);
    throw InputError(columns.at(r, "stream"), "stream",
                     fmt::format("'{}' is not fitted{}; allowed: {}", stream,
                                 did_you_mean(stream, streams), quoted_list(streams)));
  }
  if (std::find(known->second.begin(), known->second.end(), metric) == known->second.end())
    throw InputError(columns.at(r, "metric"), "metric",
                     fmt::format("'{}' is not a {} metric{}; allowed: {}", metric, stream,
                                 did_you_mean(metric, known->second), quoted_list(known->second)));
  const std::string& month_text = cell("month");
  const MonthForm before = form;
  const long month = month_number(month_text, form);
  if (month == 0)
    throw InputError(
        columns.at(r, "month"), "month",
        before == MonthForm::unknown
            ? fmt::format("'{}' is not allowed; allowed: a whole month number from 1 to 1200, or "
                          "a date YYYY-MM or YYYY-MM-DD from 2000 to 2099",
                          month_text)
            : fmt::format("'{}' is not allowed; allowed: {} as the rows above give them (one "
                          "history names its months one way)",
                          month_text,
                          before == MonthForm::number ? "a whole month number from 1 to 1200"
                                                      : "a date YYYY-MM or YYYY-MM-DD, 2000 to "
                                                        "2099"));
  char* end = nullptr;
  history.last_month = std::max(history.last_month, month);
  const std::string& value_text = cell("value");
  const double value = std::strtod(value_text.c_str(), &end);
  const bool counts = stream == "newsletter";
  if (end == value_text.c_str() || *end != '\0' || !std::isfinite(value) || value < 0 ||
      value > kLargestValue || (counts && value != std::floor(value)))
    throw InputError(columns.at(r, "value"), "value",
                     fmt::format("'{}' is not allowed; allowed: {} from 0 to 1e12", value_text,
                                 counts ? "a whole number" : "a number"));
  if (stream == "medium") {
    if (!articles.insert(cell("item")).second)
      throw InputError(columns.at(r, "item"), "item",
                       fmt::format("article '{}' appears twice; give each article's earnings "
                                   "once (to date)",
                                   cell("item")));
    history.articles.push_back({value, month});
    return;
  }
  auto& series = metric == "subscribers" ? history.newsletter.subscribers
                 : metric == "signups"   ? history.newsletter.signups
                                         : history.newsletter.unsubscribes;
  if (!series.emplace(month, value).second)
    throw InputError(columns.at(r, "month"), "month",
                     fmt::format("newsletter {} of month {} appears twice", metric, month));
}

}  // namespace

PayoutHistory parse_payout_history(std::string text, const std::string& name) {
  // A spreadsheet saving "CSV UTF-8" starts the file with a byte-order mark.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  const auto table = engine::parse_csv_strict(text, name);
  if (table.empty())
    throw InputError(name, "is empty; expected a header month,stream,item,metric,value");
  const HistoryColumns columns = history_columns(table[0], name);
  PayoutHistory history;
  std::set<std::string> articles;
  MonthForm form = MonthForm::unknown;
  for (std::size_t r = 1; r < table.size(); ++r) {
    const auto& row = table[r];
    if (row.size() == 1 && row[0].empty()) continue;  // a blank line
    if (row.size() != columns.count)
      throw InputError(SourceLocation{name, static_cast<int>(r + 1), 0}, "",
                       fmt::format("{} fields; the header has {}", row.size(), columns.count));
    add_history_row(row, r, columns, articles, form, history);
  }
  history.dated = form == MonthForm::date;
  return history;
}

PayoutHistory read_payout_history(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw InputError(path,
                     "is not a readable file; expected a CSV of month,stream,item,metric,value");
  const auto too_large = [&] {
    return InputError(path, "is larger than 1 MiB; a payout history is a few thousand rows");
  };
  if (std::filesystem::file_size(path, error) > kMaxHistoryBytes) throw too_large();
  std::ifstream file(path, std::ios::binary);
  // At most one byte past the limit: the file may have grown since it was measured.
  std::string text(kMaxHistoryBytes + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (file.bad()) throw InputError(path, "cannot be read");
  text.resize(static_cast<std::size_t>(file.gcount()));
  if (text.size() > kMaxHistoryBytes) throw too_large();
  return parse_payout_history(std::move(text), path);
}

namespace {

// The payout model of `options` for `history`: its month as a number of the history's form, and
// the half-life within the range the Medium stream accepts.
scenarios::PayoutModel payout_model(const PayoutHistory& history, const FitOptions& options) {
  scenarios::PayoutModel payout{history.last_month,
                                scenarios::MediumParams{}.payout_half_life_months};
  if (!options.as_of.empty()) {
    MonthForm form = history.dated ? MonthForm::date : MonthForm::number;
    payout.as_of = month_number(options.as_of, form);
    if (payout.as_of == 0)
      throw InputError("--as-of",
                       fmt::format("'{}' is not allowed; allowed: {} as the history "
                                   "names its months",
                                   options.as_of,
                                   history.dated ? "a date YYYY-MM or YYYY-MM-DD, 2000 to 2099"
                                                 : "a whole month number from 1 to 1200"));
    long last_article = 0;
    for (const scenarios::MediumArticle& article : history.articles)
      last_article = std::max(last_article, article.month);
    if (payout.as_of < last_article)
      throw InputError("--as-of", fmt::format("'{}' is before the last article's month, {}; "
                                              "allowed: that month or later",
                                              options.as_of,
                                              history.dated ? month_date(last_article)
                                                            : std::to_string(last_article)));
  }
  if (const auto h = options.payout_half_life_months) {
    // A century of half-life is no payout model a platform has; past it the shares underflow.
    if (!std::isfinite(*h) || *h <= 0 || *h > 1200)
      throw InputError("--payout-half-life",
                       fmt::format("{} is not allowed; allowed: months above 0, at most 1200",
                                   format_number(*h)));
    payout.half_life_months = *h;
  }
  return payout;
}

}  // namespace

HistoryFit fit_history(const PayoutHistory& history, const std::string& source,
                       const FitOptions& options) {
  HistoryFit fit{source, std::nullopt, std::nullopt};
  if (!history.articles.empty()) {
    fit.medium = scenarios::fit_medium(
        history.articles, payout_model(history, options), source,
        history.dated ? scenarios::MonthName(month_date) : scenarios::MonthName());
  }
  const scenarios::NewsletterHistory& newsletter = history.newsletter;
  if (!newsletter.subscribers.empty() || !newsletter.signups.empty() ||
      !newsletter.unsubscribes.empty())
    fit.newsletter = scenarios::fit_newsletter(newsletter, source);
  if (!fit.medium && !fit.newsletter) throw InputError(source, "has no rows to fit");
  return fit;
}

HistoryFit fit_history_file(const std::string& path, const FitOptions& options) {
  const PayoutHistory history = read_payout_history(path);
  // Written into the fragment's comments: a line break in the file's name would start TOML.
  return fit_history(history, one_line(std::filesystem::path(path).filename().string()), options);
}

std::string fitted_fragment(const HistoryFit& fit) {
  std::string fragment = fmt::format(
      "# A scenario fragment fitted by incomesim from {} (docs/research.md, \"Fitting to one's "
      "own history\"). Copy its sections into a scenario; every value says where it came from.\n",
      fit.source);
  // Appended in two steps: GCC 12 warns falsely (-Wrestrict) on "\n" + a returned string.
  if (fit.medium) {
    fragment += '\n';
    fragment += scenarios::medium_fragment(*fit.medium, fit.source);
  }
  if (fit.newsletter) {
    fragment += '\n';
    fragment += scenarios::newsletter_fragment(*fit.newsletter, fit.source);
  }
  return fragment;
}

std::string fit_summary(const HistoryFit& fit) {
  std::string summary;
  if (const auto& m = fit.medium)
    summary += fmt::format(
        "medium: lifetime earnings per article median {} (95% CI {}), sigma {}; KS p {} {}\n"
        "        (earnings to date, month {}, scaled by the payout model, half-life {} months: the "
        "youngest article's x{})\n",
        fitted_number(std::exp(m->earnings.mu.value)),
        interval_text(normal_interval(m->earnings.mu, exponential)),
        fitted_number(m->earnings.sigma.value), m->earnings.lilliefors_p >= 0.1 ? ">=" : "=",
        fitted_number(m->earnings.lilliefors_p), m->as_of,
        fitted_number(m->payout.half_life_months), fitted_number(m->largest_scale));
  if (const auto& n = fit.newsletter)
    summary +=
        fmt::format("newsletter: sign-ups {} a month (95% CI {}), churn {} (95% CI {})\n",
                    fitted_number(n->signups.value),
                    interval_text(normal_interval(n->signups, same)), fitted_number(n->churn.value),
                    interval_text(share_interval(n->unsubscribes, n->subscriber_months)));
  return summary;
}

engine::ReportTable fit_table(const HistoryFit& fit) {
  using Type = engine::ReportTable::Type;
  engine::ReportTable table({{"stream", Type::text},
                             {"parameter", Type::text},
                             {"value", Type::real},
                             {"ci_low", Type::real},
                             {"ci_high", Type::real}});
  auto add = [&](const char* stream, const char* parameter, double value, const Interval& i) {
    table.add_row({std::string(stream), std::string(parameter), value, i.low, i.high});
  };
  if (const auto& m = fit.medium) {
    add("medium", "earnings_per_article.median", std::exp(m->earnings.mu.value),
        normal_interval(m->earnings.mu, exponential));
    add("medium", "earnings_per_article.sigma", m->earnings.sigma.value,
        normal_interval(m->earnings.sigma, same));
    add("medium", "earnings_per_article.p_zero", m->zero_share.value,
        share_interval(static_cast<double>(m->earning_nothing), static_cast<double>(m->articles)));
    add("medium", "articles_per_week", m->articles_per_week.value,
        normal_interval(m->articles_per_week, same));
    // Assumed, not estimated: the payout model the earnings to date were scaled by.
    add("medium", "payout_half_life_months", m->payout.half_life_months, {NAN, NAN});
  }
  if (const auto& n = fit.newsletter) {
    add("newsletter", "initial_subscribers", n->list_at_end, {NAN, NAN});
    add("newsletter", "organic_signups_per_month", n->signups.value,
        normal_interval(n->signups, same));
    add("newsletter", "monthly_churn", n->churn.value,
        share_interval(n->unsubscribes, n->subscriber_months));
  }
  return table;
}

}  // namespace incomesim::analysis
