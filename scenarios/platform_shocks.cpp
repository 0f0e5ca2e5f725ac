#include "scenarios/platform_shocks.hpp"

#include <algorithm>
#include <cmath>

namespace incomesim::scenarios {

PlatformShocks PlatformShocks::read(TableReader& reader) {
  PlatformShocks shocks;
  shocks.hazard = reader.number("shock_hazard", 0, NumberRange::probability(),
                                "assumption: no platform shocks unless given");
  shocks.size = reader.distribution(
      "shock_size", dist::lognormal(std::log(0.7), 0.2), NumberRange::non_negative(),
      "docs/models.md: a factor such as lognormal median 0.7 (sigma 0.2 an assumption)");
  shocks.recession_multiplier =
      reader.number("shock_recession_multiplier", 1, NumberRange::non_negative(),
                    "docs/models.md: shocks independent of the regime unless given");
  return shocks;
}

void ShockState::resize(std::size_t capacity) {
  for (auto* v : {&factor, &uniform, &size}) v->resize(capacity);
  shocked.reserve(capacity);
}

void ShockState::reset(std::size_t count) {
  std::fill(factor.begin(), factor.begin() + count, 1.0);
}

void ShockState::step(const PlatformShocks& shocks, const StreamBlock& block,
                      std::uint16_t component, int month, std::uint16_t hazard_purpose,
                      std::uint16_t size_purpose) {
  if (shocks.hazard <= 0) return;
  block.batch->uniforms(component, month, hazard_purpose, uniform.data());
  shocked.clear();
  for (std::size_t i = 0; i < block.count; ++i) {
    const double hazard = std::min(
        1.0, shocks.hazard * (block.recession(month, i) ? shocks.recession_multiplier : 1.0));
    if (uniform[i] < hazard) shocked.push_back(static_cast<std::uint32_t>(i));
  }
  if (shocked.empty()) return;
  block.batch->sample_listed(shocks.size, component, month, size_purpose, shocked, size.data());
  for (std::size_t k = 0; k < shocked.size(); ++k) factor[shocked[k]] *= size[k];
}

}  // namespace incomesim::scenarios
