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
  Progress(std::uint64_t total_trials, bool enabled);
  void update(std::uint64_t done);  // thread-safe
  void finish();                    // clears the line

 private:
  using Clock = std::chrono::steady_clock;
  std::uint64_t total_;
  bool enabled_;
  Clock::time_point start_;
  std::atomic<std::int64_t> next_update_ns_{0};
  std::mutex print_mutex_;
  bool printed_ = false;
};

}  // namespace incomesim::tools
