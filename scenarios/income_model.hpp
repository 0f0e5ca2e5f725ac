#pragma once
// One person's plan as a model the engine can run: the shared regime, the currencies, the
// income streams the scenario has (from the one list, scenarios/stream_list.hpp), an optional
// income tax and an optional household. Satisfies engine::BlockModel.
//
// Within a block, the regime path comes first, then copula scores and exchange-rate paths, then
// each present stream over all months in the list's order, then the tax, then the household. Every
// draw is addressed by (trial, component, month, purpose), so this gives exactly the draws a
// month-by-month loop would.
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "engine/metric_names.hpp"
#include "engine/monthly_incomes.hpp"
#include "engine/runner.hpp"
#include "scenarios/correlation.hpp"
#include "scenarios/fx.hpp"
#include "scenarios/household.hpp"
#include "scenarios/regime.hpp"
#include "scenarios/stream_list.hpp"
#include "scenarios/tax.hpp"

namespace incomesim::scenarios {

// Effort outcomes of each stream and the total: hours over the horizon, and income (gross, in the
// reporting currency) per hour, NaN for a trial with no hours.
inline constexpr std::string_view kHoursOutcome = "hours";
inline constexpr std::string_view kIncomePerHourOutcome = "income_per_hour";

class IncomeModel {
 public:
  struct Workspace {
    std::vector<std::uint8_t> in_recession;  // [month * capacity + i]
    std::vector<double> copula_scores;       // [member * capacity + i]
    std::vector<double> fx_paths;            // [currency][month * capacity + i]
    AudienceSignals signals;
    std::vector<double> total_income;       // [month * capacity + i], with tax or a household
    std::vector<double> household_balance;  // [month * capacity + i], with a household
    std::vector<double> horizon_income;     // one trial's sum over the months, per trial
    // Filled only for traces (make_workspace(capacity, true)): every present stream's
    // kTraceColumns, in list order, each [month * capacity + i].
    std::vector<std::vector<double>> trace_columns;
    std::vector<double*> trace_pointers;
    dist::BlockSampler draws;
    std::vector<double> per_trial_scratch;  // one value per trial, for draws made in batches
    PerStream<IncomeStreams>::States states;
    HouseholdState household;
    TaxState tax;

    template <class S>
    typename S::State& state() {
      return std::get<typename S::State>(states);
    }
    template <class S>
    const typename S::State& state() const {
      return std::get<typename S::State>(states);
    }
  };

  int horizon = 36;
  int start_month = 1;  // calendar month (1-12) of simulated month 0
  RegimeParams regime;
  FxTable fx;
  Copula copula;
  PerStream<IncomeStreams>::Optionals streams;
  std::optional<TaxModel> tax;
  std::optional<HouseholdModel> household;
  // Index into fx.rates() of each present stream's currency (-1: the reporting currency), in
  // stream_names() order.
  std::vector<int> stream_currency;

  template <class S>
  std::optional<S>& stream() {
    return std::get<std::optional<S>>(streams);
  }
  template <class S>
  const std::optional<S>& stream() const {
    return std::get<std::optional<S>>(streams);
  }
  // f(stream) for every present stream, in list order.
  template <class F>
  void for_each_present(F&& f) const {
    std::apply([&](const auto&... slot) { ((slot ? f(*slot) : void()), ...); }, streams);
  }

  // Where each derived series and outcome is, by name rather than by position: built once from
  // the model, read by the block simulation and outcome_specs alike.
  struct Layout {
    std::size_t streams = 0;  // rows 0 .. streams - 1 of a block's incomes
    // With [tax]: the first of its rows, in derived_series() order (income tax, social, tax, net).
    std::optional<std::size_t> tax_row;
    std::optional<std::size_t> household_first;  // with [household]: HouseholdOutcomes, in order
    std::size_t effort_first = 0;                // each stream's, then the total's, effort pair
    // Stream s's hours and income per hour (s == streams: the total's).
    std::size_t hours(std::size_t s) const { return effort_first + 2 * s; }
    std::size_t income_per_hour(std::size_t s) const { return hours(s) + 1; }
    std::size_t outcome_count() const { return hours(streams) + 2; }
  };
  Layout layout() const;

  std::vector<std::string> stream_names() const;
  // The household's outcomes (with one), then each present stream's hours of work and income per
  // hour over the horizon, then the total's (docs/models.md "Effort").
  std::vector<engine::OutcomeSpec> outcome_specs() const;
  // With [tax]: each month's income tax and social contributions withheld, their sum (tax) and
  // the net income (total less tax), after the total.
  std::vector<std::string> derived_series() const;
  // The series a statistic may name besides the total: the streams, then the derived series.
  std::vector<std::string> named_series() const;
  int horizon_months() const { return horizon; }
  Workspace make_workspace(std::size_t capacity, bool record_states = false) const;
  void simulate_block(Workspace& workspace, const engine::BlockContext& context,
                      engine::MonthlyIncomes& out) const;

  // Every per-trial parameter of the present streams and the household, by key
  // ("medium.skill"; for [[correlation]] and `sensitivity`).
  std::vector<PerTrialRef> per_trial_parameters() const;

 private:
  // Each stream's and the total's hours and income per hour, into their outcomes (streams'
  // incomes already in the reporting currency).
  void record_effort(Workspace& w, engine::MonthlyIncomes& out, const Layout& layout) const;
};

// One trial, month by month, exactly as inside a full run (the same draws).
struct TrialTrace {
  std::vector<std::string> columns;       // "month", "regime", fx rates, streams, "total", ...
  std::vector<std::vector<double>> rows;  // one per month; regime is 0 normal / 1 recession
};
TrialTrace trace_trial(const IncomeModel& model, std::uint64_t seed, std::uint64_t trial);

}  // namespace incomesim::scenarios
