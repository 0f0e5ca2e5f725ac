#include "analysis/fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "core/plain_text.hpp"
#include "core/suggest.hpp"
#include "engine/csv.hpp"
#include "engine/statistics.hpp"

namespace incomesim::analysis {
namespace {

// Histories are typed by hand or exported: a few thousand rows; 1 MiB is far more.
constexpr std::uintmax_t kMaxHistoryBytes = 1 << 20;
// Far above any real history (the largest newsletters have tens of millions of readers), and
// small enough that counts stay exact in a double and sums cannot overflow.
constexpr double kLargestValue = 1e12;
constexpr double kMonthsPerWeek = 12.0 / 52;

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

// Row r (0-based, the header being row 0) into the history.
void add_history_row(const std::vector<std::string>& row, std::size_t r,
                     const HistoryColumns& columns, std::set<std::string>& articles,
                     PayoutHistory& history) {
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
  char* end = nullptr;
  const std::string& month_text = cell("month");
  const long month = std::strtol(month_text.c_str(), &end, 10);
  if (end == month_text.c_str() || *end != '\0' || month < 1 || month > 1200)
    throw InputError(columns.at(r, "month"), "month",
                     fmt::format("'{}' is not allowed; allowed: a whole month number from 1 to "
                                 "1200",
                                 month_text));
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
    history.article_earnings.push_back(value);
    history.first_article_month =
        history.first_article_month ? std::min(history.first_article_month, month) : month;
    history.last_article_month = std::max(history.last_article_month, month);
    return;
  }
  auto& series = metric == "subscribers" ? history.subscribers
                 : metric == "signups"   ? history.signups
                                         : history.unsubscribes;
  if (!series.emplace(month, value).second)
    throw InputError(columns.at(r, "month"), "month",
                     fmt::format("newsletter {} of month {} appears twice", metric, month));
}

MediumFit fit_medium(const PayoutHistory& history, const std::string& source) {
  const std::vector<double>& earnings = history.article_earnings;
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
  fit.first_month = history.first_article_month;
  fit.last_month = history.last_article_month;
  // Publishing rate: Poisson articles a month over the months the history spans.
  const double months = static_cast<double>(fit.last_month - fit.first_month + 1);
  const double n = static_cast<double>(fit.articles);
  fit.articles_per_week = {n / months * kMonthsPerWeek, std::sqrt(n) / months * kMonthsPerWeek};
  return fit;
}

NewsletterFit fit_newsletter(const PayoutHistory& history, const std::string& source) {
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

// A 95% interval: Wilson's for a share of successes in trials, else the normal one through a
// transform (exp for a median from log-scale mu).
struct Interval {
  double low, high;
};
Interval share_interval(double successes, double trials) {
  const engine::Estimate e = engine::proportion(static_cast<std::uint64_t>(successes),
                                                static_cast<std::uint64_t>(trials), 0.95);
  return {e.ci_low, e.ci_high};
}
Interval normal_interval(const dist::ParameterEstimate& e, double (*transform)(double)) {
  return {transform(e.value - 1.96 * e.standard_error),
          transform(e.value + 1.96 * e.standard_error)};
}
double same(double x) { return x; }
double exponential(double x) { return std::exp(x); }

// Six significant digits: enough for any fitted value, and a tiny median stays above 0.
std::string number(double x) { return fmt::format("{:.6g}", x); }
std::string text(const Interval& i) {
  return fmt::format("{} to {}", number(i.low), number(i.high));
}

std::string medium_fragment(const MediumFit& fit, const std::string& source) {
  const double median = std::exp(fit.earnings.mu.value);
  const std::string median_ci = text(normal_interval(fit.earnings.mu, exponential));
  const std::string lognormal = fmt::format("{{ dist = \"lognormal\", median = {}, sigma = {} }}",
                                            number(median), number(fit.earnings.sigma.value));
  const std::string zero_share =
      fit.earning_nothing > 0
          ? fmt::format(", share earning nothing {} ({})", number(fit.zero_share.value),
                        text(share_interval(static_cast<double>(fit.earning_nothing),
                                            static_cast<double>(fit.articles))))
          : "";
  std::string out = "[medium]\n";
  out += fmt::format(
      "# fitted from {}: {} articles, {} earning nothing. Maximum likelihood: median {} (95% CI "
      "{}), sigma {} ({}){}. Lilliefors KS test of the lognormal: D = {}, p {} {}.\n",
      source, fit.articles, fit.earning_nothing, number(median), median_ci,
      number(fit.earnings.sigma.value), text(normal_interval(fit.earnings.sigma, same)), zero_share,
      number(fit.earnings.ks_distance), fit.earnings.lilliefors_p >= 0.1 ? ">=" : "=",
      number(fit.earnings.lilliefors_p));
  if (fit.earning_nothing > 0)
    out += fmt::format(
        "earnings_per_article = {{ dist = \"zero_inflated\", p_zero = {}, base = {} }}\n",
        number(fit.zero_share.value), lognormal);
  else
    out += fmt::format("earnings_per_article = {}\n", lognormal);
  out += fmt::format(
      "# fitted from {}: {} articles in months {} to {}, {} a week (95% CI {}); its uncertainty "
      "is each trial's draw (gamma with the standard error as its sd)\narticles_per_week = {{ "
      "dist = \"gamma\", mean = {}, sd = {} }}\n",
      source, fit.articles, fit.first_month, fit.last_month, number(fit.articles_per_week.value),
      text(normal_interval(fit.articles_per_week, same)), number(fit.articles_per_week.value),
      number(fit.articles_per_week.standard_error));
  out += fmt::format(
      "# fitted from {}: the median's uncertainty carried into every trial, a factor with the "
      "standard error of log(median), {}, as its sigma (the history is the writer's own, so no "
      "other skill factor)\nskill = {{ dist = \"lognormal\", median = 1, sigma = {} }}\n",
      source, number(fit.earnings.mu.standard_error), number(fit.earnings.mu.standard_error));
  return out;
}

std::string newsletter_fragment(const NewsletterFit& fit, const std::string& source) {
  std::string out = "[newsletter]\n";
  out += fmt::format(
      "# fitted from {}: the list at the end of its last month ({})\n"
      "initial_subscribers = {}\n",
      source, fit.last_month, number(fit.list_at_end));
  out += fmt::format(
      "# fitted from {}: {} months of sign-ups, Poisson mean {} (95% CI {}); the uncertainty of "
      "the mean is each trial's draw (gamma with the standard error as its sd). All sign-ups are "
      "here, so the funnel from Medium and YouTube is set to 0 to count none twice.\n",
      source, fit.signup_months, number(fit.signups.value),
      text(normal_interval(fit.signups, same)));
  out +=
      fit.signups.standard_error > 0
          ? fmt::format("organic_signups_per_month = {{ dist = \"gamma\", mean = {}, sd = {} }}\n",
                        number(fit.signups.value), number(fit.signups.standard_error))
          : fmt::format("organic_signups_per_month = {}\n", number(fit.signups.value));
  out += "signups_per_medium_article = 0\nsignups_per_1000_youtube_views = 0\n";
  out += fmt::format(
      "# fitted from {}: {} unsubscribes from {} subscriber-months, binomial MLE "
      "(95% CI {}, Wilson)\nmonthly_churn = {}\n",
      source, number(fit.unsubscribes), number(fit.subscriber_months),
      text(share_interval(fit.unsubscribes, fit.subscriber_months)), number(fit.churn.value));
  return out;
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
  for (std::size_t r = 1; r < table.size(); ++r) {
    const auto& row = table[r];
    if (row.size() == 1 && row[0].empty()) continue;  // a blank line
    if (row.size() != columns.count)
      throw InputError(SourceLocation{name, static_cast<int>(r + 1), 0}, "",
                       fmt::format("{} fields; the header has {}", row.size(), columns.count));
    add_history_row(row, r, columns, articles, history);
  }
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

HistoryFit fit_history(const PayoutHistory& history, const std::string& source) {
  HistoryFit fit{source, std::nullopt, std::nullopt};
  if (!history.article_earnings.empty()) fit.medium = fit_medium(history, source);
  if (!history.subscribers.empty() || !history.signups.empty() || !history.unsubscribes.empty())
    fit.newsletter = fit_newsletter(history, source);
  if (!fit.medium && !fit.newsletter) throw InputError(source, "has no rows to fit");
  return fit;
}

HistoryFit fit_history_file(const std::string& path) {
  const PayoutHistory history = read_payout_history(path);
  // Written into the fragment's comments: a line break in the file's name would start TOML.
  return fit_history(history, one_line(std::filesystem::path(path).filename().string()));
}

std::string fitted_fragment(const HistoryFit& fit) {
  std::string fragment = fmt::format(
      "# A scenario fragment fitted by incomesim from {} (docs/research.md, \"Fitting to one's "
      "own history\"). Copy its sections into a scenario; every value says where it came from.\n",
      fit.source);
  // Appended in two steps: GCC 12 warns falsely (-Wrestrict) on "\n" + a returned string.
  if (fit.medium) {
    fragment += '\n';
    fragment += medium_fragment(*fit.medium, fit.source);
  }
  if (fit.newsletter) {
    fragment += '\n';
    fragment += newsletter_fragment(*fit.newsletter, fit.source);
  }
  return fragment;
}

std::string fit_summary(const HistoryFit& fit) {
  std::string summary;
  if (const auto& m = fit.medium)
    summary += fmt::format(
        "medium: earnings per article median {} (95% CI {}), sigma {}; KS p {} {}\n",
        number(std::exp(m->earnings.mu.value)), text(normal_interval(m->earnings.mu, exponential)),
        number(m->earnings.sigma.value), m->earnings.lilliefors_p >= 0.1 ? ">=" : "=",
        number(m->earnings.lilliefors_p));
  if (const auto& n = fit.newsletter)
    summary += fmt::format("newsletter: sign-ups {} a month (95% CI {}), churn {} (95% CI {})\n",
                           number(n->signups.value), text(normal_interval(n->signups, same)),
                           number(n->churn.value),
                           text(share_interval(n->unsubscribes, n->subscriber_months)));
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
