#pragma once
// End-to-end tests through the `incomesim` binary: a fixture with a fresh directory per test, the
// binary run in the foreground (status, stdout, stderr) or started in the background.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "scratch_directory.hpp"

namespace test_cli {

namespace fs = std::filesystem;

struct Outcome {
  int status;
  std::string out;
  std::string err;
};

// No run of the binary in these tests takes a minute; one that takes 10 is stuck (a FIFO, a lock,
// a lost signal) and is killed, so the suite fails instead of hanging.
inline constexpr int kProcessTimeoutSeconds = 600;
inline constexpr int kTimedOut = -2;  // what finish() returns for a process it had to kill

// The bytes of a regular file; a FIFO or device is not opened (a FIFO without a writer would block
// the test forever) and reads as a marker that compares unequal to any content.
inline std::string read_file(const fs::path& path) {
  std::error_code error;
  if (fs::exists(fs::symlink_status(path, error)) && !fs::is_regular_file(path, error))
    return "<not a regular file: " + path.string() + ">";
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Prefixed to a shell command: coreutils' timeout stops it (status 124) after the limit, and kills
// it 10 s later if it ignores SIGTERM.
inline std::string timeout_prefix() {
  return "timeout -k 10 " + std::to_string(kProcessTimeoutSeconds) + " ";
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_.emplace("incomesim-cli");
    dir_ = scratch_->path();
  }
  void TearDown() override { scratch_.reset(); }

  // Runs `incomesim ARGUMENTS` to its end; status 124 when it was stopped after the timeout.
  Outcome incomesim(const std::string& arguments) {
    const std::string command = timeout_prefix() + INCOMESIM_BINARY + " " + arguments + " >" +
                                (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(dir_ / "stdout"),
            read_file(dir_ / "stderr")};
  }
  // Starts `incomesim ARGUMENTS` in the background after `delay_us` microseconds (output to
  // dir_/stdout and dir_/stderr). Its pid is known before it starts, so a test can prepare
  // files named after it. The process is killed if the test ends without finishing it.
  class Child {
   public:
    explicit Child(pid_t pid) : pid_(pid) {}
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
      if (pid_ > 0 && !finished_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
      }
    }
    pid_t pid() const { return pid_; }
    void resume() const { ::kill(pid_, SIGCONT); }
    // Its exit status, -1 if a signal killed it, or kTimedOut (and killed) if it is still running
    // after `seconds`.
    int finish(int seconds = kProcessTimeoutSeconds) {
      int status = 0;
      for (int waited = 0; ::waitpid(pid_, &status, WNOHANG) == 0; ++waited) {
        if (waited >= seconds * 20) {
          ::kill(pid_, SIGKILL);
          ::waitpid(pid_, nullptr, 0);
          finished_ = true;
          return kTimedOut;
        }
        ::usleep(50000);
      }
      finished_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

   private:
    pid_t pid_;
    bool finished_ = false;
  };
  // `stopped`: the child stops itself before it execs and start() returns once it has, so that
  // the test can prepare something named after its pid before the program runs (resume()).
  Child start(const std::string& arguments, bool stopped = false) {
    const std::string command = "exec " + std::string(INCOMESIM_BINARY) + " " + arguments + " >" +
                                (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (stopped) ::raise(SIGSTOP);
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (stopped && pid > 0) {
      int status = 0;
      ::waitpid(pid, &status, WUNTRACED);
    }
    return Child(pid);
  }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }

  std::optional<incomesim::test_support::ScratchDirectory> scratch_;
  fs::path dir_;  // scratch_'s path
};

inline void expect_bad_input(const Outcome& outcome, const std::string& message_start) {
  EXPECT_EQ(outcome.status, 2) << outcome.err;
  EXPECT_EQ(outcome.err.rfind("incomesim: " + message_start, 0), 0u) << outcome.err;
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
}

}  // namespace test_cli
