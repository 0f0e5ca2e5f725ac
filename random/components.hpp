#pragma once
// Every component id of the draw address, in one place. A component is a part of the model
// that draws: the shared regime and exchange rates, each income stream, the household, and the
// engine's bootstrap. Never renumber: ids are part of every draw's counter, so renumbering
// changes every result (the known-answer tests catch it). Within a component, each stream's own
// file lists its draw purposes.
#include <cstdint>
#include <string_view>

namespace incomesim::random {

enum Component : std::uint16_t {
  kRegime = 0,
  kFx = 1,
  kCareer = 2,
  kConsulting = 3,
  kMedium = 4,
  kYoutube = 5,
  kNewsletter = 6,
  kHousehold = 7,
  kProducts = 8,
  kBootstrap = 0xFFF0,  // engine/bootstrap.cpp: resampling of trial groups
};

// The independent normal a copula member draws sits at this offset from the member's own
// purpose (same component, setup month), apart from its plain sampling draws.
inline constexpr std::uint16_t kCopulaScorePurposeOffset = 0x100;

// An exchange rate's purpose within kFx depends only on its currency code, so adding a currency
// leaves the other rate paths unchanged. FNV-1a, folded to 16 bits.
inline std::uint16_t currency_purpose(std::string_view code) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : code) hash = (hash ^ c) * 16777619u;
  return static_cast<std::uint16_t>(hash ^ (hash >> 16));
}

}  // namespace incomesim::random
