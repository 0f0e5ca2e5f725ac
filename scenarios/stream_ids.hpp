#pragma once
// Fixed Philox stream ids, one per model component. Never renumber: the ids are part of every
// draw's counter, so renumbering changes every result (the known-answer tests catch it).
#include <cstdint>

namespace incomesim::scenarios {

enum StreamId : std::uint16_t {
  kRegimeStream = 0,
  kFxStream = 1,
  kCareerStream = 2,
  kConsultingStream = 3,
  kMediumStream = 4,
  kYoutubeStream = 5,
  kNewsletterStream = 6,
  kHouseholdStream = 7,
};

}  // namespace incomesim::scenarios
