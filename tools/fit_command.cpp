// `incomesim fit HISTORY.csv`: stream parameters estimated by maximum likelihood from one's own
// payout history (docs/research.md, "Fitting to one's own history"), written as a scenario
// fragment whose every value says it was fitted from the file. Medium per-article earnings and
// the newsletter's sign-ups and churn; YouTube is not fitted (docs say why).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "core/input_error.hpp"
#include "core/number_format.hpp"
#include "core/plain_text.hpp"
#include "core/suggest.hpp"
#include "distributions/estimation.hpp"
#include "engine/atomic_file.hpp"
#include "engine/csv.hpp"
#include "engine/statistics.hpp"
#include "tools/commands.hpp"

namespace incomesim::tools {
namespace {

// Histories are typed by hand or exported: a few thousand rows; 1 MiB is far more.
constexpr std::uintmax_t kMaxHistoryBytes = 1 << 20;

// The metrics each stream's rows may carry.
const std::map<std::string, std::vector<std::string>>& known_metrics() {
  static const std::map<std::string, std::vector<std::string>> kKnown{
      {"medium", {"earnings"}}, {"newsletter", {"subscribers", "signups", "unsubscribes"}}};
  return kKnown;
}

struct History {
  std::vector<double> article_earnings;  // medium/earnings, one per article
  long first_article_month = 0, last_article_month = 0;
  // newsletter, by month: the list at the start, sign-ups and unsubscribes in the month.
  std::map<long, double> subscribers, signups, unsubscribes;
};

History read_history(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw InputError(path,
                     "is not a readable file; expected a CSV of month,stream,item,metric,value");
  if (std::filesystem::file_size(path, error) > kMaxHistoryBytes)
    throw InputError(path, "is larger than 1 MiB; a payout history is a few thousand rows");
  std::ifstream file(path, std::ios::binary);
  std::ostringstream read;
  read << file.rdbuf();
  std::string text = read.str();
  // A spreadsheet saving "CSV UTF-8" starts the file with a byte-order mark.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  const auto table = engine::parse_csv_strict(text, path);
  if (table.empty())
    throw InputError(path, "is empty; expected a header month,stream,item,metric,value");
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < table[0].size(); ++c) column[table[0][c]] = c;
  for (const char* name : {"month", "stream", "item", "metric", "value"})
    if (!column.count(name))
      throw InputError(SourceLocation{path, 1, 0}, "",
                       fmt::format("the header has no column '{}'; expected month,stream,item,"
                                   "metric,value (docs/research.md)",
                                   name));
  History history;
  std::set<std::string> articles;
  for (std::size_t r = 1; r < table.size(); ++r) {
    const auto& row = table[r];
    const SourceLocation where{path, static_cast<int>(r + 1), 0};
    // The place of a cell: its row and its column's position.
    const auto at = [&](const char* name) {
      return SourceLocation{path, static_cast<int>(r + 1), static_cast<int>(column[name] + 1)};
    };
    if (row.size() == 1 && row[0].empty()) continue;  // a blank line
    if (row.size() != table[0].size())
      throw InputError(where, "",
                       fmt::format("{} fields; the header has {}", row.size(), table[0].size()));
    const std::string& stream = row[column["stream"]];
    const std::string& metric = row[column["metric"]];
    const auto known = known_metrics().find(stream);
    if (known == known_metrics().end()) {
      std::vector<std::string> streams;
      for (const auto& [name, metrics] : known_metrics()) streams.push_back(name);
      throw InputError(at("stream"), "stream",
                       fmt::format("'{}' is not fitted{}; allowed: {}", stream,
                                   did_you_mean(stream, streams), quoted_list(streams)));
    }
    if (std::find(known->second.begin(), known->second.end(), metric) == known->second.end())
      throw InputError(
          at("metric"), "metric",
          fmt::format("'{}' is not a {} metric{}; allowed: {}", metric, stream,
                      did_you_mean(metric, known->second), quoted_list(known->second)));
    char* end = nullptr;
    const std::string& month_text = row[column["month"]];
    const long month = std::strtol(month_text.c_str(), &end, 10);
    if (end == month_text.c_str() || *end != '\0' || month < 1 || month > 1200)
      throw InputError(at("month"), "month",
                       fmt::format("'{}' is not allowed; allowed: a whole month number from 1 to "
                                   "1200",
                                   month_text));
    const std::string& value_text = row[column["value"]];
    const double value = std::strtod(value_text.c_str(), &end);
    // Far above any real history (the largest newsletters have tens of millions of readers), and
    // small enough that counts stay exact in a double and sums cannot overflow.
    constexpr double kLargestValue = 1e12;
    const bool counts = stream == "newsletter";
    if (end == value_text.c_str() || *end != '\0' || !std::isfinite(value) || value < 0 ||
        value > kLargestValue || (counts && value != std::floor(value)))
      throw InputError(at("value"), "value",
                       fmt::format("'{}' is not allowed; allowed: {} from 0 to 1e12", value_text,
                                   counts ? "a whole number" : "a number"));
    const std::string& item = row[column["item"]];
    if (stream == "medium") {
      if (!articles.insert(item).second)
        throw InputError(at("item"), "item",
                         fmt::format("article '{}' appears twice; give each article's earnings "
                                     "once (to date)",
                                     item));
      history.article_earnings.push_back(value);
      history.first_article_month =
          history.first_article_month ? std::min(history.first_article_month, month) : month;
      history.last_article_month = std::max(history.last_article_month, month);
      continue;
    }
    auto& series = metric == "subscribers" ? history.subscribers
                   : metric == "signups"   ? history.signups
                                           : history.unsubscribes;
    if (!series.emplace(month, value).second)
      throw InputError(at("month"), "month",
                       fmt::format("newsletter {} of month {} appears twice", metric, month));
  }
  return history;
}

// Six significant digits: enough for any fitted value, and a tiny median stays above 0.
std::string number(double x) { return fmt::format("{:.6g}", x); }

// A share's 95% Wilson interval, as text.
std::string share_interval(double successes, double trials) {
  const engine::Estimate e = engine::proportion(static_cast<std::uint64_t>(successes),
                                                static_cast<std::uint64_t>(trials), 0.95);
  return fmt::format("{} to {}", number(e.ci_low), number(e.ci_high));
}

// "[low, high]" of a 95% normal interval.
std::string interval(const dist::ParameterEstimate& e, double (*transform)(double)) {
  return fmt::format("{} to {}", number(transform(e.value - 1.96 * e.standard_error)),
                     number(transform(e.value + 1.96 * e.standard_error)));
}
double same(double x) { return x; }
double exponential(double x) { return std::exp(x); }

std::string medium_fragment(const History& history, const std::string& source,
                            std::string& summary) {
  const std::vector<double>& earnings = history.article_earnings;
  std::vector<double> positive;
  for (double x : earnings)
    if (x > 0) positive.push_back(x);
  if (positive.size() < 10)
    throw InputError(source, fmt::format("{} Medium articles with earnings above 0; fitting a "
                                         "lognormal needs at least 10",
                                         positive.size()));
  const dist::LognormalFit fit = dist::fit_lognormal(positive);
  const auto zeros = dist::fit_binomial_proportion(
      static_cast<double>(earnings.size() - positive.size()), static_cast<double>(earnings.size()));
  const std::string lognormal =
      fmt::format("{{ dist = \"lognormal\", median = {}, sigma = {} }}",
                  number(std::exp(fit.mu.value)), number(fit.sigma.value));
  std::string out = "[medium]\n";
  out += fmt::format(
      "# fitted from {}: {} articles, {} earning nothing. Maximum likelihood: median {} (95% CI "
      "{}), sigma {} ({}){}. Lilliefors KS test of the lognormal: D = {}, p {} {}.\n",
      source, earnings.size(), earnings.size() - positive.size(), number(std::exp(fit.mu.value)),
      interval(fit.mu, exponential), number(fit.sigma.value), interval(fit.sigma, same),
      positive.size() < earnings.size()
          ? fmt::format(", share earning nothing {} ({})", number(zeros.value),
                        share_interval(static_cast<double>(earnings.size() - positive.size()),
                                       static_cast<double>(earnings.size())))
          : "",
      number(fit.ks_distance), fit.lilliefors_p >= 0.1 ? ">=" : "=", number(fit.lilliefors_p));
  if (positive.size() < earnings.size())
    out += fmt::format(
        "earnings_per_article = {{ dist = \"zero_inflated\", p_zero = {}, base = {} }}\n",
        number(zeros.value), lognormal);
  else
    out += fmt::format("earnings_per_article = {}\n", lognormal);
  // Publishing rate: Poisson articles a month over the months the history spans.
  const double months =
      static_cast<double>(history.last_article_month - history.first_article_month + 1);
  const dist::ParameterEstimate per_month{static_cast<double>(earnings.size()) / months,
                                          std::sqrt(static_cast<double>(earnings.size())) / months};
  constexpr double kMonthsPerWeek = 12.0 / 52;
  out += fmt::format(
      "# fitted from {}: {} articles in months {} to {}, {} a week (95% CI {}); its uncertainty "
      "is each trial's draw (gamma with the standard error as its sd)\narticles_per_week = {{ "
      "dist = \"gamma\", mean = {}, sd = {} }}\n",
      source, earnings.size(), history.first_article_month, history.last_article_month,
      number(per_month.value * kMonthsPerWeek),
      interval({per_month.value * kMonthsPerWeek, per_month.standard_error * kMonthsPerWeek}, same),
      number(per_month.value * kMonthsPerWeek), number(per_month.standard_error * kMonthsPerWeek));
  out += fmt::format(
      "# fitted from {}: the median's uncertainty carried into every trial, a factor with the "
      "standard error of log(median), {}, as its sigma (the history is the writer's own, so no "
      "other skill factor)\nskill = {{ dist = \"lognormal\", median = 1, sigma = {} }}\n",
      source, number(fit.mu.standard_error), number(fit.mu.standard_error));
  summary += fmt::format(
      "medium: earnings per article median {} (95% CI {}), sigma {}; KS p {} {}\n",
      number(std::exp(fit.mu.value)), interval(fit.mu, exponential), number(fit.sigma.value),
      fit.lilliefors_p >= 0.1 ? ">=" : "=", number(fit.lilliefors_p));
  return out;
}

std::string newsletter_fragment(const History& history, const std::string& source,
                                std::string& summary) {
  // Churn: unsubscribes out of the list at the start of the same month (binomial); sign-ups:
  // Poisson per month.
  double lists = 0, left = 0;
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
    lists += list->second;
    left += count;
  }
  if (joined.empty() || lists == 0 || history.subscribers.empty())
    throw InputError(source,
                     "newsletter rows need subscribers, signups and unsubscribes for at "
                     "least one month");
  const auto churn = dist::fit_binomial_proportion(left, lists);
  const auto signups = dist::fit_poisson_mean(joined);
  // The list after the history's last month: its start, plus that month's sign-ups, less its
  // unsubscribes (where the history gives them).
  const auto [last_month, last_list] = *history.subscribers.rbegin();
  double latest = last_list;
  if (const auto s = history.signups.find(last_month); s != history.signups.end())
    latest += s->second;
  if (const auto u = history.unsubscribes.find(last_month); u != history.unsubscribes.end())
    latest -= u->second;
  std::string out = "[newsletter]\n";
  out += fmt::format(
      "# fitted from {}: the list at the end of its last month ({})\n"
      "initial_subscribers = {}\n",
      source, last_month, number(latest));
  out += fmt::format(
      "# fitted from {}: {} months of sign-ups, Poisson mean {} (95% CI {}); the uncertainty of "
      "the mean is each trial's draw (gamma with the standard error as its sd). All sign-ups are "
      "here, so the funnel from Medium and YouTube is set to 0 to count none twice.\n",
      source, joined.size(), number(signups.value), interval(signups, same));
  out +=
      signups.standard_error > 0
          ? fmt::format("organic_signups_per_month = {{ dist = \"gamma\", mean = {}, sd = {} }}\n",
                        number(signups.value), number(signups.standard_error))
          : fmt::format("organic_signups_per_month = {}\n", number(signups.value));
  out += "signups_per_medium_article = 0\nsignups_per_1000_youtube_views = 0\n";
  out += fmt::format(
      "# fitted from {}: {} unsubscribes from {} subscriber-months, binomial MLE "
      "(95% CI {}, Wilson)\nmonthly_churn = {}\n",
      source, number(left), number(lists), share_interval(left, lists), number(churn.value));
  summary += fmt::format("newsletter: sign-ups {} a month (95% CI {}), churn {} (95% CI {})\n",
                         number(signups.value), interval(signups, same), number(churn.value),
                         share_interval(left, lists));
  return out;
}

}  // namespace

