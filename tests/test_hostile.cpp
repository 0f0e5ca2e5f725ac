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
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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
// a FIFO put where the second file's temporary goes, named after the process's pid (made while
// the child is stopped before it runs, so that no load on the machine lets it write first).
TEST_F(Cli, SignalWhileWritingKeepsTheEarlierReportWhole) {
  const fs::path out = dir_ / "results";
  ASSERT_EQ(incomesim("run -q --trials 2000 --out " + out.string()).status, 0);
  const auto before = contents(out);
  ASSERT_EQ(before.size(), 6u);
  for (const auto& [signal, status] : {std::pair{SIGINT, 130}, std::pair{SIGTERM, 143}}) {
    SCOPED_TRACE(signal);
    Child run = start("run -q --trials 3000 --seed 2 --out " + out.string(), /*stopped=*/true);
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
    run.resume();
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
      "--target: 'nostream' is not a series of this scenario; allowed: 'medium' or 'total'");
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
      "--precision: '1e999' is not a threshold; allowed: a finite number");
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

// A name or currency with a line break ended a gnuplot command and started another: `--plot`
// ran `system "touch M"`. Control characters are refused where the text is given, located, and
// a file named with one cannot name a scenario.
TEST_F(Cli, ControlCharactersInNamesAreRefusedWhereGiven) {
  const fs::path marker = dir_ / "M";
  const std::string planted = "system \\\"touch " + marker.string() + "\\\"";
  const auto name = write("name.toml", "name = \"x\\n" + planted + "\"\n[career]\nsalary = 1\n");
  const Outcome by_name =
      incomesim("run -q -n 100 --plot " + name.string() + " --out " + (dir_ / "r").string());
  expect_bad_input(by_name, name.string() +
                                ":1:8: the string 'x...' holds U+000A (a line break) at byte 2; "
                                "allowed: printable characters only");
  const auto currency =
      write("currency.toml", "currency = \"GBP\\r" + planted + "\"\n[career]\nsalary = 1\n");
  expect_bad_input(incomesim("validate " + currency.string()),
                   currency.string() + ":1:12: the string 'GBP...' holds U+000D (a line break)");
  const auto escape = write("escape.toml", "[[products]]\nname = \"a\\u001b[31m\"\nprice = 1\n");
  expect_bad_input(incomesim("validate " + escape.string()),
                   escape.string() + ":2:8: the string 'a...' holds U+001B (escape)");
  // Through --set, whose value is TOML with escapes.
  const auto plain = write("plain.toml", "[career]\nsalary = 1\n");
  const Outcome set = incomesim("run -q -n 100 " + plain.string() +
                                " --set 'name=\"a\\tb\"' --out " + (dir_ / "r").string());
  EXPECT_EQ(set.status, 2) << set.err;
  EXPECT_NE(set.err.find("holds U+0009 (a tab)"), std::string::npos) << set.err;
  // A file whose name holds a line break names no scenario, and the message stays on one line.
  const auto odd = write("a\nb.toml", "[career]\nsalary = 1\n");
  expect_bad_input(incomesim("validate '" + odd.string() + "'"),
                   (dir_ / "a?b.toml").string() + ": the file name holds U+000A (a line break)");
  const auto named = write("c\nd.toml", "name = \"fine\"\n[career]\nsalary = 1\n");
  EXPECT_EQ(incomesim("validate '" + named.string() + "'").status, 0);
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_FALSE(fs::exists(dir_ / "r"));
}

