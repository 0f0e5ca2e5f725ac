#pragma once
// One person's plan as a model the engine can run: the shared regime, the currencies, the
// income streams the scenario has and an optional household. Satisfies engine::BlockModel.
//
// Within a block, the regime path comes first, then copula scores and exchange-rate paths, then
// each stream over all months in the order of MODEL.md (career, consulting, Medium, YouTube,
// newsletter), then the household. Every draw is addressed by (trial, stream, month, purpose),
// so this gives exactly the draws a month-by-month loop would.
#include <optional>
#include <string>
#include <vector>

#include "engine/monthly_incomes.hpp"
#include "engine/runner.hpp"
#include "scenarios/career.hpp"
#include "scenarios/consulting.hpp"
#include "scenarios/correlation.hpp"
#include "scenarios/fx.hpp"
#include "scenarios/household.hpp"
#include "scenarios/medium.hpp"
#include "scenarios/newsletter.hpp"
#include "scenarios/regime.hpp"
#include "scenarios/youtube.hpp"

namespace incomesim::scenarios {

class IncomeModel {
 public:
  struct Workspace {
    std::vector<std::uint8_t> in_recession;  // [month * capacity + i]
    std::vector<double> copula_scores;       // [member * capacity + i]
    std::vector<double> fx_paths;            // [currency][month * capacity + i]
    std::vector<double> medium_articles;     // [month * capacity + i]
    std::vector<double> youtube_views;       // [month * capacity + i]
    std::vector<double> youtube_subscribers;  // [month * capacity + i]
    std::vector<double> newsletter_subscribers;  // [month * capacity + i]
    std::vector<double> total_income;            // [month * capacity + i], with a household
    std::vector<double> household_balance;       // [month * capacity + i], with a household
    // Filled only for traces (make_workspace(capacity, true)).
    std::vector<double> career_salary;       // [month * capacity + i]
    std::vector<double> consulting_engaged;  // [month * capacity + i]
    dist::BlockSampler draws;
    std::vector<double> per_trial_scratch;  // one value per trial, for draws made in batches
    CareerState career;
    ConsultingState consulting;
    MediumState medium;
    YoutubeState youtube;
    NewsletterState newsletter;
  };

  int horizon = 36;
  RegimeParams regime;
  FxTable fx;
  Copula copula;
  std::optional<CareerStream> career;
  std::optional<ConsultingStream> consulting;
  std::optional<MediumStream> medium;
  std::optional<YoutubeStream> youtube;
  std::optional<NewsletterStream> newsletter;
  std::optional<HouseholdModel> household;
  // Index into fx.rates() of each present stream's currency (-1: the reporting currency), in
  // stream_names() order.
  std::vector<int> stream_currency;

  std::vector<std::string> stream_names() const;
  std::vector<engine::OutcomeSpec> outcome_specs() const;
  int horizon_months() const { return horizon; }
  Workspace make_workspace(std::size_t capacity, bool record_states = false) const;
  void simulate_block(Workspace& workspace, const engine::BlockContext& context,
                      engine::MonthlyIncomes& out) const;

  // Every per-trial parameter of the present streams, by key (for [[correlation]]).
  std::vector<PerTrialRef> per_trial_parameters();
};

// One trial, month by month, exactly as inside a full run (the same draws).
struct TrialTrace {
  std::vector<std::string> columns;       // "month", "regime", fx rates, streams, "total", ...
  std::vector<std::vector<double>> rows;  // one per month; regime is 0 normal / 1 recession
};
TrialTrace trace_trial(const IncomeModel& model, std::uint64_t seed, std::uint64_t trial);

}  // namespace incomesim::scenarios