int fit_command(const std::string& history_path, const std::string& out_path, bool quiet) {
  const History history = read_history(history_path);
  // Written into the fragment's comments: a line break in the file's name would start TOML.
  const std::string source = one_line(std::filesystem::path(history_path).filename().string());
  std::string summary;
  std::string fragment = fmt::format(
      "# A scenario fragment fitted by incomesim from {} (docs/research.md, \"Fitting to one's "
      "own history\"). Copy its sections into a scenario; every value says where it came from.\n",
      source);
  bool any = false;
  if (!history.article_earnings.empty()) {
    // Appended in two steps: GCC 12 warns falsely (-Wrestrict) on "\n" + a returned string.
    fragment += '\n';
    fragment += medium_fragment(history, source, summary);
    any = true;
  }
  if (!history.subscribers.empty() || !history.signups.empty() || !history.unsubscribes.empty()) {
    fragment += '\n';
    fragment += newsletter_fragment(history, source, summary);
    any = true;
  }
  if (!any) throw InputError(history_path, "has no rows to fit");
  if (out_path.empty()) {
    fmt::print("{}", fragment);
  } else {
    engine::write_file_atomically(out_path, fragment);
    if (!quiet) fmt::print("{}Wrote {}\n", summary, out_path);
  }
  return kSuccess;
}

}  // namespace incomesim::tools
