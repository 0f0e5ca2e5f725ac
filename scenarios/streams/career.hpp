#pragma once
// The salaried job (docs/models.md, "Career"): per-trial salary, yearly raises (frozen with some
// probability in a recession), layoffs whose hazard rises in a recession, severance, a spell of
// unemployment, and re-employment at a changed salary.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "random/components.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct CareerParams {
  bool start_employed = true;
  PerTrialParameter salary;              // annual
  dist::Distribution annual_raise;       // per raise
  double recession_raise_freeze = 0.15;  // P(raise = 0) in a recession
  double layoff_hazard = 0.004;          // monthly
  double recession_layoff_multiplier = 3;
  double severance_months = 1;
  dist::Distribution unemployment_months;  // per layoff
  double recession_unemployment_multiplier = 1.7;
  dist::Distribution rehire_salary_change;  // per re-employment, multiplies the salary
  double unemployment_benefit = 0;          // monthly, while out of work
  double hours_per_month = 160;             // worked in each month in a job (effort)

  static CareerParams read(TableReader& reader);
};

// Block state, struct of arrays over the block's trials.
struct CareerState {
  std::vector<double> work_hours;  // over the block's months, per trial (effort)
  std::vector<double> salary;
  std::vector<std::int32_t> months_in_job;
  std::vector<std::int32_t> unemployed_months_left;  // 0 while employed
  std::vector<double> layoff_uniform;                // this month's layoff draw, per trial
  // A month's events, the trials they happen to and their draws in list order: raises (and
  // recession freezes), layoffs' unemployment spells, rehires.
  std::vector<std::uint32_t> raising, freezing, laid_off, rehiring;
  std::vector<double> raise, freeze_uniform, spell, salary_change;
  void resize(std::size_t capacity);
};

struct CareerStream {
  static constexpr std::string_view kName = "career";
  static constexpr std::uint16_t kComponent = random::kCareer;
  static constexpr IncomeKind kIncomeKind = IncomeKind::employment;
  // The audience signals it writes for the streams after it, and those it reads.
  static constexpr std::array<Signal, 0> kWrites{};
  static constexpr std::array<Signal, 0> kReads{};
  // Traces: the annual salary, 0 while out of work.
  static constexpr std::array<std::string_view, 1> kTraceColumns = {"salary"};
  using State = CareerState;

  CareerParams params;

  static CareerStream read(TableReader& reader, const StreamContext&) {
    return {CareerParams::read(reader)};
  }
  std::vector<NamedParameter> per_trial_parameters() const { return {{"salary", &params.salary}}; }
  // Writes income (own currency) to income[month * stride + i].
  void simulate(const StreamBlock& block, CareerState& state, AudienceSignals& signals,
                double* income, const TraceColumns& trace) const;
};

}  // namespace incomesim::scenarios
