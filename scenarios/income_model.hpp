#pragma once
// One person's plan as a model the engine can run: the shared regime and each income stream the
// scenario has. Satisfies engine::BlockModel. Streams are stepped one after another over all
// months of a block; because every draw is addressed by (trial, stream, month, purpose), this
// gives exactly the draws a month-by-month order would.
#include <optional>
#include <string>
#include <vector>

#include "engine/monthly_incomes.hpp"
#include "engine/runner.hpp"
#include "scenarios/career.hpp"
#include "scenarios/regime.hpp"

namespace incomesim::scenarios {

class IncomeModel {
 public:
  struct Workspace {
    std::size_t capacity = 0;
    std::vector<std::uint8_t> in_recession;  // [month * capacity + i]
    CareerState career;
  };

  int horizon = 36;
  RegimeParams regime;
  std::optional<CareerStream> career;

  std::vector<std::string> stream_names() const;
  int horizon_months() const { return horizon; }
  Workspace make_workspace(std::size_t capacity) const;
  void simulate_block(Workspace& workspace, const engine::BlockContext& context,
                      engine::MonthlyIncomes& out) const;
};

// One trial, month by month, exactly as inside a full run (the same draws).
struct TrialTrace {
  std::vector<std::string> columns;        // "month", "regime", each stream, "total"
  std::vector<std::vector<double>> rows;   // one per month; regime is 0 normal / 1 recession
};
TrialTrace trace_trial(const IncomeModel& model, std::uint64_t seed, std::uint64_t trial);

}  // namespace incomesim::scenarios
