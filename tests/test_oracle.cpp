// An independent oracle: docs/models.md implemented again, plainly, one trial at a time, month by
// month, with its own random numbers (std::mt19937_64 seeded per trial, the standard library's
// Poisson, binomial and normal samplers, and the distributions' quantile functions for every
// other draw). It shares no simulation code with scenarios/ or engine/: only the scenario's
// parsed parameters (the loader is tested on its own) and the report periods.
//
// Every bundled scenario runs 20,000 trials through incomesim and through the oracle; every
// percentile of every stream and the total, in every period, must agree within 4 combined
// standard errors. Derivation: a sample p-quantile of n trials is asymptotically normal with
// sd sqrt(p (1 - p) / n) / f(x_p); its distribution-free 95% interval [X(l), X(u)], with
// ranks n p -/+ 1.96 sqrt(n p (1 - p)), has half-width about 1.96 of those sds, so
// se = (upper - lower) / (2 x 1.96) estimates it without knowing the density. The two runs use
// independent random numbers, so their difference has sd sqrt(se_a^2 + se_b^2), and a
// correct model exceeds 4 of them with probability 6e-5 per comparison. The seeds are fixed, so
// the outcome is repeatable. A wrong rule moves whole percentiles by many of these: changed in
// the oracle, Medium's half-life x1.2, a dropped Medium recession multiplier, YouTube's gate
// opening in the same month, the newsletter's churn x1.1, a product tail decaying twice as fast
// and the layoff hazard x1.2 each failed two to eight scenarios. Effects below the resolution
// of 20,000 trials pass (dropping the 15% raise freeze in recessions, or consulting's 0.97 rate
// in a recession): those rules have tests of their own (test_career, test_streams).
// With [tax], the tax and net series are compared too, from the published schedules written
// out here as "base plus rate over": a UK allowance of 12,000, US social security at 6.0% and a
// 24-month tax year each failed; India's cess at 3% instead of 4% is below the resolution (its
// figures are checked by hand in test_tax). Each stream's and the total's hours of work and
// income per hour are compared by their means (4 combined standard errors): Medium's hours per
// article x1.05 and consulting's hours per day x0.97 each failed; building a product that
// launches past the horizon is not in these scenarios (test_effort checks it).
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "engine/metric_names.hpp"
#include "engine/summary.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/streams/career.hpp"
#include "scenarios/streams/consulting.hpp"
#include "scenarios/streams/medium.hpp"
#include "scenarios/streams/newsletter.hpp"
#include "scenarios/streams/products.hpp"
#include "scenarios/streams/youtube.hpp"
#include "scenarios/tax.hpp"
#include "test_support.hpp"

namespace {

using namespace incomesim;
namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The sanitizers slow the scalar oracle about tenfold: fewer trials there, with tolerances that
// widen with the standard errors (the release build runs the full 20,000).
constexpr std::uint64_t kTrials = 4000;
#else
constexpr std::uint64_t kTrials = 20000;
#endif
constexpr std::int64_t kAudienceCap = 10'000'000'000;  // docs/models.md: capped at 10 billion

// One trial's random numbers.
class Draws {
 public:
  explicit Draws(std::uint64_t trial) : engine_(0x9E3779B97F4A7C15ull ^ (trial * 1000003 + 17)) {}
  double uniform() {  // in (0, 1)
    return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
  }
  double normal() { return std::normal_distribution<double>()(engine_); }
  double from(const dist::Distribution& d) {
    if (const auto* f = std::get_if<dist::Lognormal>(&d.family()))
      return std::exp(f->mu + f->sigma * normal());
    return dist::quantile(d, uniform());
  }
  std::int64_t poisson(double mean) {
    if (!(mean > 0)) return 0;
    return std::poisson_distribution<std::int64_t>(mean)(engine_);
  }
  std::int64_t binomial(std::int64_t n, double p) {
    if (n <= 0 || !(p > 0)) return 0;
    if (p >= 1) return n;
    return std::binomial_distribution<std::int64_t>(n, p)(engine_);
  }
  bool chance(double p) { return uniform() < p; }

 private:
  std::mt19937_64 engine_;
};

double release_rate(double half_life) { return 1 - std::pow(0.5, 1 / half_life); }

// The seasonal factor of each simulated month for a stream's ad rate, from the file itself:
// absent, docs/calibration.md's monthly RPM midpoints; "none", 1; or the 12 numbers given; each
// rescaled to mean 1, and read from the calendar month of the scenario's start_month.
std::vector<double> seasonal_factors(const std::string& text, const std::string& section,
                                     int months) {
  const toml::table root = toml::parse(text);
  std::vector<double> curve{0.625, 0.75, 0.90, 1.00,  1.00, 1.05,
                            0.90,  0.90, 1.10, 1.175, 1.40, 1.55};
  const toml::node_view<const toml::node> given = root[section]["seasonality"];
  if (given.value<std::string>() == "none") curve.assign(12, 1.0);
  if (const toml::array* numbers = given.as_array())
    for (std::size_t m = 0; m < 12; ++m) curve[m] = *numbers->get(m)->value<double>();
  double sum = 0;
  for (double factor : curve) sum += factor;
  const int start = root["start_month"].value_or(1);
  std::vector<double> factors(months);
  for (int t = 0; t < months; ++t) factors[t] = curve[(start - 1 + t) % 12] * 12 / sum;
  return factors;
}

// Per-trial parameters: independent draws, or through the Gaussian copula of the scenario's
// [[correlation]] entries (read here from the file itself), Pearson r = 2 sin(pi rho / 6).
class PerTrial {
 public:
  PerTrial(const scenarios::Scenario& scenario, const std::string& text) {
    for (const auto& ref : scenario.model.per_trial_parameters())
      distributions_[ref.key] = &ref.parameter->distribution;
    const toml::table root = toml::parse(text);
    if (const toml::array* entries = root["correlation"].as_array()) {
      for (const toml::node& node : *entries) {
        const toml::table& entry = *node.as_table();
        const int a = member(*entry["a"].value<std::string>());
        const int b = member(*entry["b"].value<std::string>());
        const double rho = *entry["rho"].value<double>();
        pairs_.push_back({a, b, 2 * std::sin(M_PI * rho / 6)});
      }
      const std::size_t m = members_.size();
      std::vector<double> r(m * m, 0.0);
      for (std::size_t k = 0; k < m; ++k) r[k * m + k] = 1;
      for (const auto& [a, b, pearson] : pairs_) r[a * m + b] = r[b * m + a] = pearson;
      cholesky_.assign(m * m, 0.0);  // plain Cholesky-Banachiewicz
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j <= i; ++j) {
          double s = r[i * m + j];
          for (std::size_t k = 0; k < j; ++k) s -= cholesky_[i * m + k] * cholesky_[j * m + k];
          cholesky_[i * m + j] = i == j ? std::sqrt(s) : s / cholesky_[j * m + j];
        }
    }
  }

