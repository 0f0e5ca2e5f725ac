// End to end through the `incomesim` binary: exit statuses, messages, files written or not.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status;
  std::string out;
  std::string err;
};

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("incomesim-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome incomesim(const std::string& arguments) {
    const std::string command = std::string(INCOMESIM_BINARY) + " " + arguments + " >" +
                                (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(dir_ / "stdout"),
            read_file(dir_ / "stderr")};
  }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }

  fs::path dir_;
};

TEST_F(Cli, RunWithNoScenarioUsesTheBundledDefaultAndWritesSummary) {
  const auto out = dir_ / "results";
  const Outcome outcome = incomesim("run --trials 2000 --out " + out.string());
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("alake-2020"), std::string::npos);
  EXPECT_NE(outcome.out.find("career"), std::string::npos);
  const std::string csv = read_file(out / "summary.csv");
  EXPECT_EQ(csv.rfind("scenario,stream,period,metric,value,ci_low,ci_high,trials,seed\n", 0), 0u);
  EXPECT_NE(csv.find("\nalake-2020,total,horizon,p50,"), std::string::npos);
  EXPECT_NE(csv.find(",2000,1\n"), std::string::npos);
  // Nothing but the report: no temporary left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator{}), 1);
}

TEST_F(Cli, SameSeedSameFileAtAnyThreadCount) {
  ASSERT_EQ(incomesim("run -q --trials 30000 --seed 5 --threads 1 --threshold 150000 --out " +
                      (dir_ / "one").string())
                .status,
            0);
  ASSERT_EQ(incomesim("run -q --trials 30000 --seed 5 --threads 2 --threshold 150000 --out " +
                      (dir_ / "two").string())
                .status,
            0);
  const std::string one = read_file(dir_ / "one" / "summary.csv");
  EXPECT_FALSE(one.empty());
  EXPECT_EQ(one, read_file(dir_ / "two" / "summary.csv"));
  EXPECT_NE(one.find(",p_above_150000,"), std::string::npos);
}

