#include "scenarios/income_model.hpp"

#include <algorithm>
#include <cmath>

namespace incomesim::scenarios {

std::vector<std::string> IncomeModel::stream_names() const {
  std::vector<std::string> names;
  if (career) names.push_back("career");
  if (consulting) names.push_back("consulting");
  if (medium) names.push_back("medium");
  if (youtube) names.push_back("youtube");
  if (newsletter) names.push_back("newsletter");
  return names;
}

std::vector<engine::OutcomeSpec> IncomeModel::outcome_specs() const {
  if (!household) return {};
  using engine::OutcomeKind;
  return {{"household", "p_ruin", OutcomeKind::probability},
          {"household", "ruin_month", OutcomeKind::amount},
          {"household", "final_balance", OutcomeKind::amount},
          {"household", "negative_cash_flow_months", OutcomeKind::amount}};
}

std::vector<PerTrialRef> IncomeModel::per_trial_parameters() {
  std::vector<PerTrialRef> all;
  auto append = [&all](std::vector<PerTrialRef> refs) {
    all.insert(all.end(), refs.begin(), refs.end());
  };
  if (career) append(career->per_trial_parameters());
  if (medium) append(medium->per_trial_parameters());
  if (youtube) append(youtube->per_trial_parameters());
  if (newsletter) append(newsletter->per_trial_parameters());
  if (household) append(household->per_trial_parameters());
  return all;
}

IncomeModel::Workspace IncomeModel::make_workspace(std::size_t capacity,
                                                   bool record_states) const {
  Workspace w;
  const std::size_t cells = capacity * static_cast<std::size_t>(horizon);
  w.in_recession.assign(cells, 0);
  w.copula_scores.assign(copula.size() * capacity, 0.0);
  w.fx_paths.assign(fx.rates().size() * cells, 0.0);
  w.medium_articles.assign(cells, 0.0);
  w.youtube_views.assign(cells, 0.0);
  w.youtube_subscribers.assign(cells, 0.0);
  w.newsletter_subscribers.assign(cells, 0.0);
  if (household) {
    w.total_income.assign(cells, 0.0);
    w.household_balance.assign(cells, 0.0);
  }
  if (record_states && career) w.career_salary.assign(cells, 0.0);
  if (record_states && consulting) w.consulting_engaged.assign(cells, 0.0);
  if (career) w.career.resize(capacity);
  if (consulting) w.consulting.resize(capacity);
  if (medium) w.medium.resize(capacity);
  if (youtube) w.youtube.resize(capacity);
  if (newsletter) w.newsletter.resize(capacity);
  return w;
}

void IncomeModel::simulate_block(Workspace& w, const engine::BlockContext& context,
                                 engine::MonthlyIncomes& out) const {
  const std::size_t stride = out.capacity();
  const std::size_t cells = stride * static_cast<std::size_t>(horizon);
  w.draws.start(context.seed, context.first_trial, context.trial_count);
  simulate_regime(regime, w.draws, horizon, stride, w.in_recession.data(), w.per_trial_scratch);
  StreamBlock block{context.seed,          context.first_trial,
                    context.trial_count,   horizon,
                    stride,                w.in_recession.data(),
                    {w.copula_scores.data(), stride}, &w.draws};
  if (!copula.empty()) copula.normal_scores(block, w.copula_scores.data());
  for (std::size_t c = 0; c < fx.rates().size(); ++c)
    fx.simulate(block, static_cast<int>(c), w.fx_paths.data() + c * cells, w.per_trial_scratch);

  std::size_t stream = 0;
  auto recorded = [](std::vector<double>& states) {
    return states.empty() ? nullptr : states.data();
  };
  if (career) career->simulate(block, w.career, out.row(stream++, 0), recorded(w.career_salary));
  if (consulting)
    consulting->simulate(block, w.consulting, out.row(stream++, 0),
                         recorded(w.consulting_engaged));
  if (medium) medium->simulate(block, w.medium, out.row(stream++, 0), w.medium_articles.data());
  if (youtube)
    youtube->simulate(block, w.youtube, out.row(stream++, 0), w.youtube_views.data(),
                      w.youtube_subscribers.data());
  if (newsletter)
    newsletter->simulate(block, w.medium_articles.data(), w.youtube_views.data(), w.newsletter,
                         out.row(stream++, 0), w.newsletter_subscribers.data());

  // Into the reporting currency.
  for (std::size_t s = 0; s < stream; ++s) {
    if (stream_currency[s] < 0) continue;
    const double* path = w.fx_paths.data() + static_cast<std::size_t>(stream_currency[s]) * cells;
    double* income = out.row(s, 0);
    for (int month = 0; month < horizon; ++month)
      for (std::size_t i = 0; i < context.trial_count; ++i)
        income[month * stride + i] *= path[month * stride + i];
  }

  if (household) {
    double* total = w.total_income.data();
    std::fill(total, total + cells, 0.0);
    for (std::size_t s = 0; s < stream; ++s) {
      const double* income = out.row(s, 0);
      for (std::size_t cell = 0; cell < cells; ++cell) total[cell] += income[cell];
    }
    household->simulate(block, total,
                        {out.outcome(0), out.outcome(1), out.outcome(2), out.outcome(3)},
                        w.household_balance.data());
  }
}

TrialTrace trace_trial(const IncomeModel& model, std::uint64_t seed, std::uint64_t trial) {
  const auto streams = model.stream_names();
  const auto outcomes = model.outcome_specs();
  IncomeModel::Workspace w = model.make_workspace(1, true);
  engine::MonthlyIncomes incomes(streams.size(), model.horizon, 1, outcomes.size());
  incomes.reset(1);
  model.simulate_block(w, {seed, trial, 1}, incomes);

  TrialTrace trace;
  trace.columns = {"month", "regime"};
  for (const auto& rate : model.fx.rates()) trace.columns.push_back("fx_" + rate.currency);
  if (model.career) trace.columns.push_back("career_salary");
  if (model.consulting) trace.columns.push_back("consulting_engaged");
  if (model.medium) trace.columns.push_back("medium_articles");
  if (model.youtube) {
    trace.columns.push_back("youtube_views");
    trace.columns.push_back("youtube_subscribers");
  }
  if (model.newsletter) trace.columns.push_back("newsletter_subscribers");
  trace.columns.insert(trace.columns.end(), streams.begin(), streams.end());
  trace.columns.push_back("total");
  if (model.household) trace.columns.push_back("household_balance");
  const std::size_t cells = static_cast<std::size_t>(model.horizon);
  for (int month = 0; month < model.horizon; ++month) {
    std::vector<double> row{static_cast<double>(month),
                            static_cast<double>(w.in_recession[month])};
    for (std::size_t c = 0; c < model.fx.rates().size(); ++c)
      row.push_back(w.fx_paths[c * cells + month]);
    if (model.career) row.push_back(w.career_salary[month]);
    if (model.consulting) row.push_back(w.consulting_engaged[month]);
    if (model.medium) row.push_back(w.medium_articles[month]);
    if (model.youtube) {
      row.push_back(w.youtube_views[month]);
      row.push_back(w.youtube_subscribers[month]);
    }
    if (model.newsletter) row.push_back(w.newsletter_subscribers[month]);
    double total = 0;
    for (std::size_t s = 0; s < streams.size(); ++s) {
      row.push_back(incomes.row(s, month)[0]);
      total += incomes.row(s, month)[0];
    }
    row.push_back(total);
    if (model.household) row.push_back(w.household_balance[month]);
    trace.rows.push_back(std::move(row));
  }
  return trace;
}

}  // namespace incomesim::scenarios
