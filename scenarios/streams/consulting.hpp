#pragma once
// Contract work (docs/models.md, "Consulting"): an alternating renewal process of bench and
// engaged spells, each engagement with its own day rate and days per month.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "random/components.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct ConsultingParams {
  bool start_engaged = false;
  dist::Distribution gap_months;         // bench spell, before rounding
  dist::Distribution engagement_months;  // engaged spell, before rounding
  dist::Distribution day_rate;           // per engagement
  dist::Distribution days_per_month;     // per engagement
  double recession_gap_multiplier = 2.0;
  double recession_engagement_multiplier = 0.8;
  double recession_rate_multiplier = 0.97;
  double hours_per_day = 8;  // effort per day billed

  static ConsultingParams read(TableReader& reader);
};

struct ConsultingState {
  std::vector<std::uint8_t> engaged;
  std::vector<std::int32_t> months_left;  // in the current spell
  std::vector<double> monthly_fee;        // day rate x days per month of the engagement
  std::vector<double> days;               // days per month of the engagement
  std::vector<double> work_hours;         // over the block's months (effort)
  // A month's new spells: the trials starting an engagement, and those starting a gap, with
  // their draws in list order.
  std::vector<std::uint32_t> starting_engagement, starting_gap;
  std::vector<double> engagement_months, day_rate, days_per_month, gap_months;
  void resize(std::size_t capacity);
};

// A spell of X months lasts max(1, round(X)) whole months.
std::int32_t spell_months(double months);

struct ConsultingStream {
  static constexpr std::string_view kName = "consulting";
  static constexpr std::uint16_t kComponent = random::kConsulting;
  static constexpr IncomeKind kIncomeKind = IncomeKind::self_employment;
  // The audience signals it writes for the streams after it, and those it reads.
  static constexpr std::array<Signal, 0> kWrites{};
  static constexpr std::array<Signal, 0> kReads{};
  // Traces: 1 for engaged months, 0 on the bench.
  static constexpr std::array<std::string_view, 1> kTraceColumns = {"engaged"};
  using State = ConsultingState;

  ConsultingParams params;

  static ConsultingStream read(TableReader& reader, const StreamContext&) {
    return {ConsultingParams::read(reader)};
  }
  std::vector<NamedParameter> per_trial_parameters() const { return {}; }
  void simulate(const StreamBlock& block, ConsultingState& state, AudienceSignals& signals,
                double* income, const TraceColumns& trace) const;
};

}  // namespace incomesim::scenarios