  std::map<std::string, double> draw(Draws& draws) const {
    std::map<std::string, double> values;
    const std::size_t m = members_.size();
    std::vector<double> g(m), z(m, 0.0);
    for (auto& x : g) x = draws.normal();
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t k = 0; k <= i; ++k) z[i] += cholesky_[i * m + k] * g[k];
    for (std::size_t i = 0; i < m; ++i)
      values[members_[i]] =
          dist::quantile(*distributions_.at(members_[i]), 0.5 * std::erfc(-z[i] / std::sqrt(2.0)));
    for (const auto& [key, d] : distributions_)
      if (!values.count(key)) values[key] = draws.from(*d);
    return values;
  }

 private:
  struct Pair {
    int a, b;
    double pearson;
  };
  int member(const std::string& key) {
    const auto it = std::find(members_.begin(), members_.end(), key);
    if (it != members_.end()) return static_cast<int>(it - members_.begin());
    members_.push_back(key);
    return static_cast<int>(members_.size() - 1);
  }
  std::map<std::string, const dist::Distribution*> distributions_;
  std::vector<std::string> members_;
  std::vector<Pair> pairs_;
  std::vector<double> cholesky_;
};

// A platform's shocks: in each month with probability hazard (x the recession multiplier, at most
// 1) its rate is multiplied from then on by a draw of the shock size.
double shocked_factor(const scenarios::PlatformShocks& shocks, bool recession, double factor,
                      Draws& draws) {
  if (shocks.hazard <= 0) return factor;
  const double hazard =
      std::min(1.0, shocks.hazard * (recession ? shocks.recession_multiplier : 1));
  return draws.chance(hazard) ? factor * draws.from(shocks.size) : factor;
}

// What streams further down the month read from those before them.
struct Audience {
  std::vector<double> medium_articles, youtube_views, youtube_subscribers, newsletter_subscribers;
};

// Each stream's function also adds the hours its work took to `work` (docs/models.md "Effort").
std::vector<double> career(const scenarios::CareerParams& p, double salary,
                           const std::vector<bool>& recession, Draws& draws, double& work) {
  const int months = static_cast<int>(recession.size());
  std::vector<double> income(months, 0.0);
  int in_job = 0, out_left = 0;
  if (!p.start_employed)
    out_left = std::max(1, static_cast<int>(std::ceil(draws.from(p.unemployment_months))));
  for (int t = 0; t < months; ++t) {
    if (out_left > 0) {
      income[t] = p.unemployment_benefit;
      if (--out_left == 0) {
        salary *= draws.from(p.rehire_salary_change);
        in_job = 0;
      }
      continue;
    }
    if (in_job > 0 && in_job % 12 == 0) {
      double raise = draws.from(p.annual_raise);
      if (recession[t] && draws.chance(p.recession_raise_freeze)) raise = 0;
      salary *= 1 + raise;
    }
    income[t] = salary / 12;
    work += p.hours_per_month;
    ++in_job;
    const double hazard = p.layoff_hazard * (recession[t] ? p.recession_layoff_multiplier : 1.0);
    if (draws.chance(hazard)) {
      income[t] += p.severance_months * salary / 12;
      const double k = recession[t] ? p.recession_unemployment_multiplier : 1.0;
      out_left = static_cast<int>(std::ceil(draws.from(p.unemployment_months) * k));
      if (out_left == 0) {
        salary *= draws.from(p.rehire_salary_change);
        in_job = 0;
      }
    }
  }
  return income;
}

std::vector<double> consulting(const scenarios::ConsultingParams& p,
                               const std::vector<bool>& recession, Draws& draws, double& work) {
  const int months = static_cast<int>(recession.size());
  std::vector<double> income(months, 0.0);
  bool engaged = !p.start_engaged;  // flipped when the first spell starts
  int left = 0;
  double fee = 0, days = 0;
  for (int t = 0; t < months; ++t) {
    if (left == 0) {
      engaged = !engaged;
      const double x = draws.from(engaged ? p.engagement_months : p.gap_months);
      const double k =
          recession[t] ? (engaged ? p.recession_engagement_multiplier : p.recession_gap_multiplier)
                       : 1.0;
      left = static_cast<int>(std::clamp(std::round(x * k), 1.0, 1e6));
      if (engaged) {
        fee = draws.from(p.day_rate) * (recession[t] ? p.recession_rate_multiplier : 1.0);
        days = draws.from(p.days_per_month);
        fee *= days;
      }
    }
    income[t] = engaged ? fee : 0.0;
    if (engaged) work += days * p.hours_per_day;
    --left;
  }
  return income;
}

