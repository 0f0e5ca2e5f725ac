#include "tools/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace incomesim::tools {

Progress::Progress(bool enabled)
    : enabled_(enabled && ::isatty(STDERR_FILENO)),
      start_(Clock::now().time_since_epoch().count()) {}

void Progress::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const auto now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          Clock::now() - Clock::time_point(Clock::duration(start_.load(std::memory_order_relaxed))))
          .count();
  std::int64_t due = next_update_ns_.load(std::memory_order_relaxed);
  if (now_ns < due) return;
  if (!next_update_ns_.compare_exchange_strong(due, now_ns + 100'000'000)) return;
  std::unique_lock lock(print_mutex_, std::try_to_lock);
  if (!lock) return;
  const double seconds = static_cast<double>(now_ns) * 1e-9;
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  std::fprintf(stderr, "\r  %5.1f%%  %llu/%llu trials  %.3g trials/s  %.0f s left   ",
               100.0 * static_cast<double>(done) / static_cast<double>(total),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate,
               left);
  std::fflush(stderr);
  printed_ = true;
}

void Progress::restart() {
  finish();
  std::lock_guard lock(print_mutex_);
  start_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
  next_update_ns_.store(0, std::memory_order_relaxed);
}

void Progress::finish() {
  std::lock_guard lock(print_mutex_);
  if (printed_) std::fprintf(stderr, "\r%78s\r", "");
  printed_ = false;
}

}  // namespace incomesim::tools
