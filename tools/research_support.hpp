#pragma once
// What the research commands (docs/research.md) share: progress notes, and grid values that may
// hold inline tables. Every simulation inside one command uses the same seed and trial indices,
// so differences between runs come from the scenarios, not from the draws (common random
// numbers).
#include <string>
#include <vector>

#include "engine/summary.hpp"
#include "tools/commands.hpp"

namespace incomesim::tools {

// A line on stderr unless --quiet.
void note(const ResearchArguments& arguments, const std::string& text);

// Splits "v1,v2,..." at commas that are not inside braces, brackets or quotes, so that inline
// tables can be values.
std::vector<std::string> split_values(const std::string& text);

}  // namespace incomesim::tools
