// Hostile and careless input through the `incomesim` binary: what an attacker or a careless user
// tries gets one message and a non-zero status, never a crash, a hang, a mixed report or a file
// left half-written. Each test failed before its fix.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <thread>

#include "cli_support.hpp"

namespace {

using test_cli::Cli;
using test_cli::expect_bad_input;
using test_cli::Outcome;
using test_cli::read_file;
namespace fs = std::filesystem;

std::string repeated(const std::string& part, int times, const std::string& separator) {
  std::string text;
  for (int i = 0; i < times; ++i) text += (i ? separator : "") + part;
  return text;
}

// Every file of a directory by name, with its content.
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir))
    files[entry.path().filename().string()] = read_file(entry.path());
  return files;
}

// toml++ builds one nested table per part of a dotted key by recursion: 50,000 parts overflowed
// the stack (SIGSEGV, no message). Now refused before parsing, with the place.
TEST_F(Cli, DeeplyDottedKeysAreRefusedWithTheirPlace) {
  const std::string deep = repeated("a", 50000, ".");
  for (const std::string& text :
       {"[" + deep + "]\n", deep + " = 1\n", "[[" + deep + "]]\n", "x = { " + deep + " = 1 }\n"}) {
    const auto file = write("deep.toml", "[career]\nsalary = 1\n" + text);
    const Outcome outcome = incomesim("validate " + file.string());
    expect_bad_input(outcome, file.string() + ":3:");
    EXPECT_NE(outcome.err.find("a dotted key of more than 32 parts; allowed: at most 32"),
              std::string::npos)
        << outcome.err;
  }
  // Dots inside strings and comments are not key parts.
  const auto fine = write("fine.toml", "name = \"" + repeated("x", 100, ".") + "\" # " +
                                           deep.substr(0, 200) + "\n[career]\nsalary = 1\n");
  EXPECT_EQ(incomesim("validate " + fine.string()).status, 0);
  // In a batch the bad file is listed and the others still run.
  fs::create_directories(dir_ / "many");
  write("many/deep.toml", "[" + deep + "]\n");
  write("many/good.toml", "[career]\nsalary = 1\n");
  const Outcome batch =
      incomesim("batch -q -n 100 " + (dir_ / "many").string() + " --out " + (dir_ / "b").string());
  EXPECT_EQ(batch.status, 3) << batch.err;
  EXPECT_NE(read_file(dir_ / "b" / "batch.csv").find("good,career,horizon,mean"),
            std::string::npos);
  EXPECT_NE(read_file(dir_ / "b" / "batch-errors.csv").find("a dotted key of more than 32"),
            std::string::npos);
}

// /dev/zero read until memory ran out, a FIFO without a writer blocked forever, a 10 MB name was
// repeated on every CSV row.
TEST_F(Cli, UnboundedInputIsRefused) {
  const std::string out = " --out " + (dir_ / "r").string();
  expect_bad_input(incomesim("run /dev/zero" + out),
                   "/dev/zero: is not a regular file (a pipe, device or socket)");
  const fs::path fifo = dir_ / "fifo.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The old hang becomes a failure after 30 s instead of a stuck suite.
  Child reader = start("validate " + fifo.string());
  ASSERT_NE(reader.finish(30), test_cli::kTimedOut) << "validate blocked on a FIFO";
  EXPECT_NE(read_file(dir_ / "stderr").find(fifo.string() + ": is not a regular file"),
            std::string::npos);
  const auto huge = write("huge.toml", "[career]\nsalary = 1\n# " + std::string(2 << 20, 'x'));
  expect_bad_input(incomesim("validate " + huge.string()),
                   huge.string() + ": is 2097174 bytes; a scenario file may be at most 1048576");
  const auto name =
      write("name.toml", "name = \"" + std::string(10000, 'n') + "\"\n[career]\nsalary = 1\n");
  expect_bad_input(incomesim("run " + name.string() + out),
                   name.string() + ":1:8: a string of 10000 characters ('nnnn");
  const auto key =
      write("key.toml", "[career]\nsalary = 1\n" + std::string(100000, 'k') + " = 1\n");
  const Outcome long_key = incomesim("validate " + key.string());
  expect_bad_input(long_key, key.string() + ":3:1: a key of 100000 characters ('kkkk");
  EXPECT_LT(long_key.err.size(), 300u) << "the key is not echoed whole";
  EXPECT_FALSE(fs::exists(dir_ / "r"));
}

