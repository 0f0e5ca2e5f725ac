#pragma once
// Writing on Medium (docs/models.md, "Medium"): Poisson articles, heavy-tailed lifetime earnings
// per article, paid out of a pool with a half-life.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "random/components.hpp"
#include "scenarios/platform_shocks.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct MediumParams {
  PerTrialParameter articles_per_week;
  PerTrialParameter skill;                  // multiplies every article's earnings
  PerTrialParameter initial_backlog;        // unpaid lifetime earnings of earlier articles
  dist::Distribution earnings_per_article;  // lifetime earnings, per article
  double earnings_growth_per_year = 0;
  double payout_half_life_months = 2;
  double recession_multiplier = 0.7;
  PlatformShocks shocks;            // of the platform's rate (off unless shock_hazard is given)
  double hours_per_article = 3.33;  // effort

  static MediumParams read(TableReader& reader);
};

struct MediumState {
  std::vector<double> pool;        // earnings not paid out yet
  std::vector<double> work_hours;  // over the block's months (effort)
  std::vector<double> articles_per_month;
  std::vector<double> skill;
  std::vector<std::int64_t> published;
  std::vector<double> lifetime_earnings;
  ShockState shocks;
  void resize(std::size_t capacity);
};

struct MediumStream {
  static constexpr std::string_view kName = "medium";
  static constexpr std::uint16_t kComponent = random::kMedium;
  static constexpr IncomeKind kIncomeKind = IncomeKind::self_employment;
  // The audience signals it writes for the streams after it, and those it reads.
  static constexpr std::array<Signal, 1> kWrites{Signal::medium_articles};
  static constexpr std::array<Signal, 0> kReads{};
  // Traces: the articles published in the month.
  static constexpr std::array<std::string_view, 1> kTraceColumns = {"articles"};
  using State = MediumState;

  MediumParams params;

  static MediumStream read(TableReader& reader, const StreamContext&) {
    return {MediumParams::read(reader)};
  }
  std::vector<NamedParameter> per_trial_parameters() const {
    return {{"articles_per_week", &params.articles_per_week},
            {"skill", &params.skill},
            {"initial_backlog", &params.initial_backlog}};
  }
  // Writes income (own currency) and signals.medium_articles.
  void simulate(const StreamBlock& block, MediumState& state, AudienceSignals& signals,
                double* income, const TraceColumns& trace) const;
};

}  // namespace incomesim::scenarios