std::vector<double> medium(const scenarios::MediumParams& p,
                           const std::map<std::string, double>& values,
                           const std::vector<bool>& recession, Draws& draws, Audience& audience,
                           double& work) {
  const int months = static_cast<int>(recession.size());
  std::vector<double> income(months, 0.0);
  const double per_month = std::min(values.at("medium.articles_per_week"), 1000.0) * 52 / 12;
  const double skill = values.at("medium.skill");
  double pool = values.at("medium.initial_backlog");
  const double r = release_rate(p.payout_half_life_months);
  double shock = 1;
  for (int t = 0; t < months; ++t) {
    shock = shocked_factor(p.shocks, recession[t], shock, draws);
    const std::int64_t n = draws.poisson(per_month);
    audience.medium_articles[t] = static_cast<double>(n);
    work += static_cast<double>(n) * p.hours_per_article;
    double earned = 0;
    for (std::int64_t k = 0; k < n; ++k) earned += draws.from(p.earnings_per_article);
    pool += earned * skill * std::pow(1 + p.earnings_growth_per_year, t / 12.0);
    const double released = r * pool;
    pool -= released;
    income[t] = released * (recession[t] ? p.recession_multiplier : 1.0) * shock;
  }
  return income;
}

std::vector<double> youtube(const scenarios::YoutubeParams& p,
                            const std::map<std::string, double>& values,
                            const std::vector<double>& season, const std::vector<bool>& recession,
                            Draws& draws, Audience& audience, double& work) {
  const int months = static_cast<int>(recession.size());
  std::vector<double> income(months, 0.0), hours(months, 0.0);
  const double videos = std::min(values.at("youtube.videos_per_month"), 1000.0);
  const double skill = values.at("youtube.skill"), rpm = values.at("youtube.rpm");
  std::int64_t subscribers = std::llround(values.at("youtube.initial_subscribers"));
  const double r = release_rate(p.views_half_life_months);
  double pool = 0, shock = 1;
  bool monetised = false;
  for (int t = 0; t < months; ++t) {
    shock = shocked_factor(p.shocks, recession[t], shock, draws);
    audience.youtube_subscribers[t] = static_cast<double>(subscribers);
    const std::int64_t uploads = draws.poisson(videos);
    work += static_cast<double>(uploads) * p.hours_per_video;
    const double per_video =
        (p.base_views + p.views_per_subscriber * static_cast<double>(subscribers)) * skill;
    for (std::int64_t k = 0; k < uploads; ++k)
      pool += per_video * std::exp(p.views_sigma * draws.normal());
    const double released = r * pool;
    pool -= released;
    const double views = released * (recession[t] ? p.recession_views_multiplier : 1.0);
    audience.youtube_views[t] = views;
    hours[t] = views * p.average_view_minutes / 60;
    double trailing = 0;
    for (int s = std::max(0, t - 11); s <= t; ++s) trailing += hours[s];
    if (monetised)
      income[t] =
          views * rpm * (recession[t] ? p.recession_rpm_multiplier : 1.0) * season[t] / 1000;
    if (static_cast<double>(subscribers) >= p.sponsor_min_subscribers)
      income[t] += p.sponsor_per_video * static_cast<double>(uploads);
    income[t] *= shock;
    if (static_cast<double>(subscribers) >= p.monetisation_min_subscribers &&
        trailing >= p.monetisation_min_watch_hours)
      monetised = true;
    const double room = std::max(0.0, 1 - static_cast<double>(subscribers) / p.niche_size);
    const std::int64_t joined = draws.poisson(views * p.subscribers_per_view * room);
    const std::int64_t left = draws.binomial(subscribers, p.monthly_unsubscribe);
    subscribers = std::min(kAudienceCap, subscribers + joined - left);
  }
  return income;
}

std::vector<double> newsletter(const scenarios::NewsletterParams& p,
                               const std::map<std::string, double>& values,
                               const std::vector<double>& season,
                               const std::vector<bool>& recession, Draws& draws, Audience& audience,
                               double& work) {
  const int months = static_cast<int>(recession.size());
  std::vector<double> income(months, 0.0);
  work += months * p.sends_per_month * p.hours_per_send;
  std::int64_t list = std::llround(values.at("newsletter.initial_subscribers"));
  const double organic = values.at("newsletter.organic_signups_per_month");
  const double cpm = values.at("newsletter.sponsor_cpm");
  const double conversion = values.at("newsletter.paid_conversion");
  double shock = 1;  // of sponsorship
  for (int t = 0; t < months; ++t) {
    shock = shocked_factor(p.shocks, recession[t], shock, draws);
    audience.newsletter_subscribers[t] = static_cast<double>(list);
    const double s = static_cast<double>(list);
    double revenue = 0;
    if (s >= p.sponsor_min_subscribers) {
      const std::int64_t sponsored = draws.binomial(p.sends_per_month, p.sponsor_fill_rate);
      revenue += static_cast<double>(sponsored) * s / 1000 * cpm *
                 (recession[t] ? p.recession_sponsor_multiplier : 1.0) * season[t] * shock;
    }
    if (p.paid_launch_month && t >= *p.paid_launch_month) {
      const double ramp =
          std::min(1.0, (t - *p.paid_launch_month + 1) / static_cast<double>(p.paid_ramp_months));
      revenue += s * conversion * ramp * p.paid_price * (1 - p.platform_fee);
    }
    revenue += p.affiliate_per_1000_per_send * s / 1000 * p.sends_per_month *
               (recession[t] ? p.recession_affiliate_multiplier : 1.0);
    income[t] = revenue;
    const double room = std::max(0.0, 1 - s / p.niche_size);  // saturation of the niche
    const std::int64_t joined =
        draws.poisson(organic * room) +
        draws.poisson(p.signups_per_medium_article * audience.medium_articles[t] * room) +
        draws.poisson(p.signups_per_1000_youtube_views * audience.youtube_views[t] / 1000 * room);
    const std::int64_t left = draws.binomial(list, p.monthly_churn);
    list = std::min(kAudienceCap, list + joined - left);
  }
  return income;
}