// Ctrl-C or SIGTERM while the CSVs are written: the temporaries are removed, the earlier report
// stays whole (no new file beside old ones), status 128 + the signal. The write is held open by
// a FIFO put where the second file's temporary goes, named after the process's pid.
TEST_F(Cli, SignalWhileWritingKeepsTheEarlierReportWhole) {
  const fs::path out = dir_ / "results";
  ASSERT_EQ(incomesim("run -q --trials 2000 --out " + out.string()).status, 0);
  const auto before = contents(out);
  ASSERT_EQ(before.size(), 6u);
  for (const auto& [signal, status] : {std::pair{SIGINT, 130}, std::pair{SIGTERM, 143}}) {
    SCOPED_TRACE(signal);
    Child run = start("run -q --trials 3000 --seed 2 --out " + out.string(), 300000);
    ASSERT_GT(run.pid(), 0);
    const std::string pid = std::to_string(run.pid());
    const fs::path held = out / (".bands.csv.tmp-" + pid);
    ASSERT_EQ(::mkfifo(held.c_str(), 0600), 0);
    // Whatever happens below, the FIFO goes: a writer left blocked on it is killed by `run`, and
    // nothing in the test opens it (read_file skips what is not a regular file).
    struct RemoveOnExit {
      fs::path path;
      ~RemoveOnExit() { ::unlink(path.c_str()); }
    } remove_fifo{held};
    // Wait until summary.csv's temporary is whole and the writer is blocked on the FIFO.
    const fs::path first = out / (".summary.csv.tmp-" + pid);
    for (int i = 0; i < 600 && !(fs::exists(first) && fs::file_size(first) > 1000); ++i)
      ::usleep(50000);
    ASSERT_TRUE(fs::exists(first)) << "the run did not reach its write phase";
    ::usleep(200000);
    ::kill(run.pid(), signal);
    EXPECT_EQ(run.finish(60), status);
    EXPECT_NE(read_file(dir_ / "stderr").find("interrupted; no output written"), std::string::npos);
    EXPECT_EQ(contents(out), before) << "a temporary is left or an old file was replaced";
  }
}

// Two runs into one directory: the second waits for the first's lock, then writes its own whole
// set (here the lock is held by the test itself).
TEST_F(Cli, SecondWriterWaitsForTheDirectoryLock) {
  const fs::path out = dir_ / "results";
  ASSERT_EQ(incomesim("run -q --trials 1000 --out " + out.string()).status, 0);
  const std::string metadata = read_file(out / "metadata.csv");
  const int fd = ::open(out.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);  // not inherited
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  Child second = start("run -q --trials 1000 --seed 9 --out " + out.string());
  ::usleep(1500000);
  int status = 0;
  EXPECT_EQ(::waitpid(second.pid(), &status, WNOHANG), 0) << "the second run did not wait";
  EXPECT_EQ(read_file(out / "metadata.csv"), metadata);
  ::close(fd);
  EXPECT_EQ(second.finish(), 0);
  EXPECT_NE(read_file(dir_ / "stderr").find("waiting for another incomesim process writing to"),
            std::string::npos);
  EXPECT_NE(read_file(out / "metadata.csv").find("seed,9\n"), std::string::npos);
}

// A run killed with SIGKILL leaves its temporaries; the next run into the directory removes
// those of processes that no longer exist, and nobody else's.
TEST_F(Cli, TemporariesOfDeadWritersAreRemoved) {
  const fs::path out = dir_ / "results";
  fs::create_directories(out);
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  write("results/.summary.csv.tmp-" + std::to_string(dead), "partial");
  write("results/.summary.csv.tmp-" + std::to_string(::getpid()), "a live writer's");
  write("results/notes.txt", "the user's own file");
  ASSERT_EQ(incomesim("run -q --trials 500 --out " + out.string()).status, 0);
  EXPECT_FALSE(fs::exists(out / (".summary.csv.tmp-" + std::to_string(dead))));
  EXPECT_TRUE(fs::exists(out / (".summary.csv.tmp-" + std::to_string(::getpid()))));
  EXPECT_EQ(read_file(out / "notes.txt"), "the user's own file");
}

