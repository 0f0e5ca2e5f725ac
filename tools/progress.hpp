#pragma once
// Progress on stderr for long runs: trials done, trials per second, time left. Shown only when
// stderr is a terminal and not --quiet; updated at most ten times a second from any thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace incomesim::tools {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress() { finish(); }  // so that an error's message starts on a clean line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // Thread-safe; `total` is what the run is heading for (a --precision run raises it).
  void update(std::uint64_t done, std::uint64_t total);
  void finish();  // clears the line
  // Clears the line and starts timing afresh, for the next of several simulations.
  void restart();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  // When timing started, in Clock ticks: atomic, as restart() may move it while a worker reads it.
  std::atomic<Clock::rep> start_;
  std::atomic<std::int64_t> next_update_ns_{0};
  std::mutex print_mutex_;
  bool printed_ = false;
};

}  // namespace incomesim::tools
