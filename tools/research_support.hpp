#pragma once
// What the research commands (docs/research.md) share: progress notes. Every simulation inside
// one command uses the same seed and trial indices, so differences between runs come from the
// scenarios, not from the draws (common random numbers).
#include <string>
#include <vector>

#include "engine/summary.hpp"
#include "tools/commands.hpp"

namespace incomesim::tools {

// A line on stderr unless --quiet.
void note(const ResearchArguments& arguments, const std::string& text);

}  // namespace incomesim::tools
