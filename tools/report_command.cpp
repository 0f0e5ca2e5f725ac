// `incomesim report DIR`: report.html from a results directory, every file checked as it is
// read back (report/results_directory.hpp).
#include <fmt/format.h>

#include <filesystem>

#include "engine/atomic_file.hpp"
#include "report/charts.hpp"
#include "report/html_page.hpp"
#include "report/run_report.hpp"
#include "tools/commands.hpp"

namespace incomesim::tools {

int report_command(const std::string& results_dir, bool quiet) {
  const report::RunReport run = report::read_run_report(results_dir);
  const std::filesystem::path path = std::filesystem::path(results_dir) / "report.html";
  engine::write_files_atomically({{path, report::html_page(run, report::run_charts(run))}});
  if (!quiet) fmt::print("Wrote {}\n", path.string());
  return kSuccess;
}

}  // namespace incomesim::tools
