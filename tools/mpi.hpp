#pragma once
// MPI, when the build has it (cmake -DINCOMESIM_MPI=ON): `mpirun -np K incomesim run ...` splits
// the trials across K processes and writes the same report, bit for bit, as one process would
// (engine/process_group.hpp). Without MPI in the build every function here is a no-op.
#include "engine/process_group.hpp"

namespace incomesim::tools {

// Starts MPI for the program's lifetime (MPI_Init / MPI_Finalize).
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

// The processes of this run (all MPI ranks), or null without MPI or with one process.
const engine::ProcessGroup* mpi_processes();

// Rank 0 writes the report and talks to the user; the others only compute.
bool is_lead_process();

}  // namespace incomesim::tools
