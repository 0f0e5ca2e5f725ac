#pragma once
// The scenario files of scenarios/examples, compiled into the program.
#include <map>
#include <string>
#include <string_view>

namespace incomesim::scenarios {

const std::map<std::string, std::string_view>& bundled_scenarios();

// The text of one bundled file; throws std::out_of_range for an unknown name.
inline std::string_view bundled_scenario_text(const std::string& name) {
  return bundled_scenarios().at(name);
}

}  // namespace incomesim::scenarios