// A run refused after it made its output directory (here: an overflow found after simulating)
// leaves no empty directory; in streaming mode the overflow is refused as in exact mode.
TEST_F(Cli, RefusedRunLeavesNoDirectoryItMade) {
  const auto overflow = write("overflow.toml",
                              "horizon_months = 1200\n[career]\nsalary = 60000\n[household]\n"
                              "monthly_expenses = 1000\nexpense_inflation_per_year = 10\n");
  for (const char* mode : {"exact", "streaming"}) {
    SCOPED_TRACE(mode);
    const Outcome outcome =
        incomesim("run -q --trials 200 --mode " + std::string(mode) + " " + overflow.string() +
                  " --out " + (dir_ / "new" / "deeper").string());
    expect_bad_input(outcome, overflow.string() +
                                  ": the simulation produced an income too large to "
                                  "represent (household final_balance of trial 0)");
    EXPECT_FALSE(fs::exists(dir_ / "new"));
  }
  // A directory that existed before is kept, empty or not.
  fs::create_directories(dir_ / "mine");
  EXPECT_EQ(
      incomesim("run -q --trials 200 " + overflow.string() + " --out " + (dir_ / "mine").string())
          .status,
      2);
  EXPECT_TRUE(fs::exists(dir_ / "mine"));
}

TEST_F(Cli, CommandLineMistakesAreNamed) {
  const std::string out = " --out " + (dir_ / "r").string();
  // CLI11 turned -1 into 2^64 - 1 silently.
  expect_bad_input(incomesim("run --seed -1" + out),
                   "--seed: '-1' is not allowed; allowed: a whole number, 0 or more");
  expect_bad_input(incomesim("run --trials -1" + out),
                   "--trials: '-1' is not allowed; allowed: a whole number, 0 or more");
  expect_bad_input(incomesim("sweep x --set a=1 --threads -2" + out),
                   "--threads: '-2' is not allowed");
  expect_bad_input(incomesim("rnu"),
                   "'rnu' is not a command (did you mean 'run'?); allowed: "
                   "'run', 'validate'");
  // Text after a line break was dropped silently.
  expect_bad_input(incomesim("run --set 'medium.articles_per_week=2\nx=3'" + out),
                   "--set: 'medium.articles_per_week=2...' holds a line break");
  expect_bad_input(incomesim("run --precision 1% --trials 5000" + out),
                   "--trials: not allowed with --precision");
  expect_bad_input(incomesim("calibrate x --target a --vary b --out y"),
                   "--out: calibrate writes no report directory; allowed: --write FILE");
  expect_bad_input(incomesim("batch " + (dir_ / "missing.toml").string() + out),
                   (dir_ / "missing.toml").string() + ": not found");
  EXPECT_FALSE(fs::exists(dir_ / "r"));
}

TEST_F(Cli, CalibrateRefusesImpossibleTargetsBeforeSimulating) {
  const std::string scenario = std::string(INCOMESIM_EXAMPLES_DIR) + "/medium-population-2020.toml";
  const std::string vary = " --vary medium.earnings_per_article.median";
  expect_bad_input(
      incomesim("calibrate " + scenario + " --target 'nostream.horizon P(>100)=0.5'" + vary),
      "--target: 'nostream' is not a stream of this scenario; allowed: 'medium' or 'total'");
  expect_bad_input(
      incomesim("calibrate " + scenario + " --target 'medium.horizon P(>100)=2'" + vary),
      "--target: P(>x)=2 is not a probability; allowed: a value from 0 to 1");
  expect_bad_input(incomesim("calibrate " + scenario + " --target 'medium.year[9] p10=2'" + vary),
                   "--target: year 9 is outside the horizon (1 to 1)");
  // Numbers too large for an int or a double are refused, not an internal error.
  expect_bad_input(
      incomesim("calibrate " + scenario + " --target 'medium.month[99999999999] mean=2'" + vary),
      "--target: month 99999999999 is outside the horizon (1 to 12)");
  expect_bad_input(
      incomesim("calibrate " + scenario + " --target 'medium.horizon p10=1e999'" + vary),
      "--target: 'medium.horizon p10=1e999' is not a target");
  expect_bad_input(
      incomesim("run -q --precision 'total.horizon P(>1e999):0.1' -o " + (dir_ / "p").string()),
      "--precision: P(>1e999): the threshold must be a finite number");
}