// A name a spreadsheet would evaluate is written as text (a leading apostrophe), numbers are not
// touched, and the report reads the name back without it.
TEST_F(Cli, FormulaLikeNamesAreWrittenAsText) {
  const auto formula =
      write("f.toml",
            "name = \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\ncurrency = \"@X\"\n"
            "[career]\nsalary = 1000\nannual_raise = -0.01\n");
  const fs::path out = dir_ / "r";
  ASSERT_EQ(incomesim("run -q -n 200 --html " + formula.string() + " --out " + out.string()).status,
            0);
  const std::string summary = read_file(out / "summary.csv");
  EXPECT_EQ(summary.find("\n=HYPERLINK"), std::string::npos);
  EXPECT_NE(summary.find("\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",career,horizon,mean,"),
            std::string::npos)
      << summary.substr(0, 300);
  const std::string metadata = read_file(out / "metadata.csv");
  EXPECT_NE(metadata.find("\ncurrency,'@X\n"), std::string::npos) << metadata;
  EXPECT_NE(read_file(out / "parameters.csv").find("\ncareer.annual_raise,-0.01,"),
            std::string::npos);
  EXPECT_NE(read_file(out / "report.html").find("<title>incomesim: =HYPERLINK"), std::string::npos);
}

// fit --out on a character device, a FIFO or a link to /proc/self/fd/1 replaced it with a
// regular file (as root, /dev/null itself). Every output path that exists must be a regular
// file; nothing is renamed over anything else.
TEST_F(Cli, OutputPathsThatAreNotRegularFilesAreRefused) {
  const std::string history =
      std::string(INCOMESIM_EXAMPLES_DIR) + "/../../docs/examples/history-synthetic.csv";
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  fs::create_symlink("/proc/self/fd/1", dir_ / "link");
  fs::create_directories(dir_ / "directory");
  for (const auto& [path, kind] :
       {std::pair{fs::path("/dev/null"), "a character device"},
        std::pair{fifo, "a FIFO (named pipe)"}, std::pair{dir_ / "link", "a symbolic link"},
        std::pair{dir_ / "directory", "a directory"}}) {
    SCOPED_TRACE(path.string());
    const Outcome outcome = incomesim("fit -q " + history + " --out " + path.string());
    EXPECT_NE(outcome.status, 0);
    EXPECT_NE(outcome.err.find("cannot write " + path.string() + ": it is " + kind +
                               "; incomesim replaces only regular files"),
              std::string::npos)
        << outcome.err;
  }
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
  // A run refuses before it simulates: a FIFO where summary.csv goes.
  const fs::path out = dir_ / "r";
  fs::create_directories(out);
  ASSERT_EQ(::mkfifo((out / "summary.csv").c_str(), 0600), 0);
  const Outcome run = incomesim("run -q -n 100 --out " + out.string());
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.err.find("summary.csv: it is a FIFO"), std::string::npos) << run.err;
  EXPECT_TRUE(fs::is_fifo(out / "summary.csv"));
  EXPECT_FALSE(fs::exists(out / "bands.csv"));
}

// Every file of a directory by name, with its size: a short message when a test fails.
std::map<std::string, std::uintmax_t> listing(const fs::path& dir) {
  std::map<std::string, std::uintmax_t> files;
  for (const auto& entry : fs::directory_iterator(dir))
    files[entry.path().filename().string()] =
        entry.is_regular_file() ? entry.file_size() : std::uintmax_t{0};
  return files;
}

