#pragma once
// The model's random inputs for variance-based sensitivity (tools/sobol_command.cpp), as sets of
// draw addresses that are independent of one another, so that pick-freeze estimates are sound:
// - each per-trial parameter that draws (a constant one draws nothing), or, where the copula
//   ties parameters together, the whole tied set as one input;
// - each stream's parameters (and the household's), streams whose parameters the copula ties
//   forming one input;
// - luck: every other draw (per month and per event: regime, exchange rates, articles, layoffs,
//   engagements, ...), the complement of all the parameters' addresses.
// A parameter owns its setup draw and its copula score's draw (random/components.hpp).
#include <string>
#include <vector>

#include "random/draw_keys.hpp"
#include "scenarios/income_model.hpp"

namespace incomesim::scenarios {

struct RandomInput {
  std::string name;                     // "medium.skill", "medium parameters", "luck", ...
  std::vector<std::string> parameters;  // the per-trial parameters' keys it holds (none: luck)
  std::vector<random::SetupAddress> addresses;
  bool everything_else = false;  // luck: every address not listed
};

struct RandomInputs {
  std::vector<RandomInput> parameters;  // per parameter, or per tied set
  std::vector<RandomInput> groups;      // per stream (or tied streams), then luck
};

RandomInputs random_inputs(const IncomeModel& model);

}  // namespace incomesim::scenarios