TEST_F(Cli, NumbersReadBackExactlyWhateverTheLocale) {
  const auto out = dir_ / "results";
  ASSERT_EQ(incomesim("run -q --trials 1000 --out " + out.string()).status, 0);
  const std::string c_locale = read_file(out / "summary.csv");
  ASSERT_EQ(system(("LC_ALL=de_DE.UTF-8 LC_NUMERIC=de_DE.UTF-8 " + std::string(INCOMESIM_BINARY) +
                    " run -q --trials 1000 --out " + out.string() + " 2>/dev/null")
                       .c_str()),
            0);
  EXPECT_EQ(read_file(out / "summary.csv"), c_locale);
  // Every value parses back to a double that prints the same (shortest round trip).
  std::istringstream lines(c_locale);
  std::string line;
  std::getline(lines, line);
  int checked = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::stringstream row(line);
    for (std::string f; std::getline(row, f, ',');) fields.push_back(f);
    if (fields.size() < 5 || fields[4].empty()) continue;
    char buffer[64];
    const double value = std::strtod(fields[4].c_str(), nullptr);
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    EXPECT_EQ(std::strtod(buffer, nullptr), value);
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

void expect_bad_input(const Outcome& outcome, const std::string& message_start) {
  EXPECT_EQ(outcome.status, 2) << outcome.err;
  EXPECT_EQ(outcome.err.rfind("incomesim: " + message_start, 0), 0u) << outcome.err;
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
}

TEST_F(Cli, BadInputGivesOneMessageStatusTwoAndNoOutput) {
  const auto out = dir_ / "results";
  const std::string out_arg = " --out " + out.string();
  const auto unknown = write("unknown.toml", "[career]\nsalary = 60000\nlayof_hazard = 0.01\n");
  expect_bad_input(incomesim("run " + unknown.string() + out_arg),
                   unknown.string() + ":3:1: career.layof_hazard: unknown key (did you mean "
                                      "'layoff_hazard'?)");
  const auto wrong_type = write("type.toml", "[career]\nsalary = \"lots\"\n");
  expect_bad_input(incomesim("run " + wrong_type.string() + out_arg),
                   wrong_type.string() + ":2:10: career.salary: expected a number or a "
                                         "distribution");
  const auto range = write("range.toml", "[career]\nsalary = 60000\nlayoff_hazard = 2\n");
  expect_bad_input(incomesim("run " + range.string() + out_arg),
                   range.string() + ":3:17: career.layoff_hazard: 2 is out of range");
  const auto malformed = write("bad.toml", "[career\nsalary = 60000\n");
  expect_bad_input(incomesim("run " + malformed.string() + out_arg),
                   malformed.string() + ":1:");
  expect_bad_input(incomesim("run " + (dir_ / "missing.toml").string() + out_arg),
                   (dir_ / "missing.toml").string() + ": scenario file not found");
  const auto empty = write("empty.toml", "");
  expect_bad_input(incomesim("run " + empty.string() + out_arg),
                   empty.string() + ": the scenario has no income stream");
  const auto garbage = write("garbage.toml", std::string("\x7f\x45\x4c\x46\x02\x01\x00\xff", 8));
  expect_bad_input(incomesim("run " + garbage.string() + out_arg), garbage.string() + ":1:");
  expect_bad_input(incomesim("run --trials 0" + out_arg), "--trials: 0 is out of range");
  expect_bad_input(incomesim("run --trials 100000000000" + out_arg),
                   "--trials: 100000000000 trials need");
  expect_bad_input(incomesim("run --percentiles 5,150" + out_arg),
                   "--percentiles: 150 is out of range");
  expect_bad_input(incomesim("run --horizon 0" + out_arg), "--horizon: 0 is out of range");
  expect_bad_input(incomesim("run --trials many" + out_arg), "Could not convert: --trials = many");
  expect_bad_input(incomesim("frobnicate"), "");
  EXPECT_FALSE(fs::exists(out)) << "a failed run must leave nothing on disk";
}

TEST_F(Cli, UnwritableOutputDirectoryFailsCleanly) {
  write("file", "not a directory");
  const Outcome outcome = incomesim("run --trials 100 --out " + (dir_ / "file").string());
  EXPECT_EQ(outcome.status, 1);
  EXPECT_NE(outcome.err.find("cannot create the output directory"), std::string::npos);
}

TEST_F(Cli, ValidatePrintsEveryResolvedParameter) {
  const auto plan = write("plan.toml", "[career]\nsalary = 60000\n");
  const Outcome outcome = incomesim("validate " + plan.string());
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("career.salary"), std::string::npos);
  EXPECT_NE(outcome.out.find("(given)"), std::string::npos);
  EXPECT_NE(outcome.out.find("career.layoff_hazard"), std::string::npos);
  EXPECT_NE(outcome.out.find("(default: CALIBRATION.md"), std::string::npos);
  EXPECT_NE(outcome.out.find("regime.p_enter"), std::string::npos);
}

TEST_F(Cli, TraceTrialPrintsEveryMonth) {
  const Outcome outcome = incomesim("run --trace-trial 3 --horizon 12");  // the default scenario
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("\nmonth,regime,fx_USD,"), std::string::npos);
  EXPECT_NE(outcome.out.find(",career,consulting,medium,youtube,newsletter,total,household_balance\n"),
            std::string::npos);
  EXPECT_NE(outcome.out.find("\n11,"), std::string::npos);
  EXPECT_EQ(outcome.out.find("\n12,"), std::string::npos);
}

TEST_F(Cli, HelpShowsExamples) {
  const Outcome outcome = incomesim("run --help");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_NE(outcome.out.find("Examples:"), std::string::npos);
  EXPECT_NE(outcome.out.find("--trace-trial"), std::string::npos);
}

}  // namespace