// A results directory someone hands you is input like a scenario file. `report` and `plot` ran a
// gnuplot command planted in metadata.csv or bands.csv, read /dev/zero until killed, drew nan
// and showed probabilities of 750%. Each tampered copy below is refused with the file, row,
// column and what is allowed (status 2), and nothing is written into the directory.
TEST_F(Cli, TamperedResultsDirectoriesAreRefusedWithTheirPlace) {
  const fs::path good = dir_ / "good";
  ASSERT_EQ(incomesim("run -q --trials 500 --out " + good.string()).status, 0);
  const fs::path marker = dir_ / "M";
  struct Tamper {
    const char* file;
    std::string from, to;  // the first `from` in the file becomes `to`
    std::string message;   // how the error begins, after the directory
  };
  const std::string planted = "\"x\nsystem \"\"touch " + marker.string() + "\"\"\"";
  const std::vector<Tamper> cases{
      {"metadata.csv", "scenario,alake-2020\n", "scenario," + planted + "\n",
       "metadata.csv:3:2: value: 'x...' holds U+000A (a line break) at byte 2"},
      {"bands.csv", "\nalake-2020,career,1,", "\nalake-2020,../../x,1,",
       "bands.csv:2:2: series: '../../x' is not a series; allowed: career, consulting"},
      {"summary.csv", "career,horizon,mean,", "career,horizon,mean,nan",
       "summary.csv:2:5: value: 'nan1"},
      {"summary.csv", "career,horizon,sd,", "career,horizon,sd,<script>",
       "summary.csv:3:5: value: '<script>1"},
      {"exceedance.csv", ",career,", ",career,1,7.5,500,1\nalake-2020,career,",
       "exceedance.csv:2:4: p_exceed: '7.5' is not a probability (a number from 0 to 1)"},
      {"summary.csv", ",500,1\n", ",-500,1\n", "summary.csv:2:8: trials: '-500' is not a whole"},
      {"summary.csv", ",500,1\n", ",400,1\n",
       "summary.csv:2:8: trials: 400 is not the run's trials in metadata.csv (500)"},
      {"bands.csv", "\nalake-2020,career,1,", "\nalake-2020,career,99,",
       "bands.csv:2:3: month: '99' is not a month from 1 to horizon_months (36)"},
      {"risk.csv", "career,horizon,share_of_mean,0.", "career,horizon,share_of_mean,7.",
       "risk.csv: share_of_mean: sums to 8 over the streams"},
      {"summary.csv", "career,horizon,p_zero,0,", "career,horizon,p_zero,1.5,", "summary.csv:"},
      {"metadata.csv", "scenario,alake-2020\n", "scenario,\"alake\n",
       "metadata.csv:3:2: a quote that is never closed"},
      {"metadata.csv", "trials,500", std::string("trials,\0", 8) + "500",
       "metadata.csv:6:8: holds U+0000 (NUL); a results file is plain text"},
      {"metadata.csv", "schema_version,2\n", "schema_version,9\n",
       "metadata.csv:2:2: schema_version: '9' is not a layout this incomesim reads; allowed: 1 to "
       "2"},
  };
  for (const auto& tamper : cases) {
    SCOPED_TRACE(std::string(tamper.file) + ": " + tamper.to);
    const fs::path copy = dir_ / "copy";
    fs::remove_all(copy);
    fs::copy(good, copy);
    std::string text = read_file(copy / tamper.file);
    const std::size_t at = text.find(tamper.from);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, tamper.from.size(), tamper.to);
    std::ofstream(copy / tamper.file, std::ios::binary | std::ios::trunc) << text;
    const auto before = listing(copy);
    for (const char* command : {"report ", "plot "}) {
      const Outcome outcome = incomesim(command + copy.string());
      expect_bad_input(outcome, (copy / tamper.message).string());
      EXPECT_EQ(listing(copy), before) << command << "wrote into the directory";
    }
  }
  // Files that are not plain CSV: a header-only metadata.csv, a truncated bands.csv, summary.csv
  // linked to /dev/zero or a FIFO, and a sparse metadata.csv of 1 GiB.
  const fs::path copy = dir_ / "copy";
  auto fresh = [&] {
    fs::remove_all(copy);
    fs::copy(good, copy);
  };
  fresh();
  std::ofstream(copy / "metadata.csv", std::ios::trunc) << "key,value\n";
  expect_bad_input(incomesim("report " + copy.string()),
                   (copy / "metadata.csv").string() + ": has no row 'scenario'");
  fresh();
  const std::string bands = read_file(copy / "bands.csv");
  std::ofstream(copy / "bands.csv", std::ios::trunc) << bands.substr(0, bands.size() / 2);
  expect_bad_input(incomesim("plot " + copy.string()),
                   (copy / "bands.csv").string() + ": ends in the middle of a row (truncated?)");
  fresh();
  {
    std::istringstream lines(read_file(copy / "exceedance.csv"));
    std::string kept, line;
    while (std::getline(lines, line))
      if (line.find(",total,") == std::string::npos) kept += line + "\n";
    std::ofstream(copy / "exceedance.csv", std::ios::trunc) << kept;
  }
  expect_bad_input(incomesim("plot " + copy.string()),
                   (copy / "exceedance.csv").string() + ": has no rows for the total");
  fresh();
  fs::remove(copy / "summary.csv");
  fs::create_symlink("/dev/zero", copy / "summary.csv");
  expect_bad_input(incomesim("report " + copy.string()),
                   (copy / "summary.csv").string() + ": is not a regular file");
  fs::remove(copy / "summary.csv");
  ASSERT_EQ(::mkfifo((copy / "summary.csv").c_str(), 0600), 0);
  expect_bad_input(incomesim("report " + copy.string()),
                   (copy / "summary.csv").string() + ": is not a regular file");
  fresh();
  fs::resize_file(copy / "metadata.csv", std::uintmax_t{1} << 30);
  expect_bad_input(incomesim("report " + copy.string()),
                   (copy / "metadata.csv").string() + ": is 1073741824 bytes; a results file may");
  EXPECT_FALSE(fs::exists(copy / "report.html"));
  EXPECT_FALSE(fs::exists(marker));
}

