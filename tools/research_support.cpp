#include "tools/research_support.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace incomesim::tools {

void note(const ResearchArguments& arguments, const std::string& text) {
  if (!arguments.quiet) fmt::print(stderr, "{}\n", text);
}

}  // namespace incomesim::tools
