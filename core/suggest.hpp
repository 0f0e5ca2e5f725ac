#pragma once
// "Did you mean" suggestions for unknown names (keys, distribution families, commands).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incomesim {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate, if it is close enough to be a plausible typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or ""; and the candidates as "'a', 'b' or 'c'".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
std::string quoted_list(const std::vector<std::string>& items);

}  // namespace incomesim