TEST_F(Cli, ScenarioMistakesAreLocatedAndNamed) {
  const std::string creator = read_file(std::string(INCOMESIM_EXAMPLES_DIR) + "/creator-leap.toml");
  for (const char* rho : {"1.0", "-1"}) {
    std::string text = creator;
    text.replace(text.find("rho = 0.5"), 9, std::string("rho = ") + rho);
    const auto file = write("rho.toml", text);
    const Outcome outcome = incomesim("validate " + file.string());
    expect_bad_input(outcome, file.string() + ":");
    EXPECT_NE(outcome.err.find(
                  "correlation[0].rho: " + std::string(rho == std::string("-1") ? "-1" : "1") +
                  " is out of range; allowed: a Spearman correlation strictly "
                  "between -1 and 1"),
              std::string::npos)
        << outcome.err;
  }
  const auto fx = write("fx.toml", "[fx]\nEUR = 0\n[career]\nsalary = 1\n");
  expect_bad_input(incomesim("validate " + fx.string()),
                   fx.string() + ":2:1: fx.EUR: 0 is out of range; allowed: a number > 0");
  const auto lonely = write("lonely.toml", "[[correlation]]\na = \"x\"\nb = \"y\"\nrho = 0.5\n");
  expect_bad_input(incomesim("validate " + lonely.string()),
                   lonely.string() +
                       ":2:5: correlation[0].a: 'x' is not a per-trial parameter "
                       "of this scenario, which has none");
}

// The console printed amounts of 2^63 and more as "-0" (llround overflow).
TEST_F(Cli, ConsolePrintsHugeAmounts) {
  const auto rich = write("rich.toml",
                          "horizon_months = 12\n[career]\nsalary = 1e20\n"
                          "layoff_hazard = 0\n[report]\nranges = [[1, 7]]\n");
  const Outcome outcome =
      incomesim("run --trials 100 " + rich.string() + " --out " + (dir_ / "r").string());
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out.find(" -0 "), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("Income in months 1-7"), std::string::npos) << outcome.out;
  // 1e20 a year: totals of 21 digits, grouped by thousands.
  EXPECT_TRUE(std::regex_search(outcome.out, std::regex(" 1\\d\\d(,\\d\\d\\d){6} ")))
      << outcome.out;
}

// A threshold given both in the scenario and with --threshold is reported once, and --threads
// above the machine's cores reports the threads that run.
TEST_F(Cli, RepeatedThresholdOnceAndThreadsThatRun) {
  const auto scenario = write("t.toml", "[career]\nsalary = 60000\n[report]\nthresholds = [100]\n");
  const Outcome outcome =
      incomesim("run " + scenario.string() +
                " --trials 500 --threads 100000 --threshold 100 --out " + (dir_ / "r").string());
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const std::string summary = read_file(dir_ / "r" / "summary.csv");
  std::size_t rows = 0;
  for (std::size_t at = summary.find("career,horizon,p_above_100,"); at != std::string::npos;
       at = summary.find("career,horizon,p_above_100,", at + 1))
    ++rows;
  EXPECT_EQ(rows, 1u);
  const unsigned cores = std::thread::hardware_concurrency();
  EXPECT_EQ(outcome.out.find("100000 threads"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find(" " + std::to_string(cores) + " threads"), std::string::npos)
      << outcome.out;
}

}  // namespace
