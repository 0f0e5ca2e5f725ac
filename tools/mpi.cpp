#include "tools/mpi.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

#ifdef INCOMESIM_MPI
#include <mpi.h>
#endif

namespace incomesim::tools {

#ifdef INCOMESIM_MPI
namespace {

class MpiWorld final : public engine::ProcessGroup {
 public:
  int rank() const override {
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
  }
  int size() const override {
    int s = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
  }
  void or_bytes(void* data, std::size_t bytes) const override {
    // MPI counts are ints: large arrays go in chunks of 1 GiB.
    auto* p = static_cast<unsigned char*>(data);
    constexpr std::size_t kChunk = std::size_t{1} << 30;
    for (std::size_t done = 0; done < bytes; done += kChunk) {
      const int count = static_cast<int>(std::min(kChunk, bytes - done));
      MPI_Allreduce(MPI_IN_PLACE, p + done, count, MPI_BYTE, MPI_BOR, MPI_COMM_WORLD);
    }
  }
  std::vector<std::uint64_t> all_gather(const std::vector<std::uint64_t>& words) const override {
    const int processes = size();
    const int mine = static_cast<int>(words.size());
    std::vector<int> counts(static_cast<std::size_t>(processes)), offsets(counts.size());
    MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      offsets[r] = total;
      total += counts[r];
    }
    std::vector<std::uint64_t> all(static_cast<std::size_t>(total));
    MPI_Allgatherv(words.data(), mine, MPI_UINT64_T, all.data(), counts.data(), offsets.data(),
                   MPI_UINT64_T, MPI_COMM_WORLD);
    return all;
  }
};

bool mpi_started = false;

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  MPI_Init(&argc, &argv);
  mpi_started = true;
}
MpiSession::~MpiSession() { MPI_Finalize(); }

const engine::ProcessGroup* mpi_processes() {
  static const MpiWorld world;
  return mpi_started && world.size() > 1 ? &world : nullptr;
}

bool is_lead_process() {
  const auto* group = mpi_processes();
  return !group || group->rank() == 0;
}

#else

MpiSession::MpiSession(int&, char**&) {}
MpiSession::~MpiSession() = default;
const engine::ProcessGroup* mpi_processes() { return nullptr; }
bool is_lead_process() { return true; }

#endif

}  // namespace incomesim::tools
