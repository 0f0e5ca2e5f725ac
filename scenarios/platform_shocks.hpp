#pragma once
// Platform shocks (docs/models.md "Platform shocks"): an algorithm change, a partner-program
// change, a demonetisation. Each month, with probability `shock_hazard` (times
// `shock_recession_multiplier` in a recession, at most 1), a platform's rate is multiplied by a
// factor drawn from `shock_size` from that month on. Off by default (hazard 0): then nothing is
// drawn, so a scenario without shocks keeps every draw it had.
#include <cstdint>
#include <vector>

#include "distributions/distribution.hpp"
#include "scenarios/stream_common.hpp"
#include "scenarios/table_reader.hpp"

namespace incomesim::scenarios {

struct PlatformShocks {
  double hazard = 0;
  dist::Distribution size;  // the factor of one shock
  double recession_multiplier = 1;

  // shock_hazard, shock_size, shock_recession_multiplier from a platform stream's section.
  static PlatformShocks read(TableReader& reader);
};

// Per trial of a block: the product of the factors of the shocks so far.
struct ShockState {
  std::vector<double> factor, uniform, size;
  std::vector<std::uint32_t> shocked;
  void resize(std::size_t capacity);
  // Every trial unshocked, at the start of a block.
  void reset(std::size_t count);
  // The shocks of `month`: draws the month's uniforms at (component, month, `hazard_purpose`) and
  // each shocked trial's factor at `size_purpose`; factor[i] is then what month's rate is
  // multiplied by.
  void step(const PlatformShocks& shocks, const StreamBlock& block, std::uint16_t component,
            int month, std::uint16_t hazard_purpose, std::uint16_t size_purpose);
};

}  // namespace incomesim::scenarios
