#pragma once
// What the research commands (docs/research.md) share: progress notes. Every simulation inside
// one command uses the same seed and trial indices, so differences between runs come from the
// scenarios, not from the draws (common random numbers).
#include <string>
#include <vector>

#include "engine/summary.hpp"
#include "tools/commands.hpp"
#include "tools/progress.hpp"

namespace incomesim::tools {

// A research command's terminal: a progress line while each simulation runs and a line per
// note, both on stderr and neither with --quiet. request() is the command's request, reporting
// its progress here.
class ResearchTerminal {
 public:
  explicit ResearchTerminal(const ResearchArguments& arguments);
  ResearchTerminal(const ResearchTerminal&) = delete;
  ResearchTerminal& operator=(const ResearchTerminal&) = delete;
  const analysis::RunRequest& request() const { return request_; }
  // Prints a note on a clean line; the progress of the next simulation starts afresh.
  analysis::Note note();

 private:
  bool quiet_;
  Progress progress_;
  analysis::RunRequest request_;
};

}  // namespace incomesim::tools
