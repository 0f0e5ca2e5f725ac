#include "scenarios/income_model.hpp"

namespace incomesim::scenarios {

std::vector<std::string> IncomeModel::stream_names() const {
  std::vector<std::string> names;
  if (career) names.push_back("career");
  return names;
}

IncomeModel::Workspace IncomeModel::make_workspace(std::size_t capacity) const {
  Workspace workspace;
  workspace.capacity = capacity;
  workspace.in_recession.assign(capacity * static_cast<std::size_t>(horizon), 0);
  workspace.career.resize(capacity);
  return workspace;
}

void IncomeModel::simulate_block(Workspace& workspace, const engine::BlockContext& context,
                                 engine::MonthlyIncomes& out) const {
  const std::size_t stride = out.capacity();
  simulate_regime(regime, context.seed, context.first_trial, context.trial_count, horizon, stride,
                  workspace.in_recession.data());
  std::size_t stream = 0;
  if (career) {
    career->simulate(context.seed, context.first_trial, context.trial_count, horizon, stride,
                     workspace.in_recession.data(), workspace.career, out.row(stream, 0));
    ++stream;
  }
}

TrialTrace trace_trial(const IncomeModel& model, std::uint64_t seed, std::uint64_t trial) {
  const auto streams = model.stream_names();
  IncomeModel::Workspace workspace = model.make_workspace(1);
  engine::MonthlyIncomes incomes(streams.size(), model.horizon, 1);
  incomes.reset(1);
  model.simulate_block(workspace, {seed, trial, 1}, incomes);

  TrialTrace trace;
  trace.columns = {"month", "regime"};
  trace.columns.insert(trace.columns.end(), streams.begin(), streams.end());
  trace.columns.push_back("total");
  for (int month = 0; month < model.horizon; ++month) {
    std::vector<double> row{static_cast<double>(month),
                            static_cast<double>(workspace.in_recession[month])};
    double total = 0;
    for (std::size_t s = 0; s < streams.size(); ++s) {
      row.push_back(incomes.row(s, month)[0]);
      total += incomes.row(s, month)[0];
    }
    row.push_back(total);
    trace.rows.push_back(std::move(row));
  }
  return trace;
}

}  // namespace incomesim::scenarios
