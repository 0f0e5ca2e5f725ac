#pragma once
// Output files appear whole or not at all, and a set of them together.
//
// Each file is written to a temporary name in its directory (".NAME.tmp-PID"), flushed to disk,
// and the set is renamed over the final names only when every file was written. A failure
// removes the temporaries. A stop signal while the files are written removes them too, from the
// handler (remove_unfinished_output); one that arrives during the renames waits for them, so a
// reader never sees a new file beside an old one (only SIGKILL or a power loss in those
// microseconds could leave a mix). Directories the process made and left empty are removed when
// it fails, and two processes never write into one directory at once (lock_output_directory).
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

// Refuses (OutputError) an output path that exists and is not a regular file: a file is written
// by renaming a new one over it, which would replace a device, a FIFO, a socket or a symbolic link
// (not what the link points to) with a regular file; as root, --out /dev/null would replace
// /dev/null. A directory is refused too. A missing path is fine.
void check_output_file(const std::filesystem::path& path);

// Writes every file of a set to temporaries first and renames them only when all were written;
// then removes `stale` files (left by an earlier run, they would not describe this one; only
// regular files are removed). Every path is checked first (check_output_file). On any
// failure the temporaries are removed and nothing of the set is left behind. Throws Interrupted
// (core/interrupt.hpp), writing nothing, when a stop was requested before it began.
void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files,
                            const std::vector<std::filesystem::path>& stale = {});

void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Makes the directory (and its parents) if missing, remembering what it made so that a failed
// run leaves no empty directory behind. OutputError if it cannot be made or written.
void make_output_directory(const std::filesystem::path& dir);

// Holds an exclusive lock (flock) on the directory until the process exits, so that a second
// process writing there waits (saying so once on stderr) instead of mixing its files with this
// one's. Throws Interrupted if a stop is requested while waiting. Removes temporaries left in it
// by processes that no longer exist (killed with SIGKILL).
void lock_output_directory(const std::filesystem::path& dir);

// What the writer is doing, for a signal handler.
enum class OutputPhase { idle, writing, renaming };
OutputPhase output_phase() noexcept;

// Async-signal-safe: removes the temporaries being written and the empty directories this
// process made. For a signal handler, and for the exit of a process that failed.
void remove_unfinished_output() noexcept;

}  // namespace incomesim::engine
