// `incomesim fit HISTORY.csv`: stream parameters estimated from one's own payout history
// (analysis/fit.hpp), written as a scenario fragment whose every value says it was fitted from
// the file, or printed.
#include <fmt/format.h>

#include "analysis/fit.hpp"
#include "engine/atomic_file.hpp"
#include "tools/commands.hpp"

namespace incomesim::tools {

int fit_command(const std::string& history_path, const std::string& out_path,
                const analysis::FitOptions& options, bool quiet) {
  const analysis::HistoryFit fit = analysis::fit_history_file(history_path, options);
  const std::string fragment = analysis::fitted_fragment(fit);
  if (out_path.empty()) {
    fmt::print("{}", fragment);
  } else {
    engine::write_file_atomically(out_path, fragment);
    if (!quiet) fmt::print("{}Wrote {}\n", analysis::fit_summary(fit), out_path);
  }
  return kSuccess;
}

}  // namespace incomesim::tools
