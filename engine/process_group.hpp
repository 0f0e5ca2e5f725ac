#pragma once
// The processes one run is split across (MPI ranks, tools/mpi.hpp). The runner deals blocks out
// round-robin by rank; each process fills only its own blocks' results, which sit at fixed places
// (slots by trial, moments by block), so the group can combine them exactly: a bitwise OR of
// arrays that are zero wherever another process wrote. Every process then holds the same results,
// bit for bit, as a single process would. The engine knows nothing of MPI.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace incomesim::engine {

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Bitwise OR of `bytes` bytes across every process; the result on every process.
  virtual void or_bytes(void* data, std::size_t bytes) const = 0;
  // Every process's words, concatenated in rank order, on every process.
  virtual std::vector<std::uint64_t> all_gather(const std::vector<std::uint64_t>& words) const = 0;
};

}  // namespace incomesim::engine
