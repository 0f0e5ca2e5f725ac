#include "tools/research_support.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace incomesim::tools {

ResearchTerminal::ResearchTerminal(const ResearchArguments& arguments)
    : quiet_(arguments.quiet), progress_(!arguments.quiet), request_(arguments.request) {
  request_.monthly_bands = request_.monthly_bands || arguments.html;
  request_.on_progress = [this](std::uint64_t done, std::uint64_t total) {
    progress_.update(done, total);
  };
}

analysis::Note ResearchTerminal::note() {
  return [this](const std::string& text) {
    progress_.restart();
    if (!quiet_) fmt::print(stderr, "{}\n", text);
  };
}

}  // namespace incomesim::tools
