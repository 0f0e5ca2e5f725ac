#include "scenarios/regime.hpp"

#include <fmt/format.h>

#include "engine/random.hpp"
#include "scenarios/stream_ids.hpp"

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
                                "CALIBRATION.md 'The 2020 recession': about 3 quarters, mean "
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

void simulate_regime(const RegimeParams& params, std::uint64_t seed, std::uint64_t first_trial,
                     std::size_t trial_count, int months, std::size_t stride,
                     std::uint8_t* in_recession) {
  for (std::size_t i = 0; i < trial_count; ++i) {
    const std::uint64_t trial = first_trial + i;
    std::uint8_t state = params.start == RegimeStart::recession ? 1 : 0;
    if (params.start == RegimeStart::stationary) {
      engine::PhiloxStream draw(seed, {trial, kRegimeStream, engine::kSetupMonth, kInitialState});
      state = draw.uniform() < params.stationary_recession_probability() ? 1 : 0;
    }
    in_recession[i] = state;
    for (int month = 1; month < months; ++month) {
      const double p_switch = state ? params.p_exit : params.p_enter;
      if (p_switch > 0) {
        engine::PhiloxStream draw(
            seed, {trial, kRegimeStream, static_cast<std::uint16_t>(month), kTransition});
        if (draw.uniform() < p_switch) state ^= 1;
      }
      in_recession[static_cast<std::size_t>(month) * stride + i] = state;
    }
  }
}

}  // namespace incomesim::scenarios