std::vector<double> products(const std::vector<scenarios::ProductParams>& list,
                             const std::map<std::string, double>& values,
                             const std::vector<bool>& recession, Draws& draws,
                             const Audience& audience, double& work) {
  const int months = static_cast<int>(recession.size());
  std::vector<double> income(months, 0.0);
  for (const auto& p : list) {
    const std::string key = "products." + p.name + ".";
    const int launch =
        static_cast<int>(std::round(std::clamp(values.at(key + "launch_month"), 0.0, 1e6)));
    const double conversion = values.at(key + "launch_conversion");
    const double decay = std::pow(0.5, 1 / p.tail_half_life_months);
    double tail = 0, shock = 1;  // shock: of marketplace revenue
    if (launch < months) work += p.hours_to_build;
    for (int t = 0; t < months; ++t) {
      shock = shocked_factor(p.marketplace_shocks, recession[t], shock, draws);
      std::int64_t launches = t == launch ? 1 : 0;
      if (t > launch) launches += draws.poisson(p.launches_per_year / 12);
      work += static_cast<double>(launches) * p.hours_per_launch;
      std::int64_t launch_units = 0;
      if (launches > 0) {
        const auto reached = static_cast<std::int64_t>(
            std::round(audience.newsletter_subscribers[t] * p.email_reach +
                       audience.youtube_subscribers[t] * p.youtube_reach + p.other_audience));
        launch_units =
            draws.binomial(launches * reached,
                           conversion * (recession[t] ? p.recession_conversion_multiplier : 1.0));
      }
      const std::int64_t tail_units = draws.poisson(tail);
      const std::int64_t market_units =
          t >= launch ? draws.poisson(p.marketplace_units_per_month) : 0;
      income[t] += static_cast<double>(launch_units + tail_units) * p.price * p.own_store_share *
                       (1 - p.refund_rate) +
                   static_cast<double>(market_units) * p.price * p.marketplace_share *
                       (1 - p.refund_rate) * shock;
      tail = tail * decay + p.tail_fraction * static_cast<double>(launch_units);
    }
  }
  return income;
}

// Income tax from the published schedules, written as the tables print them ("base plus rate
// over"), not as the bands tax.cpp sums: a year's employment and self-employment income to the
// year's income tax and social contributions.
struct OracleTax {
  double income_tax = 0, social = 0;
};
struct ScheduleRow {
  double over, base, rate;
};
// The tax of `taxable` by the last row it is over.
template <std::size_t N>
double from_schedule(double taxable, const ScheduleRow (&schedule)[N]) {
  double tax = 0;
  for (const ScheduleRow& row : schedule)
    if (taxable > row.over) tax = row.base + row.rate * (taxable - row.over);
  return tax;
}

