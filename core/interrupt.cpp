#include "core/interrupt.hpp"

namespace incomesim {
namespace {

std::atomic<bool> requested{false};
std::atomic<int> first_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "set from a signal handler");

}  // namespace

void request_interrupt(int signal) noexcept {
  int none = 0;
  first_signal.compare_exchange_strong(none, signal);
  requested.store(true);
}

void clear_interrupt() noexcept {
  requested.store(false);
  first_signal.store(0);
}

int interrupt_signal() noexcept { return first_signal.load(); }

const std::atomic<bool>& interrupt_requested() noexcept { return requested; }

}  // namespace incomesim
