#pragma once
// Which Philox key each draw address uses. A run keys every draw by its seed. A pick-freeze run
// (Sobol indices, tools/sobol_command.cpp) keys some addresses by a second, independent seed:
// those draws are an independent replicate's, while every other draw is bit for bit the plain
// run's. The split is by address, never by trial or block, so it holds at any thread count.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "random/draw_address.hpp"

namespace incomesim::random {

// A draw made once per trial: (component, kSetupMonth, purpose).
struct SetupAddress {
  std::uint16_t component;
  std::uint16_t purpose;
  friend bool operator==(const SetupAddress&, const SetupAddress&) = default;
};

// The addresses a pick-freeze run takes from its replicate: the listed setup addresses, or (with
// `everything_else`) every address but those, per-month and per-event draws included.
struct ReplicateRule {
  std::uint64_t replicate_seed = 0;
  std::vector<SetupAddress> addresses;
  bool everything_else = false;

  bool takes(std::uint16_t component, std::uint16_t month, std::uint16_t purpose) const {
    const bool listed =
        month == kSetupMonth && std::find(addresses.begin(), addresses.end(),
                                          SetupAddress{component, purpose}) != addresses.end();
    return listed != everything_else;
  }
};

class DrawKeys {
 public:
  // A plain seed keys every draw (the usual run); the conversion is what every caller wants.
  DrawKeys(std::uint64_t seed = 0) : seed_(seed) {}  // NOLINT(google-explicit-constructor)
  // `rule` must outlive the run; null is a plain run.
  DrawKeys(std::uint64_t seed, const ReplicateRule* rule) : seed_(seed), rule_(rule) {}

  std::uint64_t key(std::uint16_t component, std::uint16_t month, std::uint16_t purpose) const {
    return rule_ != nullptr && rule_->takes(component, month, purpose) ? rule_->replicate_seed
                                                                       : seed_;
  }
  std::uint64_t key(std::uint16_t component, int month, std::uint16_t purpose) const {
    return key(component, static_cast<std::uint16_t>(month), purpose);
  }

 private:
  std::uint64_t seed_;
  const ReplicateRule* rule_ = nullptr;
};

}  // namespace incomesim::random
