#pragma once
// A request to stop (Ctrl-C, SIGTERM, SIGHUP), noted by a signal handler and polled by long
// work: the simulation between blocks, the output writer before it starts.
#include <atomic>
#include <exception>

namespace incomesim {

// Thrown where work stops on a request; the command line exits with 128 + the signal.
struct Interrupted : std::exception {
  const char* what() const noexcept override { return "interrupted"; }
};

// Async-signal-safe: records the signal (the first one is kept).
void request_interrupt(int signal) noexcept;

// The signal that asked the process to stop, or 0.
int interrupt_signal() noexcept;

// True once a stop was requested: for polling, e.g. engine::RunOptions::cancel.
const std::atomic<bool>& interrupt_requested() noexcept;

// Forgets a request once it has been acted on, so that a long-lived host (the Python module's
// interpreter after a KeyboardInterrupt) can run again. The command line never clears it.
void clear_interrupt() noexcept;

inline void throw_if_interrupted() {
  if (interrupt_signal() != 0) throw Interrupted();
}

}  // namespace incomesim
