// incomesim: the command line. It only wires things together: parse arguments, call a command,
// turn errors into one message and an exit status.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <iostream>

#include "core/input_error.hpp"
#include "core/interrupt.hpp"
#include "core/suggest.hpp"
#include "engine/atomic_file.hpp"
#include "tools/cli.hpp"
#include "tools/mpi.hpp"

namespace {

void say(const char* text) noexcept {
  for (std::size_t left = std::strlen(text); left > 0;) {
    const ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

// SIGINT, SIGTERM, SIGHUP. The first one asks the work to stop: the simulation stops between
// blocks and nothing is written. While files are written their temporaries are removed and the
// process exits at once; during the renames that publish them it waits for them to finish. A
// second signal exits at once, removing whatever is unfinished.
extern "C" void on_stop_signal(int signal) {
  using incomesim::engine::OutputPhase;
  const bool again = incomesim::interrupt_signal() != 0;
  incomesim::request_interrupt(signal);
  const OutputPhase phase = incomesim::engine::output_phase();
  if (phase == OutputPhase::renaming) return;
  if (phase == OutputPhase::writing || again) {
    incomesim::engine::remove_unfinished_output();
    say("incomesim: interrupted; no output written\n");
    ::_exit(128 + signal);
  }
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal, &action, nullptr);
}

// The message and exit status of a command line CLI11 refused. CLI11 takes an unknown command
// for a stray argument and says "A subcommand is required": name the word and the commands.
int refuse_command_line(const CLI::ParseError& error, incomesim::tools::CommandLine& command_line,
                        int argc, char** argv, std::ostream& errors) {
  using namespace incomesim;
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> commands;
    for (const CLI::App* sub : command_line.app().get_subcommands({}))
      commands.push_back(sub->get_name());
    const std::string word = std::string(argv[1]).substr(0, 40);
    if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
      errors << "incomesim: '" << word << "' is not a command" << did_you_mean(word, commands)
             << "; allowed: " << quoted_list(commands) << "\n";
      return tools::kBadInput;
    }
  }
  errors << "incomesim: " << error.what() << "\n";
  return tools::kBadInput;
}

// Runs the parsed command: its status, or the status and one line for what stopped it.
int execute(incomesim::tools::CommandLine& command_line, std::ostream& errors) {
  using namespace incomesim;
  try {
    const int status = command_line.execute();
    // A signal during the renames let them finish: the files are whole, the run still stops.
    if (interrupt_signal() != 0) {
      errors << "incomesim: interrupted; the files written before it are complete\n";
      return 128 + interrupt_signal();
    }
    return status;
  } catch (const InputError& e) {
    errors << "incomesim: " << e.what() << "\n";
    return tools::kBadInput;
  } catch (const Interrupted&) {
    errors << "incomesim: interrupted; no output written\n";
    return interrupt_signal() != 0 ? 128 + interrupt_signal() : int{tools::kInterrupted};
  } catch (const engine::OutputError& e) {
    errors << "incomesim: " << e.what() << "\n";
    return tools::kFailure;
  } catch (const std::bad_alloc&) {
    errors << "incomesim: out of memory; use fewer trials\n";
    return tools::kFailure;
  } catch (const std::exception& e) {
    errors << "incomesim: internal error: " << e.what() << "\n";
    return tools::kFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace incomesim;
  // A file-size limit should make a write fail with EFBIG, which the atomic writer turns into a
  // clean error that removes its temporaries, instead of killing the process mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
  install_stop_handlers();
  tools::MpiSession mpi(argc, argv);
  // Under mpirun every process meets the same errors; only the first reports them.
  const bool lead = tools::is_lead_process();
  static std::ostream discard(nullptr);
  std::ostream& errors = lead ? std::cerr : discard;
  tools::CommandLine command_line;
  try {
    command_line.app().parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return command_line.app().exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return command_line.app().exit(e);
  } catch (const CLI::ParseError& e) {
    return refuse_command_line(e, command_line, argc, argv, errors);
  }
  const int status = execute(command_line, errors);
  // A refused or failed run leaves no empty output directory it made.
  if (status != tools::kSuccess) engine::remove_unfinished_output();
  return status;
}