// US single filer: the income tax schedule, the standard deduction and the social security wage
// base (IRS Rev. Proc. 2019-44 and 2024-40, the latter's deduction as OBBBA s.70102 set it).
struct OracleUsYear {
  ScheduleRow schedule[7];
  double standard_deduction, wage_base;
};
const OracleUsYear kOracleUs2020{{{0, 0, 0.10},
                                  {9'875, 987.50, 0.12},
                                  {40'125, 4'617.50, 0.22},
                                  {85'525, 14'605.50, 0.24},
                                  {163'300, 33'271.50, 0.32},
                                  {207'350, 47'367.50, 0.35},
                                  {518'400, 156'235, 0.37}},
                                 12'400,
                                 137'700};
const OracleUsYear kOracleUs2025{{{0, 0, 0.10},
                                  {11'925, 1'192.50, 0.12},
                                  {48'475, 5'578.50, 0.22},
                                  {103'350, 17'651, 0.24},
                                  {197'300, 40'199, 0.32},
                                  {250'525, 57'231, 0.35},
                                  {626'350, 188'769.75, 0.37}},
                                 15'750,
                                 176'100};

OracleTax oracle_us_single(const OracleUsYear& year, double wages, double profits) {
  double se_earnings = profits * 0.9235;
  if (se_earnings < 400) se_earnings = 0;
  double social_security_room = year.wage_base - wages;
  if (social_security_room < 0) social_security_room = 0;
  const double se_tax = 0.124 * std::min(se_earnings, social_security_room) + 0.029 * se_earnings;
  const double taxable = wages + profits - se_tax / 2 - year.standard_deduction;
  const double income_tax = taxable > 0 ? from_schedule(taxable, year.schedule) : 0.0;
  double medicare_extra = wages + se_earnings - 200'000;
  if (medicare_extra < 0) medicare_extra = 0;
  return {income_tax, 0.062 * std::min(wages, year.wage_base) + 0.0145 * wages + se_tax +
                          0.009 * medicare_extra};
}

// UK (England): the personal allowance, the schedule of taxable income, the NI thresholds and
// rates (employee Class 1, self-employed Class 4) and Class 2 a year from its profit threshold
// (HMRC rates and allowances 2020-21 and 2025-26).
struct OracleUkYear {
  double allowance;
  ScheduleRow schedule[3];
  double ni_threshold, ni_upper, class1_rate, class4_rate, class2_a_year, class2_from;
};
const OracleUkYear kOracleUk2020{
    12'500, {{0, 0, 0.20}, {37'500, 7'500, 0.40}, {150'000, 52'500, 0.45}},
    9'500,  50'000,
    0.12,   0.09,
    158.60, 6'475};
const OracleUkYear kOracleUk2025{
    12'570, {{0, 0, 0.20}, {37'700, 7'540, 0.40}, {125'140, 42'516, 0.45}},
    12'570, 50'270,
    0.08,   0.06,
    0,      0};

OracleTax oracle_uk(const OracleUkYear& year, double employment, double profits) {
  const double income = employment + profits;
  double allowance = year.allowance;
  if (income > 100'000) allowance = std::max(0.0, year.allowance - (income - 100'000) / 2);
  const double income_tax = from_schedule(std::max(0.0, income - allowance), year.schedule);
  auto national_insurance = [&](double x, double main_rate) {
    if (x <= year.ni_threshold) return 0.0;
    if (x <= year.ni_upper) return main_rate * (x - year.ni_threshold);
    return main_rate * (year.ni_upper - year.ni_threshold) + 0.02 * (x - year.ni_upper);
  };
  const double class2 =
      year.class2_a_year > 0 && profits >= year.class2_from ? year.class2_a_year : 0.0;
  return {income_tax, national_insurance(employment, year.class1_rate) +
                          national_insurance(profits, year.class4_rate) + class2};
}

// India's new regime: the slab schedule, the standard deduction on salary, the s.87A rebate (all
// tax up to its limit; from 2025-26 with marginal relief above), the surcharge rates at 50 lakh,
// 1, 2 and 5 crore, and 4% cess (Finance Acts 2020 and 2025).
struct OracleIndiaYear {
  ScheduleRow slabs[7];
  double salary_deduction, rebate_limit;
  bool rebate_marginal_relief;
  double surcharge[4];
};
const OracleIndiaYear kOracleIndia2020{{{0, 0, 0},
                                        {250'000, 0, 0.05},
                                        {500'000, 12'500, 0.10},
                                        {750'000, 37'500, 0.15},
                                        {1'000'000, 75'000, 0.20},
                                        {1'250'000, 125'000, 0.25},
                                        {1'500'000, 187'500, 0.30}},
                                       0,
                                       500'000,
                                       false,
                                       {0.10, 0.15, 0.25, 0.37}};
const OracleIndiaYear kOracleIndia2025{{{0, 0, 0},
                                        {400'000, 0, 0.05},
                                        {800'000, 20'000, 0.10},
                                        {1'200'000, 60'000, 0.15},
                                        {1'600'000, 120'000, 0.20},
                                        {2'000'000, 200'000, 0.25},
                                        {2'400'000, 300'000, 0.30}},
                                       75'000,
                                       1'200'000,
                                       true,
                                       {0.10, 0.15, 0.25, 0.25}};

OracleTax oracle_india_new(const OracleIndiaYear& year, double salary, double profits) {
  const double income = std::max(0.0, salary - year.salary_deduction) + profits;
  double tax = from_schedule(income, year.slabs);
  if (income <= year.rebate_limit)
    tax = 0;  // the rebate is the whole slab tax up to the limit, in both years
  else if (year.rebate_marginal_relief && tax > income - year.rebate_limit)
    tax = income - year.rebate_limit;
  const double thresholds[] = {5'000'000, 10'000'000, 20'000'000, 50'000'000};
  for (int k = 3; k >= 0; --k)
    if (income > thresholds[k]) {
      const double below = k > 0 ? year.surcharge[k - 1] : 0.0;
      tax =
          std::min(tax * (1 + year.surcharge[k]),
                   from_schedule(thresholds[k], year.slabs) * (1 + below) + income - thresholds[k]);
      break;
    }
  return {tax * 1.04, 0};
}

OracleTax oracle_tax(const scenarios::TaxSystem& system, double employment, double profits) {
  employment = std::max(0.0, employment);
  profits = std::max(0.0, profits);
  switch (system.kind) {
    case scenarios::TaxSystemKind::uk_2020:
      return oracle_uk(kOracleUk2020, employment, profits);
    case scenarios::TaxSystemKind::us_2020_single:
      return oracle_us_single(kOracleUs2020, employment, profits);
    case scenarios::TaxSystemKind::india_2020_new:
      return oracle_india_new(kOracleIndia2020, employment, profits);
    case scenarios::TaxSystemKind::uk_2025:
      return oracle_uk(kOracleUk2025, employment, profits);
    case scenarios::TaxSystemKind::us_2025_single:
      return oracle_us_single(kOracleUs2025, employment, profits);
    case scenarios::TaxSystemKind::india_2025_new:
      return oracle_india_new(kOracleIndia2025, employment, profits);
    case scenarios::TaxSystemKind::flat:
      break;
  }
  return {system.flat_rate * (employment + profits), 0};
}

double total_of(const OracleTax& tax) { return tax.income_tax + tax.social; }

// The oracle's report: per series (streams, the total, then tax and net with [tax]) and period,
// every trial's sum; per stream and the total, every trial's hours of work and income per hour
// (NaN without hours).
struct OracleReport {
  std::vector<std::vector<std::vector<double>>> sums;
  std::vector<std::vector<double>> hours, income_per_hour;
};

OracleReport oracle_run(const scenarios::Scenario& scenario, const std::string& text,
                        const std::vector<engine::Period>& periods) {
  const auto& model = scenario.model;
  const int months = model.horizon;
  const auto names = model.stream_names();
  const PerTrial per_trial(scenario, text);
  const auto youtube_season = seasonal_factors(text, "youtube", months);
  const auto newsletter_season = seasonal_factors(text, "newsletter", months);
  const std::size_t total = names.size();
  OracleReport report;
  report.hours.assign(names.size() + 1, std::vector<double>(kTrials));
  report.income_per_hour = report.hours;
  auto& sums = report.sums;
  sums.assign(names.size() + (model.tax ? 5 : 1),
              std::vector<std::vector<double>>(periods.size(), std::vector<double>(kTrials)));
  // The tax system's currency among the rates (-1: the reporting currency, or a flat rate).
  int tax_currency = -1;
  if (model.tax)
    for (std::size_t c = 0; c < model.fx.rates().size(); ++c)
      if (model.fx.rates()[c].currency == model.tax->params.system.currency())
        tax_currency = static_cast<int>(c);
  for (std::uint64_t trial = 0; trial < kTrials; ++trial) {
    Draws draws(trial);
    // Regime.
    std::vector<bool> recession(months);
    const auto& regime = model.regime;
    const double stationary = regime.p_enter / (regime.p_enter + regime.p_exit);
    bool in = regime.start == scenarios::RegimeStart::recession ||
              (regime.start == scenarios::RegimeStart::stationary && draws.chance(stationary));
    for (int t = 0; t < months; ++t) {
      if (t > 0) in = in ? !draws.chance(regime.p_exit) : draws.chance(regime.p_enter);
      recession[t] = in;
    }
    // Currencies: fx_0 = rate, fx_t = fx_{t-1} exp(v Z - v^2 / 2).
    std::vector<std::vector<double>> fx;
    for (const auto& rate : model.fx.rates()) {
      std::vector<double> path(months, rate.rate);
      const double v = rate.monthly_volatility;
      for (int t = 1; t < months; ++t)
        path[t] = path[t - 1] * std::exp(v * draws.normal() - v * v / 2);
      fx.push_back(path);
    }
    const auto values = per_trial.draw(draws);
    Audience audience{std::vector<double>(months, 0.0), std::vector<double>(months, 0.0),
                      std::vector<double>(months, 0.0), std::vector<double>(months, 0.0)};
    std::vector<std::vector<double>> incomes;
    std::vector<double> work;
    work.reserve(8);  // each reference below is used before the next is made, but keep them valid
    auto worked = [&]() -> double& { return work.emplace_back(0.0); };
    if (const auto& s = model.stream<scenarios::CareerStream>())
      incomes.push_back(career(s->params, values.at("career.salary"), recession, draws, worked()));
    if (const auto& s = model.stream<scenarios::ConsultingStream>())
      incomes.push_back(consulting(s->params, recession, draws, worked()));
    if (const auto& s = model.stream<scenarios::MediumStream>())
      incomes.push_back(medium(s->params, values, recession, draws, audience, worked()));
    if (const auto& s = model.stream<scenarios::YoutubeStream>())
      incomes.push_back(
          youtube(s->params, values, youtube_season, recession, draws, audience, worked()));
    if (const auto& s = model.stream<scenarios::NewsletterStream>())
      incomes.push_back(
          newsletter(s->params, values, newsletter_season, recession, draws, audience, worked()));
    if (const auto& s = model.stream<scenarios::ProductsStream>())
      incomes.push_back(products(s->products, values, recession, draws, audience, worked()));
    EXPECT_EQ(incomes.size(), names.size());
    // In the reporting currency, month by month; the total.
    std::vector<std::vector<double>> series(incomes.size() + 1, std::vector<double>(months, 0.0));
    for (std::size_t k = 0; k < incomes.size(); ++k) {
      const int currency = model.stream_currency[k];
      for (int t = 0; t < months; ++t) {
        series[k][t] = incomes[k][t] * (currency >= 0 ? fx[currency][t] : 1.0);
        series[total][t] += series[k][t];
      }
    }
    work.push_back(std::accumulate(work.begin(), work.end(), 0.0));  // the total's
    for (std::size_t k = 0; k <= total; ++k) {
      const double earned = std::accumulate(series[k].begin(), series[k].end(), 0.0);
      report.hours[k][trial] = work[k];
      report.income_per_hour[k][trial] =
          work[k] > 0 ? earned / work[k] : std::numeric_limits<double>::quiet_NaN();
    }
    if (model.tax) {
      // Tax years on the country's calendar: the UK's and India's from April, the US's from
      // January, a flat rate's every 12 months from the start. In the k-th month of a tax year,
      // payslips take from the salary by the country's rule: UK income tax k/12 of the tax on
      // the salary to date times 12/k, NI on the month's pay alone (a twelfth of the annual NI
      // on twelve such months); US a twelfth of the income tax on twelve such months, social
      // security on the part of the month's pay below the wage base, Medicare on all of it and
      // 0.9% on the part above $200,000 of the year's; India the tax on the year's salary
      // estimated from the month's (to date plus the month's for each month left), less what is
      // deducted, over the months left; flat the UK's cumulative rule. Self-employment adds, to
      // date, k/12 of what the profits add to the annualised tax. The year's last month in the
      // horizon pays the rest of its actual tax.
      const scenarios::TaxSystem& system = model.tax->params.system;
      using Kind = scenarios::TaxSystemKind;
      const bool us = system.kind == Kind::us_2020_single || system.kind == Kind::us_2025_single;
      const bool uk = system.kind == Kind::uk_2020 || system.kind == Kind::uk_2025;
      const bool india = system.kind == Kind::india_2020_new || system.kind == Kind::india_2025_new;
      const int first_month = us ? 1 : system.kind == Kind::flat ? 0 : 4;  // UK, India
      const auto new_tax_year = [&](int t) {
        if (first_month == 0) return t % 12 == 0;
        return t == 0 || (model.start_month + t - 1) % 12 + 1 == first_month;
      };
      const auto months_left = [&](int t) {
        int left = 1;
        while (left < 12 &&
               !(first_month == 0 ? (t + left) % 12 == 0
                                  : (model.start_month + t + left - 1) % 12 + 1 == first_month))
          ++left;
        return left;
      };
      const double wage_base =
          system.kind == Kind::us_2025_single ? kOracleUs2025.wage_base : kOracleUs2020.wage_base;
      const bool has_career = model.stream<scenarios::CareerStream>().has_value();
      std::vector<double> income_tax(months), social(months), tax(months), net(months);
      double salary_to_date = 0, other_to_date = 0;
      OracleTax withheld, by_payslip;
      int k = 0;
      for (int t = 0; t < months; ++t) {
        if (new_tax_year(t)) salary_to_date = other_to_date = 0, withheld = by_payslip = {}, k = 0;
        ++k;
        const double rate = tax_currency >= 0 ? fx[tax_currency][t] : 1.0;
        const double salary = (has_career ? series[0][t] : 0.0) / rate;
        const double salary_before = salary_to_date;
        salary_to_date += salary;
        other_to_date += series[total][t] / rate - salary;
        OracleTax due;
        if (t + 1 == months || new_tax_year(t + 1)) {
          due = oracle_tax(system, salary_to_date, other_to_date);
        } else {
          const double scale = 12.0 / k;
          if (us) {
            by_payslip.income_tax += oracle_tax(system, 12 * salary, 0).income_tax / 12;
            by_payslip.social +=
                0.062 * (std::min(salary_to_date, wage_base) - std::min(salary_before, wage_base)) +
                0.0145 * salary +
                0.009 * (std::max(salary_to_date - 200'000, 0.0) -
                         std::max(salary_before - 200'000, 0.0));
          } else if (india) {
            const int left = months_left(t);
            const double estimate = salary_to_date + salary * (left - 1);
            by_payslip.income_tax +=
                (oracle_tax(system, estimate, 0).income_tax - by_payslip.income_tax) / left;
          } else {
            by_payslip.income_tax =
                oracle_tax(system, salary_to_date * scale, 0).income_tax / scale;
            if (uk) by_payslip.social += oracle_tax(system, 12 * salary, 0).social / 12;
          }
          const OracleTax with_profits =
              oracle_tax(system, salary_to_date * scale, other_to_date * scale);
          const OracleTax salary_alone = oracle_tax(system, salary_to_date * scale, 0);
          due.income_tax =
              by_payslip.income_tax + (with_profits.income_tax - salary_alone.income_tax) / scale;
          due.social = by_payslip.social + (with_profits.social - salary_alone.social) / scale;
        }
        income_tax[t] = (due.income_tax - withheld.income_tax) * rate;
        social[t] = (due.social - withheld.social) * rate;
        withheld = due;
        tax[t] = income_tax[t] + social[t];
        net[t] = series[total][t] - tax[t];
      }
      for (auto* derived : {&income_tax, &social, &tax, &net}) series.push_back(*derived);
    }
    for (std::size_t k = 0; k < series.size(); ++k)
      for (std::size_t q = 0; q < periods.size(); ++q) {
        double sum = 0;
        for (int t = periods[q].first_month; t < periods[q].end_month; ++t) sum += series[k][t];
        sums[k][q][trial] = sum;
      }
  }
  return report;
}

// The p-quantile of the values (the order statistic of rank ceil(n p)) and the standard error
// from its distribution-free 95% interval, as derived at the top.
std::pair<double, double> percentile_and_se(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  auto at_rank = [&](double rank) {
    const auto r = static_cast<std::size_t>(std::clamp(std::ceil(rank), 1.0, n));
    return values[r - 1];
  };
  const double spread = 1.96 * std::sqrt(n * p * (1 - p));
  return {at_rank(n * p), (at_rank(n * p + spread) - at_rank(n * p - spread)) / (2 * 1.96)};
}

void expect_oracle_agrees(const std::string& text, const std::string& name) {
  const auto scenario = scenarios::load_scenario_text(text, name);
  const engine::TrialResults results = test_support::run(scenario, kTrials, 11);
  const engine::Summary summary = engine::summarise(results, {}, scenario.name, 11);
  const OracleReport report = oracle_run(scenario, text, results.periods());
  const auto& oracle = report.sums;
  const auto& series = results.series_names();
  ASSERT_EQ(oracle.size(), series.size());
  // The normal approximation of a percentile, and its se read off the order statistics around
  // it, hold only where enough trials lie beyond it: at least 100 (n min(p, 1 - p) >= 100),
  // which every default percentile meets at 20,000 trials and P1 and P99 miss at the sanitizers'
  // 4,000 (40 trials: the se then rests on a window of 25 tail order statistics, and a correct
  // model's social contributions in a year of layoffs once stood 4.01 of them apart).
  std::vector<double> percents;
  for (double percent : engine::kDefaultPercentiles)
    if (static_cast<double>(kTrials) * std::min(percent, 100 - percent) / 100 >= 100)
      percents.push_back(percent);
  std::size_t compared = 0;
  for (std::size_t k = 0; k < series.size(); ++k)
    for (std::size_t q = 0; q < results.periods().size(); ++q)
      for (double percent : percents) {
        const auto& period = results.periods()[q].name;
        const auto& row = summary.find(series[k], period, engine::metric::percentile(percent));
        const double se_engine = (row.estimate.ci_high - row.estimate.ci_low) / (2 * 1.96);
        const auto [value, se_oracle] = percentile_and_se(oracle[k][q], percent / 100);
        const double tolerance = 4 * std::hypot(se_engine, se_oracle);
        // Float storage of the engine's per-trial values: a relative 1e-6 on top.
        EXPECT_LE(std::abs(row.estimate.value - value), tolerance + 1e-6 * std::abs(value))
            << series[k] << " " << period << " P" << percent << ": incomesim " << row.estimate.value
            << ", oracle " << value << ", combined se " << std::hypot(se_engine, se_oracle);
        ++compared;
      }
  EXPECT_EQ(compared, series.size() * results.periods().size() * percents.size());
  if (kTrials >= 20000) {
    EXPECT_EQ(percents.size(), engine::kDefaultPercentiles.size());
  }

  // Effort: the means of hours and income per hour of each stream and the total, within 4
  // combined standard errors of the mean (hours are discrete, so their percentiles can sit on
  // either side of an atom and are not compared).
  auto streams = scenario.model.stream_names();
  streams.emplace_back("total");
  for (std::size_t k = 0; k < streams.size(); ++k)
    for (const auto& [name, values] :
         {std::pair{std::string("hours"), &report.hours[k]},
          std::pair{std::string("income_per_hour"), &report.income_per_hour[k]}}) {
      std::vector<double> applicable;
      for (double v : *values)
        if (!std::isnan(v)) applicable.push_back(v);
      const auto& mean_row = summary.find(streams[k], "horizon", name + "_mean");
      const auto& se_row = summary.find(streams[k], "horizon", name + "_se_mean");
      const auto oracle_mean = test_support::mean_and_error(applicable);
      const double tolerance = 4 * std::hypot(se_row.estimate.value, oracle_mean.standard_error) +
                               1e-6 * std::abs(oracle_mean.mean);
      EXPECT_NEAR(mean_row.estimate.value, oracle_mean.mean, tolerance)
          << streams[k] << " " << name << " mean";
    }
}

// The oracle's own schedules give the worked answers of docs/calibration.md, so that its
// agreement with tax.cpp on the bundled scenarios is agreement with the published tables.
TEST(Oracle, TaxSchedulesGiveTheWorkedAnswers) {
  const auto system = [](scenarios::TaxSystemKind kind) {
    scenarios::TaxSystem s;
    s.kind = kind;
    return s;
  };
  using Kind = scenarios::TaxSystemKind;
  // 2020: UK salary 60,000: 11,500 + 4,860 NI (12% of 40,500) + 200 (2% of 10,000); US wages
  // 120,000: 19,903.50 + 9,180 FICA; India 10 lakh: 75,000 x 1.04 and 5 lakh exactly: 0.
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::uk_2020), 60'000, 0)), 11'500 + 4'860 + 200, 1e-9);
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::us_2020_single), 120'000, 0)), 19'903.50 + 9'180,
              1e-9);
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::india_2020_new), 1'000'000, 0)), 78'000, 1e-9);
  EXPECT_EQ(total_of(oracle_tax(system(Kind::india_2020_new), 500'000, 0)), 0);
  // 2025-26: UK salary 60,000: 11,432 + 3,210.60; profit 30,000: 3,486 + 1,045.80. US wages
  // 100,000: 13,449 + 7,650. India salary 15 lakh: 97,500; 12.75 lakh: 0; 13 lakh: 26,000 (the
  // marginal relief); business income 15 lakh: 1,09,200.
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::uk_2025), 60'000, 0)), 11'432 + 3'210.60, 1e-9);
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::uk_2025), 0, 30'000)), 3'486 + 1'045.80, 1e-9);
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::us_2025_single), 100'000, 0)), 13'449 + 7'650, 1e-9);
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::india_2025_new), 1'500'000, 0)), 97'500, 1e-9);
  EXPECT_EQ(total_of(oracle_tax(system(Kind::india_2025_new), 1'275'000, 0)), 0);
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::india_2025_new), 1'300'000, 0)), 26'000, 1e-9);
  EXPECT_NEAR(total_of(oracle_tax(system(Kind::india_2025_new), 0, 1'500'000)), 109'200, 1e-9);
}

class Oracle : public ::testing::TestWithParam<std::string> {};

TEST_P(Oracle, EveryPercentileOfEveryStreamAndPeriodAgrees) {
  const fs::path path = fs::path(INCOMESIM_EXAMPLES_DIR) / GetParam();
  const auto source = scenarios::read_scenario_source(path.string());
  expect_oracle_agrees(source.text, source.name);
}

// Every rule the bundled scenarios leave at zero or off, switched on: frequent recessions, a
// volatile second currency, raises with a freeze, benefits and rehire changes, consulting in a
// downturn, Medium's growth and backlog, YouTube's sponsorship and a channel past the gate,
// the newsletter's paid tier, affiliate income and the funnel from both platforms, a product with
// relaunches, a tail and a marketplace, a copula over three parameters, a start in October with
// the default seasonality (YouTube) and a curve of the file's own (newsletter), and niches small
// enough to saturate, and platform shocks on Medium, YouTube, sponsorship and a marketplace.
// Changed in the oracle, consulting's recession rate, sponsorship x0.8, the paid ramp a month late,
// Medium's growth a month early and a dropped benefit each fail here; the raise freeze and
// affiliate's recession cut move their series by less than the resolution of 20,000 trials.
TEST(Oracle, EveryRuleSwitchedOn) {
  expect_oracle_agrees(R"(
    name = "everything"
    currency = "USD"
    horizon_months = 30
    start_month = 10
    [fx]
    EUR = { rate = 1.1, monthly_volatility = 0.04 }
    GBP = { rate = 1.3, monthly_volatility = 0.03 }
    [tax]
    system = "uk-2020"
    [regime]
    start = "stationary"
    p_enter = 0.06
    p_exit = 0.15
    [career]
    salary = { dist = "normal", mean = 90000, sd = 12000 }
    recession_raise_freeze = 0.6
    layoff_hazard = 0.02
    severance_months = 2
    unemployment_benefit = 900
    rehire_salary_change = { dist = "lognormal", median = 0.95, sigma = 0.15 }
    [consulting]
    currency = "EUR"
    start = "engaged"
    day_rate = { dist = "lognormal", p50 = 500, p90 = 800 }
    days_per_month = { dist = "uniform", low = 8, high = 15 }
    recession_rate_multiplier = 0.7
    [medium]
    articles_per_week = { dist = "gamma", mean = 2, sd = 1 }
    initial_backlog = { dist = "uniform", low = 0, high = 2000 }
    earnings_growth_per_year = 0.3
    recession_multiplier = 0.5
    shock_hazard = 0.04
    [youtube]
    videos_per_month = 3
    initial_subscribers = { dist = "uniform", low = 500, high = 30000 }
    base_views = 200
    sponsor_per_video = 300
    sponsor_min_subscribers = 8000
    monetisation_min_watch_hours = 1000
    niche_size = 40000
    shock_hazard = 0.05
    shock_size = { dist = "lognormal", median = 0.5, sigma = 0.3 }
    [newsletter]
    initial_subscribers = { dist = "uniform", low = 1000, high = 12000 }
    paid_launch_month = 6
    paid_ramp_months = 4
    affiliate_per_1000_per_send = 3
    sponsor_fill_rate = 0.7
    niche_size = 15000
    shock_hazard = 0.03
    shock_recession_multiplier = 2
    seasonality = [1, 1, 1, 1, 1, 1, 3, 3, 3, 1, 1, 1]
    [[products]]
    name = "course"
    price = 149
    launch_month = { dist = "uniform", low = 2, high = 10 }
    launches_per_year = 2
    marketplace_units_per_month = 3
    shock_hazard = 0.05
    shock_size = { dist = "uniform", low = 0.3, high = 0.9 }
    [[correlation]]
    a = "medium.skill"
    b = "youtube.skill"
    rho = 0.6
    [[correlation]]
    a = "youtube.rpm"
    b = "newsletter.sponsor_cpm"
    rho = 0.4
    [[correlation]]
    a = "medium.skill"
    b = "newsletter.sponsor_cpm"
    rho = 0.2
  )",
                       "everything.toml");
}

INSTANTIATE_TEST_SUITE_P(BundledScenarios, Oracle,
                         ::testing::Values("alake-2020.toml", "course-creator.toml",
                                           "creator-leap.toml", "full-time-contractor.toml",
                                           "india-ml-engineer-side-income.toml",
                                           "medium-population-2020.toml", "steady-job.toml",
                                           "us-ml-engineer-side-income.toml"),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
