// `incomesim plot RESULTS_DIR`: charts of a run's CSV files through gnuplot, as PNG and SVG.
// The report layer writes the data files and the script (report/gnuplot_script.hpp); this shell
// puts them in a temporary directory, runs gnuplot, and renames the charts into place only when
// every one was drawn.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "engine/atomic_file.hpp"
#include "report/charts.hpp"
#include "report/gnuplot_script.hpp"
#include "report/run_report.hpp"
#include "tools/commands.hpp"

extern char** environ;

namespace incomesim::tools {
namespace {

namespace fs = std::filesystem;

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (fs::temp_directory_path() / "incomesim-plot-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw engine::OutputError("cannot create a temporary directory for the charts");
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs gnuplot on a script; its messages go to a log that is reported on failure.
void run_gnuplot(const fs::path& script, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  const std::string program = "gnuplot", path = script.string();
  char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(path.c_str()), nullptr};
  pid_t pid;
  const int spawned = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    throw engine::OutputError(
        "gnuplot was not found; install it (Debian: apt-get install "
        "gnuplot-nox) to draw charts; the CSV files are complete without "
        "it");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream messages(log);
    std::ostringstream text;
    text << messages.rdbuf();
    throw engine::OutputError("gnuplot failed: " + text.str());
  }
}

}  // namespace

std::vector<std::string> draw_with_gnuplot(
    const std::function<report::GnuplotJob(const std::filesystem::path&)>& make_job,
    const std::filesystem::path& out_dir) {
  const TemporaryDirectory temp;
  const report::GnuplotJob job = make_job(temp.path());
  for (const auto& [name, text] : job.data_files) std::ofstream(temp.path() / name) << text;
  const fs::path script_path = temp.path() / "charts.gp";
  std::ofstream(script_path) << job.script;
  run_gnuplot(script_path, temp.path() / "gnuplot.log");

  // Every chart drawn: into place together, as a run's CSV files are (engine/atomic_file.hpp).
  std::vector<std::pair<fs::path, std::string>> outputs;
  for (const auto& file : job.charts) {
    std::ifstream drawn(temp.path() / file, std::ios::binary);
    std::ostringstream bytes;
    bytes << drawn.rdbuf();
    if (!drawn) throw engine::OutputError(fmt::format("gnuplot did not draw {}", file));
    outputs.push_back({out_dir / file, bytes.str()});
  }
  engine::write_files_atomically(outputs);
  return job.charts;
}

std::vector<std::string> draw_charts(const std::string& results_dir) {
  // Every file is validated before anything is drawn: names become gnuplot strings.
  const report::RunReport run = report::read_run_report(results_dir);
  return draw_with_gnuplot(
      [&](const fs::path& temp) {
        return report::gnuplot_job(report::run_charts(run), run.metadata, temp);
      },
      results_dir);
}

int plot_command(const std::string& results_dir, bool quiet) {
  const std::vector<std::string> written = draw_charts(results_dir);
  if (!quiet) {
    fmt::print("Charts in {}:", fs::path(results_dir).string());
    for (const auto& name : written) fmt::print(" {}", name);
    fmt::print("\n");
  }
  return kSuccess;
}

}  // namespace incomesim::tools
