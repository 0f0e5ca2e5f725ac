// incomesim: the command line. It only wires things together: parse arguments, call a command,
// turn errors into one message and an exit status.
#include <csignal>
#include <iostream>

#include "core/input_error.hpp"
#include "engine/atomic_file.hpp"
#include "engine/runner.hpp"
#include "tools/cli.hpp"
#include "tools/mpi.hpp"

int main(int argc, char** argv) {
  using namespace incomesim;
  // A file-size limit should make a write fail with EFBIG, which the atomic writer turns into a
  // clean error that removes its temporaries, instead of killing the process mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
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
    errors << "incomesim: " << e.what() << "\n";
    return tools::kBadInput;
  }

  try {
    return command_line.execute();
  } catch (const InputError& e) {
    errors << "incomesim: " << e.what() << "\n";
    return tools::kBadInput;
  } catch (const engine::RunCancelled&) {
    errors << "incomesim: interrupted; no output written\n";
    return tools::kInterrupted;
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