// Under the 1 MiB limit, [report] months with 500,000 entries or ranges with 140,000 ran out of
// memory (3.6 GB) instead of a located refusal; every list that multiplies the output is bounded.
TEST_F(Cli, ListsThatMultiplyTheOutputAreBounded) {
  const auto months = write("months.toml", "[career]\nsalary = 1\n[report]\nmonths = [" +
                                               repeated("1", 500000, ",") + "]\n");
  expect_bad_input(incomesim("validate " + months.string()),
                   months.string() +
                       ":4:10: report.months: 500000 report periods (months and ranges together); "
                       "allowed: at most 240");
  const auto ranges = write("ranges.toml",
                            "[career]\nsalary = 1\n[report]\nmonths = [1]\n"
                            "ranges = [" +
                                repeated("[1, 2]", 240, ",") + "]\n");
  expect_bad_input(incomesim("validate " + ranges.string()),
                   ranges.string() + ":4:10: report.months: 241 report periods");
  const auto thresholds =
      write("thresholds.toml",
            "[career]\nsalary = 1\n[report]\nthresholds = [" + repeated("1", 101, ",") + "]\n");
  expect_bad_input(incomesim("validate " + thresholds.string()),
                   thresholds.string() +
                       ":4:14: report.thresholds: 101 thresholds; allowed: at "
                       "most 100");
  const std::string out = " --out " + (dir_ / "r").string();
  expect_bad_input(incomesim("run -q -n 100 --percentiles " + repeated("50", 100, ",") + out),
                   "--percentiles: 100 percentiles; allowed: at most 99");
  EXPECT_FALSE(fs::exists(dir_ / "r"));
}

// A run without --html left an older report.html beside its new CSVs (and --plot's charts): a
// page describing another run. They are removed with the write of the new CSVs; a file the run
// does not own is kept.
TEST_F(Cli, PagesAndChartsOfAnEarlierRunDoNotOutliveIt) {
  const fs::path out = dir_ / "r";
  ASSERT_EQ(incomesim("run -q -n 300 --html --plot --out " + out.string()).status, 0);
  ASSERT_TRUE(fs::exists(out / "report.html"));
  ASSERT_TRUE(fs::exists(out / "fan.png"));
  write("r/notes.txt", "mine");
  ASSERT_EQ(incomesim("run -q -n 300 --seed 2 --out " + out.string()).status, 0);
  for (const char* name : {"report.html", "fan.png", "fan.svg", "exceedance.png", "exceedance.svg",
                           "risk.png", "risk.svg"})
    EXPECT_FALSE(fs::exists(out / name)) << name;
  EXPECT_EQ(read_file(out / "notes.txt"), "mine");
  ASSERT_EQ(incomesim("run -q -n 300 --seed 3 --html --out " + out.string()).status, 0);
  EXPECT_NE(read_file(out / "report.html").find("(seed 3)"), std::string::npos);
}

}  // namespace

// A directory written before metadata.csv recorded its layout (schema 1: no schema_version, the
// series column called "stream") still makes the same report page.
TEST_F(Cli, ADirectoryOfTheFirstLayoutStillReports) {
  const fs::path now = dir_ / "now", before = dir_ / "before";
  ASSERT_EQ(incomesim("run -q --trials 500 --out " + now.string()).status, 0);
  fs::copy(now, before);
  for (const char* name : {"summary.csv", "bands.csv", "exceedance.csv", "risk.csv"}) {
    std::string text = read_file(before / name);
    ASSERT_EQ(text.rfind("scenario,series,", 0), 0u) << name;
    text.replace(0, 16, "scenario,stream,");
    std::ofstream(before / name, std::ios::binary | std::ios::trunc) << text;
  }
  std::string metadata = read_file(before / "metadata.csv");
  const std::string version_row = "schema_version,2\n";
  ASSERT_NE(metadata.find(version_row), std::string::npos);
  metadata.erase(metadata.find(version_row), version_row.size());
  std::ofstream(before / "metadata.csv", std::ios::binary | std::ios::trunc) << metadata;
  for (const fs::path& dir : {now, before})
    ASSERT_EQ(incomesim("report " + dir.string()).status, 0) << dir;
  // The same page but for the metadata table's schema_version row.
  std::string page = read_file(now / "report.html");
  const std::string version_cell =
      "<tr><th scope=\"row\">schema_<wbr>version</th><td>2</td></tr>\n";
  ASSERT_NE(page.find(version_cell), std::string::npos);
  page.erase(page.find(version_cell), version_cell.size());
  EXPECT_TRUE(read_file(before / "report.html") == page);
}
