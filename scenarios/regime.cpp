#include "scenarios/regime.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "random/components.hpp"
#include "random/draw_sequence.hpp"

namespace incomesim::scenarios {

RegimeParams RegimeParams::read(TableReader& reader) {
  RegimeParams params;
  const std::string start = reader.choice("start", "normal", {"normal", "recession", "stationary"},
                                          "assumption: a scenario starts in normal times");
  params.start = start == "recession"    ? RegimeStart::recession
                 : start == "stationary" ? RegimeStart::stationary
                                         : RegimeStart::normal;
  params.p_enter = reader.number("p_enter", params.p_enter, NumberRange::probability(),
                                 "assumption: about one recession per 8 years");
  params.p_exit = reader.number("p_exit", params.p_exit, NumberRange::probability(),
                                "docs/calibration.md 'The 2020 recession': about 3 quarters, mean "
                                "9 months");
  if (params.start == RegimeStart::stationary && params.p_enter + params.p_exit == 0)
    throw InputError(reader.location("start"), reader.path("start"),
                     "\"stationary\" needs p_enter + p_exit > 0 (with both 0 the chain never "
                     "moves and has no stationary distribution)");
  return params;
}

double RegimeParams::stationary_recession_probability() const {
  return p_enter / (p_enter + p_exit);
}

namespace {
enum RegimeDraw : std::uint16_t { kInitialState = 0, kTransition = 1 };
}

void simulate_regime(const RegimeParams& params, dist::BlockSampler& draws, int months,
                     std::size_t stride, std::uint8_t* in_recession,
                     std::vector<double>& uniforms) {
  const std::size_t count = draws.count();
  uniforms.resize(count);
  const std::uint8_t start = params.start == RegimeStart::recession ? 1 : 0;
  if (params.start == RegimeStart::stationary) {
    draws.uniforms(random::kRegime, random::kSetupMonth, kInitialState, uniforms.data());
    for (std::size_t i = 0; i < count; ++i)
      in_recession[i] = uniforms[i] < params.stationary_recession_probability() ? 1 : 0;
  } else {
    std::fill(in_recession, in_recession + count, start);
  }
  for (int month = 1; month < months; ++month) {
    // Each trial's own uniform for the month (drawn for every trial; used where p_switch > 0).
    draws.uniforms(random::kRegime, month, kTransition, uniforms.data());
    const std::uint8_t* before = in_recession + static_cast<std::size_t>(month - 1) * stride;
    std::uint8_t* now = in_recession + static_cast<std::size_t>(month) * stride;
    for (std::size_t i = 0; i < count; ++i) {
      const double p_switch = before[i] ? params.p_exit : params.p_enter;
      now[i] = before[i] ^ static_cast<std::uint8_t>(p_switch > 0 && uniforms[i] < p_switch);
    }
  }
}

}  // namespace incomesim::scenarios
