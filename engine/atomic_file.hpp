#pragma once
// Output files appear whole or not at all: each is written to a temporary name in the same
// directory, flushed to disk, then renamed over the final name.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace incomesim::engine {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes every file of a set to temporaries first and renames them only when all were written;
// on any failure the temporaries are removed and nothing of the set is left behind.
void write_files_atomically(
    const std::vector<std::pair<std::filesystem::path, std::string>>& files);

void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace incomesim::engine
