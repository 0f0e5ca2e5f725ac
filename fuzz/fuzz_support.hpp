#pragma once
// What the fuzzers do with one input, shared with the regression test that replays the inputs
// they found (tests/fuzz-regressions/). Expected failures are InputErrors; anything else
// escaping (another exception, a crash, a sanitizer report, a hang) is a bug.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/optimise.hpp"
#include "core/input_error.hpp"
#include "engine/runner.hpp"
#include "engine/summary.hpp"
#include "report/charts.hpp"
#include "report/html_page.hpp"
#include "report/run_report.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/cli.hpp"
#include "tools/commands.hpp"

namespace incomesim::fuzzing {

// Loads the text as a scenario and, if it is valid, simulates a few trials of up to 24 months
// and summarises them: the loader and the models see the fuzzed parameters.
inline void exercise_scenario_text(std::string_view text) {
  try {
    scenarios::Scenario scenario = scenarios::load_scenario_text(text, "fuzz.toml");
    scenario.model.horizon = std::min(scenario.model.horizon, 24);
    std::erase_if(scenario.report_ranges,
                  [&](const engine::MonthRange& r) { return r.last > scenario.model.horizon; });
    engine::RunOptions options;
    options.trials = 3;
    options.seed = 1;
    options.block_size = 2;
    options.report_ranges = scenario.report_ranges;
    options.monthly_bands = true;
    const auto results = engine::run_trials(scenario.model, options);
    engine::summarise(results, {}, scenario.name, 1);
    // What `optimise` reads of the same file: its [decisions] and [constraints].
    analysis::OptimiseProblem problem;
    analysis::read_problem_sections({std::string(text), "fuzz.toml"}, problem);
    for (const analysis::Decision& decision : problem.decisions)
      analysis::decision_values(decision, 5);
  } catch (const InputError&) {
  }
}

// Parses the lines of the text as command-line arguments and checks them, without running.
inline void exercise_command_line(std::string_view text) {
  std::vector<std::string> arguments{"incomesim"};
  std::size_t start = 0;
  while (start <= text.size() && arguments.size() < 64) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    arguments.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  tools::CommandLine command_line;
  try {
    command_line.app().parse(static_cast<int>(argv.size()), argv.data());
    command_line.check_arguments();
  } catch (const CLI::Error&) {
  } catch (const InputError&) {
  }
}

// A results directory as text: each file starts with a line "=== NAME" (metadata.csv,
// summary.csv, ...), its contents follow. The files are written into a scratch directory of the
// process and read back as `incomesim report DIR` reads them: every file validated, the page
// built in memory.
inline void exercise_results_directory(std::string_view text) {
  static const std::filesystem::path dir = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "incomesim-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) std::abort();
    return std::filesystem::path(pattern);
  }();
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    std::filesystem::remove(entry.path());
  static const std::vector<std::string> kNames{"metadata.csv",   "summary.csv", "bands.csv",
                                               "exceedance.csv", "risk.csv",    "parameters.csv",
                                               "tornado.csv",    "sobol.csv"};
  std::ofstream* file = nullptr;
  std::ofstream current;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    if (line.rfind("=== ", 0) == 0) {
      const std::string name(line.substr(4));
      current.close();
      file = nullptr;
      if (std::find(kNames.begin(), kNames.end(), name) != kNames.end()) {
        current.open(dir / name, std::ios::binary | std::ios::app);
        file = &current;
      }
    } else if (file) {
      file->write(line.data(), static_cast<std::streamsize>(line.size()));
      if (end < text.size()) file->put('\n');
    }
    start = end + 1;
  }
  current.close();
  try {
    const report::RunReport run = report::read_run_report(dir);
    report::html_page(run, report::run_charts(run));
  } catch (const InputError&) {
  }
}

}  // namespace incomesim::fuzzing
