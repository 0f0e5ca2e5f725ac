#pragma once
// The one parallel loop of the engine: run body(i) for every i in [0, n), on as many threads as
// oneTBB allows (tbb::global_control). Results never depend on which thread runs which index.
//
// Normally this is tbb::parallel_for. Built with INCOMESIM_STD_THREADS (the ThreadSanitizer stage
// of scripts/test.sh), it runs on plain std::threads instead: Debian's oneTBB is not built for
// ThreadSanitizer, which therefore cannot see its task spawns and joins and reports every task
// as racing. With std::thread every synchronisation is visible, so TSan checks our own handling
// of shared state (per-trial slots, per-block moments, thread-local workspaces and sketches).
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <cstddef>

#ifdef INCOMESIM_STD_THREADS
#include <atomic>
#include <thread>
#include <vector>
#else
#include <tbb/parallel_for.h>
#endif

namespace incomesim::engine {

// The number of worker threads for this object's lifetime: 0 means every core. Everything that
// runs trials or summarises them in parallel takes its threads from here.
class ThreadLimit {
 public:
  // threads() is what runs: TBB never runs more workers than its default concurrency (the
  // cores it may use), so a larger request is reported as that.
  explicit ThreadLimit(int threads)
      : threads_(threads > 0 ? capped(threads) : tbb::info::default_concurrency()),
        control_(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads_)) {
  }
  int threads() const { return threads_; }

 private:
  static int capped(int threads) {
#ifdef INCOMESIM_STD_THREADS
    return threads;
#else
    return std::min(threads, tbb::info::default_concurrency());
#endif
  }
  int threads_;
  tbb::global_control control_;
};

template <class Body>
void parallel_for_each_index(std::size_t n, const Body& body) {
#ifdef INCOMESIM_STD_THREADS
  const std::size_t threads = std::min<std::size_t>(
      n, tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) body(i);
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
#else
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { body(i); });
#endif
}

}  // namespace incomesim::engine
